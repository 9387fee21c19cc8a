"""Snapshot of decode + extract output, to prove a speed change altered nothing.

Writes one JSON line per document (cleaned text digest, fields, facts with evidence and spans,
warnings) for a fixed set: generated reports of every era, layout and format, plus the seed
reports when ../shared/corpus is beside the checkout. Compare two snapshots with --compare.

    .venv/bin/python bench/extraction_snapshot.py --out /tmp/before.jsonl
    .venv/bin/python bench/extraction_snapshot.py --out /tmp/after.jsonl --compare /tmp/before.jsonl
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from xxgk.decode import decode_document
from xxgk.extract.report import derive_headline, extract_report
from xxgk.generate import generate_reports
from xxgk.model import DocumentError

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"


def documents(n: int):
    for seed, formats in ((9, None), (505, None), (77, ("pdf", "docx"))):
        count = n if formats is None else max(20, n // 20)
        kwargs = {"formats": formats} if formats else {}
        for i, r in enumerate(generate_reports(count, seed, **kwargs)):
            yield f"gen{seed}/{i}/{r.filename}", r.data, r.filename
    if SEEDS.is_dir():
        for path in sorted(SEEDS.iterdir()):
            if path.is_file():
                yield f"seed/{path.name}", path.read_bytes(), path.name


def snapshot_one(data: bytes, filename: str) -> dict:
    try:
        doc = decode_document(data, filename=filename)
    except DocumentError as e:
        return {"error": e.kind}
    ex = extract_report(doc)
    headline, hw = derive_headline(ex.facts)
    return {
        "text_sha": hashlib.sha256(doc.text.encode()).hexdigest()[:20],
        "title": doc.title, "encoding": doc.encoding, "doc_warnings": list(doc.warnings),
        "fields": {k: [f.value, f.evidence, f.span_start, f.span_end, f.rule]
                   for k, f in sorted(ex.fields.items())},
        "facts": [[f.section, f.item, f.dimension, f.value, f.unit, f.qualifier, f.evidence,
                   f.span_start, f.span_end, f.rule] for f in ex.facts],
        "warnings": list(ex.warnings), "headline": headline, "headline_warnings": hw,
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1500)
    ap.add_argument("--out", required=True)
    ap.add_argument("--compare", help="an earlier snapshot; exit 1 when any document differs")
    args = ap.parse_args(argv)
    with open(args.out, "w", encoding="utf-8") as out:
        for key, data, filename in documents(args.n):
            row = {"doc": key, **snapshot_one(data, filename)}
            out.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    if not args.compare:
        return 0
    before = {json.loads(line)["doc"]: line for line in open(args.compare, encoding="utf-8")}
    after = {json.loads(line)["doc"]: line for line in open(args.out, encoding="utf-8")}
    differing = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    for key in differing[:20]:
        print("differs:", key)
    print(f"{len(differing)} of {len(before)} documents differ")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
