"""Which clinic folder to use: --project, the one holding the plan or patient list, the
working directory, or the bundled demo."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pdfgen.errors import OutputError, ProjectError, display_path

PACKAGE_DIR = Path(__file__).resolve().parents[1]
CLINIC_FILE = Path("content") / "clinic.toml"


def bundled_root() -> Path:
    """The demo clinic that ships with pdfgen (inside the wheel, or the source checkout)."""
    installed = PACKAGE_DIR / "_bundled"
    if (installed / CLINIC_FILE).is_file():
        return installed
    # An editable install or a source checkout: the repository itself is the demo clinic.
    return PACKAGE_DIR.parent


def is_demo_folder(root: Path, copied: bool = False) -> bool:
    """Whether `root` is pdfgen's own demo clinic: the one it ships, or the clone of its
    source it came in (installed from or not); `copied`: or a copy of its folder (the same
    clinic.toml)."""
    root = root.resolve()
    if root == bundled_root().resolve() or (
            (root / "pdfgen" / "__init__.py").is_file() and (root / "pyproject.toml").is_file()):
        return True
    try:
        return copied and ((root / CLINIC_FILE).read_bytes()
                           == (bundled_root() / CLINIC_FILE).read_bytes())
    except OSError:
        return False


@dataclass(frozen=True)
class Project:
    """A clinic folder, and where its handouts go."""

    root: Path
    out_dir: Path
    bundled: bool = False
    # The demo opened inside another clinic's folder (the Python API's open_clinic()): that
    # clinic, whose out/ holds its own handouts, never the demo's (same names, its file gone).
    host: Path | None = None

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def clinic_file(self) -> Path:
        return self.root / CLINIC_FILE

    @property
    def templates_dir(self) -> Path:
        return own_folder(self.root, "templates")

    @property
    def font_dirs(self) -> list[Path]:
        """The clinic's own fonts first, then the ones pdfgen ships."""
        dirs = [own_folder(self.root, "fonts"), bundled_root() / "fonts"]
        return list(dict.fromkeys(d.resolve() for d in dirs if d.is_dir()))


def own_folder(root: Path, name: str) -> Path:
    """The clinic folder's folder `name` (templates, fonts), when it is no link out of the
    clinic folder: the files in it are the clinic's, read as such (a link to / let a
    template include /etc/passwd, and print it in a handout)."""
    folder = root / name
    if not folder.is_symlink():
        return folder
    try:
        real, base = folder.resolve(strict=True), root.resolve()
    except (OSError, RuntimeError):  # a loop of links, or a link to nothing
        raise ProjectError(f"{display_path(folder)}: is a symbolic link that leads nowhere; "
                           "remove it") from None
    if not real.is_relative_to(base):
        raise ProjectError(f"{display_path(folder)}: is a symbolic link to a folder outside "
                           "the clinic folder; copy that folder into the clinic folder "
                           "instead")
    return folder


def likely_plan(project: Project, given: Path) -> Path | None:
    """The plan file of the clinic that `given`, which names none, most likely meant: the
    name with its / for Windows' \\, with .yaml, in content/plans/, or a name close to it."""
    import difflib

    folder = project.content_dir / "plans"
    try:
        plans = sorted(p.name for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    except OSError:
        return None
    name = Path(os.fspath(given).replace("\\", "/")).name
    for wanted in (name, f"{name}.yaml"):
        if wanted in plans:
            return folder / wanted
    close = difflib.get_close_matches(name.lower(), plans, n=1, cutoff=0.75)
    return folder / close[0] if close else None


def working_folder() -> Path:
    """The folder pdfgen runs in; a ProjectError when it is gone (deleted, or moved away
    while a terminal was still in it), not a traceback."""
    try:
        return Path.cwd()
    except FileNotFoundError:
        raise ProjectError("the folder you are in no longer exists (deleted or moved): cd to "
                           "your clinic folder, or give --project") from None


def find_project(explicit: Path | None = None, cwd: Path | None = None,
                 belongs_to: Path | None = None, what: str = "") -> Project:
    """The clinic folder named by --project, else the one holding `belongs_to` (a plan or a
    patient list), else the one we are in, else the demo (never for a plan or a list)."""
    cwd = cwd or working_folder()
    if explicit is not None:
        root = (cwd / explicit).resolve()
        if not root.is_dir():
            raise ProjectError(f"--project {display_path(root)}: " + (
                "is a file, expected a clinic folder" if root.exists() else "no such folder"))
        if not os.path.lexists(root / CLINIC_FILE):  # (a folder there: said when it is read)
            raise ProjectError(
                f"--project {display_path(root)}: not a clinic folder "
                f"(expected {CLINIC_FILE.as_posix()} inside it)"
            )
        holder = (_clinic_above(Path(os.path.abspath(cwd / belongs_to)).parent)
                  if belongs_to is not None else None)
        if belongs_to is not None and holder is not None and holder.resolve() != root:
            # A plan or a list is made by the clinic folder that holds it, never with another
            # clinic's name, phone and branding.
            # (its path as a reader writes it: no "lakeside/../pdfgen", no space before it)
            shown = f"{what} {display_path(Path(os.path.normpath(cwd / belongs_to)))}"
            raise ProjectError(f"{shown.strip()}: belongs to the clinic in "
                               f"{display_path(holder)}, not to --project {display_path(root)}; "
                               "copy it into the folder of the clinic it is for, or leave out "
                               "--project")
        return Project(root=root, out_dir=root / "out")
    if belongs_to is not None:
        # A plan or a list inside a clinic folder is that clinic's, wherever pdfgen runs.
        # Looked up by the path as given (a link to it stays in the folder that holds it).
        found = _clinic_above(Path(os.path.abspath(cwd / belongs_to)).parent)
        if found is None:
            found = _clinic_above(cwd)
        if found is None:
            shown = f"{what} {display_path(cwd / belongs_to)}".strip()
            if not (cwd / belongs_to).is_file():  # the first thing to put right
                raise ProjectError(f"{shown}: " + ("is a folder, expected a file"
                                                   if (cwd / belongs_to).is_dir()
                                                   else "no such file"))
            raise ProjectError(f"{shown}: not in a clinic folder (no {CLINIC_FILE.as_posix()} "
                               "in its folder or above, nor here); run pdfgen in your clinic "
                               "folder, or add --project DIR")
        return Project(root=found, out_dir=found / "out")
    found = _clinic_above(cwd)
    if found is not None:
        return Project(root=found, out_dir=found / "out")
    orphan = _content_above(cwd)
    if orphan is not None:
        # A clinic's exercises and routines with its clinic.toml moved away: the demo's
        # handout, with another clinic's name and phone, replaced the clinic's own in out/.
        raise ProjectError(f"{display_path(orphan / CLINIC_FILE)}: not found, and "
                           f"{display_path(orphan / 'content')}/ holds exercises or routines "
                           "of a clinic: put its clinic.toml back (pdfgen init makes one), "
                           "or give --project")
    # Outside any clinic folder: use the demo, but write into the working directory,
    # never into the installed package.
    return Project(root=bundled_root(), out_dir=cwd.resolve() / "out", bundled=True)


def not_the_hosts(host: Path | None, target: Path) -> None:
    """Refuse to write the demo's `target` into the out/ of the clinic `host` it was
    opened in (Project.host)."""
    if host is not None:
        raise OutputError(
            f"{display_path(target)}: out/ here is the clinic's in {host}, and this is the "
            f"demo clinic's: give a path to save it to, or open that clinic with "
            f"pdfgen.open_clinic({str(host)!r})")


def clinic_holding(path: Path) -> Path | None:
    """The clinic folder a file (a plan, a patient list) is in, or None."""
    return _clinic_above(Path(os.path.abspath(path)).parent)


def _clinic_above(folder: Path) -> Path | None:
    # Like git, look upwards: an admin editing content/exercises/ is still in the clinic.
    # A clinic.toml that is a folder or a link to nowhere still marks the clinic: reading
    # it then says what is wrong, where the demo clinic's handout would have been made.
    for candidate in (folder.resolve(), *folder.resolve().parents):
        if os.path.lexists(candidate / CLINIC_FILE):
            return candidate
    return None


def _content_above(folder: Path) -> Path | None:
    """The folder, here or above, whose content/ holds exercises or routines but no
    clinic.toml: a clinic folder with its settings missing, not a place for the demo."""
    for candidate in (folder.resolve(), *folder.resolve().parents):
        content = candidate / "content"
        if any((content / part).is_dir() for part in ("exercises", "routines")):
            return candidate
    return None
