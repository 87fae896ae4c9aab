"""`dyad` itself: help, --version, and one-line errors with a non-zero exit."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dyad import __version__
from dyad.cli.main import main


def test_dyad_alone_prints_help(capsys):
    assert main([]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("usage: dyad ")
    assert "ingest" in out and "export" in out
    assert err == ""


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"dyad {__version__}\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["frobnicate"], "dyad: argument COMMAND: invalid choice: 'frobnicate'"),
        (["code"], "dyad code: the following arguments are required: PATH (see dyad code --help)"),
        (["code", "a.txt", "--published", "4 Oct"], "dyad code: argument --published: not a date (YYYY-MM-DD)"),
    ],
)
def test_a_bad_argument_is_one_line_and_status_2(capsys, argv, message):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(message)


def test_a_bad_option_value_is_a_dyad_error_on_one_line(capsys, tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("Russia vetoes resolution\nRussia vetoed a US resolution.\n", encoding="utf-8")
    assert main(["code", str(story), "--processes", "0"]) == 2
    assert capsys.readouterr().err == "dyad: config: processes: Input should be greater than or equal to 1 (got 0)\n"


def test_a_missing_dictionary_is_named(capsys, tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("Russia vetoes resolution\nRussia vetoed a US resolution.\n", encoding="utf-8")
    assert main(["code", str(story), "--actors", str(tmp_path / "mine.yaml")]) == 2
    assert capsys.readouterr().err == f"dyad: {tmp_path / 'mine.yaml'}: actor dictionary file not found\n"


def test_eval_defaults_to_the_shipped_gold_of_the_founding_article():
    from dyad.cli.eval import SEED_GOLD
    from dyad.eval import load_gold

    gold = load_gold(SEED_GOLD)
    assert gold.kind == "article"
    assert (SEED_GOLD.parent / gold.article["article"]["file"]).is_file()
    assert len([e for e in gold.article["events"] if not e.get("optional")]) == 9


def test_code_on_a_terminal_shows_a_bar_with_a_total_and_ends_with_a_summary(tmp_path):
    import fcntl
    import json
    import os
    import pty
    import struct
    import sys
    import termios
    from pathlib import Path

    import dyad

    stories = tmp_path / "stories.jsonl"
    stories.write_text(
        "".join(
            json.dumps({"id": f"s{i}", "text": f"Story {i}\nChina criticized the United States on Tuesday."}) + "\n"
            for i in range(3)
        ),
        encoding="utf-8",
    )
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a 100-column terminal
    env = {**os.environ, "PYTHONPATH": str(Path(dyad.__file__).parents[1])}
    done = subprocess.run(
        [sys.executable, "-m", "dyad.cli.main", "code", str(stories), "--processes", "1"],
        stdout=subprocess.PIPE,
        stderr=follower,
        env=env,
        timeout=300,
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    terminal = shown.decode("utf-8", "replace")
    assert done.returncode == 0
    assert "3/3" in terminal and "articles" in terminal
    assert terminal.rstrip().splitlines()[-1].startswith("dyad: 3 article(s) coded, 3 event(s) in ")
    assert len(done.stdout.splitlines()) == 3


def test_only_the_dyad_program_freezes_what_start_up_loaded():
    code = (
        "import gc\n"
        "from dyad.cli.main import main\n"
        "main([])\n"
        "print('in-process', gc.get_freeze_count() == 0)\n"
        "main([], own_process=True)\n"
        "print('program', gc.get_freeze_count() > 0)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    lines = [line for line in out.splitlines() if line.startswith(("in-process", "program"))]
    assert lines == ["in-process True", "program True"]
