"""`dyad eval [GOLD]`: code a gold set's texts (or read `--events`) and print the scorer's figures."""

from __future__ import annotations

import json
import sys

from dyad.cli.common import coder_from_args
from dyad.eval import SEED_GOLD, Score, evaluate, load_events, load_gold, score


def register(commands) -> None:
    cmd = commands.add_parser("eval", help="score dyad against a gold set (article .json or sentence .jsonl)")
    cmd.add_argument(
        "gold",
        nargs="?",
        default=str(SEED_GOLD),
        help="gold set: article-level .json or sentence-level .jsonl (default: the founding article's, shipped)",
    )
    cmd.add_argument(
        "--details",
        action="store_true",
        help="print the misses first (JSON), by kind: no event, wrong type/source/target, extra event",
    )
    cmd.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    cmd.add_argument("--events", metavar="FILE", help="score this events JSONL instead of coding the texts")
    cmd.add_argument("--processes", type=int, help="worker processes (default 2)")
    cmd.add_argument("--model", help="spaCy model to parse with (package name or path)")
    cmd.set_defaults(run=run)


def run(args) -> int:
    """Print the details (with --details) and the summary line; a bad gold set or events file is a DataError."""
    if args.events:
        result = score(load_gold(args.gold), load_events(args.events))
    else:
        load_gold(args.gold)  # report a bad gold set before loading the model
        result = evaluate(args.gold, coder_from_args(args), processes=args.processes)
    for message in result.errors:
        print(f"dyad: {message}", file=sys.stderr)
    _print(result, args)
    return 1 if result.errors else 0


def _print(result: Score, args) -> None:
    if args.details:
        print(json.dumps(result.details, indent=1, ensure_ascii=False))
    print(json.dumps(result.figures) if args.json else result.summary_line())
