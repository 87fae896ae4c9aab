"""What the repository holds: no file over 1 MB except the data the package ships; small modules."""

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


def test_modules_and_functions_stay_small():
    """The house rule: no module of the package over 500 lines, no function over 80."""
    import ast

    long_modules, long_functions = [], []
    for path in sorted((ROOT / "src" / "dyad").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        name = str(path.relative_to(ROOT))
        if source.count("\n") > 500:
            long_modules.append(name)
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno - node.lineno >= 80:
                long_functions.append(f"{name}:{node.lineno} {node.name}")
    assert long_modules == []
    assert long_functions == []
