"""The repository stands alone: no file refers to a folder beside it (a fresh clone has nothing there)."""

import re
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]
# Built in pieces so that this file does not match itself.
_NAME = "sha" + "red"
SIBLING = re.compile(
    rf"(\.\./|/work/){_NAME}\b"  # a sibling folder, by relative or absolute path
    rf"|\b{_NAME}/(domain|design)\b"  # its domain or design notes
    rf"|/\s*[\"']{_NAME}[\"']"  # joined with pathlib
)


def tracked_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    return [ROOT / name.decode() for name in listed if name]


def test_no_file_refers_outside_the_repository():
    offenders = []
    for path in tracked_files():
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # images and other binary files
        for number, line in enumerate(text.splitlines(), 1):
            if SIBLING.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}")
    assert offenders == []


@pytest.mark.parametrize(
    "line",
    [
        "CASES = ROOT.parent / 'sha' 'red' / 'domain' / 'cases.json'".replace("' '", ""),
        "see ../sha" + "red/domain/rules.md",
        "open('/work/sha" + "red/x')",
        "(sha" + "red/design/ux.md)",
    ],
)
def test_the_check_catches_a_reference(line):
    assert SIBLING.search(line)


def test_the_check_leaves_ordinary_words_alone():
    assert not SIBLING.search('"""Shared fixtures, shared by every test."""')
