"""The stack of open elements and the list of active formatting elements of an HTML tree
builder, without the tree: tag names only, with where each name and each kind of element is
open, so that ``html_nesting`` can decide every tag in O(1). A hostile page must not make
the estimate of its cost slow itself.
"""

from __future__ import annotations

from xxgk.decode.html_tag_rules import (
    FOREIGN_KINDS,
    HTML_KINDS,
    KINDS,
    MAX_IDENTICAL_ACTIVE,
    OBJECT_MARKERS,
    PUSH_HOOKS,
    TEMPLATE_HEAD_TAGS,
)


class _Active:
    """One entry of the list of active formatting elements."""

    __slots__ = ("name", "identity", "index", "removed")

    def __init__(self, name: str, identity: str, index: int) -> None:
        self.name = name
        self.identity = identity  # name and attributes: the Noah's Ark rule compares these
        self.index = index  # position in the stack of open elements, -1 when closed
        self.removed = False


class _ActiveSegment:
    """The active formatting elements after one marker (removed entries are dropped lazily)."""

    __slots__ = ("entries", "by_identity", "by_name")

    def __init__(self) -> None:
        self.entries: list[_Active] = []
        self.by_identity: dict[str, list[_Active]] = {}
        self.by_name: dict[str, list[_Active]] = {}

    def last_named(self, name: str) -> _Active | None:
        named = self.by_name.get(name)
        while named and named[-1].removed:
            named.pop()
        return named[-1] if named else None


class OpenElements:
    """The stack of open elements, where each name and each kind is open (topmost last),
    and the list of active formatting elements."""

    __slots__ = ("keys", "kinds", "positions", "kind_positions", "kind_lists", "plain_kinds",
                 "segments", "linked", "reconstructed", "fresh_templates", "column_templates")

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.kinds: list[tuple[list[int], ...]] = []  # per open element: its kinds' lists
        self.positions: dict[str, list[int]] = {}
        self.kind_positions: dict[str, list[int]] = {kind: [] for kind in KINDS}
        self.kind_lists = {
            key: tuple(self.kind_positions[kind] for kind in kinds)
            for key, kinds in (*HTML_KINDS.items(), *FOREIGN_KINDS.items())
        }
        self.plain_kinds = (self.kind_positions["html"],)
        self.segments: list[_ActiveSegment] = [_ActiveSegment()]
        self.linked: dict[int, _Active] = {}  # stack position -> its active entry
        self.reconstructed = 0
        self.fresh_templates: set[int] = set()  # positions of templates with no element yet
        self.column_templates: set[int] = set()  # positions of templates holding columns

    def push(self, key: str) -> int:
        """Open an element; return the new depth."""
        index = len(self.keys)
        kinds = self.kind_lists.get(key)
        if kinds is None:
            kinds = () if " " in key else self.plain_kinds
        self.keys.append(key)
        self.kinds.append(kinds)
        for positions in kinds:
            positions.append(index)
        own = self.positions.get(key)
        if own is None:
            self.positions[key] = [index]
        else:
            own.append(index)
        if key in PUSH_HOOKS:
            if key == "template":
                self.fresh_templates.add(index)
            else:
                self.segments.append(_ActiveSegment())
        return index + 1

    def pop_to(self, index: int) -> None:
        """Close the element at ``index`` and everything opened after it."""
        keys = self.keys
        while len(keys) > index:
            key = keys.pop()
            for positions in self.kinds.pop():
                positions.pop()
            positions = self.positions[key]
            positions.pop()
            if not positions:
                del self.positions[key]  # hostile pages use endless distinct names
            if self.linked:
                active = self.linked.pop(len(keys), None)
                if active is not None:
                    active.index = -1
            if key in PUSH_HOOKS:
                if key == "template":
                    self.fresh_templates.discard(len(keys))
                    self.column_templates.discard(len(keys))
                elif key not in OBJECT_MARKERS:
                    self.clear_to_last_marker()

    def pop_current(self) -> None:
        self.pop_to(len(self.keys) - 1)

    def top(self) -> str:
        return self.keys[-1] if self.keys else ""

    def holds_columns(self) -> bool:
        """True when the current element is a template whose content is columns only."""
        return len(self.keys) - 1 in self.column_templates

    def start_template_content(self, name: str) -> None:
        """Note the first element of the current template's content, if this is it."""
        current = len(self.keys) - 1
        if current in self.fresh_templates and name not in TEMPLATE_HEAD_TAGS:
            self.fresh_templates.discard(current)
            if name == "col":
                self.column_templates.add(current)

    def topmost(self, key: str) -> int:
        positions = self.positions.get(key)
        return positions[-1] if positions else -1

    def is_reachable(self, index: int, barriers: tuple[str, ...]) -> bool:
        """True when the element at ``index`` is open and no element of ``barriers``' kinds
        was opened after it."""
        if index < 0:
            return False
        for kind in barriers:
            positions = self.kind_positions[kind]
            if positions and positions[-1] > index:
                return False
        return True

    # -- active formatting elements --

    def clear_to_last_marker(self) -> None:
        if len(self.segments) > 1:
            self.segments.pop()

    def activate(self, name: str, identity: str, index: int) -> None:
        segment = self.segments[-1]
        same = [entry for entry in segment.by_identity.get(identity, ()) if not entry.removed]
        if len(same) >= MAX_IDENTICAL_ACTIVE:
            self.deactivate(same.pop(0))
        entry = _Active(name, identity, index)
        same.append(entry)
        segment.by_identity[identity] = same
        segment.entries.append(entry)
        segment.by_name.setdefault(name, []).append(entry)
        self.linked[index] = entry

    def deactivate(self, entry: _Active) -> None:
        entry.removed = True
        if entry.index >= 0:
            self.linked.pop(entry.index, None)
        entries = self.segments[-1].entries
        while entries and entries[-1].removed:
            entries.pop()

    def reconstruct(self) -> int:
        """Re-open the active formatting elements closed since; return the new depth."""
        entries = self.segments[-1].entries
        if not entries or entries[-1].index >= 0:
            return len(self.keys)
        first = len(entries) - 1
        while first > 0 and (entries[first - 1].removed or entries[first - 1].index < 0):
            first -= 1
        live = [entry for entry in entries[first:] if not entry.removed]
        entries[first:] = live  # drop removed entries once walked over
        for entry in live:
            entry.index = len(self.keys)
            self.linked[entry.index] = entry
            self.push(entry.name)
            self.reconstructed += 1
        return len(self.keys)
