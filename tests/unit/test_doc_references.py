"""Every markdown document a file names is in the repository.

Code, tests and docs once cited a design document that lived outside the repository, so a
future maintainer following the reference would find nothing. The living design is
docs/architecture.md; this test fails the moment any file points at a `.md` that is not here.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parents[2]
SKIPPED_DIRS = {".git", ".venv", ".cache"}
URL = re.compile(r"[a-z][a-z0-9+.-]*://\S+", re.IGNORECASE)
# A name ending in .md: letters, digits, _ . / - (a path or a bare file name).
MD_REFERENCE = re.compile(r"(?<![\w./-])([\w./-]*\w\.md)\b")
# Written by `make bench` and git-ignored: named in the code, never committed.
GENERATED = {"benchmarks/results/latest.md"}


def repository_files(root: Path) -> list[str]:
    """Tracked files and new ones not yet added, as git sees them (so .gitignore is honoured:
    the virtualenv, caches and build output are not the repository)."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=root, capture_output=True, text=True, check=True,
    ).stdout.split("\0")
    return sorted(path for path in listed if path and (root / path).is_file()
                  and not SKIPPED_DIRS & set(PurePosixPath(path).parts))


def resolves(reference: str, referrer: str, documents: set[str]) -> bool:
    """Relative to the referring file, or to the repository's root; a bare file name may be any
    document of that name (prose says "export-format.md" for docs/export-format.md)."""
    if any(reference in (generated, PurePosixPath(generated).name) for generated in GENERATED):
        return True
    here = PurePosixPath(referrer).parent
    for candidate in (here / reference, PurePosixPath(reference)):
        parts: list[str] = []
        for part in candidate.parts:
            if part == "..":
                if not parts:
                    break
                parts.pop()
            elif part != ".":
                parts.append(part)
        else:
            if "/".join(parts) in documents:
                return True
    return "/" not in reference and any(PurePosixPath(d).name == reference for d in documents)


def missing_references(root: Path) -> list[str]:
    files = repository_files(root)
    documents = {path for path in files if path.endswith(".md")}
    missing = []
    for path in files:
        try:
            text = (root / path).read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue  # binary files (icons) name nothing
        text = URL.sub(" ", text)  # a link elsewhere is not a document of this repository
        for number, line in enumerate(text.splitlines(), 1):
            for reference in MD_REFERENCE.findall(line):
                if not resolves(reference, path, documents):
                    missing.append(f"{path}:{number}: {reference}")
    return missing


def test_no_file_refers_to_a_markdown_document_that_is_not_in_the_repository():
    assert missing_references(ROOT) == []


def test_the_generated_documents_allowed_above_are_really_ignored_by_git():
    ignored = subprocess.run(["git", "check-ignore", *GENERATED], cwd=ROOT, capture_output=True,
                             text=True).stdout.split()
    assert sorted(ignored) == sorted(GENERATED)


def test_the_design_document_is_in_the_repository():
    assert (ROOT / "docs" / "architecture.md").is_file()


def md(stem: str) -> str:
    """Document names for the fixture below, built at run time: written out, they would be
    references of this very file, and most of them name nothing in the real repository."""
    return stem + ".md"


def test_a_missing_document_is_found_and_present_ones_pass(tmp_path):
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / md("guide")).write_text(
        f"See [the format]({md('format')}) and {md('../README')}.\n")
    (tmp_path / "docs" / md("format")).write_text(f"Back to [the guide]({md('./guide')}#top).\n")
    (tmp_path / md("README")).write_text(
        f"Read {md('docs/guide')}, {md('guide')} and https://example.org/{md('elsewhere')}.\n")
    (tmp_path / "app.py").write_text(f'"""As {md("plan")} says (and {md("docs/plan")})."""\n')
    (tmp_path / "docs" / "notes.txt").write_text(f"{md('../../outside')} is not in here\n")
    assert missing_references(tmp_path) == [
        f"app.py:1: {md('plan')}", f"app.py:1: {md('docs/plan')}",
        f"docs/notes.txt:1: {md('../../outside')}"]
