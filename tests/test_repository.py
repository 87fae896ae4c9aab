"""What the repository holds: no file over 1 MB except the data the package ships."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 1_000_000
SHIPPED_DATA = ("src/dyad/data/", "src/dyad/web/static/")  # dictionaries, gazetteer, world outlines


def test_no_file_over_1_mb_except_shipped_data():
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        pytest.skip("not a git checkout")
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    paths = [p for p in files.decode().split("\0") if p and (ROOT / p).is_file()]
    assert len(paths) > 50
    large = [p for p in paths if (ROOT / p).stat().st_size > LIMIT and not p.startswith(SHIPPED_DATA)]
    assert large == []
