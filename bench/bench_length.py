"""Coding time against article length: is one long article coded in linear time?

    python bench/bench_length.py [--stories ../shared/bench/stories.jsonl] [--chars 50000] [--factor 4]

Builds one article of about --chars characters and one --factor times longer from consecutive
stories (paragraphs of real news), codes each in the same process after a warm-up (start-up
excluded), and prints the seconds, the events and the time ratio. Linear work gives a ratio
near the factor; the README states the longest article dyad codes (``max_chars``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
DEFAULT_STORIES = ROOT / ".." / "shared" / "bench" / "stories.jsonl"


def article(texts: list[str], chars: int) -> str:
    parts, size = [], 0
    for text in texts:
        if size >= chars:
            break
        parts.append(text)
        size += len(text) + 2
    return "\n\n".join(parts)[:chars]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=Path, default=DEFAULT_STORIES)
    parser.add_argument("--chars", type=int, default=50_000)
    parser.add_argument("--factor", type=int, default=4)
    parser.add_argument("--profile", action="store_true", help="print the long article's top functions")
    args = parser.parse_args()
    from dyad import Coder

    texts = [json.loads(line)["text"] for line in args.stories.read_text(encoding="utf-8").splitlines() if line]
    coder = Coder(processes=1, max_chars=max(args.chars * args.factor + 1, 1_000_000))
    coder.code(article(texts, 5_000), published="2024-01-01")  # warm-up
    results = []
    for chars in (args.chars, args.chars * args.factor):
        text = article(texts, chars)
        start = time.perf_counter()
        if args.profile and chars != args.chars:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            events = profiler.runcall(coder.code, text, published="2024-01-01")
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        else:
            events = coder.code(text, published="2024-01-01")
        seconds = time.perf_counter() - start
        results.append(seconds)
        print(f"{len(text):>9,} characters: {seconds:7.2f} s, {len(events):,} events")
    print(f"time ratio for {args.factor}x the length: {results[1] / results[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
