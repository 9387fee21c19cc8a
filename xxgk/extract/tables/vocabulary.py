"""The label vocabulary of the standard tables, loaded once from ``labels.yaml``.

This module only turns the data file into lookup structures: which table, axis and key a
printed label stands for. Deciding what a label means in its place in the text is the
reader's job (``reader.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from xxgk.extract.tables.label_text import key_heads, label_keys, squeeze, squeezed_keys

LABELS_PATH = Path(__file__).with_name("labels.yaml")
# Characters of a text read for the beginnings of its keys: enough to tell prose from labels.
_HEAD_SCAN = 10


# Entries are compared and hashed by identity: each is built once, from one line of the data
# file, and the reader hashes them constantly.
@dataclass(frozen=True, slots=True, eq=False)
class ColumnEntry:
    """A column header label: one key on one axis of a table, or a group of such keys."""

    table: str
    axis: str
    key: str
    era: str | None = None
    unit: str | None = None  # canonical unit of the values under it, when not the table's
    members: tuple[str, ...] = ()  # a group header ("法人或其他组织") lists the keys below it
    # money whose unit the format leaves open: read only where the header or cell prints one
    unit_printed: bool = False

    @property
    def is_group(self) -> bool:
        return bool(self.members)


@dataclass(frozen=True, slots=True, eq=False)
class RowEntry:
    """A row label. ``group`` rows head other rows; some (其他处理) may carry values too."""

    table: str
    key: str
    era: str | None = None
    group: bool = False
    has_values: bool = True
    era_with_values: str | None = None  # era a group row votes for when it carries values
    requires_group: str | None = None  # "其他" means other.other only under 其他处理
    measures: tuple[str, ...] = ()  # table2: the column keys this row may combine with
    local: bool = False  # not in the official format (e.g. Hubei's 其他主动公开文件)

    @property
    def parent(self) -> str | None:
        return self.key.split(".", 1)[0] if "." in self.key else None


@dataclass(frozen=True, slots=True, eq=False)
class MarkerEntry:
    """A cell that opens a header block (信息内容, 第二十条第(一)项, 申请人情况)."""

    table: str


@dataclass(frozen=True, slots=True, eq=False)
class SectionEntry:
    """A part heading of the report; ``opens`` is the table it holds, None closes the tables."""

    opens: str | None


Entry = ColumnEntry | RowEntry | MarkerEntry | SectionEntry


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity: a cache key in headers.py
class TableSpec:
    name: str
    axes: tuple[str, ...]
    unit: str
    columns: dict[str, ColumnEntry]  # by key; era variants of one key share it


@dataclass(frozen=True, slots=True)
class MoneyUnit:
    word: str
    unit: str
    to_yuan: int


@dataclass(frozen=True, slots=True, eq=False)  # compared and hashed by identity: one per file
class Vocabulary:
    tables: dict[str, TableSpec]
    by_key: dict[str, tuple[Entry, ...]]  # normalised label -> every entry printed that way
    not_a_number: frozenset[str]
    longest_not_a_number: int  # characters of the longest of them
    count_suffixes: tuple[str, ...]
    money_units: tuple[MoneyUnit, ...]
    key_prefixes: frozenset[str]  # every beginning of every key of by_key, "" included

    def lookup(self, text: str) -> tuple[Entry, ...]:
        """Every entry the cell text may stand for (empty when it is no known label)."""
        return self.lookup_squeezed(squeeze(text))

    def lookup_squeezed(self, squeezed: str) -> tuple[Entry, ...]:
        """``lookup`` of cell text already squeezed (``label_text.squeeze``)."""
        # Most texts looked up are lines of prose: the beginnings of their keys, found from a
        # short prefix, already show that no key is theirs (every beginning of a key is in
        # key_prefixes), without dropping the punctuation of the whole line.
        whole_head, short_head = key_heads(squeezed, _HEAD_SCAN)
        if whole_head not in self.key_prefixes and short_head not in self.key_prefixes:
            return ()
        whole, short = squeezed_keys(squeezed)
        found = self.by_key.get(whole)
        if found is None and short != whole:
            found = self.by_key.get(short)
        return found or ()


def _add(index: dict[str, list[Entry]], labels: list[str], entry: Entry) -> None:
    for label in labels:
        for key in set(label_keys(str(label))):
            if key and entry not in index.setdefault(key, []):
                index[key].append(entry)


def _str_or_none(value: object) -> str | None:
    return None if value is None else str(value)


def build_vocabulary(data: dict) -> Vocabulary:
    """Index the parsed YAML document; raises on a malformed entry (a bug in the data file)."""
    index: dict[str, list[Entry]] = {}
    for section in data["sections"]:
        _add(index, section["labels"], SectionEntry(opens=section["opens"]))
    tables: dict[str, TableSpec] = {}
    for name, spec in data["tables"].items():
        columns: dict[str, ColumnEntry] = {}
        for marker in spec.get("markers") or ():
            _add(index, marker["labels"], MarkerEntry(table=name))
        for col in spec["columns"]:
            column = ColumnEntry(table=name, axis=col["axis"], key=col["key"],
                                 era=_str_or_none(col.get("era")), unit=col.get("unit"),
                                 members=tuple(col.get("members") or ()),
                                 unit_printed=bool(col.get("unit_printed")))
            columns.setdefault(column.key, column)
            _add(index, col["labels"], column)
        for row in spec.get("rows") or ():
            entry = RowEntry(table=name, key=row["key"], era=_str_or_none(row.get("era")),
                             group=bool(row.get("group", False)),
                             has_values=bool(row.get("has_values", not row.get("group", False))),
                             era_with_values=_str_or_none(row.get("era_with_values")),
                             requires_group=row.get("requires_group"),
                             measures=tuple(row.get("measures") or ()),
                             local=bool(row.get("local", False)))
            _add(index, row["labels"], entry)
        tables[name] = TableSpec(name=name, axes=tuple(spec["axes"]), unit=spec["unit"],
                                 columns=columns)
    return Vocabulary(
        tables=tables,
        by_key={k: tuple(v) for k, v in index.items()},
        key_prefixes=frozenset(key[:n] for key in index for n in range(len(key) + 1)),
        not_a_number=frozenset(data["not_a_number"]),
        longest_not_a_number=max(map(len, data["not_a_number"])),
        count_suffixes=tuple(data["count_suffixes"]),
        money_units=tuple(MoneyUnit(m["word"], m["unit"], int(m["to_yuan"]))
                          for m in data["money_units"]),
    )


@lru_cache(maxsize=1)
def load_vocabulary(path: Path = LABELS_PATH) -> Vocabulary:
    with path.open(encoding="utf-8") as fh:
        return build_vocabulary(yaml.safe_load(fh))
