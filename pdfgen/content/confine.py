"""Paths a clinic folder names: they stay inside the folder, links and all."""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath, PureWindowsPath

_DRIVE = re.compile(r"^[A-Za-z]:")


class OutsideError(ValueError):
    """A named path that leads out of its folder; the message says how."""


def inside(root: Path, name: str) -> Path:
    """`root / name`, when it lies inside `root` once every link is followed."""
    if PurePosixPath(name).is_absolute() or PureWindowsPath(name).is_absolute() or \
            _DRIVE.match(name) or name.startswith("\\"):
        raise OutsideError(f"'{name}' is an absolute path; give a path inside "
                           f"{root.name}/, like 'images/photo.jpg'")
    if ".." in PurePosixPath(name.replace("\\", "/")).parts:
        raise OutsideError(f"'{name}' leads out of {root.name}/ ('..'); give a path "
                           f"inside it")
    target = root / name
    try:
        real, base = target.resolve(), root.resolve()
    except (OSError, RuntimeError):  # a loop of links
        raise OutsideError(f"'{name}' is a symbolic link that leads nowhere") from None
    if not real.is_relative_to(base):
        raise OutsideError(f"'{name}' is a symbolic link to a file outside {root.name}/; "
                           "copy the file into the folder instead")
    return target


MARKER = Path("content") / "clinic.toml"  # what makes a folder a clinic folder


def clinic_root(path: Path) -> Path | None:
    """The clinic folder `path` lies in, as named (before any link is followed): the nearest
    folder above it that holds content/clinic.toml; None outside every clinic folder."""
    for folder in Path(os.path.abspath(path)).parents:
        if (folder / MARKER).is_file():
            return folder
    return None


def confined(path: Path) -> Path:
    """`path` when it is no link out of the clinic folder it lies in: the one rule for every
    file a clinic folder names (clinic.toml, exercises, routines, plans, translations,
    templates, catalogs, patient lists, pictures, fonts). A file given outside every clinic
    folder (a plan in Downloads, named on the command line) is the user's own to name."""
    root = clinic_root(path)
    if root is None:
        return path
    try:
        real, base = path.resolve(), root.resolve()
    except (OSError, RuntimeError):  # a loop of links
        raise OutsideError("is a symbolic link that leads nowhere") from None
    if not real.is_relative_to(base):
        raise OutsideError("is a symbolic link to a file outside the clinic folder; copy the "
                           "file into the folder instead")
    return path
