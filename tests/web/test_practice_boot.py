"""A malformed practice file stops the app from starting, naming the file and field."""

from __future__ import annotations

import pytest

from ifs_pwa.practices.loader import PracticeFileError


def test_app_refuses_to_boot_with_a_broken_practice(make_app, tmp_path):
    (tmp_path / "bad.toml").write_text('title = "T"\nsummary = "S"\nminutes = 0\n'
                                        'setting = "alone"\nsteps = []\n')
    with pytest.raises(PracticeFileError, match=r"bad\.toml.*'minutes'"):
        make_app(PRACTICE_LIBRARY=str(tmp_path))
