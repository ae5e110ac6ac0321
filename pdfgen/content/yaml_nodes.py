"""A YAML file's nodes checked before values are built from them: the features content never
needs (aliases, merge keys, deep nesting), and text YAML read other than it was written."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pdfgen.content.parse_hints import comment_cut, item_run_on

if TYPE_CHECKING:
    import yaml

MAX_DEPTH = 32  # lists and mappings inside each other
_MERGE = "tag:yaml.org,2002:merge"


class FieldNameError(Exception):
    """A field written twice, or a name that is not text or a number."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


class NodeError(FieldNameError):
    """A YAML feature pdfgen does not read, at a line."""


def check_nodes(root: yaml.Node, text: str) -> None:
    """Refuse aliases (`*name`), merge keys (`<<`) and deep nesting before building values:
    content never needs them, and a few aliases can stand for billions of values. Refuse
    too a list's item indented further than the one before it, which YAML reads as more of
    that one's text ("Stand up straight. - Step one foot forward." printed as one step)."""
    import yaml

    seen: set[int] = set()
    rows: list[str] | None = None  # the file's lines, split when a plain text is seen
    # Each entry: a node, its depth, and the line that refers to it (where an alias is used).
    stack: list[tuple[yaml.Node, int, int]] = [(root, 1, root.start_mark.line + 1)]
    while stack:
        node, depth, where = stack.pop()
        if id(node) in seen:
            raise NodeError("aliases (*name) are not read; write the value out in full", where)
        seen.add(id(node))
        line = node.start_mark.line + 1
        if depth > MAX_DEPTH:
            raise NodeError(f"lists and fields nest more than {MAX_DEPTH} deep", line)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                line = key.start_mark.line + 1
                if key.tag == _MERGE:
                    raise NodeError("merge keys (<<) are not read; write the fields out "
                                     "in full", line)
                stack += [(key, depth + 1, line), (value, depth + 1, line)]
        elif isinstance(node, yaml.SequenceNode):
            stack += [(item, depth + 1, line) for item in node.value]
        elif isinstance(node, yaml.ScalarNode) and not node.style:  # plain: None or ""
            rows = rows if rows is not None else text.splitlines()
            cut = comment_cut(rows, node.end_mark.line, node.end_mark.column)
            if cut is not None:  # ("Squat #1" printed as "Squat", and check said all good)
                shown = cut if len(cut) <= 40 else cut[:39] + "…"
                raise NodeError(f"'{shown}' is read as a comment, so the text before it is "
                                 "printed without it: put the whole text in double quotes "
                                 "(a comment of your own: '# ' with a space)",
                                 node.end_mark.line + 1)
            if node.end_mark.line == node.start_mark.line:
                continue
            run_on = item_run_on(text, node.start_mark.line, node.end_mark.line)
            if run_on is not None:
                raise NodeError(f"'{run_on[1]}' is indented further than the line above, so "
                                 "it was read as more of that line's text; line its - up "
                                 "with the - above", run_on[0])
