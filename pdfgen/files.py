"""Files a handout leaves: the --output check, the default file name, and the atomic write
that every PDF, draft and report goes through."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

from pdfgen.content.choices import Layout
from pdfgen.errors import OutputError, SelectionError, display_path


def check_output(path: Path) -> None:
    """An --output path must name a .pdf file, short enough for the file system, in a folder
    that exists."""
    if "\x00" in str(path):
        raise OutputError(f"--output {path}: a path cannot hold the character U+0000")
    shown = display_path(path)
    size, most = len(os.fsencode(path.name)), name_max(path.parent)
    if size > most:
        raise OutputError(f"--output {shown[:60]}…: the file name is {size} bytes long, and "
                          f"the file system takes at most {most}; choose a shorter name")
    if path.is_dir() or not path.name:
        raise OutputError(f"--output {shown}: is a folder, expected a file name ending in .pdf")
    if path.suffix.lower() != ".pdf":
        raise OutputError(f"--output {shown}: expected a file name ending in .pdf")
    if not path.parent.is_dir():
        for above in reversed((path.parent, *path.parent.parents)):
            if above.exists() and not above.is_dir():
                raise OutputError(f"--output {shown}: {display_path(above)} is a file, not a "
                                  "folder")
        raise OutputError(f"--output {shown}: the folder {display_path(path.parent)} "
                          "does not exist")


def default_filename(topic: str | None, level: int, patient: str | None,
                     large_print: bool = False, language: str | None = None,
                     layout: Layout = "detailed") -> str:
    """'back-pain-level-2.pdf', or 'back-pain-level-2-zoe-lodz-muller.pdf' for a patient;
    'exercise-plan-….pdf' for a plan of chosen exercises; '-large-print' when it is;
    '-compact' for the one-page sheet (beside the detailed handout, not over it);
    '-es' for a language chosen with --language (beside the clinic's own, not over it)."""
    name = f"{topic}-level-{level}" if topic else "exercise-plan"
    if patient:
        slug = slugify(patient)
        if not slug:
            # ("!!!" or "-": the handout took the name of the one without a patient's, and
            # replaced it.)
            raise SelectionError(f"--patient {patient!r}: no letter or digit; give the "
                                 "patient's name, or leave out --patient")
        name += f"-{slug}"
    return (f"{name}{'-large-print' if large_print else ''}"
            f"{'-compact' if layout == 'compact' else ''}"
            f"{'-' + language if language else ''}.pdf")


def slugify(text: str) -> str:
    """ASCII, lower case, words joined by hyphens (Greek and Cyrillic transliterated)."""
    from anyascii import anyascii

    ascii_text = anyascii(text).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:60].strip("-")


def name_max(folder: Path) -> int:
    """The longest file name, in bytes, the file system of `folder` takes (255 when it
    cannot say, or the folder does not exist yet)."""
    try:
        return int(os.pathconf(folder, "PC_NAME_MAX"))
    except (OSError, ValueError, AttributeError):
        return 255


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def write_file(path: Path, data: bytes) -> None:
    """`write_atomic`, and a file that cannot be written told in one line naming it (a
    folder that is read-only, full, or not there), not as a traceback."""
    try:
        write_atomic(path, data)
    except OSError as exc:
        for above in reversed(path.parents):  # a file where its folder goes ("out")
            if above.exists() and not above.is_dir():
                raise OutputError(f"{display_path(path)}: cannot write: {display_path(above)} "
                                  "is a file; a folder is needed there") from None
        why = exc.strerror or type(exc).__name__
        raise OutputError(f"{display_path(path)}: cannot write ({why})") from None


def make_folder(path: Path) -> None:
    """The folder, made with its parents when missing; a file in its way, or a place where no
    folder can be made, told in one line naming it (an OutputError), not as a traceback."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(_cannot(path, exc, "make the folder", (path, *path.parents))
                          ) from None


def write_new_text(path: Path, text: str, *, exclusive: bool = False) -> None:
    """A text file (UTF-8) written in its folder, made if missing (`exclusive`: never over a
    file that exists: FileExistsError, for the caller to word); other failures in one line."""
    make_folder(path.parent)
    try:
        with path.open("x" if exclusive else "w", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        if exclusive:
            raise
        raise OutputError(_cannot(path, FileExistsError(), "write", path.parents)) from None
    except OSError as exc:
        raise OutputError(_cannot(path, exc, "write", path.parents)) from None


def _cannot(path: Path, exc: OSError, what: str, folders: Sequence[Path]) -> str:
    """The one line: a file where a folder is needed, named, or else the system's reason."""
    for folder in reversed(folders):  # from the top: the first that is a file, not a folder
        if folder.exists() and not folder.is_dir():
            return f"{display_path(folder)}: is a file; a folder is needed there"
    if path.is_dir() and what == "write":
        return f"{display_path(path)}: is a folder, not a file"
    why = (exc.strerror or type(exc).__name__).lower()
    return f"{display_path(path)}: cannot {what} ({why})"


def write_atomic(path: Path, data: bytes) -> None:
    """Write the file whole or not at all: a temporary file beside it, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # A short name of its own: a final name near the file system's limit still fits.
    fd, tmp = tempfile.mkstemp(prefix=".pdfgen-", suffix=".part", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); a handout is an ordinary file that a print
        # service or a colleague may need to read, so give it the usual permissions.
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
