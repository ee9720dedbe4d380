"""The start-up check gunicorn.conf.py runs: several workers counting in memory are warned of."""

from ifs_pwa.deployment import memory_storage_warning


def test_several_workers_on_memory_storage_are_warned_of():
    message = memory_storage_warning(2, "memory://")
    assert message and "2 workers" in message and "RATELIMIT_STORAGE_URI=redis://" in message
    assert "pip install '.[redis]'" in message


def test_one_worker_or_a_shared_store_needs_no_warning():
    assert memory_storage_warning(1, "memory://") is None
    assert memory_storage_warning(4, "redis://127.0.0.1:6379/0") is None


def test_gunicorn_conf_warns_when_ready(monkeypatch):
    """gunicorn.conf.py (read by gunicorn from the repository) says it in gunicorn's own log."""
    import runpy
    from pathlib import Path
    from types import SimpleNamespace

    said = []
    conf = runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))
    fake = SimpleNamespace(cfg=SimpleNamespace(workers=2), log=SimpleNamespace(warning=said.append))
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    monkeypatch.delenv("RATELIMIT_ENABLED", raising=False)
    conf["when_ready"](fake)
    monkeypatch.setenv("RATELIMIT_ENABLED", "0")  # nothing counted: nothing to warn of
    conf["when_ready"](fake)
    monkeypatch.delenv("RATELIMIT_ENABLED")
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/7")
    conf["when_ready"](fake)
    assert len(said) == 1 and "2 workers" in said[0]
