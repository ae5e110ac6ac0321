"""Strings rendered with the file and field they came from: what every part of resolve uses
to turn content into checked text, and to name the place of a problem."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pdfgen.content.parsing import source_line
from pdfgen.content.problems import field_name
from pdfgen.errors import ContentError
from pdfgen.text.engine import TextEngine, TextError, check_drawable, normalize
from pdfgen.text.fonts import FontSet
from pdfgen.text.template_errors import NoBlock


def short_url(url: str) -> str:
    """A web address as a patient types it: no https://, no closing slash."""
    return url.removeprefix("https://").removeprefix("http://").rstrip("/")


class Resolver:
    """Renders strings with the file and field they came from, for error messages.

    With a `problems` list it collects every problem (for `pdfgen check`) instead of
    stopping at the first.
    """

    def __init__(self, engine: TextEngine, fonts: FontSet, context: dict[str, Any],
                 problems: list[ContentError] | None) -> None:
        self.engine, self.fonts, self.context = engine, fonts, context
        self.problems = problems
        self.labels: dict[str, str] | None = None

    def fail(self, error: ContentError, fallback: Any) -> Any:
        """Raise the problem, or (collecting them all) keep it and go on with `fallback`."""
        if self.problems is None:
            raise error
        self.problems.append(error)
        return fallback

    def string(self, text: str, path: Path, *loc: str | int) -> str:
        """Render one string; `loc` is its place in the file, e.g. ("steps", 2)."""
        try:
            out = normalize(self.engine.render_string(text, self.context))
            check_drawable(out, self.fonts)
        except TextError as exc:
            error = ContentError(path, field_name(loc), str(exc), source_line(path, loc))
            return self.fail(error, text)
        return out

    def many(self, texts: list[str], path: Path, name: str) -> list[str]:
        return [self.string(t, path, name, i) for i, t in enumerate(texts)]

    def block(self, template: str, block: str, extra: dict[str, Any] | None = None,
              where: str = "", builtin: bool = False) -> str:
        context = self.context if extra is None else {**self.context, **extra}
        try:
            out = self.engine.render_block(template, block, context, builtin)
            check_drawable(out, self.fonts)
        except TextError as exc:
            path = Path(self.engine.template_path(template))
            if isinstance(exc, NoBlock):  # missing whatever the page: no page to name
                return self.fail(ContentError(path, f"block {block}", str(exc), exc.line), "")
            problem = f"{exc} {where}" if where else str(exc)
            return self.fail(ContentError(path, f"block {block}", problem, exc.line), "")
        return out
