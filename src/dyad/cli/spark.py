"""`dyad spark INPUT OUTPUT`: code news on Apache Spark into Parquet tables (a thin wrapper over
dyad.spark.job, which spark-submit runs directly)."""

from __future__ import annotations

import argparse
import sys


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
    cmd.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        print("dyad spark: pyspark is not installed (pip install 'dyad[spark]')", file=sys.stderr)
        return 2
    from dyad.spark.job import run_args

    return run_args(args)
