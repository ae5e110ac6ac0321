"""The footer, rendered before layout: once, with slots for the page number and count, when
the template only prints them; else for each page once the pages are counted. Either way,
each page's footer reads as the template says it does on that page."""

from __future__ import annotations

import datetime as dt
import gettext
from pathlib import Path

import pytest
from conftest import page_texts, run, succeeds

from pdfgen.content.loading import load_clinic
from pdfgen.content.project import Project
from pdfgen.content.selection import select
from pdfgen.text.engine import TextEngine
from pdfgen.text.fonts import load_fonts
from pdfgen.text.footer_text import count_pages, footer_text
from pdfgen.text.handout_text import HandoutText
from pdfgen.text.resolve_handout import resolve_handout

LEFT = "{% block left %}{{ clinic.name }}{% endblock %}"


def resolved(demo: Path, right: str | None = None, left: str = LEFT,
             labels: gettext.NullTranslations | None = None
             ) -> tuple[HandoutText, TextEngine]:
    """The demo's Level 2 resolved, with this footer (None: the built-in one)."""
    if right is not None:
        (demo / "templates").mkdir(exist_ok=True)
        (demo / "templates" / "footer.j2").write_text(
            left + "{% block right %}" + right + "{% endblock %}", encoding="utf-8")
    project = Project(root=demo, out_dir=demo / "out")
    clinic = load_clinic(project)
    chosen = select(project, level=2, topic=None, patient=None, day=dt.date(2026, 11, 24),
                    plan_path=None, log_weeks=None, large_print=None)
    engine = TextEngine(project.templates_dir, labels)
    fonts = load_fonts(clinic.model.fonts, project.font_dirs, clinic.path)
    return resolve_handout(clinic, chosen, engine=engine, fonts=fonts), engine


def as_printed(text: HandoutText, engine: TextEngine, page: int, pages: int
               ) -> tuple[str, str]:
    """What layout draws on the page: the slots filled, or the page's own rendering."""
    footer = text.footer if text.footer.slots else count_pages(engine, text.footer, pages)
    return footer.ends(page, pages)


PRINTS_THEM = [
    "{{ page }}/{{ pages }}",
    "{% trans %}Page {{ page }} of {{ pages }}{% endtrans %}",
    "{% for i in [1, 2] %}[{{ page }}]{% endfor %} {{ clinic.phone }}",
    "{% if clinic.phone %}{{ pages }}–{{ page }}{% endif %}",
]
DECIDES = [
    "{% if pages > 1 %}{{ page }} of {{ pages }}{% endif %}",
    "{{ page + 1 }}",
    "{{ page|string|length }}",
    "{% set n = page %}{{ n * 2 }}",
    "{% macro m() %}{{ page }}{% endmacro %}{{ m()|length }}",
    "{% trans count=pages %}{{ count }} page{% pluralize %}{{ count }} pages{% endtrans %}",
    "{% filter upper %}{{ page }}{% endfilter %}{{ '%03d' % pages }}",
]


@pytest.mark.parametrize(("right", "slots"), [(None, True)]
                         + [(t, True) for t in PRINTS_THEM] + [(t, False) for t in DECIDES])
def test_every_page_reads_as_the_template_renders_it(demo: Path, right: str | None,
                                                     slots: bool) -> None:
    text, engine = resolved(demo, right)
    assert (text.footer.slots is not None) == slots
    for pages in (1, 2, 9, 10, 12):
        for page in range(1, pages + 1):
            expected = footer_text(engine, text.footer.context, page, pages)
            assert as_printed(text, engine, page, pages) == expected, (page, pages)
    assert text.footer.widest == footer_text(engine, text.footer.context, 88, 88)


def test_the_built_in_footer_is_rendered_once_with_its_slots(demo: Path) -> None:
    text, _ = resolved(demo)
    assert text.footer.ends(2, 7) == ("Mangrove Bay Chiropractic · (813)\u00a0555-0142",
                                      "Page 2 of 7")
    assert text.footer.ends(10, 11)[1] == "Page 10 of 11"


def test_a_block_that_measures_another_is_rendered_for_each_page(demo: Path) -> None:
    text, engine = resolved(demo, "{{ self.left()|length }}", "{% block left %}{{ page }}"
                            "{% endblock %}")
    assert text.footer.slots is None
    assert as_printed(text, engine, 9, 10) == ("9", "1")
    assert as_printed(text, engine, 10, 10) == ("10", "2")


def test_a_catalog_that_writes_the_numbers_as_numbers_only_is_rendered_for_each_page(
        demo: Path) -> None:
    class Numbers(gettext.NullTranslations):
        def gettext(self, message: str) -> str:
            return ("Página %(page)d de %(pages)d" if message == "Page %(page)s of %(pages)s"
                    else message)

    text, engine = resolved(demo, labels=Numbers())
    assert text.footer.slots is None  # a slot is no number: %d refuses it
    assert as_printed(text, engine, 3, 12)[1] == "Página 3 de 12"


def test_layout_renders_no_template(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pdfgen.layout.pages import render_pdf
    from pdfgen.layout.theme import make_theme

    text, _ = resolved(demo, "{% trans %}Page {{ page }} of {{ pages }}{% endtrans %}")
    project = Project(root=demo, out_dir=demo / "out")
    clinic = load_clinic(project)
    theme = make_theme(clinic.model.brand,
                       load_fonts(clinic.model.fonts, project.font_dirs, clinic.path))

    def refused(*args: object, **kwargs: object) -> str:
        raise AssertionError("a template rendered while laying out")

    monkeypatch.setattr(TextEngine, "render_block", refused)
    monkeypatch.setattr(TextEngine, "render_string", refused)
    data, pages = render_pdf(text, theme, paper="letter", language="en", logo=None,
                             logo_small=None)
    (demo / "out.pdf").write_bytes(data)
    assert [t.endswith(f"Mangrove Bay Chiropractic Page {n} of {pages}")
            for n, t in enumerate(page_texts(demo / "out.pdf"), 1)] == [True] * pages


def test_a_footer_that_decides_on_the_pages_prints_each_page_as_it_decides(demo: Path
                                                                          ) -> None:
    (demo / "templates").mkdir()
    (demo / "templates" / "footer.j2").write_text(
        "{% block left %}{% if page == 1 %}{{ clinic.name }}{% else %}{{ clinic.phone }}"
        "{% endif %}{% endblock %}{% block right %}{% if pages > 1 %}{{ page }} of "
        "{{ pages }}{% if page == pages %} (the last){% endif %}{% endif %}{% endblock %}",
        encoding="utf-8")
    succeeds(run("handout", "--level", "2", cwd=demo))
    texts = page_texts(demo / "out/back-pain-level-2.pdf")
    last = len(texts)
    assert last > 1
    assert texts[0].endswith(f"Mangrove Bay Chiropractic 1 of {last}")
    assert all(t.endswith(f"(813) 555-0142 {n} of {last}")
               for n, t in enumerate(texts[1:-1], 2))
    assert texts[-1].endswith(f"(813) 555-0142 {last} of {last} (the last)")
