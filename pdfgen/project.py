"""Which clinic folder to use: --project, the working directory, or the bundled demo."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pdfgen.errors import ProjectError, display_path

PACKAGE_DIR = Path(__file__).resolve().parent
CLINIC_FILE = Path("content") / "clinic.toml"


def bundled_root() -> Path:
    """The demo clinic that ships with pdfgen (inside the wheel, or the source checkout)."""
    installed = PACKAGE_DIR / "_bundled"
    if (installed / CLINIC_FILE).is_file():
        return installed
    # An editable install or a source checkout: the repository itself is the demo clinic.
    return PACKAGE_DIR.parent


@dataclass(frozen=True)
class Project:
    """A clinic folder, and where its handouts go."""

    root: Path
    out_dir: Path
    bundled: bool = False

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def clinic_file(self) -> Path:
        return self.root / CLINIC_FILE

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def font_dirs(self) -> list[Path]:
        """The clinic's own fonts first, then the ones pdfgen ships."""
        dirs = [self.root / "fonts", bundled_root() / "fonts"]
        return list(dict.fromkeys(d.resolve() for d in dirs if d.is_dir()))


def find_project(explicit: Path | None = None, cwd: Path | None = None) -> Project:
    """The clinic folder named by --project, else the one we are in, else the demo."""
    cwd = cwd or Path.cwd()
    if explicit is not None:
        root = (cwd / explicit).resolve()
        if not root.is_dir():
            raise ProjectError(f"--project {display_path(root)}: no such folder")
        if not (root / CLINIC_FILE).is_file():
            raise ProjectError(
                f"--project {display_path(root)}: not a clinic folder "
                f"(expected {CLINIC_FILE.as_posix()} inside it)"
            )
        return Project(root=root, out_dir=root / "out")
    # Like git, look upwards: an admin editing content/exercises/ is still in the clinic.
    for folder in (cwd.resolve(), *cwd.resolve().parents):
        if (folder / CLINIC_FILE).is_file():
            return Project(root=folder, out_dir=folder / "out")
    # Outside any clinic folder: use the demo, but write into the working directory,
    # never into the installed package.
    return Project(root=bundled_root(), out_dir=cwd.resolve() / "out", bundled=True)
