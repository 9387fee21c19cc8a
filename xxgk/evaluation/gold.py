"""Gold labels and the provenance of the texts they were made on.

A gold file holds one JSON object per document (the format of ``seeds.gold.jsonl``). A real
corpus keeps no report text in the repository: beside its gold file, ``provenance.jsonl`` says
where each text came from and the sha256 and length of the exact text that was labelled, so
that a text folder materialised later can be checked before it is scored. A text that is
missing or differs is reported, never scored.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()
            if line.strip()]


def find_texts(source: Path) -> dict[str, Path]:
    """Document id (file stem) -> path, for every file under ``source``."""
    return {p.stem: p for p in sorted(Path(source).rglob("*")) if p.is_file()}


@dataclass(frozen=True)
class TextProblem:
    doc_id: str
    kind: str  # missing | changed
    detail: str


def check_texts(texts: dict[str, Path], provenance: list[dict]) -> dict[str, TextProblem]:
    """Texts that are missing from the folder or whose bytes differ from the labelled ones."""
    problems: dict[str, TextProblem] = {}
    for record in provenance:
        doc_id = record["id"]
        path = texts.get(doc_id)
        if path is None:
            problems[doc_id] = TextProblem(doc_id, "missing", "no file with this id")
            continue
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest != record["sha256"]:
            problems[doc_id] = TextProblem(
                doc_id, "changed", f"sha256 {digest[:12]}… of {len(data)} bytes, labelled "
                f"{record['sha256'][:12]}… of {record.get('bytes', '?')} bytes")
    return problems


def default_provenance(gold_path: Path) -> Path | None:
    """``provenance.jsonl`` beside the gold file, when there is one."""
    candidate = Path(gold_path).with_name("provenance.jsonl")
    return candidate if candidate.is_file() else None
