"""Scans: the generator's PDFs rasterised into image-only PDFs, with the answers unchanged."""

from __future__ import annotations

import io

import numpy as np
import pypdfium2 as pdfium
from PIL import Image

from xxgk.generate import generate_reports
from xxgk.generate.binary_writers import render_pdf
from xxgk.generate.blocks import Block, ComposedReport
from xxgk.generate.scan_writer import SCAN_DPI, rasterise_to_scan, register_scan_font


def test_scan_report_is_image_only_with_the_pdfs_answers():
    scan = next(iter(generate_reports(1, seed=31, formats=("scan",), eras=("free_text",))))
    assert scan.format == "scan" and scan.filename.endswith(".pdf")
    pdf = pdfium.PdfDocument(scan.data)
    for page in pdf:
        assert page.get_textpage().get_text_range().strip() == ""
        images = list(page.get_objects())
        assert len(images) == 1 and images[0].get_px_size()[0] == round(
            page.get_width() * SCAN_DPI / 72)
    # Same report as a text PDF: the same answers, only the format differs.
    text_pdf = next(iter(generate_reports(1, seed=31, formats=("pdf",), eras=("free_text",))))
    assert {**scan.gold, "format": "pdf"} == text_pdf.gold


def test_scans_are_deterministic_jpeg_and_noisy():
    report = ComposedReport(title="某县统计局2021年政府信息公开工作年度报告", page_fields=(),
                            field_separator="", signature=(),
                            blocks=(Block("para", text="本年度共主动公开政府信息752条。"),))
    source = render_pdf(report, font=register_scan_font())
    first, again, other = (rasterise_to_scan(source, seed) for seed in (5, 5, 6))
    assert first == again and first != other
    page = pdfium.PdfDocument(first)[0]
    image = Image.open(io.BytesIO(next(page.get_objects()).get_data(decode_simple=True)))
    assert image.format == "JPEG" and image.mode == "L"
    # noise: the white paper is not one grey level
    assert np.unique(np.asarray(image.crop((0, 0, 60, 60)))).size > 5
