"""The footer of every page ("Clinic · phone", "Page 2 of 7"), rendered before layout: once,
with a slot for the page number and one for the count, when the template only prints them;
else for each page, once layout has counted the pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import nodes

from pdfgen.caches import cached
from pdfgen.errors import ContentError
from pdfgen.text.engine import BUILTIN_TEMPLATES, TextEngine, TextError
from pdfgen.text.handout_text import PAGE, PAGES, FooterText, fill
from pdfgen.text.resolve_strings import Resolver

TEMPLATE = "footer.j2"
BLOCKS = ("left", "right")
# The page counts whose footers are rendered before layout; a handout rarely has more.
CHECKED_PAGES = 12
WIDEST = (88, 88)  # two-digit numbers: the footer's room is kept for these
# Where `page` may stand and still only be printed: {{ page }}, and {% trans %}'s values.
_GETTEXT = frozenset({"gettext", "ngettext", "_"})
# What makes a template's output more than printed text: captured, filtered, included.
_CAPTURES = (nodes.Macro, nodes.CallBlock, nodes.FilterBlock, nodes.AssignBlock)
_OTHER_TEMPLATES = (nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)
_FORMAT = 1  # of the answers kept in the private cache: a change makes every one stale


def page_classes(most: int = CHECKED_PAGES) -> list[tuple[int, int]]:
    """(page, pages) pairs a footer meets: first, second, middle, last-but-one and last
    pages of every page count up to `most`."""
    pairs = {(page, pages) for pages in range(1, most + 1)
             for page in (1, 2, (pages + 1) // 2, pages - 1, pages) if 1 <= page <= pages}
    return sorted(pairs, key=lambda pair: (pair[1], pair[0]))


def footer(res: Resolver) -> FooterText:
    """The footer, checked on every kind of page (so that `{% if page == 2 %}{{ nope }}`
    is found before anything is drawn), then rendered for layout."""
    path = res.engine.template_path(TEMPLATE)
    # The built-in footer treats every page alike: one page of it says all (and saves a
    # hundred renderings a handout).
    builtin = Path(path).parent == BUILTIN_TEMPLATES
    tried = {}
    for page, pages in page_classes(1 if builtin else CHECKED_PAGES):
        before = len(res.problems or ())
        ends = tuple(res.block(TEMPLATE, block, {"page": page, "pages": pages},
                               where=_page_of(page, pages)) for block in BLOCKS)
        if res.problems is not None and len(res.problems) > before:
            # One finding for the footer is enough; `pdfgen check` lays nothing out.
            return FooterText(path, ("", ""), context=res.context)
        tried[page, pages] = ends
    slots = _slots(res.engine, res.context)
    # The slots filled in must read as the pages tried did (a safety net under the check of
    # the template itself).
    if slots is not None and all(fill(slots, *pair) == ends for pair, ends in tried.items()):
        return FooterText(path, fill(slots, *WIDEST), slots, context=res.context)
    return FooterText(path, footer_text(res.engine, res.context, *WIDEST), context=res.context)


def _page_of(page: int, pages: int) -> str:
    """Which footer failed: the footer is tried before layout on page 1 of a 1-page handout,
    2 of 2 and so on, whatever this handout's own length turns out to be."""
    return f"(tried, before layout, as the footer of page {page} of a {pages}-page handout)"


def count_pages(engine: TextEngine, footer: FooterText, pages: int) -> FooterText:
    """The footer of a template that decides on the page numbers, for each of `pages`."""
    counted = tuple(footer_text(engine, footer.context, page, pages)
                    for page in range(1, pages + 1))
    return FooterText(footer.template, footer.widest, counted=counted, context=footer.context)


def footer_text(engine: TextEngine, context: dict[str, Any], page: int, pages: int
                ) -> tuple[str, str]:
    """The two ends of one page's footer (pages that resolve did not try may still fail:
    then one line naming the template and the page, never a traceback)."""
    values = {**context, "page": page, "pages": pages}
    ends = []
    for block in BLOCKS:
        try:
            ends.append(engine.render_block(TEMPLATE, block, values))
        except TextError as exc:
            path = Path(engine.template_path(TEMPLATE))
            raise ContentError(path, f"block {block}", f"{exc} (on page {page} of {pages})",
                               exc.line) from None
    return ends[0], ends[1]


def _slots(engine: TextEngine, context: dict[str, Any]) -> tuple[str, str] | None:
    """Both ends with PAGE and PAGES where the numbers go; None when the template does more
    with them than print them (or a catalog writes them as %(page)d, a number only)."""
    if not _prints_numbers_only(engine.env.get_template(TEMPLATE)):
        return None
    values = {**context, "page": PAGE, "pages": PAGES}
    try:
        left, right = (engine.render_block(TEMPLATE, block, values) for block in BLOCKS)
    except TextError:
        return None
    return left, right


@cached("footer_numbers_only", 16)  # by the compiled template: a changed file is compiled anew
def _prints_numbers_only(template: Any) -> bool:
    """Whether the template only prints `page` and `pages` ({{ page }}, or a value of a
    {% trans %} block), never tests, computes or passes them on, so that a number put in
    the place of each slot reads as the template would have printed it."""
    import hashlib

    import jinja2

    from pdfgen.disk_cache import Cache

    environment = template.environment
    source, _, _ = environment.loader.get_source(environment, TEMPLATE)
    # The answer kept in the private cache by the template's words: a process's first
    # handout does not parse its footer again (~2 ms).
    key = hashlib.sha256(f"{_FORMAT}\0{jinja2.__version__}\0{source}".encode()).hexdigest()
    known = Cache("footer_slots").get(key)
    if known in (b"yes", b"no"):
        return known == b"yes"
    answer = _numbers_only(environment.parse(source))
    Cache("footer_slots").put(key, b"yes" if answer else b"no")
    return answer


def _numbers_only(tree: nodes.Template) -> bool:
    parents: dict[int, nodes.Node] = {}
    stack: list[nodes.Node] = [tree]
    while stack:
        node = stack.pop()
        for child in node.iter_child_nodes():
            parents[id(child)] = node
            stack.append(child)
    if any(True for _ in tree.find_all(_OTHER_TEMPLATES)):
        return False  # another template sees the numbers too
    for name in tree.find_all(nodes.Name):
        if name.name == "self":  # a block's output, which may be measured or compared
            return False
        if name.name not in ("page", "pages") or name.ctx != "load":
            continue
        printed: nodes.Node = name
        up = parents[id(name)]
        if isinstance(up, nodes.Keyword):  # {% trans %}: gettext("…", page=page)
            call = parents[id(up)]
            if not (isinstance(call, nodes.Call) and isinstance(call.node, nodes.Name)
                    and call.node.name in _GETTEXT):
                return False
            printed, up = call, parents[id(call)]
            if isinstance(up, nodes.MarkSafeIfAutoescape):
                printed, up = up, parents[id(up)]
        if not isinstance(up, nodes.Output) or not any(n is printed for n in up.nodes):
            return False
        while id(up) in parents:
            up = parents[id(up)]
            if isinstance(up, _CAPTURES):
                return False
    return True
