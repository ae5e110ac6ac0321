"""Read TOML and YAML files; parse errors and line numbers in the words of the person editing."""

from __future__ import annotations

import functools
import hashlib
import json
import re
import stat
import tomllib
from collections.abc import Hashable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pdfgen.caches import current
from pdfgen.content.confine import OutsideError, confined
from pdfgen.content.parse_hints import (
    backslash_hint,
    curly_on,
    dash_without_space,
    open_quote,
    toml_hint,
    yaml_hint,
)
from pdfgen.content.yaml_nodes import MAX_DEPTH, FieldNameError, check_nodes
from pdfgen.errors import ContentError

if TYPE_CHECKING:
    import yaml

# Content files are a few kilobytes; the limits stop a broken or hostile file early.
MAX_FILE_BYTES = 1024 * 1024
# What a YAML file read, kept in the private cache by its text: a handout's command reads
# its routine and exercises without importing PyYAML (~8 ms). The entries' format: a
# change makes every one stale (as does a change to this file or to PyYAML).
YAML_FORMAT = 2
# A whole number as a person writes one. YAML 1.1, PyYAML's, also reads 010 as 8 (octal),
# 0x10 as 16 and 1:30 as 90 (base 60): a dose typed with a leading zero printed another
# number. Anything else stays text, which a number field then refuses, naming it.
DECIMAL = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")


@functools.cache
def _loader() -> Any:
    """YAML's safe loader, except that dates stay text until the model reads them (PyYAML
    turns `2026-13-01` into a crash, and `2026-11-24` in a step into a date object), whole
    numbers are decimal only (DECIMAL), and a field written twice, or named by a list or a
    mapping, is an error (YAML would silently keep the second, or crash)."""
    import yaml

    # libyaml's loader where PyYAML was built with it, the pure-Python one otherwise (the
    # two share the SafeConstructor that _Loader changes).
    safe_loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class _Loader(safe_loader):
        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False
                              ) -> dict[Hashable, Any]:
            seen: dict[object, int] = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                line = key_node.start_mark.line + 1
                if not isinstance(key, str | int | float | bool) and key is not None:
                    if node.flow_style and isinstance(key_node, yaml.MappingNode):
                        # `{{ clinic.name }}`: a mapping inside a mapping, to YAML
                        raise FieldNameError("text that starts with {{ must be in double "
                                             "quotes", line)
                    kind = "list" if isinstance(key_node, yaml.SequenceNode) else "mapping"
                    raise FieldNameError(f"a field's name must be text, not a {kind}", line)
                if key in seen:
                    raise FieldNameError(f"'{key}' is written twice (lines {seen[key]} "
                                         f"and {line}); keep one", line)
                seen[key] = line
            result: dict[Hashable, Any] = super().construct_mapping(node, deep=deep)
            return result

    _Loader.yaml_implicit_resolvers = {
        first: [(tag, regex) for tag, regex in resolvers
                if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int")]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    _Loader.add_implicit_resolver("tag:yaml.org,2002:int", DECIMAL, list("-+0123456789"))
    return _Loader


# What a word processor writes, by how its file starts.
DOCUMENTS = ((b"PK\x03\x04", "a Word or other office document (.docx, .odt, .pages)"),
             (b"\xd0\xcf\x11\xe0", "an older Word document (.doc)"),
             (b"{\\rtf", "a rich text document (.rtf)"),
             (b"%PDF-", "a PDF"))


def read_text(path: Path) -> str:
    try:
        confined(path)
    except OutsideError as exc:
        raise ContentError(path, "", str(exc)) from None
    try:
        # Only a file: a device (/dev/zero) would be read without end, a pipe waited on.
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(status.st_mode):
            raise ContentError(path, "", "not a file (a device or a pipe)")
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)  # (a file that grows as it is read, too)
        if status.st_size > MAX_FILE_BYTES or len(data) > MAX_FILE_BYTES:
            size = max(status.st_size, len(data))
            # (in bytes near the limit: "the file is 1.0 MB; ... at most 1 MB" said nothing)
            shown = f"{size / 1048576:.1f} MB" if size >= 1.1 * 1048576 else f"{size:,} bytes"
            raise ContentError(path, "", f"the file is {shown}; content files may be at most "
                               f"1 MB ({MAX_FILE_BYTES:,} bytes)")
        for start, kind in DOCUMENTS:  # (saved from a word processor: its own format)
            if data.startswith(start):
                raise ContentError(path, "", f"{kind}, not plain text: save it as plain "
                                   "text (UTF-8), or copy its text into a text editor")
        # (Notepad's UTF-8 starts with a BOM; its lines end \r\n, read as \n as Python does)
        return data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except FileNotFoundError:
        raise ContentError(path, "", "a link to a file that is not there" if path.is_symlink()
                           else "file not found") from None
    except IsADirectoryError:
        raise ContentError(path, "", "is a folder, expected a file") from None
    except UnicodeDecodeError as exc:  # saved as Latin-1 or Windows-1252, say: its line
        raise ContentError(path, "", f"not UTF-8 text (byte {exc.start}); save it as UTF-8",
                           exc.object[:exc.start].count(b"\n") + 1) from None
    except OSError as exc:
        raise ContentError(path, "", f"cannot be read ({exc.strerror})") from None


def parse_toml(path: Path) -> object:
    try:
        return tomllib.loads(read_text(path))
    except RecursionError:
        raise ContentError(path, "", f"not valid TOML (lists or tables nest more than "
                           f"{MAX_DEPTH} deep)") from None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = re.search(r"line (\d+)", message)
        if re.match(r"(Illegal|Found invalid) character '\\n'", message) and match:
            unclosed = int(match.group(1))
            raise ContentError(path, "", "not valid TOML (a quote is not closed: end the "
                               "text with a quote on the same line, or use \"\"\" for text "
                               f"over several lines){curly_on(read_text(path), unclosed)}",
                               unclosed) from None
        if message.startswith(("Unterminated string", "Expected \"'\"")):
            raise ContentError(path, "", "not valid TOML (a quote is not closed before the end "
                               "of the file)") from None
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", message) or "could not be parsed"
        line = int(match.group(1)) if match else None
        text = read_text(path)
        rows = text.splitlines()
        hint = toml_hint(text, line) or (
            '; text must be in double quotes, like name = "My Clinic"'
            if reason.startswith("Invalid value") else
            backslash_hint(rows[line - 1] if line and line <= len(rows) else "")
            if "escape" in reason.lower() or "'\\'" in reason or "hex value" in reason else "")
        raise ContentError(path, "", f"not valid TOML ({reason}){hint}", line) from None


def parse_yaml(path: Path) -> object:
    text = read_text(path)
    key = _yaml_key(text)
    known = _remembered_yaml(key)
    if known is not None:
        return known[0]
    value = _parse_yaml(path, text)
    if _plain(value):  # only what JSON gives back as it was (no date, set or bytes)
        from pdfgen.disk_cache import Cache

        Cache("yaml").put(key, json.dumps(value).encode())
    return value


def _parse_yaml(path: Path, text: str) -> object:
    import yaml

    loader = _loader()(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        check_nodes(node, text)
        return loader.construct_document(node)
    except FieldNameError as exc:
        raise ContentError(path, "", f"not valid YAML ({exc})", exc.line) from None
    except yaml.MarkedYAMLError as exc:
        if exc.context == "while scanning a quoted scalar" and exc.context_mark is not None:
            line = exc.context_mark.line + 1
            raise ContentError(path, "", "not valid YAML (a quote is not closed: the text "
                               f"that starts on line {line} needs its closing quote)"
                               f"{curly_on(text, line)}", line) from None
        raise _yaml_error(path, text, exc) from None
    except yaml.reader.ReaderError as exc:
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise ContentError(path, "", f"not valid YAML (the control character U+{code:04X} "
                           "is not allowed)") from None
    except yaml.YAMLError as exc:
        raise _yaml_error(path, text, exc) from None
    finally:
        loader.dispose()


def _yaml_key(text: str) -> str:
    parts = [YAML_FORMAT, _yaml_identity(), text]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def _remembered_yaml(key: str) -> tuple[object] | None:
    """The value kept for this key, in a tuple (a file may hold nothing: None); None if none
    is kept (or it is not one that pdfgen wrote)."""
    from pdfgen.disk_cache import Cache

    data = Cache("yaml").get(key)
    if data is None:
        return None
    try:
        value = json.loads(data)
    except ValueError:
        return None
    return (value,) if _plain(value) else None


def _plain(value: object) -> bool:
    """Whether JSON gives the value back as it is: text, numbers, true/false, null, and
    lists and text-keyed mappings of them (no alias makes a cycle: _check_nodes)."""
    if value is None or type(value) in (str, int, float, bool):
        return True
    if type(value) is list:
        return all(_plain(item) for item in value)
    if type(value) is dict:
        return all(type(k) is str and _plain(v) for k, v in value.items())
    return False


@functools.cache
def _yaml_identity() -> list[object]:
    """pdfgen's code that reads YAML and the installed PyYAML (its files' size and time of
    change), found without importing it; once a process."""
    from importlib.util import find_spec

    here = Path(__file__).parent  # (the code that decides what a file reads as, or refuses)
    code = b"".join((here / name).read_bytes()
                    for name in ("parsing.py", "yaml_nodes.py", "parse_hints.py"))
    out: list[object] = [hashlib.sha256(code).hexdigest()]
    for name in ("yaml", "_yaml"):
        spec = find_spec(name)
        origin = spec.origin if spec is not None else None
        try:
            info = Path(origin).stat() if origin else None
        except OSError:
            info = None
        out.append([name, origin, info and info.st_size, info and info.st_mtime_ns])
    return out


def _yaml_error(path: Path, text: str, exc: yaml.YAMLError) -> ContentError:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or "could not be parsed"
    line = mark.line + 1 if mark is not None else None
    opened = open_quote(text, line)
    if opened is not None:
        # A quoted text runs on to the next quote, lines later: the parser's line is not
        # where the mistake is.
        return ContentError(path, "", "not valid YAML (a quote is not closed: the text that "
                            f"starts on line {opened} needs its closing quote)"
                            f"{curly_on(text, opened)}", opened)
    hint = yaml_hint(text, line, problem)
    if "could not find expected ':'" in problem:
        line = dash_without_space(text, line) or line
    return ContentError(path, "", f"not valid YAML ({problem}){hint}", line)


def source_line(path: Path, loc: tuple[int | str, ...]) -> int | None:
    """The line where the value at `loc` is written, for YAML and (by its keys) TOML."""
    if path.suffix in (".yaml", ".yml"):
        return yaml_line(path, loc)
    if path.suffix == ".toml":
        return toml_line(path, loc)
    return None


def yaml_line(path: Path, loc: tuple[int | str, ...]) -> int | None:
    """The line of the YAML node at `loc`, or of its nearest parent that exists."""
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    # A file's nodes composed once for all its problems (a list of 2,000 unknown names
    # composed it again for each: 10 s, and a web page's handouts waited behind it).
    composed = current().map("yaml_nodes", 4)
    node = composed.get(text)
    if node is None:
        try:
            node = composed.put(text, yaml.compose(text, Loader=_loader()))
        except yaml.YAMLError:
            return None
    line = None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == part), None)
            if pair is None:
                break
            line, node = pair[0].start_mark.line + 1, pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                break
            item = node.value[part]
            line, node = item.start_mark.line + 1, item
        else:
            break
    return line


def toml_line(path: Path, loc: tuple[int | str, ...]) -> int | None:
    """The line of `key =` (inside `[table]` for nested keys); tomllib keeps no positions."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    keys = [part for part in loc if isinstance(part, str)]
    if not keys:
        return None
    table, key = ".".join(keys[:-1]), keys[-1]
    current = ""
    for number, raw in enumerate(lines, 1):
        row = raw.strip()
        header = re.fullmatch(r"\[\s*([^\]]+?)\s*\]", row)
        if header:
            current = header.group(1)
            if current == ".".join(keys):
                return number
            continue
        if current == table and re.match(rf"{re.escape(key)}\s*=", row):
            return number
    return None
