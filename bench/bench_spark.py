"""Throughput of the dyad Spark job (local mode) against single-process `dyad code`.

    python bench/bench_spark.py [--stories ../shared/bench/stories.jsonl] [--limit N] [--master local[2]]

Measures, on the same articles:
  1. single process: Coder.code_many(processes=1), the model already loaded (load time apart);
  2. the Spark job (dyad.spark.job.run) on --master, twice: "cold" (a fresh SparkContext: the
     Python workers start and each builds its Coder) and "warm" (workers and Coders reused),
     each writing the four Parquet tables (warm: the fastest of --repeat runs);
and prints articles/s of each, the speed-up, and Spark's overhead per article in core-seconds:
(warm wall time x cores - single-process time) / articles, i.e. the core time Spark adds per
article for reading, shuffling, serializing and writing Parquet on top of the coding itself.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

from bench_coder import DEFAULT_STORIES, load  # the same stories, read the same way


def single_process(rows: list[dict]) -> dict[str, float]:
    from dyad.config import load_config
    from dyad.pipeline import Coder
    from dyad.readers import parse_record

    started = time.perf_counter()
    coder = Coder(load_config(processes=1))
    loaded = time.perf_counter() - started
    articles = [parse_record(row) for row in rows]
    start = time.perf_counter()
    events = sum(len(r.events) for r in coder.code_many(articles, processes=1))
    return {"load_s": loaded, "seconds": time.perf_counter() - start, "events": events}


def spark_runs(path: Path, master: str, partitions: int | None, repeat: int) -> dict[str, float]:
    from dyad.spark.job import JobOptions, run, session

    started = time.perf_counter()
    spark = session(
        master, app="dyad-bench", conf={"spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false"}
    )
    spark.sparkContext.setLogLevel("ERROR")
    figures = {"session_s": time.perf_counter() - started, "cores": spark.sparkContext.defaultParallelism}
    with tempfile.TemporaryDirectory() as folder:
        for label in ["cold"] + ["warm"] * repeat:
            summary = run(spark, JobOptions(inputs=[str(path)], output=f"{folder}/out", partitions=partitions))
            key = f"{label}_s"
            figures[key] = min(figures.get(key, float("inf")), summary.seconds)  # the best of the warm runs
            figures["events"] = summary.events
            figures["articles"] = summary.articles
            figures["partitions"] = summary.partitions
    spark.stop()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=Path, default=DEFAULT_STORIES)
    parser.add_argument("--limit", type=int, help="first N stories only")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--partitions", type=int, help="job partitions (default: the job's, 4 x cores)")
    parser.add_argument("--repeat", type=int, default=2, help="warm runs; the fastest counts (2)")
    args = parser.parse_args()
    rows = load(args.stories, args.limit)
    words = sum(len(r["text"].split()) for r in rows)
    print(f"{len(rows)} stories, {words} words, {os.cpu_count()} CPU(s); Spark master {args.master}")

    single = single_process(rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "stories.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        spark = spark_runs(path, args.master, args.partitions, args.repeat)
    cores = (
        int(re.sub(r"\D", "", args.master) or spark["cores"]) if args.master.startswith("local[") else spark["cores"]
    )
    n = len(rows)
    one = n / single["seconds"]
    cold, warm = n / spark["cold_s"], n / spark["warm_s"]
    overhead = (spark["warm_s"] * cores - single["seconds"]) / n
    print(
        f"single process : {one:7.1f} articles/s ({single['seconds']:.1f} s; model load {single['load_s']:.1f} s"
        f" apart; {single['events']} events)"
    )
    print(
        f"spark cold     : {cold:7.1f} articles/s ({spark['cold_s']:.1f} s; session start "
        f"{spark['session_s']:.1f} s apart; {spark['partitions']} partitions)"
    )
    print(f"spark warm     : {warm:7.1f} articles/s ({spark['warm_s']:.1f} s; {spark['events']} events)")
    print(
        f"speed-up warm/single on {cores} cores: {warm / one:.2f}x "
        f"(per core {warm / one / cores:.2f} of single-process speed)"
    )
    print(
        f"Spark overhead per article: {overhead * 1000:.1f} ms core time "
        f"(coding alone: {single['seconds'] / n * 1000:.1f} ms)"
    )
    if spark["events"] != single["events"]:
        print(f"warning: events differ: spark {spark['events']}, single {single['events']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
