"""Babel's answers (a tag's language, a date in words) kept in the private cache: a command
prints today's date without importing Babel and reading its locale data (~0.15 s)."""

from __future__ import annotations

import functools
import hashlib
import json
import marshal
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pdfgen.caches import current

FORMAT = 1  # the entries' format: a change makes every one stale
_MOST = 512  # answers kept in this process (pdfgen.caches "babel_answers")
F = TypeVar("F", bound=Callable[..., str])


def remembered(function: F) -> F:
    """`function` (of plain arguments, giving a string) answered from memory when Babel gave
    this answer before, in this process or in an earlier one with the same Babel."""
    # The function's own code is in the key too: a pdfgen that formats a date another way
    # never reads what an earlier one remembered.
    code = hashlib.sha256(marshal.dumps(function.__code__)).hexdigest()[:16]
    kind = f"{function.__qualname__}:{code}"

    @functools.wraps(function)
    def wrapper(*args: Any) -> str:
        answers = current().map("babel_answers", _MOST)
        known = answers.get((kind, args))
        if known is not None:
            return known
        # Asked of the private cache even when Babel is loaded here: the first answer that
        # loads it must not keep the others of this build off the disk, or a cold cache
        # takes one process per answer (five for a Level 2 handout) to stop loading Babel.
        from pdfgen.disk_cache import Cache

        key = hashlib.sha256(json.dumps([FORMAT, _babel_identity(), kind, args],
                                        default=str).encode()).hexdigest()
        cache = Cache("babel")
        found = cache.get_json(key)
        answer = found if isinstance(found, str) else None
        if answer is None:
            answer = function(*args)  # an error is raised here, never remembered
            cache.put(key, json.dumps(answer).encode())
        return answers.put((kind, args), answer)

    return wrapper  # type: ignore[return-value]


@functools.cache
def _babel_identity() -> list[object]:
    """What identifies the installed Babel and its locale data (each file's size and time
    of change), found without importing it; one a process, as the install does not change."""
    from importlib.util import find_spec

    spec = find_spec("babel")
    if spec is None or spec.origin is None:
        return ["unknown"]
    folder = Path(spec.origin).parent
    out: list[object] = []
    for name in ("__init__.py", "core.py", "dates.py", "global.dat", "locale-data"):
        try:
            info = (folder / name).stat()
        except OSError:
            out.append([name, None])
            continue
        out.append([name, info.st_size, info.st_mtime_ns])
    return out
