"""A template block's words remembered by the values it reads: rendered once a process for the
same values (a batch's handouts differ in a few blocks; the rest are the same words)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Hashable, Mapping
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import Template, nodes

from pdfgen.caches import Caches, current

_MOST = 1024  # renderings kept (pdfgen.caches "block_words")
_MOST_TEMPLATES = 256  # templates whose blocks' reads are known (pdfgen.caches "block_reads")
_MOST_VALUES = 64  # mappings' keys kept while they live (pdfgen.caches "block_value_keys")
FORMAT = 1  # the private cache's entries' format: a change makes every one stale
_UNKNOWN: Any = object()
_ABSENT = ("absent",)  # a name the context does not hold (a block may ask `is defined`)
# What makes a block's words depend on more than the context's values it names: another
# template, a macro, its own template's other blocks, the caller's frame; and chance.
_ELSEWHERE = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends, nodes.Macro,
              nodes.CallBlock, nodes.Block, nodes.ContextReference,
              nodes.DerivedContextReference)
_NOT_VALUES = frozenset({"self", "super", "caller", "varargs", "kwargs"})
_SCALARS = (str, int, float, bool, dt.date, type(None))


class _Unkeyable(Exception):
    """A value that cannot be told apart from another by a key (none in pdfgen's contexts)."""


def remembered(template: Template, file: Path, block: str, context: Mapping[str, Any],
               render: Callable[[], str]) -> str:
    """The block's words: `render()`'s, or the same words it gave before for the same values
    of every name the block reads. What a template's blocks read is found (`file`, its
    source, parsed; then kept in the private cache) the second time one of them is
    rendered: a process making one handout of one card parses nothing."""
    caches = current()
    known = caches.map("block_reads", _MOST_TEMPLATES)
    blocks = known.get(template, _UNKNOWN)
    if blocks is _UNKNOWN:
        if not known.get((template, block)):
            known.put((template, block), True)  # seen once
            return render()
        blocks = _reads_of(template, file)
        known.put(template, blocks)
    names = blocks.get(block) if blocks is not None else None
    if names is None:
        return render()
    try:
        key = (template, block, *(_value_key(context.get(n, _ABSENT), caches) for n in names))
    except _Unkeyable:
        return render()
    words = caches.map("block_words", _MOST)
    found: str | None = words.get(key)
    if found is None:
        found = words.put(key, render())
    return found


def _reads_of(template: Template, file: Path) -> dict[str, list[str] | None] | None:
    """What each block of the template reads (see `reads`); None when it cannot be told."""
    from pdfgen.disk_cache import Cache

    try:
        source = file.read_text(encoding="utf-8")
        if not template.is_up_to_date:  # changed as it was read: read again next time
            return None
        key = hashlib.sha256(f"{FORMAT}\0{jinja2.__version__}\0{source}".encode()).hexdigest()
        found = _decoded(Cache("block_reads").get_json(key))
        if found is None:
            tree = template.environment.parse(source)
            found = {b.name: reads(tree, b.name) for b in tree.find_all(nodes.Block)}
            Cache("block_reads").put(key, json.dumps(found).encode())
        return found
    except Exception:  # any failure: its blocks rendered each time, as before
        return None


def _decoded(found: object) -> dict[str, list[str] | None] | None:
    if not isinstance(found, dict) or not all(
            names is None or (isinstance(names, list) and all(isinstance(n, str) for n in names))
            for names in found.values()):
        return None
    return found


def reads(tree: nodes.Template, block: str) -> list[str] | None:
    """The names `block` of the parsed template reads from the context, when its words
    depend on their values alone; None when they may depend on anything else."""
    found = next((b for b in tree.find_all(nodes.Block) if b.name == block), None)
    if found is None or any(True for _ in found.find_all(_ELSEWHERE)):
        return None
    if any(f.name == "random" for f in found.find_all(nodes.Filter)) or any(
            c.value == "random" for c in found.find_all(nodes.Const)):
        return None
    loaded = {n.name for n in found.find_all(nodes.Name) if n.ctx == "load"}
    if loaded & _NOT_VALUES:
        return None
    return sorted(loaded)


def _value_key(value: Any, caches: Caches) -> Hashable:
    """_key(value), kept for a mapping while it lives: a handout's blocks read the same
    mappings (the clinic's, the routine's) a dozen times."""
    if not isinstance(value, Mapping):
        return _key(value)
    keys = caches.map("block_value_keys", _MOST_VALUES)
    known = keys.get(id(value))
    if known is None or known[0] is not value:  # (held here: its id is no other's)
        known = keys.put(id(value), (value, _key(value)))
    return known[1]


def _key(value: Any) -> Hashable:
    """A key equal for equal values only: 1, 1.0 and True apart, a mapping's order kept."""
    if isinstance(value, _SCALARS):
        return (type(value), value)
    if isinstance(value, Mapping):
        return ("map", *((k, _key(v)) for k, v in value.items()))
    if isinstance(value, tuple | list):
        return ("seq", *(_key(v) for v in value))
    if value is _ABSENT:
        return value
    raise _Unkeyable
