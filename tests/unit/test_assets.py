"""Minified static files (assets.py): valid JavaScript, smaller than the source, hashed URLs."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from ifs_pwa.assets import build

STATIC = Path(__file__).resolve().parents[2] / "static"
ASSETS = build(STATIC)


@pytest.mark.parametrize("name", sorted(n for n in ASSETS if n.endswith(".js")))
def test_every_minified_script_still_parses(name, tmp_path):
    node = shutil.which("node")
    assert node, "Node.js is needed to check the minified scripts"
    copy = tmp_path / Path(name).name
    copy.write_bytes(ASSETS[name].body)
    result = subprocess.run([node, "--check", str(copy)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_css_and_js_are_smaller_than_their_sources():
    for name, asset in ASSETS.items():
        if name.endswith((".css", ".js")):
            assert len(asset.body) < (STATIC / name).stat().st_size, name


def test_images_are_served_as_they_are():
    assert ASSETS["icons/icon-192.png"].body is None
