"""What a TOML or YAML parser's complaint most likely means, in the words of the person
editing the file: a missing quote, a tab, text that needs quotes."""

from __future__ import annotations

import re
import tomllib

_QUOTED_VALUE = re.compile(r"""^\s*(?:-\s+|[^#'"\s][^#'"]*?:\s+)(["'])(.*)$""")
# The quotes a word processor types (“…”, ‘…’, „…“): pasted into a file, they are not quotes.
CURLY = "“”„‘’‚"
CURLY_HINT = "; the quotes “ ” are a word processor's curly ones: type straight quotes \" instead"


# In double quotes, YAML and TOML read \ as the start of an escape (\n a new line): a
# Windows path's \ between folders.
BACKSLASH_HINT = ("; in double quotes a \\ starts an escape: write / between folders "
                  "(images/squat-start.png), or put the text in single quotes")
# A path copied from Windows' Explorer (C:\Users\...): a file outside the clinic folder.
DRIVE_HINT = ("; a picture or logo is a file inside content/, named from there: copy it into "
              "content/images/ and write images/ and its name, like images/logo.svg")


def backslash_hint(row: str) -> str:
    """What to say of a \\ read as an escape on the line `row`: a path from another drive
    is copied into the clinic folder first."""
    return DRIVE_HINT if re.search(r"""["'][A-Za-z]:\\""", row) else BACKSLASH_HINT


def toml_hint(text: str, line: int | None) -> str:
    """`phone = +1 503 555 0199`: text written without its quotes, shown with them."""
    rows = text.splitlines()
    row = rows[line - 1] if line and line <= len(rows) else ""
    single = re.fullmatch(r"\s*([A-Za-z0-9_.-]+)\s*=\s*'(.*'.*)'\s*(#.*)?", row)
    if single is not None:  # (name = 'O'Brien's Physio': its apostrophe ends the text)
        key, value = single.group(1), single.group(2)
        quoted = value.replace("\\", "\\\\").replace('"', '\\"')
        return f'; an apostrophe ends text in single quotes: write it in double quotes: ' \
               f'{key} = "{quoted}"'
    found = re.fullmatch(r"\s*([A-Za-z0-9_.-]+)\s*=\s*([^\s\"'\[{#][^#]*?)\s*", row)
    if found is None:
        return ""
    key, value = found.groups()
    if value[0] in CURLY:
        return f'{CURLY_HINT}: {key} = "{value.strip(CURLY).strip()}"'
    try:
        tomllib.loads(f"x = {value}")
    except tomllib.TOMLDecodeError:
        quoted = value.replace("\\", "\\\\").replace('"', '\\"')
        return f'; text must be in double quotes: {key} = "{quoted}"'
    return ""


def curly_on(text: str, line: int | None) -> str:
    """The curly quotes' hint when that line holds one (`"Start: stand tall.”`, its closing
    quote curly, reads as a quote that is never closed)."""
    rows = text.splitlines()
    row = rows[line - 1] if line and line <= len(rows) else ""
    return CURLY_HINT if any(c in row for c in CURLY) else ""


def open_quote(text: str, until: int | None) -> int | None:
    """The first line (up to `until`) whose value opens a quote that the line does not close."""
    for number, row in enumerate(text.splitlines()[:until], 1):
        match = _QUOTED_VALUE.match(row)
        if not match:
            continue
        quote, rest = match.groups()
        # Escaped quotes do not close: \" inside double quotes, '' inside single ones.
        escaped = ("\\\\", '\\"') if quote == '"' else ("''",)
        for pair in escaped:
            rest = rest.replace(pair, "")
        if quote not in rest:
            return number
    return None


def comment_cut(rows: list[str], row: int, column: int) -> str | None:
    """What follows a text written without quotes that ends at `row`, `column` (from 0),
    when YAML reads it as a comment that cut the text short: "#2 band" in `- Use the #2
    band`. A comment of one's own is written `# so`, with a space."""
    rest = rows[row][column:] if row < len(rows) else ""
    found = re.match(r"[ \t]+(#\S.*?)\s*$", rest)
    return found.group(1) if found else None


def item_run_on(text: str, first: int, last: int) -> tuple[int, str] | None:
    """In a text written over rows `first` to `last` (counted from 0) without quotes, the
    first row after the first that starts like a list's item ("- Step one foot forward."),
    as its line number and its words: an item indented too far, read as more of the text."""
    rows = text.splitlines()
    for number in range(first + 1, min(last, len(rows) - 1) + 1):
        row = rows[number].strip()
        if row == "-" or row.startswith("- "):
            return number + 1, row if len(row) <= 40 else row[:37] + "..."
    return None


def yaml_hint(text: str, line: int | None, problem: str) -> str:
    """The likely mistake behind a YAML parser's message, in the admin's words."""
    lines = text.splitlines()
    nearby = lines[max(0, (line or 1) - 3):(line or 1)]
    if any("\t" in row[: len(row) - len(row.lstrip())] for row in nearby):
        return "; indent with spaces, not tabs"
    # (`key: {{ x }}` or `- {{ x }}`; not `key: Call at: {{ x }}`, whose trouble is the ': ')
    if any(re.match(r"(-\s+)?([\w.-]+:\s+)?\{\{", row.lstrip()) for row in nearby):
        return "; text that starts with {{ must be in double quotes"
    if any(c in row for row in nearby for c in CURLY):
        return CURLY_HINT
    if "escape character" in problem or "hexdecimal number" in problem:
        return backslash_hint(nearby[-1] if nearby else "")
    if "mapping values are not allowed" in problem:
        return _indented_under_a_value(lines, line) or (
            "; put text that contains ': ' in double quotes")
    quoted_first = r"""\s*(-\s+|[\w.-]+:\s+)(["'])[^"']*\2[ \t]*[^\s#]"""
    if any(re.match(quoted_first, row) for row in nearby[-2:]):
        # (`- "Keep going" is the rule.`: the quote ends the text, and the rest is left over)
        return ("; text that starts with a quote must end with it: put the whole text in "
                "double quotes, and the quotes inside it in single ones ('Keep going')")
    if "could not find expected ':'" in problem:
        return ("; a field's name has no ':' after it (summary: ...), or a list's - no space "
                "after it (- lunge)")
    if any(words in problem for words in ("expected key", "expected <block end>",
                                          "expected '-' indicator")):
        return ("; a line is indented more or less than the lines it belongs with: line it "
                "up with them")
    return ""


def _indented_under_a_value(lines: list[str], line: int | None) -> str:
    """`reps: 10` indented under `sets: 2`, which has its value (its own indent lost, say):
    YAML then reads "reps" as more of the text "2", and blames ': '."""
    if not line or line > len(lines):
        return ""
    row = lines[line - 1]
    above = next(((n, r) for n, r in reversed(list(enumerate(lines[:line - 1], 1)))
                  if r.strip() and not r.lstrip().startswith("#")), None)
    if above is None or not re.match(r"\s*[\w.-]+:(\s|$)", row):
        return ""
    number, upper = above
    if (len(row) - len(row.lstrip()) > len(upper) - len(upper.lstrip())
            and re.match(r"\s*(-\s+)?[\w.-]+:\s+[^\s#]", upper)):
        shown = upper.strip() if len(upper.strip()) <= 30 else upper.strip()[:27] + "..."
        return (f"; line {line} is indented more than line {number} above it ('{shown}'), "
                "which already has its value: give the fields of one part the same indent")
    return ""


def dash_without_space(text: str, line: int | None) -> int | None:
    """The line above `line` when it starts `-Bend` (a list's - without its space), which
    the parser blames on the line after it."""
    rows = text.splitlines()
    if line and 1 < line <= len(rows) + 1 and re.match(r"\s*-[^\s-]", rows[line - 2]):
        return line - 1
    return None
