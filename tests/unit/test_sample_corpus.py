"""The bundled sample corpus is exactly what the generator writes (so it cannot rot)."""

from pathlib import Path

from xxgk.cli import SAMPLE_CORPUS
from xxgk.generate import write_corpus

# How xxgk/sample_corpus was made:
#   xxgk generate --out xxgk/sample_corpus -n 36 --seed 2019 --formats html,text,markdown,pdf,docx
N, SEED, FORMATS = 36, 2019, ("html", "text", "markdown", "pdf", "docx")


def test_sample_corpus_matches_the_generator(tmp_path):
    write_corpus(tmp_path, N, SEED, formats=FORMATS)
    expected = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    bundled = {p.name: p.read_bytes() for p in Path(SAMPLE_CORPUS).iterdir()}
    assert sorted(bundled) == sorted(expected)
    assert all(bundled[name] == expected[name] for name in expected)
