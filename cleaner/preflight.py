"""Why a batch found nothing to clean: an empty folder, a --glob matching nothing, only files of
kinds it does not read. Said plainly, with exit code 2, instead of a silent "0 documents"."""
from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

_LOOK = 100_000  # files looked at to explain; enough to say what a folder holds


def nothing_to_clean(inputs: list[str], globs: list[str], suffixes: tuple[str, ...]) -> str:
    """The message for inputs that gave no file to clean (all of them folders)."""
    return "; ".join(_why(Path(item), globs, suffixes) for item in inputs)


def _why(root: Path, globs: list[str], suffixes: tuple[str, ...]) -> str:
    found = _visible_files(root)
    if not found:
        return f"{root}: the folder holds no files"
    if globs:
        return f"{root}: --glob {' '.join(globs)} matched none of its {_files(len(found))}"
    kinds = Counter(_suffix(name) for name in found)
    listed = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))[:5])
    return (f"{root}: none of its {_files(len(found))} is of a kind read here ({', '.join(suffixes)}); "
            f"found {listed}; --glob PATTERN picks files by name")


def _visible_files(root: Path) -> list[str]:
    names: list[str] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        names += [f for f in files if not f.startswith(".")]
        if len(names) >= _LOOK:
            break
    return names


def _suffix(name: str) -> str:
    suffixes = Path(name).suffixes
    return "".join(suffixes[-2:]) if suffixes[-1:] == [".gz"] else (suffixes[-1] if suffixes else "(no suffix)")


def _files(n: int) -> str:
    return f"{n} file" if n == 1 else f"{n} files"
