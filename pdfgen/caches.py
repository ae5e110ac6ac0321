"""The in-process caches of builds: one owner, named maps, each bounded, cleared together.

A process keeps one `Caches` warm (`current()`), so a batch or a web server lays out the
same words once; a test, or an API user who wants a cold start, uses a fresh one
(`using(Caches())`) or empties it (`clear()`). Every map has a bound: whatever a handout
brings that is its own (a patient's name, a date) is forgotten, oldest first, and memory
stays flat however many handouts a process makes.

ReportLab's font registry (pdfmetrics) is global by nature and stays so: it holds one entry
per font file registered, a fixed handful, and the registered FontSets here refer to it.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Generic, Protocol, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
F = TypeVar("F", bound=Callable[..., Any])
_MISSING: Any = object()


class Lru(Generic[K, V]):
    """A map that keeps its `bound` most recently used entries."""

    def __init__(self, name: str, bound: int) -> None:
        if bound < 1:
            raise ValueError(f"cache {name}: a bound of at least 1 is needed")
        self.name = name
        self.bound = bound
        self._data: OrderedDict[K, V] = OrderedDict()
        # Threads of a web server share the process's caches: writes and evictions take
        # turns (a read is single steps on the map: see get).
        self._lock = threading.Lock()

    def get(self, key: K, default: Any = None) -> Any:
        # Without the lock: a build asks a thousand times, and each of these two steps is
        # one operation on the map. An entry evicted between them is still a hit.
        value = self._data.get(key, _MISSING)
        if value is _MISSING:
            return default
        try:
            self._data.move_to_end(key)
        except KeyError:  # evicted meanwhile: still the answer
            return value
        return value

    def put(self, key: K, value: V) -> V:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.bound:
                self._data.popitem(last=False)
        return value

    def pop(self, key: K) -> None:
        with self._lock:
            self._data.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __len__(self) -> int:
        return len(self._data)


class Lasting(Protocol):
    """Answers kept across processes, by name (pdfgen.disk_cache.Cache)."""

    def get_json(self, name: str) -> object: ...

    def put(self, name: str, body: bytes) -> None: ...


class _Forgetful:
    """A store that keeps nothing: every answer is worked out again."""

    def get_json(self, name: str) -> object:
        return None

    def put(self, name: str, body: bytes) -> None:
        return None


class Caches:
    """Every in-process cache of a build, by name; `clear()` forgets them all. `lasting`:
    whether answers are also kept across processes, in the user's private cache folder (a
    stage that opens no file itself, layout, asks for them here: `lasting_store`)."""

    def __init__(self, lasting: bool = True) -> None:
        self._maps: dict[str, Lru[Any, Any]] = {}
        self._lock = threading.Lock()
        self.lasting = lasting

    def lasting_store(self, kind: str, code: str | None = None) -> Lasting:
        """The answers of `kind` kept across processes (`code`: made stale by a change to
        that stage's code, e.g. "layout"); one that keeps nothing unless `lasting`."""
        if not self.lasting:
            return _Forgetful()
        from pdfgen.disk_cache import Cache

        return Cache(kind, code)

    def map(self, name: str, bound: int) -> Lru[Any, Any]:
        """The map called `name`, made (holding at most `bound` entries) on first use."""
        found = self._maps.get(name)
        if found is None:
            with self._lock:
                found = self._maps.setdefault(name, Lru(name, bound))
        return found

    def clear(self) -> None:
        for lru in list(self._maps.values()):
            lru.clear()

    def sizes(self) -> dict[str, tuple[int, int]]:
        """Each map's entries and bound, by name (for a benchmark or a test)."""
        return {name: (len(lru), lru.bound) for name, lru in sorted(self._maps.items())}


_DEFAULT = Caches()
_CURRENT: ContextVar[Caches] = ContextVar("pdfgen_caches", default=_DEFAULT)


def current() -> Caches:
    """The caches builds use here: the process's own, unless `using()` says otherwise."""
    return _CURRENT.get()


@contextmanager
def using(caches: Caches) -> Iterator[Caches]:
    """Builds inside the block (in this thread or task) use `caches`."""
    token = _CURRENT.set(caches)
    try:
        yield caches
    finally:
        _CURRENT.reset(token)


def cached(name: str, bound: int) -> Callable[[F], F]:
    """functools.lru_cache for a function of hashable arguments, its answers kept in the
    current caches' map `name`."""

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            key = (args, tuple(kwargs.items())) if kwargs else args
            lru = _CURRENT.get().map(name, bound)
            value = lru.get(key, _MISSING)
            if value is _MISSING:
                value = lru.put(key, function(*args, **kwargs))
            return value

        return wrapper  # type: ignore[return-value]

    return decorate
