import pytest

from xxgk.settings import Settings


def test_environment_then_flags(tmp_path):
    env = {"XXGK_LAKE": "s3://bucket/prefix", "XXGK_BATCH_SIZE": "50",
           "XXGK_S3_ENDPOINT_URL": "http://127.0.0.1:9000"}
    s = Settings.from_env(env)
    assert (s.lake, s.batch_size, s.s3_endpoint_url) == ("s3://bucket/prefix", 50,
                                                          "http://127.0.0.1:9000")
    assert s.is_s3
    flagged = Settings.from_env(env, lake=str(tmp_path), batch_size=None)
    assert flagged.lake == str(tmp_path) and flagged.batch_size == 50 and not flagged.is_s3


def test_defaults_and_run_id():
    s = Settings.from_env({})
    assert s.lake.endswith("data/lake") and s.batch_size == 200
    assert s.run_id and s.run_id != Settings.from_env({}).run_id


def test_bad_batch_size_is_refused():
    with pytest.raises(ValueError):
        Settings(batch_size=0)


def test_describe_names_no_credentials(monkeypatch):
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "very-secret-value")
    s = Settings.from_env(lake="s3://b/p", s3_endpoint_url="http://127.0.0.1:9000")
    assert "very-secret-value" not in s.describe() + repr(s)
