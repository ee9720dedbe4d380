"""The start-up check gunicorn.conf.py runs: several workers counting in memory are warned of."""

from ifs_pwa.deployment import memory_storage_warning


def test_several_workers_on_memory_storage_are_warned_of():
    message = memory_storage_warning(2, "memory://")
    assert message and "2 workers" in message and "RATELIMIT_STORAGE_URI=redis://" in message
    assert "pip install '.[redis]'" in message


def test_one_worker_or_a_shared_store_needs_no_warning():
    assert memory_storage_warning(1, "memory://") is None
    assert memory_storage_warning(4, "redis://127.0.0.1:6379/0") is None
