"""Which OCR engine: RapidOCR (onnxruntime, PP-OCR models in its wheel) against Debian's
tesseract with chi_sim, on generated report pages rendered at 150 dpi.

Each page of a generated text-layer PDF (table-era reports) is rendered to grey pixels with
pdfium and read by both engines, one core each (onnxruntime on one thread; tesseract with
OMP_THREAD_LIMIT=1). The page's own text layer is the answer:

- numbers: how many of the page's digit runs the engine gives back (multiset), and how many
  it invents;
- labels: how many of the page's CJK runs (two characters or more: table labels, headings,
  phrases) appear in the engine's text, whitespace removed;
- characters: difflib's similarity of the two texts, whitespace removed, averaged by page;
- CPU seconds per page (the engine's process for RapidOCR, tesseract's child processes).

RapidOCR reads a lone "0" in a table cell as the letter "o" or "O" (no context to tell the
two apart); the "numbers, zero letters read as 0" row counts those as zeros, which is what
the reader does for a table cell that holds nothing else (``xxgk/decode/ocr_page.py``).
This script is a one-off measurement: it needs ``tesseract-ocr`` and ``tesseract-ocr-chi-sim``
(apt-get), which the pipeline does not. Writes bench/results/ocr_engines.{json,md}.

    .venv/bin/python bench/bench_ocr_engines.py --reports 4 --seed 21
"""

from __future__ import annotations

import argparse
import collections
import difflib
import io
import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine import describe_machine, machine_line  # noqa: E402
from xxgk.generate import generate_reports  # noqa: E402

NUMBER = re.compile(r"\d+")
CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
ZERO_LETTERS = re.compile(r"^[oO〇]+$")
DPI = 150


def rendered_pages(reports: int, seed: int) -> list[tuple[str, str, object]]:
    pages = []
    for report in generate_reports(reports, seed, formats=("pdf",),
                                   eras=("table_2019", "table_2021")):
        pdf = pdfium.PdfDocument(report.data)
        for index in range(len(pdf)):
            page = pdf[index]
            truth = page.get_textpage().get_text_range()
            image = page.render(scale=DPI / 72, grayscale=True).to_pil()
            pages.append((f"{report.doc_id}/{index + 1}", truth, image))
    return pages


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def tesseract_lines(image, psm: int) -> list[str]:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    done = subprocess.run(["tesseract", "stdin", "stdout", "-l", "chi_sim", "--psm", str(psm)],
                          input=buffer.getvalue(), capture_output=True, check=True,
                          env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    return done.stdout.decode("utf-8", "replace").splitlines()


_rapid: dict[str, object] = {}
# As shipped, and as xxgk/decode/ocr_engine.py sets it up: every reading kept (its own
# threshold comes later), no direction classifier, lines padded to 48 pixels, not 320, and
# detection never scaling up (a whole page at 150 dpi is not scaled either way).
RAPID_SETTINGS = {"as shipped": {},
                  "as the pipeline sets it": {"text_score": 0.0, "use_cls": False,
                                              "rec_img_shape": [3, 48, 48],
                                              "det_limit_type": "max",
                                              "det_limit_side_len": 4000}}


def rapid_lines(image, settings: str = "as shipped") -> list[str]:
    if settings not in _rapid:
        from rapidocr_onnxruntime import RapidOCR
        _rapid[settings] = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1,
                                    **RAPID_SETTINGS[settings])
    result, _ = _rapid[settings](np.asarray(image.convert("RGB")))  # type: ignore[operator]
    return [text for _, text, _ in result or []]


def score(truth: str, lines: list[str]) -> dict[str, float]:
    text = "\n".join(lines)
    flat_truth, flat_text = re.sub(r"\s+", "", truth), re.sub(r"\s+", "", text)
    wanted = collections.Counter(NUMBER.findall(truth))
    found = collections.Counter(NUMBER.findall(text))
    zeros = collections.Counter(NUMBER.findall("\n".join(
        "0" * len(line.strip()) if ZERO_LETTERS.match(line.strip()) else line for line in lines)))
    labels = CJK_RUN.findall(truth)
    return {
        "characters": len(flat_truth),
        "similarity": difflib.SequenceMatcher(None, flat_truth, flat_text, autojunk=False).ratio(),
        "numbers": sum(wanted.values()),
        "numbers_found": sum((wanted & found).values()),
        "numbers_found_zero_letters": sum((wanted & zeros).values()),
        "numbers_invented": sum((found - wanted).values()),
        "labels": len(labels),
        "labels_found": sum(1 for label in labels if label in flat_text),
    }


def measure(name: str, read, pages, cpu_clock) -> dict[str, object]:
    totals: collections.Counter = collections.Counter()
    similarities = []
    cpu_start, wall_start = cpu_clock(), time.perf_counter()
    for _, truth, image in pages:
        result = score(truth, read(image))
        similarities.append(result.pop("similarity"))
        totals.update(result)
    cpu = cpu_clock() - cpu_start
    wall = time.perf_counter() - wall_start
    row = {"engine": name, "pages": len(pages), "cpu_s_per_page": round(cpu / len(pages), 2),
           "pages_per_cpu_s": round(len(pages) / cpu, 3), "wall_s": round(wall, 1),
           "character_similarity": round(sum(similarities) / len(similarities), 4),
           **dict(totals)}
    print(row, flush=True)
    return row


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=4)
    ap.add_argument("--seed", type=int, default=21)
    ap.add_argument("--out", default=str(Path(__file__).parent / "results" / "ocr_engines"))
    args = ap.parse_args(argv)
    pages = rendered_pages(args.reports, args.seed)
    rows = []
    for settings in RAPID_SETTINGS:
        rapid_lines(pages[0][2], settings)  # models loaded before the clock starts
        rows.append(measure(f"rapidocr-onnxruntime, {settings}",
                            lambda image, s=settings: rapid_lines(image, s), pages,
                            time.process_time))
    for psm in (6, 11):
        rows.append(measure(f"tesseract chi_sim --psm {psm}",
                            lambda image, psm=psm: tesseract_lines(image, psm), pages,
                            children_cpu))
    machine = describe_machine()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps({"machine": machine, "dpi": DPI,
                                                    "rows": rows}, indent=2))
    md = ["# OCR engines on generated pages at 150 dpi (one core)", "",
          f"Machine: {machine_line(machine)}. {len(pages)} pages of {args.reports} generated "
          f"table-era PDFs (seed {args.seed}), rendered grey at {DPI} dpi; the answer is each "
          "page's text layer.", "",
          "| engine | CPU s/page | pages per CPU s | numbers found | numbers, zero letters "
          "read as 0 | numbers invented | labels found | character similarity |",
          "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        md.append(f"| {r['engine']} | {r['cpu_s_per_page']} | {r['pages_per_cpu_s']} | "
                  f"{r['numbers_found']} / {r['numbers']} | "
                  f"{r['numbers_found_zero_letters']} / {r['numbers']} | "
                  f"{r['numbers_invented']} | {r['labels_found']} / {r['labels']} | "
                  f"{r['character_similarity']} |")
    out.with_suffix(".md").write_text("\n".join(md) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
