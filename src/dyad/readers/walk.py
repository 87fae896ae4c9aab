"""Folders → the input files in them, safely; and watching a folder for new files.

Assigns nothing to articles. A walk goes through a folder recursively in sorted order,
skipping hidden entries and files of no known kind (see :func:`dyad.readers.reader_for`),
and it never leaves the folder: a link pointing outside it is reported and not followed, a
folder reached twice (a link loop) is walked once, a file reached by two paths is read once,
and an entry that vanishes or refuses to be read is passed by (reported when it is a folder
or an input file) while the walk goes on.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

from dyad.readers.base import Item, os_problem


def _inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


class _Walk:
    """One walk: the folders and files already reached, by identity and real path."""

    def __init__(self, root: Path, wanted: Callable[[Path], bool]):
        self.root = os.path.realpath(root)
        self.wanted = wanted
        self.folders: set[tuple[int, int]] = set()
        self.files: set[str] = set()

    def folder(self, path: Path) -> Iterator[Path | Item]:
        try:
            info = os.stat(path)
            if (info.st_dev, info.st_ino) in self.folders:
                return  # reached again through a link: a loop, or a second way in
            self.folders.add((info.st_dev, info.st_ino))
            with os.scandir(path) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except FileNotFoundError:
            return  # vanished since it was listed
        except OSError as error:
            yield Item(location=str(path), problem=f"cannot list folder: {os_problem(error)}")
            return
        for entry in entries:
            if not entry.name.startswith("."):
                yield from self.entry(entry)

    def entry(self, entry: os.DirEntry[str]) -> Iterator[Path | Item]:
        child = Path(entry.path)
        try:
            real = os.path.realpath(child)
            if entry.is_symlink() and not _inside(real, self.root):
                yield Item(location=str(child), problem="link to a place outside the folder (not followed)")
                return
            is_folder = entry.is_dir()
        except FileNotFoundError:
            return
        except OSError as error:  # a link loop (ELOOP), a refused stat
            if self.wanted(child):
                yield Item(location=str(child), problem=os_problem(error))
            return
        if is_folder:
            yield from self.folder(child)
        elif self.wanted(child) and real not in self.files:
            self.files.add(real)
            yield child


def walk(folder: str | Path, wanted: Callable[[Path], bool] | None = None) -> Iterator[Path | Item]:
    """The input files under ``folder`` (sorted, recursively), and a problem :class:`Item`
    for each entry that could not be walked. ``wanted`` picks the files (default: a known kind)."""
    if wanted is None:
        from dyad.readers import reader_for

        def wanted(path: Path) -> bool:
            return reader_for(path) is not None

    yield from _Walk(Path(folder), wanted).folder(Path(folder))


class FolderWatcher:
    """Finds the input files of a folder that are new or changed since the last scan.

    A file is reported once its size and modification time held still for one scan, so a
    file being copied in is not read half-written. Problems met while walking are kept in
    :attr:`problems` until taken, each reported once.
    """

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self._done: dict[Path, tuple[int, int]] = {}
        self._settling: dict[Path, tuple[int, int]] = {}
        self._reported: set[tuple[str, str | None]] = set()
        self.problems: list[Item] = []

    def scan(self) -> list[Path]:
        """The files ready to ingest now, sorted."""
        ready: list[Path] = []
        for path in walk(self.folder):
            if isinstance(path, Item):
                if (path.location, path.problem) not in self._reported:
                    self._reported.add((path.location, path.problem))
                    self.problems.append(path)
                continue
            try:
                stat = path.stat()
            except OSError:
                continue
            signature = (stat.st_size, stat.st_mtime_ns)
            if self._done.get(path) == signature:
                continue
            if self._settling.get(path) == signature:
                del self._settling[path]
                self._done[path] = signature
                ready.append(path)
            else:
                self._settling[path] = signature
        return ready

    def take_problems(self) -> list[Item]:
        """The problems found since the last call (to be quarantined)."""
        found, self.problems = self.problems, []
        return found
