"""The `dyad` command: one sub-command per module in this package.

Every error dyad raises on purpose is a :class:`dyad.errors.DyadError`: it is printed as one
line (``dyad: message``) and sets the exit status. A bad argument is one line too, with status 2.
"""

from __future__ import annotations

import argparse
import sys

from dyad import __version__
from dyad.cli import code, ingest, serve, spark, store
from dyad.cli import eval as eval_cmd
from dyad.errors import DyadError


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line naming the command, and where to get help."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> Parser:
    parser = Parser(prog="dyad", description="Political event data from news text.")
    parser.add_argument("--version", action="version", version=f"dyad {__version__}")
    parser.add_argument("--config", help="TOML config file (default: ./dyad.toml if present)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (code, eval_cmd, ingest, store, serve, spark):
        module.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return args.run(args)
    except DyadError as error:
        print(f"dyad: {error}", file=sys.stderr)
        return error.exit_status
    except KeyboardInterrupt:
        print("dyad: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
