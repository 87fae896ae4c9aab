"""The `dyad` command: one sub-command per module in this package."""

from __future__ import annotations

import argparse
import sys

from dyad.cli import code, ingest, serve, spark, store
from dyad.cli import eval as eval_cmd


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dyad", description="Political event data from news text.")
    parser.add_argument("--config", help="TOML config file (default: ./dyad.toml if present)")
    commands = parser.add_subparsers(dest="command", required=True)
    for module in (code, eval_cmd, ingest, store, serve, spark):
        module.register(commands)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("dyad: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
