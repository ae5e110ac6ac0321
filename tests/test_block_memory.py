"""A template block's words remembered by the values it reads: never another value's words,
never a template's old words, and nothing remembered for a block that reads more."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from jinja2 import Environment

from pdfgen.caches import Caches, using
from pdfgen.text.block_memory import reads
from pdfgen.text.engine import TextEngine


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def test_each_value_gets_its_own_words(tmp_path: Path) -> None:
    (tmp_path / "footer.j2").write_text(
        "{% block left %}{{ clinic.name }} {{ n }}{% endblock %}{% block right %}x{% endblock %}")
    engine = TextEngine(tmp_path)
    asked = [(1, "Sol", "Sol 1"), (1.0, "Sol", "Sol 1.0"), (True, "Sol", "Sol True"),
             (1, "Luna", "Luna 1"), ((1, 2), "Sol", "Sol 1, 2"), ([1, 2], "Sol", "Sol 1, 2")]
    with using(Caches()) as caches:
        for _ in range(3):  # read the second time, remembered from the third
            for n, name, words in asked:
                context = {"clinic": {"name": name}, "n": n}
                assert engine.render_block("footer.j2", "left", context) == words
        # One entry a value (a tuple and a list print alike and are the same to a template).
        assert caches.sizes()["block_words"][0] == len(asked) - 1


def test_an_edited_template_gives_its_new_words(tmp_path: Path) -> None:
    template = tmp_path / "footer.j2"
    template.write_text("{% block left %}Old {{ n }}{% endblock %}{% block right %}{% endblock %}")
    engine = TextEngine(tmp_path)
    with using(Caches()):
        for _ in range(3):
            assert engine.render_block("footer.j2", "left", {"n": 1}) == "Old 1"
        template.write_text("{% block left %}New {{ n }}{% endblock %}{% block right %}"
                            "{% endblock %}")
        later = template.stat().st_mtime + 5  # (a file system may keep whole seconds)
        os.utime(template, (later, later))
        assert engine.render_block("footer.j2", "left", {"n": 1}) == "New 1"


def test_a_block_changed_by_a_template_global_is_still_right(tmp_path: Path) -> None:
    # The words of a {% trans %} label come from the engine's catalog: another catalog is
    # another engine, whose templates are its own.
    class Spanish:
        def gettext(self, text: str) -> str:
            return {"Before you start": "Antes de empezar"}.get(text, text)

        def ngettext(self, one: str, many: str, n: int) -> str:
            return one if n == 1 else many

    with using(Caches()):
        for _ in range(3):
            assert TextEngine(None).render_block("disclaimer.j2", "heading", {}) == (
                "Before you start")
            assert TextEngine(None, Spanish()).render_block(
                "disclaimer.j2", "heading", {}) == "Antes de empezar"


@pytest.mark.parametrize("body", [
    "{% include 'other.j2' %}",
    "{{ self.other() }}",
    "{{ super() }}",
    "{% import 'other.j2' as o %}{{ o.x }}",
    "{% macro m() %}{{ n }}{% endmacro %}{{ m() }}",
    "{{ [1, 2]|random }}",
    "{{ [[1], [2]]|map('random')|join }}",
    "{% block inner %}{{ n }}{% endblock %}",
])
def test_a_block_that_may_read_more_than_its_names_is_never_remembered(body: str) -> None:
    tree = Environment().parse(f"{{% block b %}}{body}{{% endblock %}}")
    assert reads(tree, "b") is None


def test_the_names_a_block_reads() -> None:
    tree = Environment(extensions=["jinja2.ext.i18n"]).parse(
        "{% block b %}{% for d in doses %}{{ d.sets }}{{ loop.index }}{% endfor %}"
        "{% trans %}Hello{% endtrans %}{{ clinic.name|upper }}{% endblock %}")
    assert reads(tree, "b") == ["clinic", "d", "doses", "gettext", "loop"]
    assert reads(tree, "other") is None
