"""A folder on a file system of 64 KiB (a tmpfs), to fill: where mounting is not permitted
(not root, no privileges in a container), the tests that take it are skipped."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

SMALL_DISK_BYTES = 64 * 1024


def mounted_tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """The folder as a tmpfs of that size while the caller holds it; the test is skipped
    where mounting is not permitted."""
    if shutil.which("mount") is None:
        pytest.skip("no mount command here")
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "--lazy", str(folder)], check=True)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    yield from mounted_tmpfs(tmp_path / "small", str(SMALL_DISK_BYTES))
