import pytest

from xxgk.settings import Settings
from xxgk.storage import ConditionFailed, open_lake
from xxgk.storage.keys import check_key, join
from xxgk.storage.local import LocalStore


def test_raw_is_content_addressed_and_never_rewritten(tmp_path):
    lake = open_lake(Settings(lake=str(tmp_path)))
    sha, new = lake.put_raw(b"report bytes")
    assert new and len(sha) == 64
    again, new_again = lake.put_raw(b"report bytes")
    assert (again, new_again) == (sha, False)
    assert lake.get_raw(sha) == b"report bytes"
    assert lake.raw_key(sha) == f"raw/objects/{sha[:2]}/{sha}"


def test_conditional_put_refuses_existing_key(tmp_path):
    store = LocalStore(tmp_path)
    store.put("curated/x.json", b"1", if_absent=True)
    with pytest.raises(ConditionFailed):
        store.put("curated/x.json", b"2", if_absent=True)
    assert store.get("curated/x.json") == b"1"
    store.put("curated/x.json", b"3")
    assert store.get("curated/x.json") == b"3"
    assert not [p for p in (tmp_path / "curated").iterdir() if p.name.startswith(".tmp-")]


@pytest.mark.parametrize("key", ["../etc/passwd", "/abs/key", "raw/../../x", "raw//x",
                                 "raw/./x", "raw\\x", "raw/x y"])
def test_keys_cannot_escape_their_zone(key):
    with pytest.raises(ValueError):
        check_key(key)


def test_join_builds_checked_keys():
    assert join("quality", "run-1", "data_docs") == "quality/run-1/data_docs"
    with pytest.raises(ValueError):
        join("quality", "..", "x")


def test_list_is_recursive_and_sorted(tmp_path):
    store = LocalStore(tmp_path)
    for key in ("staging/b/2.parquet", "staging/a/1.parquet", "raw/x"):
        store.put(key, b"")
    assert list(store.list("staging")) == ["staging/a/1.parquet", "staging/b/2.parquet"]
    assert list(store.list("nothing")) == []


def test_an_s3_lake_has_connections_for_every_reading_thread():
    from xxgk.ingest.crawler import CrawlOptions
    from xxgk.settings import Settings
    from xxgk.storage.lake import LAKE_CONNECTIONS, open_lake

    lake = open_lake(Settings(lake="s3://bucket/lake", s3_endpoint_url="http://127.0.0.1:9"))
    assert lake.store.client.meta.config.max_pool_connections == LAKE_CONNECTIONS
    assert LAKE_CONNECTIONS >= CrawlOptions().s3_readers
