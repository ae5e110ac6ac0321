"""Human-facing text: the Jinja2 sandbox, and plain text turned into safe ReportLab markup."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, Template

from pdfgen.caches import cached, current
from pdfgen.disk_cache import jinja_bytecode_cache
from pdfgen.text.block_memory import remembered
from pdfgen.text.fonts import FontSet
from pdfgen.text.i18n import ENGLISH, literal
from pdfgen.text.limits import printable_value
from pdfgen.text.sandbox import (
    BoundedSandbox,
    ConfinedLoader,
    compiler_id,
    freeze,
    render_bounded,
)

# (TextError, every text failure, is said where templates fail; imported from here.)
from pdfgen.text.template_errors import NoBlock, failed_line, jinja_reason, no_block
from pdfgen.text.template_errors import TextError as TextError

BUILTIN_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
# White space collapses, except the no-break space that keeps a phone number on one line.
_SPACES = re.compile(r"[^\S\u00a0]+")
_JINJA_MARKERS = ("{{", "{%", "{#")
_INVISIBLE = ("Cc", "Cf", "Zl", "Zp")  # control and format characters, line separators
_RIGHT_TO_LEFT = ("R", "AL", "RLE", "RLO", "RLI")


class UnknownCharacterError(TextError):
    """A character that cannot be printed: no bundled font draws it, or it is invisible."""

    def __init__(self, char: str, in_a_font: bool = True) -> None:
        code, name = f"U+{ord(char):04X}", unicodedata.name(char, "unnamed character")
        if unicodedata.category(char) in _INVISIBLE:
            # Soft hyphens, zero-width and direction marks: ReportLab would drop them silently.
            text = f"the character {code} ({name}) is invisible and cannot be printed; remove it"
        elif not in_a_font:
            text = f"the character {char!r} ({code} {name}) is in no bundled font; remove it"
        elif ord(char) > 0xFFFF:
            # ReportLab draws these but writes their text map wrongly: copy, search and
            # screen readers would get garbage, so the PDF's text would not be the content.
            text = f"the character {char!r} ({code} {name}) cannot be printed yet; remove it"
        elif unicodedata.bidirectional(char) in _RIGHT_TO_LEFT:
            # ReportLab lays out left to right only: Arabic or Hebrew would print scrambled.
            text = (f"the character {char!r} ({code} {name}) is right-to-left text, "
                    "which pdfgen cannot print yet")
        else:
            text = f"the character {char!r} ({code} {name}) is in no bundled font; remove it"
        super().__init__(text)
        self.char = char


def text_engine(templates_dir: Path | None, labels: Any = None) -> TextEngine:
    """One engine per templates folder, label catalog and process: templates compile once."""
    return _engine(templates_dir.resolve() if templates_dir else None, labels)


@cached("text_engines", 16)  # the catalogs are cached per file version (text.i18n)
def _engine(templates_dir: Path | None, labels: Any) -> TextEngine:
    return TextEngine(templates_dir, labels)


class TextEngine:
    """Renders content strings and the clinic's (or built-in) templates, sandboxed and strict."""

    def __init__(self, templates_dir: Path | None = None, labels: Any = None) -> None:
        loaders = [FileSystemLoader(str(BUILTIN_TEMPLATES))]
        if templates_dir is not None:  # it may not exist (yet): the loader then finds nothing
            loaders.insert(0, ConfinedLoader(str(templates_dir)))
        # Templates produce plain text: escaping for ReportLab happens once, in to_markup().
        self.env = BoundedSandbox(
            loader=ChoiceLoader(loaders),
            undefined=StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            finalize=printable_value,
            # Compiled templates (keyed by each template's source), in the user's private
            # cache folder: a command compiles them once, not each run.
            bytecode_cache=jinja_bytecode_cache(compiler_id()),
            extensions=["jinja2.ext.i18n"],
        )
        # Built-in labels are {% trans %} blocks: English as written, or the catalog's
        # (text.i18n.translations; a label it lacks raises MissingLabel, never English).
        self.env.policies["ext.i18n.trimmed"] = True
        catalog = labels or ENGLISH
        # A translation is words, never a format: a percent sign in a clinic's catalog (or in
        # template syntax pasted into it) prints as it is; only %(name)s is filled in.
        # (A method the i18n extension adds to the environment as it loads: no type has it.)
        self.env.install_gettext_callables(  # type: ignore[attr-defined]
            gettext=lambda text: literal(catalog.gettext(text)),
            ngettext=lambda one, many, n: literal(catalog.ngettext(one, many, n)),
            newstyle=True)
        self.env.globals["_"] = self.env.globals["gettext"]  # the sandbox cleared the alias

    def render_string(self, source: str, context: dict[str, Any]) -> str:
        """Render one content string; text without Jinja2 markers is returned unchanged."""
        if not any(marker in source for marker in _JINJA_MARKERS):
            return source
        try:
            template = self._compiled(source)
            return render_bounded(lambda: template.root_render_func(
                template.new_context(freeze(context))))
        except Exception as exc:  # any failure of a user template is theirs
            raise TextError(jinja_reason(exc)) from None

    @cached("content_templates", 1024)  # by engine and source: content, never a patient's
    def _compiled(self, source: str) -> Template:
        # from_string through the bytecode cache, as template files: compiled once, not each run
        env, cache = self.env, self.env.bytecode_cache
        assert cache is not None  # (made with one: see __init__)
        bucket = cache.get_bucket(env, source, None, source)  # keyed by the source
        if bucket.code is None:
            bucket.code = env.compile(source)
            cache.set_bucket(bucket)
        return env.template_class.from_code(env, bucket.code, env.make_globals(None), None)

    def render_block(self, template: str, block: str, context: dict[str, Any],
                     builtin: bool = False) -> str:
        """Render one named block of a template (a slot the layout fills). `builtin`: a
        block newer than many clinics' copies of the template, taken from pdfgen's own
        template when the clinic's copy has none."""
        tmpl: Template | None = None
        try:
            tmpl = own = self.env.get_template(template)
            if builtin and block not in tmpl.blocks:
                tmpl = self._builtin(template)
            render, frozen = tmpl.blocks[block], freeze(context)
            file = Path(tmpl.filename or "") if tmpl is own else BUILTIN_TEMPLATES / template
            return remembered(tmpl, file, block, frozen, lambda: render_bounded(
                lambda: render(tmpl.new_context(frozen))).strip())
        except KeyError:
            raise self._no_block(template, block) from None
        except Exception as exc:  # any failure of a user template is theirs
            line = failed_line(exc, tmpl) if tmpl is not None else None
            raise TextError(jinja_reason(exc), line) from None

    def _no_block(self, template: str, block: str) -> NoBlock:
        try:
            own, builtin = self.env.get_template(template), self._builtin(template)
        except Exception:  # (the template was read a moment ago: said as it is)
            return NoBlock(f"not in the template (no block '{block}')")
        return no_block(own, builtin, block, template)

    @cached("builtin_templates", 16)
    def _builtin(self, template: str) -> Template:
        return self.env.from_string((BUILTIN_TEMPLATES / template).read_text(encoding="utf-8"))

    def template_path(self, template: str) -> str:
        """Where a template comes from (the clinic's override or the built-in one)."""
        loader = self.env.loader
        assert loader is not None  # (the engine is always made with one)
        _, filename, _ = loader.get_source(self.env, template)
        return filename or template


def normalize(text: str) -> str:
    """Collapse runs of white space: a paragraph is one line of text."""
    return _SPACES.sub(" ", text).strip()


def printable(char: str, fonts: FontSet) -> bool:
    """Whether the character can be printed as it was typed (asked once per character and
    font set: every string of every handout is checked, character by character)."""
    known = fonts.printable
    if char not in known:
        known[char] = (
            ord(char) <= 0xFFFF
            and unicodedata.category(char) not in _INVISIBLE
            and unicodedata.bidirectional(char) not in _RIGHT_TO_LEFT
            and fonts.face_for(char) is not None
        )
    return known[char]


_MOST_NAME_RUNS = 512
_MOST_TEXTS = 4096  # texts known to be drawable (pdfgen.caches "drawable_texts")


def use_name(name: str | None, fonts: FontSet) -> None:
    """Make this handout's patient name printable: each part the body fonts cannot draw
    (another script, right to left, joined) shaped in a font that can, in every text that
    holds it, and nowhere else. Raises TextError in one line: emoji, invisible characters,
    or no font for a script."""
    fonts.name_pattern = None  # the last handout's name is not this one's
    if not name:
        return  # (before importing what shapes names: ~2 ms a handout without one saves)
    from pdfgen.text.names import Candidate, NameFontError, is_emoji, shape_run

    for char in name:
        if is_emoji(char):
            raise TextError(f"the emoji {char!r} cannot be printed in a name; write the name "
                            "in letters")
        if unicodedata.category(char) in ("Cc", "Zl", "Zp", "Co", "Cs", "Cn"):
            raise UnknownCharacterError(char, False)
    clinic = [Candidate(path) for path in fonts.name_files]
    bundled = [Candidate(fonts.fallback_regular)]
    runs = _name_runs(name, fonts)
    if len(fonts.name_runs) > _MOST_NAME_RUNS:  # each patient brings their own: kept bounded
        fonts.name_runs.clear()
    for run in runs:
        if run in fonts.name_runs:  # shaped once a process
            continue
        if all(unicodedata.category(c) in ("Cf", "Mn", "Me", "Zs") for c in run):
            raise UnknownCharacterError(run[0], False)
        try:
            font, shaped = shape_run(run, clinic, bundled)
        except NameFontError as error:
            raise TextError(str(error)) from None
        fonts.name_runs[run] = f'<font name="{font}">{shaped}</font>'
    if runs:
        # The longest first, so that a run inside another is never taken for it; a space in
        # a run may have become a no-break space (layout.theme.no_runt).
        fonts.name_pattern = re.compile("|".join(
            "[ \\u00a0]".join(re.escape(word) for word in run.split(" "))
            for run in sorted(runs, key=len, reverse=True)))
    check_drawable(name, fonts)


def _name_runs(name: str, fonts: FontSet) -> list[str]:
    """The parts of a name the body fonts cannot print: runs of such letters, with the
    spaces between them (a name of two Arabic words is one run, right to left as a whole)."""
    runs: list[str] = []
    start: int | None = None
    end: int | None = None
    for index, char in enumerate(name):
        # Spaces, hyphens and other neutral signs between two such letters belong to the
        # run: between Arabic letters they read right to left with them.
        if char == " " or (start is not None and unicodedata.bidirectional(char) != "L"
                           and printable(char, fonts)):
            continue
        if printable(char, fonts):
            if start is not None:
                runs.append(name[start:end])
            start = None
            continue
        if start is None:
            start = index
        end = index + 1
    if start is not None:
        runs.append(name[start:end])
    return runs


def _outside_names(text: str, fonts: FontSet) -> list[tuple[str, bool]]:
    """The text cut into (part, is a shaped name run)."""
    if fonts.name_pattern is None:
        return [(text, False)]
    parts: list[tuple[str, bool]] = []
    last = 0
    for match in fonts.name_pattern.finditer(text):
        parts += [(text[last:match.start()], False), (match.group(0), True)]
        last = match.end()
    parts.append((text[last:], False))
    return [part for part in parts if part[0]]


def check_drawable(text: str, fonts: FontSet) -> None:
    """Raise UnknownCharacterError for the first character that cannot be printed."""
    if fonts.name_pattern is not None:
        text = fonts.name_pattern.sub(" ", text)
    drawable = current().map("drawable_texts", _MOST_TEXTS)  # every string, every handout
    if drawable.get((text, fonts)):
        return
    for char in dict.fromkeys(text):  # in order: the message names the first one
        if char in " \n\t\r":
            continue
        if not printable(char, fonts):
            raise UnknownCharacterError(char, fonts.face_for(char) is not None)
    drawable.put((text, fonts), True)


def to_markup(text: str, fonts: FontSet) -> str:
    """Escape plain text for a ReportLab Paragraph, drawing uncovered characters in the fallback."""
    return _to_markup(normalize(text), fonts)


@cached("markup", 2048)
def _to_markup(text: str, fonts: FontSet) -> str:
    if fonts.name_pattern is None:
        return _plain_markup(text, fonts)
    return "".join(fonts.name_runs[part.replace("\u00a0", " ")] if is_name
                   else _plain_markup(part, fonts) for part, is_name in _outside_names(text, fonts))


def _plain_markup(text: str, fonts: FontSet) -> str:
    if fonts.plain.issuperset(text):  # every character seen before, printed in the body face
        return _wrap(text, "body", fonts)
    parts: list[str] = []
    run: list[str] = []
    run_face = "body"
    for char in text:
        face = "body" if char == " " else fonts.face_for(char)
        if face is None or not printable(char, fonts):
            raise UnknownCharacterError(char, fonts.face_for(char) is not None)
        if face != run_face and run:
            parts.append(_wrap("".join(run), run_face, fonts))
            run = []
        run_face = face
        run.append(char)
    if run:
        parts.append(_wrap("".join(run), run_face, fonts))
    fonts.plain.update(c for c in text if c == " " or fonts.face_for(c) == "body")
    return "".join(parts)


def _wrap(run: str, face: str, fonts: FontSet) -> str:
    escaped = run.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = escaped.replace('"', "&quot;")
    return escaped if face == "body" else f'<font name="{fonts.fallback}">{escaped}</font>'

