"""The `dyad` command: one sub-command per module in this package.

Every error dyad raises on purpose is a :class:`dyad.errors.DyadError`: it is printed as one
line (``dyad: message``) and sets the exit status. A bad argument is one line too, with status 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from dyad import __version__
from dyad.errors import DyadError
from dyad.gcpause import paused_collection

# Sub-command -> its module. Only the module of the command being run is imported, so that
# `dyad code` does not load the store, the web server or Spark (see bench/bench_coder.py).
COMMANDS = {
    "code": "code",
    "eval": "eval",
    "ingest": "ingest",
    "events": "store",
    "stats": "store",
    "export": "store",
    "serve": "serve",
    "spark": "spark",
}


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line naming the command, and where to get help."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser(command: str | None = None) -> Parser:
    """The parser with every sub-command, or with only `command` (when it is one of them)."""
    parser = Parser(prog="dyad", description="Political event data from news text.")
    parser.add_argument("--version", action="version", version=f"dyad {__version__}")
    parser.add_argument("--config", help="TOML config file (default: ./dyad.toml if present)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = [COMMANDS[command]] if command in COMMANDS else list(dict.fromkeys(COMMANDS.values()))
    for name in modules:
        importlib.import_module(f"dyad.cli.{name}").register(commands)
    return parser


def _command(argv: list[str]) -> str | None:
    """The sub-command named in argv: its first word that is no option nor --config's value."""
    words = iter(argv)
    for word in words:
        if word == "--config":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def main(argv: list[str] | None = None, *, own_process: bool = False) -> int:
    """Run one command; its exit status.

    ``own_process`` (the ``dyad`` program, not a caller that imports this module): what start-up
    loads (the command's modules, spaCy, the dictionaries) is frozen out of the garbage
    collector's walks for the rest of the process (:mod:`dyad.gcpause`)."""
    with paused_collection(freeze=own_process):
        parser = build_parser(_command(sys.argv[1:] if argv is None else argv))
        args = parser.parse_args(argv)
    args.own_process = own_process
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


def entry() -> None:
    """The ``dyad`` program."""
    sys.exit(main(own_process=True))


if __name__ == "__main__":
    entry()
