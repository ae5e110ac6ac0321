"""A private on-disk cache: the user's own cache folder, links never followed, every entry
signed with a per-user key and refused unless the signature holds.

A cache only saves time, so anything wrong with it (someone else's folder, a symbolic
link, a file that cannot be read, an entry that fails its signature) means no cache: the
work is done again and nothing is reported.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import json
import os
import secrets
import stat
import sys
from pathlib import Path

from pdfgen.caches import current

_KEY_FILE = "key"
_KEY_BYTES = 32
_MAX_ENTRY = 16 * 1024 * 1024  # an entry larger than this was not written by pdfgen
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NAME_CHARS = frozenset("0123456789abcdefghijklmnopqrstuvwxyz-_.")
# The most entries a kind keeps: about one write in PRUNE_EVERY (writes are misses, rare
# once warm) looks, and the oldest go. A cache folder does not grow without bound.
MOST_ENTRIES = 2000
PRUNE_EVERY = 32


def cache_root() -> Path:
    """The user's cache folder for pdfgen (XDG_CACHE_HOME/pdfgen on Linux)."""
    platform = sys.platform  # (as a name: mypy would judge the other branch for its own OS)
    if platform.startswith("linux"):
        # platformdirs' answer on Linux, without importing it (~20 ms of every command).
        home = os.environ.get("XDG_CACHE_HOME", "").strip() or os.path.expanduser("~/.cache")
        return Path(home) / "pdfgen"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("pdfgen", appauthor=False))


@functools.cache
def stage_code(stage: str) -> str:
    """A fingerprint of the code of one stage of pdfgen (`layout`: pdfgen/layout/ and the
    folders in it), for answers that a change to that code makes stale."""
    return code_fingerprint(Path(__file__).parent / stage)


def code_fingerprint(folder: Path) -> str:
    """A digest of each Python file's place, size and time of change under `folder`: what
    Python itself trusts to tell a changed module from its compiled copy. (Digesting the
    files' bytes cost every process ~9 ms, reading layout's 46 files, before its first
    handout.)"""
    digest = hashlib.sha256()
    for place, size, changed in sorted(_python_files(str(folder), "")):
        digest.update(f"{place}\0{size}\0{changed}\0".encode())
    return digest.hexdigest()


def _python_files(folder: str, place: str) -> list[tuple[str, int, int]]:
    found: list[tuple[str, int, int]] = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                found += _python_files(entry.path, f"{place}{entry.name}/")
            elif entry.name.endswith(".py"):
                info = entry.stat(follow_symlinks=False)
                found.append((place + entry.name, info.st_size, info.st_mtime_ns))
    return found


class Cache:
    """One kind of cached thing (`svg`, `jinja`): a folder of signed entries (`code`: of
    answers worked out by that stage's code, each kept under a name of its own for each form
    of the code, so that a changed stage works them out afresh)."""

    def __init__(self, kind: str, code: str | None = None) -> None:
        self.kind = kind
        self.code = code

    def _name(self, name: str) -> str:
        if self.code is None:
            return name
        return hashlib.sha256(f"{stage_code(self.code)}\0{name}".encode()).hexdigest()

    def get(self, name: str) -> bytes | None:
        """The entry's bytes, only if this user's key signed them; otherwise None."""
        name = self._name(name)
        opened = _open_folder(self.kind)
        if opened is None:
            return None
        folder, key = opened
        try:
            data = _read_private(f"{_checked(name)}.entry", folder, _MAX_ENTRY + 32)
        finally:
            os.close(folder)
        if data is None or len(data) < 32:
            return None
        signature, body = data[:32], data[32:]
        expected = hmac.new(key, name.encode() + b"\0" + body, hashlib.sha256).digest()
        return body if hmac.compare_digest(signature, expected) else None

    def get_json(self, name: str) -> object:
        """The entry as the JSON value it holds; None when there is none, it is not this
        user's, or it is not JSON (each kind still checks the value is one of its own)."""
        data = self.get(name)
        if data is None:
            return None
        try:
            return json.loads(data)
        except ValueError:
            return None

    def put(self, name: str, body: bytes) -> None:
        """Keep the entry, signed; a failure to write is no failure."""
        if len(body) > _MAX_ENTRY:
            return
        name = self._name(name)
        opened = _open_folder(self.kind)
        if opened is None:
            return
        folder, key = opened
        signature = hmac.new(key, name.encode() + b"\0" + body, hashlib.sha256).digest()
        final = f"{_checked(name)}.entry"
        temporary = f"{final}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600,
                         dir_fd=folder)
            with os.fdopen(fd, "wb") as file:
                file.write(signature + body)
            os.replace(temporary, final, src_dir_fd=folder, dst_dir_fd=folder)
            if secrets.randbelow(PRUNE_EVERY) == 0:
                prune(folder, MOST_ENTRIES)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=folder)
        finally:
            os.close(folder)


def prune(folder: int, most: int) -> int:
    """Remove the least recently written entries of the folder beyond `most` (down to 90 %
    of it, so that the next prune is not the next write); how many went."""
    with os.scandir(folder) as found:
        entries = [(entry.stat(follow_symlinks=False).st_mtime_ns, entry.name)
                   for entry in found if entry.name.endswith(".entry")]
    if len(entries) <= most:
        return 0
    entries.sort()
    gone = entries[:len(entries) - most * 9 // 10]
    for _, name in gone:
        with contextlib.suppress(OSError):
            os.unlink(name, dir_fd=folder)
    return len(gone)


def _checked(name: str) -> str:
    # Entry names are hashes made by pdfgen: nothing that could climb out of the folder.
    if not name or not set(name) <= _NAME_CHARS or name.startswith("."):
        raise ValueError(f"not a cache entry name: {name!r}")
    return name


def _open_folder(kind: str) -> tuple[int, bytes] | None:
    """A descriptor of the kind's folder and the user's key, or None when unusable."""
    root = cache_root()
    top = _private_folder(str(root), None)
    if top is None:  # (made when missing, not tried at each of a build's ~29 reads)
        try:
            root.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
        top = _private_folder(str(root), None)
    if top is None:
        return None
    try:
        key = _key(top)
        folder = _private_folder(_checked(kind), top) if key is not None else None
    finally:
        os.close(top)
    if folder is None or key is None:
        return None
    return folder, key


def _private_folder(path: str, parent: int | None) -> int | None:
    """Open (making it, mode 0700) a folder that is this user's and no one else's."""
    flags = os.O_RDONLY | _DIRECTORY | _NOFOLLOW
    try:
        fd = os.open(path, flags, dir_fd=parent)
    except FileNotFoundError:  # made when missing, not tried at each read
        try:
            os.mkdir(path, 0o700, dir_fd=parent)
        except FileExistsError:
            pass
        except OSError:
            return None
        try:
            fd = os.open(path, flags, dir_fd=parent)
        except OSError:
            return None
    except OSError:  # a symbolic link (ELOOP), or not a folder
        return None
    info = os.fstat(fd)
    if not stat.S_ISDIR(info.st_mode) or not _mine(info) or info.st_mode & 0o077:
        os.close(fd)
        return None
    return fd


def _mine(info: os.stat_result) -> bool:
    return not hasattr(os, "getuid") or info.st_uid == os.getuid()


def _key(folder: int) -> bytes | None:
    """The user's signing key, made on first use (readable by the user alone)."""
    # Read once a process while its file stays the same file, unchanged: a stat, not a read,
    # for each of a build's ~29 entries (pdfgen.caches "disk_cache_keys").
    try:
        info = os.stat(_KEY_FILE, dir_fd=folder, follow_symlinks=False)
    except OSError:
        info = None
    known = current().map("disk_cache_keys", 4)
    seen = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns,
            info.st_mode, info.st_uid) if info is not None else None
    remembered: bytes | None = known.get(seen) if seen is not None else None
    if remembered is not None:
        return remembered
    key = _read_private(_KEY_FILE, folder, _KEY_BYTES)
    if key is not None:
        if len(key) != _KEY_BYTES:
            return None
        if seen is not None:
            known.put(seen, key)
        return key
    fresh = secrets.token_bytes(_KEY_BYTES)
    try:
        fd = os.open(_KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600,
                     dir_fd=folder)
    except FileExistsError:  # another pdfgen made it a moment ago: use theirs
        key = _read_private(_KEY_FILE, folder, _KEY_BYTES)
        return key if key is not None and len(key) == _KEY_BYTES else None
    except OSError:
        return None
    with os.fdopen(fd, "wb") as file:
        file.write(fresh)
    return fresh


def _read_private(name: str, folder: int, limit: int) -> bytes | None:
    """A regular file of this user's, read without following links; None otherwise."""
    try:
        fd = os.open(name, os.O_RDONLY | _NOFOLLOW, dir_fd=folder)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or not _mine(info) or info.st_mode & 0o077:
            return None
        with os.fdopen(os.dup(fd), "rb") as file:
            data = file.read(limit + 1)
        return data if len(data) <= limit else None
    except OSError:
        return None
    finally:
        os.close(fd)


def jinja_bytecode_cache(compiler: str) -> object:
    """Jinja2's compiled templates, kept in the private cache and signed like the rest.

    `compiler` names the code that compiles them (pdfgen.text.sandbox.compiler_id): pdfgen
    rewrites templates as it compiles them, and code compiled by another version of that
    rewriting is never used. Jinja2's own FileSystemBytecodeCache keeps them in the shared
    temporary folder, and stops every command when someone else has made its folder there
    first.
    """
    from jinja2.bccache import Bucket, BytecodeCache

    _checked(compiler)

    class SignedBytecodeCache(BytecodeCache):
        def __init__(self) -> None:
            self.cache = Cache("jinja")

        def load_bytecode(self, bucket: Bucket) -> None:
            data = self.cache.get(f"{compiler}-{bucket.key}")
            if data is not None:
                bucket.bytecode_from_string(data)

        def dump_bytecode(self, bucket: Bucket) -> None:
            self.cache.put(f"{compiler}-{bucket.key}", bucket.bytecode_to_string())

    return SignedBytecodeCache()
