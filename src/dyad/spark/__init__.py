"""dyad on Apache Spark: code news at cluster scale into Parquet tables (and a dyad store).

Needs the ``spark`` extra (``pip install 'dyad[spark]'``) and Java 17. Entry points:
``dyad spark INPUT OUTPUT`` and ``spark-submit .../dyad/spark/job.py INPUT OUTPUT``; see
:mod:`dyad.spark.job` (the job) and :mod:`dyad.spark.io` (inputs, table schemas, commit),
and docs/spark.md.
"""
