"""`dyad spark INPUT OUTPUT`: code news on Apache Spark into Parquet tables (a thin wrapper over
dyad.spark.job, which spark-submit runs directly)."""

from __future__ import annotations

import argparse
import sys

from dyad.errors import SetupError


def register(commands) -> None:
    from dyad.spark.job import add_arguments

    cmd = commands.add_parser(
        "spark",
        help="code JSON Lines or WARC files on Apache Spark into Parquet tables",
        description="Code news on Apache Spark (local or a cluster) into the Parquet "
        "tables events/, quotes/, articles/ and quarantine/ under OUTPUT. "
        "Needs pyspark (pip install 'dyad[spark]') and Java 17.",
    )
    add_arguments(cmd)
    cmd.add_argument("--no-progress", action="store_true", help="never show Spark's progress bar")
    cmd.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise SetupError("dyad spark needs pyspark: pip install 'dyad[spark]' (and Java 17)") from None
    from dyad.spark.job import run_args

    args.progress = not args.no_progress and sys.stderr.isatty()
    return run_args(args)
