"""Safe, bounded YAML reading that keeps line and column marks.

Banks are untrusted input. This module reads them with PyYAML's C safe loader only, refuses files
that are too large, not UTF-8 or full of alias expansions ("billion laughs"), reports duplicate
keys, and keeps the composed node tree so that any problem found later (by pydantic or by the bank
checks) can be pointed at ``line:col`` in the file.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

#: Bank files larger than this are refused before reading (split big banks into several files).
MAX_FILE_BYTES = 32 * 1024 * 1024
#: Nodes that aliases may add on top of the file's own nodes.
MAX_ALIAS_EXPANSION = 100_000

Loc = tuple[int | str, ...]


@dataclass(frozen=True, order=True)
class Mark:
    """A 1-based position in a file."""

    line: int
    col: int


@dataclass
class YamlProblem(Exception):
    """The file cannot be read as YAML at all."""

    message: str
    mark: Mark = field(default_factory=lambda: Mark(1, 1))

    def __str__(self) -> str:
        return self.message


def decode(data: bytes) -> str:
    """Bytes → text. Only UTF-8 (with or without a byte-order mark) is accepted."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlProblem("the file is UTF-16 encoded; save it as UTF-8")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        bad = data[exc.start : exc.start + 1].hex().upper()
        raise YamlProblem(
            f"not valid UTF-8 text (byte 0x{bad}); save the file with UTF-8 encoding",
            Mark(line, col),
        ) from None
    if "\x00" in text:
        pos = text.index("\x00")
        raise YamlProblem(
            "the file contains a NUL byte; it is not a text file", _mark_at(text, pos)
        )
    return text


def _mark_at(text: str, pos: int) -> Mark:
    line = text.count("\n", 0, pos) + 1
    return Mark(line, pos - (text.rfind("\n", 0, pos) + 1) + 1)


def node_mark(node: Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


class _FastLoader(yaml.CSafeLoader):
    """The C safe loader, plus duplicate-key detection (used when the file has no anchors)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicate_keys: list[tuple[Mark, str]] = []

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        if len(mapping) != len(node.value):
            seen: set[object] = set()
            for key_node, _ in node.value:
                key = key_node.value if isinstance(key_node, ScalarNode) else id(key_node)
                if key in seen:
                    self.duplicate_keys.append((node_mark(key_node), str(key)))
                seen.add(key)
        return mapping


class _Loader(_FastLoader):
    """Also caps alias expansion: used when the file defines anchors."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._alias_budget = MAX_ALIAS_EXPANSION
        self._sizes: dict[int, int] = {}

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        if node in self.constructed_objects:
            # An alias: the same node used again. Charge the nodes it stands for.
            self._alias_budget -= self._size(node)
            if self._alias_budget < 0:
                raise YamlProblem(
                    "aliases expand to too many nodes (a 'billion laughs' file?); "
                    "write the content out instead of using anchors",
                    node_mark(node),
                )
        return super().construct_object(node, deep=deep)

    def _size(self, node: Node) -> int:
        known = self._sizes.get(id(node))
        if known is not None:
            return known
        size = 1
        if isinstance(node, SequenceNode):
            size += sum(self._size(child) for child in node.value)
        elif isinstance(node, MappingNode):
            size += sum(self._size(k) + self._size(v) for k, v in node.value)
        self._sizes[id(node)] = size
        return size


# An anchor (&name) is needed before any alias can occur; without one the cheaper loader is used.
_ANCHOR = re.compile(r"(?:^|[\s\[{,:-])&[^\s\[\]{},]")


def _describe_yaml_error(exc: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    where = Mark(mark.line + 1, mark.column + 1) if mark is not None else Mark(1, 1)
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    if mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        return YamlProblem("tab character; YAML indentation must use spaces", where)
    if "expected a single document" in context or "expected a single document" in problem:
        return YamlProblem("more than one YAML document ('---'); a bank file holds one", where)
    if "exceeded maximum nesting depth" in problem:
        return YamlProblem("nesting too deep", where)
    message = f"YAML syntax error: {problem}" if problem else "YAML syntax error"
    if context and exc.context_mark is not None and exc.context_mark is not mark:
        cm = exc.context_mark
        message += f" ({context} at line {cm.line + 1}, column {cm.column + 1})"
    elif context:
        message += f" ({context})"
    return YamlProblem(message, where)


@dataclass
class Document:
    """A parsed YAML document: the plain data and the node tree it came from."""

    data: Any
    root: Node | None
    duplicate_keys: list[tuple[Mark, str]]

    def locate(self, loc: Loc, *, key: bool = False) -> Mark:
        """The mark of the node at ``loc`` (pydantic-style path), or of its nearest ancestor.

        Path elements that are not in the tree (pydantic's union tags, or a missing field) leave
        the mark at the deepest node found. With ``key=True`` the last element is looked up as a
        mapping key and its key node is returned (for "unknown field" problems).
        """
        if self.root is None:
            return Mark(1, 1)
        node: Node = self.root
        last_key: Node | None = None
        for i, part in enumerate(loc):
            want_key = key and i == len(loc) - 1
            if part == "[key]" and last_key is not None:
                node = last_key
                continue
            if isinstance(node, MappingNode):
                found = _mapping_lookup(node, part)
                if found is None:
                    continue
                last_key, value = found
                node = last_key if want_key else value
            elif (
                isinstance(node, SequenceNode)
                and isinstance(part, int)
                and 0 <= part < len(node.value)
            ):
                node = node.value[part]
                last_key = None
            # anything else (a tag, or a path into a scalar): stay where we are
        return node_mark(node)


def _mapping_lookup(node: MappingNode, part: int | str) -> tuple[Node, Node] | None:
    wanted = str(part)
    for key_node, value_node in node.value:
        if isinstance(key_node, ScalarNode) and key_node.value == wanted:
            return key_node, value_node
    return None


def parse(text: str) -> Document:
    """Parse one YAML document safely. Raises :class:`YamlProblem` with a mark on failure."""
    loader_cls: type[_Loader] | type[_FastLoader] = _Loader if _ANCHOR.search(text) else _FastLoader
    loader = loader_cls(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
        return Document(data, root, loader.duplicate_keys)
    except yaml.MarkedYAMLError as exc:
        raise _describe_yaml_error(exc, text) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML error: {exc}") from None
    except RecursionError:
        raise YamlProblem("nesting too deep") from None
    finally:
        loader.dispose()


def compose(text: str) -> Node | None:
    """Only the node tree (for locating problems in a bank that was loaded from the cache)."""
    loader = yaml.CSafeLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def describe_path(loc: Sequence[int | str]) -> str:
    """``('questions', 3, 'options', 0)`` → ``questions[3].options[0]``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
