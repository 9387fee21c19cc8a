"""Sources files: what a valid one becomes, and that every mistake is reported with its place."""

from pathlib import Path

import pytest

from xxgk.ingest.address_safety import AddressPolicy
from xxgk.ingest.politeness import Politeness
from xxgk.ingest.sources_file import SourcesFileError, load_sources_file, parse_sources

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "sources.yaml"


def _problems(raw: object, tmp_path: Path) -> list[str]:
    with pytest.raises(SourcesFileError) as info:
        parse_sources(raw, base_dir=tmp_path)
    return info.value.problems


def test_valid_file_becomes_specs_with_defaults_and_overrides(tmp_path):
    (tmp_path / "reports").mkdir()
    parsed = parse_sources({
        "shards": 2,
        "defaults": {"requests_per_second": 0.5},
        "sources": [
            {"name": "kjj", "organ": "某市科学技术局",
             "listing": {"url": "https://www.example.gov.cn/ndbg/index.html", "max_pages": 3,
                         "page_template": "index_{n}.html"},
             "politeness": {"concurrency_per_host": 1}},
            {"name": "direct", "urls": ["https://a.example.gov.cn/2023.html"],
             "attachments": False, "allow_networks": ["127.0.0.1/32"]},
            {"name": "archive", "folder": "reports"},
            {"name": "bucket", "s3": "s3://b/p", "endpoint_url": "http://minio:9000"},
        ]}, base_dir=tmp_path)
    kjj, direct, archive, bucket = parsed.sources
    assert parsed.shards == 2
    assert (kjj.kind, kjj.organ, kjj.listing.max_pages) == ("listing", "某市科学技术局", 3)
    assert kjj.politeness == Politeness(requests_per_second=0.5, concurrency_per_host=1)
    assert direct.politeness == Politeness(requests_per_second=0.5)
    assert direct.attachments is False and kjj.attachments is True
    assert direct.address_policy == AddressPolicy(allow_networks=("127.0.0.1/32",))
    assert kjj.address_policy == AddressPolicy()  # private addresses refused by default
    assert archive.folder == str((tmp_path / "reports").resolve())
    assert (bucket.s3_uri, bucket.endpoint_url) == ("s3://b/p", "http://minio:9000")
    assert kjj.start_urls() == ("https://www.example.gov.cn/ndbg/index.html",)


def test_listing_may_be_just_a_url(tmp_path):
    (spec,) = parse_sources({"sources": [{"name": "x", "listing": "http://a.gov.cn/l.html"}]},
                            base_dir=tmp_path).sources
    assert spec.listing.url == "http://a.gov.cn/l.html" and spec.listing.require_year


def test_every_problem_is_reported_with_its_place(tmp_path):
    problems = _problems({
        "shard": 3,
        "defaults": {"requests_per_second": -1, "speed": 3},
        "sources": [
            {"name": "a", "listing": {"url": "ftp://x.gov.cn/"}},
            {"name": "a", "urls": ["https://x.gov.cn/1.html"]},
            {"urls": []},
            {"name": "both", "urls": ["https://x.gov.cn/"], "folder": "x"},
            {"name": "nets", "urls": ["https://x.gov.cn/"], "allow_networks": ["10.0.0.999/8"],
             "allow_private": "yes"},
            {"name": "pol", "urls": ["https://x.gov.cn/"],
             "politeness": {"concurrency_per_host": 0, "retries": 1.5}},
            {"name": "pat", "listing": {"url": "https://x.gov.cn/", "title_pattern": "(",
                                        "page_template": "index.html"}},
            {"name": "missing", "folder": "no-such-folder"},
            "just a string",
            {"name": "zone", "s3": "s3://b/p", "region": ""},
        ]}, tmp_path)
    text = "\n".join(problems)
    for expected in [
        "top level: unknown key 'shard'",
        "defaults: unknown setting 'speed'",
        "defaults: requests_per_second must be a positive number",
        "sources[0] (a).listing.url: 'ftp://x.gov.cn/' must be an http:// or https:// URL",
        "sources[1] (a).name: 'a' is used twice",
        "sources[2].name: required",
        "sources[2].urls: must list at least one URL",
        "sources[3] (both): needs exactly one of listing, urls, folder, s3, found urls, folder",
        "sources[4] (nets).allow_networks: '10.0.0.999/8' is not a network",
        "sources[4] (nets).allow_private: must be true or false",
        "sources[5] (pol).politeness: concurrency_per_host must be a whole number",
        "sources[5] (pol).politeness: retries must be a whole number",
        "sources[6] (pat).listing.title_pattern: not a valid regular expression",
        "sources[6] (pat).listing.page_template: must be a string containing {n}",
        "is not a folder",
        "sources[8]: must be a mapping",
        "sources[9] (zone).region: must be a region name",
    ]:
        assert expected in text, expected


def test_an_empty_title_pattern_is_a_problem_of_its_listing(tmp_path):
    # `title_pattern:` written without a value reads as null: no pattern to choose titles by.
    problems = _problems({"sources": [{"name": "kjj", "listing": {
        "url": "https://www.example.gov.cn/ndbg/", "title_pattern": None}}]}, tmp_path)
    assert problems == ["sources[0] (kjj).listing.title_pattern: must be a regular expression"]


def test_empty_or_non_mapping_files_are_refused(tmp_path):
    assert _problems({"sources": []}, tmp_path) == ["sources: must be a non-empty list"]
    assert "mapping" in _problems(["x"], tmp_path)[0]
    bad = tmp_path / "bad.yaml"
    bad.write_text("sources: [unclosed", encoding="utf-8")
    with pytest.raises(SourcesFileError, match="not valid YAML"):
        load_sources_file(bad)


def test_error_message_names_the_file_and_counts_problems(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("sources:\n  - name: x\n", encoding="utf-8")
    with pytest.raises(SourcesFileError) as info:
        load_sources_file(path)
    assert str(path) in str(info.value) and "1 problem(s)" in str(info.value)


def test_shipped_example_is_valid():
    parsed = load_sources_file(EXAMPLE)
    kinds = {s.kind for s in parsed.sources}
    assert {"listing", "urls"} <= kinds
    assert all(s.address_policy == AddressPolicy() for s in parsed.sources)
