"""ReportLab's settings: pdfgen's only for a build or a font; no private name outside the door."""

from __future__ import annotations

import importlib
import inspect
import io
import json
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
import reportlab
from reportlab import rl_config
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfgen.canvas import Canvas
from test_reportlab_door import FONT, built, holds, subset_font

from pdfgen.layout import reportlab_door as door

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "pdfgen"
DOOR = PACKAGE / "layout" / "reportlab_door.py"

def test_a_subset_fonts_text_maps_leave_out_notdef() -> None:
    font = subset_font()
    holds("ttfonts.makeToUnicodeCMap(fontname, subset): the map to_unicode_cmap follows",
          list(inspect.signature(ttfonts.makeToUnicodeCMap).parameters)
          == ["fontname", "subset"])
    theirs = ttfonts.makeToUnicodeCMap("F", [0, 72, 105]).replace("<00> <0000>\n", "")
    holds("to_unicode_cmap: ReportLab's map less the .notdef entry",
          door.to_unicode_cmap("F", [0, 72, 105]) == theirs.replace("3 beginbfchar",
                                                                    "2 beginbfchar"))
    many = "".join(chr(code) for code in range(0x100, 0x250))

    def draw(canvas: Canvas) -> None:
        canvas.setFont(font, 12)
        canvas.drawString(10, 700, "Hi")
        canvas.drawString(10, 600, many)

    reader = pypdf.PdfReader(io.BytesIO(built(draw)))
    subsets = [f.get_object() for f in reader.pages[0]["/Resources"]["/Font"].values()
               if "+" in str(f.get_object()["/BaseFont"])]
    holds("SubsetFont: more than one subset written", len(subsets) > 1, subsets)
    for subset in subsets:
        text_map = subset["/ToUnicode"].get_object().get_data().decode()
        entries = re.findall(r"<([0-9A-F]{2})> <([0-9A-F]{4})>", text_map)
        holds("SubsetFont.addObjects: each subset's ToUnicode stream found by the name "
              "subset_name gives it ('toUnicodeCMap:' + BaseFont) and replaced",
              entries and "0000" not in [value for _, value in entries]
              and str(subset["/BaseFont"]).lstrip("/").startswith(
                  tuple(door.subset_name(pdfmetrics.getFont(font), n).split("+")[0]
                        for n in range(len(subsets)))), text_map)
    holds("SubsetFont: no printable ASCII block in the first subset (asciiReadable off)",
          min(s["/LastChar"] for s in subsets) < 0x7E, subsets)
    holds("font_data: the font file's bytes (TTFontFace._ttf_data)",
          door.font_data(pdfmetrics.getFont(font)) == FONT.read_bytes())


def test_build_settings_are_the_builds_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image

    monkeypatch.setattr(rl_config, "useA85", 1)
    picture = ImageReader(Image.new("RGB", (8, 8), (200, 40, 40)))

    def filters() -> list[str]:
        data = built(lambda canvas: canvas.drawImage(picture, 0, 0, 8, 8))
        image = next(iter(pypdf.PdfReader(io.BytesIO(data)).pages[0]["/Resources"]
                          ["/XObject"].values())).get_object()
        return [str(f) for f in image["/Filter"]]

    holds("rl_config.useA85: read as a picture is written", "/ASCII85Decode" in filters())
    with door.build_settings():
        holds("build_settings: pictures written without ASCII85",
              "/ASCII85Decode" not in filters() and rl_config.useA85 == 0)
    holds("build_settings: useA85 put back after", rl_config.useA85 == 1)
    with pytest.raises(KeyError), door.build_settings():
        raise KeyError("a build that fails")
    holds("build_settings: useA85 put back after a build that failed", rl_config.useA85 == 1)


def test_streams_are_compressed_once_a_process_as_reportlab_would(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from reportlab.pdfbase import pdfdoc

    from pdfgen.caches import Caches, using

    font = subset_font()

    def draw(canvas: Canvas) -> None:
        canvas.setFont(font, 12)
        canvas.drawString(10, 700, "The same words, the same bytes")

    def made() -> bytes:
        buffer = io.BytesIO()
        canvas = Canvas(buffer, invariant=1)  # (compressed pages, as a handout's)
        draw(canvas)
        canvas.save()
        return buffer.getvalue()

    with monkeypatch.context() as patch:
        patch.setattr(rl_config, "useA85", door.BUILD_SETTINGS["useA85"])
        theirs = made()
    ours = Caches()
    with using(ours), door.build_settings():
        holds("pdfdoc.PDFZCompress: the filter named as a page, font and text map are written",
              pdfdoc.PDFZCompress is door.REMEMBERED_COMPRESS)
        first, again = made(), made()
    kept = ours.sizes().get("compressed_streams", (0, 0))[0]
    holds("build_settings: pages, font subsets and text maps compressed through "
          "RememberedCompress (pdfdoc.PDFZCompress read as each is written)", kept >= 3, kept)
    holds("RememberedCompress: the bytes ReportLab's own filter gives", first == again == theirs)
    holds("build_settings: pdfdoc.PDFZCompress put back after",
          type(pdfdoc.PDFZCompress) is pdfdoc.PDFStreamFilterZCompress)


# Run in a process of its own: in the test process, any import by another test would hide
# a change made on import.
_PROBE = """
import datetime as dt, importlib, json, pkgutil, sys
from pathlib import Path

def state():
    from reportlab import rl_config
    from reportlab.pdfbase import ttfonts
    from reportlab.pdfbase.pdfdoc import PDFPage
    from reportlab.platypus.tables import CellStyle
    simple = (bool, int, float, str, tuple, type(None))
    cmap = ttfonts.makeToUnicodeCMap
    return {
        "rl_config.useA85": rl_config.useA85,
        "rl_config.ttfAsciiReadable": rl_config.ttfAsciiReadable,
        "ttfonts.makeToUnicodeCMap": cmap.__module__ + "." + cmap.__qualname__,
        "CellStyle.fontname": CellStyle.fontname,
        "PDFPage.__NoDefault__": list(PDFPage.__NoDefault__),
        "rl_config": {k: repr(v) for k, v in vars(rl_config).items()
                      if not k.startswith("_") and isinstance(v, simple)},
        "CellStyle": {k: repr(v) for k, v in vars(CellStyle).items()
                      if not k.startswith("_") and isinstance(v, simple)},
    }

before = state()
import pdfgen, pdfgen.layout, pdfgen.text, pdfgen.build
for package in (pdfgen.layout, pdfgen.text):
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(module.name)
imported = state()
from pdfgen.build import HandoutRequest, build_handout
from pdfgen.content.project import Project
root = Path(sys.argv[1])
project = Project(root=root, out_dir=Path(sys.argv[2]))
for layout in ("detailed", "compact"):
    build_handout(project, HandoutRequest(level=2, date=dt.date(2026, 11, 24), layout=layout))
print(json.dumps({"before": before, "imported": imported, "built": state()}))
"""


def _changes(before: dict, after: dict) -> list[str]:
    changed = []
    for key, value in before.items():
        if isinstance(value, dict):
            changed += [f"{key}.{k}: {v} -> {after[key].get(k)}" for k, v in value.items()
                        if after[key].get(k) != v]
        elif after[key] != value:
            changed.append(f"{key}: {value} -> {after[key]}")
    return list(dict.fromkeys(changed))


def test_importing_and_building_leave_reportlab_as_it_was(tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin",
           "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", _PROBE, str(REPO), str(tmp_path)],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["before"]["rl_config.useA85"] == 1, "ReportLab's default changed: see the door"
    assert not _changes(seen["before"], seen["imported"]), (
        f"importing pdfgen changed ReportLab {reportlab.Version}'s global state (the door's "
        f"build_settings set it only for a build): {_changes(seen['before'], seen['imported'])}")
    assert not _changes(seen["before"], seen["built"]), (
        f"building left ReportLab {reportlab.Version}'s global state changed: "
        f"{_changes(seen['before'], seen['built'])}")


# pdfgen's own private attributes and methods, on classes of its own (some of them
# subclasses of ReportLab's: see the next test). A ReportLab private name is not one: it
# goes in the door.
OWN = frozenset({
    "_body_files", "_fallback_chars", "_fallback_files", "_fallback_name", "_load_fallback",
    "_footer", "_heights", "_hb_font", "_codes", "_kept", "_known", "_more", "_more_height",
    "_next", "_options", "_private_char", "_shape", "_size", "_sizes", "_theme", "_top",
    "_wrapped",
})
_PYTHON = {"__init__", "__name__", "__dict__", "__class__", "__module__", "__qualname__"}
_PRIVATE = re.compile(r"\.(_[A-Za-z]\w*)|(?:getattr|hasattr|setattr)\([^,]+, [\"'](_\w+)[\"']")


def _using_reportlab() -> list[Path]:
    return [path for path in sorted(PACKAGE.rglob("*.py"))
            if path != DOOR and ("reportlab" in path.read_text(encoding="utf-8")
                                 or "layout" in path.parts)]


def test_no_private_name_of_reportlabs_outside_the_door() -> None:
    found = []
    for path in _using_reportlab():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in _PRIVATE.finditer(line):
                name = match.group(1) or match.group(2)
                if name not in OWN and name not in _PYTHON:
                    found.append(f"{path.relative_to(REPO)}:{number}: {name}")
    assert not found, ("a private name outside pdfgen/layout/reportlab_door.py: ReportLab's "
                       "belong in the door (with a test in test_reportlab_door.py), pdfgen's "
                       "own in OWN here:\n" + "\n".join(found))


def test_pdfgens_own_private_names_are_not_reportlabs() -> None:
    """A name of pdfgen's own on a subclass of ReportLab's class would change ReportLab's
    attribute of the same name, silently."""
    import pdfgen.layout
    import pdfgen.text

    clashes = []
    for package in (pdfgen.layout, pdfgen.text):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            if module.__name__.endswith("reportlab_door"):
                continue
            for cls in vars(module).values():
                if not inspect.isclass(cls) or cls.__module__ != module.__name__:
                    continue
                theirs = [c for c in cls.__mro__ if c.__module__.startswith("reportlab.")]
                if not theirs:
                    continue
                ours = "\n".join(inspect.getsource(c) for c in cls.__mro__
                                 if c.__module__.startswith("pdfgen."))
                names = set(re.findall(r"(?:self\.|def )(_[a-z]\w*)", ours)) & OWN
                source = "\n".join(inspect.getsource(c) for c in theirs)
                clashes += [f"{cls.__qualname__}.{n}" for n in sorted(names)
                            if re.search(rf"\b{n}\b", source)]
    assert not clashes, (f"pdfgen's own names that ReportLab {reportlab.Version} also uses "
                         f"in the class they are set on: {clashes}")


def test_the_private_name_check_finds_one() -> None:
    line = "        canvas._code.append('EMC')  and getattr(frame, '_atTop', 0)"
    assert [m.group(1) or m.group(2) for m in _PRIVATE.finditer(line)] == ["_code", "_atTop"]
