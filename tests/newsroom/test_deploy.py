"""The example systemd units in deploy/ are ones systemd accepts.

bench/cluster.py (`make cluster`) runs its app servers and its worker with
the units' commands; here systemd itself checks the whole units, with their
install directory pointed at this checkout so that the command they name
exists.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
# Each unit, with the instance it is checked as.
UNITS = {
    "newsroom@.service": "newsroom@8001.service",
    "newsroom-worker@.service": "newsroom-worker@1.service",
}

pytestmark = [
    pytest.mark.skipif(
        shutil.which("systemd-analyze") is None, reason="needs systemd-analyze"
    ),
    pytest.mark.parametrize("unit", UNITS),
]


def verify(unit, unit_text, tmp_path):
    (tmp_path / unit).write_text(unit_text)
    return subprocess.run(
        ["systemd-analyze", "verify", str(tmp_path / UNITS[unit])],
        capture_output=True,
        text=True,
    )


def installed_here(unit):
    venv = Path(sys.executable).parent.parent
    return (
        (PROJECT / "deploy" / unit)
        .read_text()
        .replace("/srv/newsroom/.venv", str(venv))
        .replace("/srv/newsroom", str(PROJECT))
        .replace("/etc/newsroom/env", "/dev/null")
    )


def test_service_unit_passes_systemds_check(unit, tmp_path):
    result = verify(unit, installed_here(unit), tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_systemds_check_catches_a_broken_unit(unit, tmp_path):
    broken = installed_here(unit).replace("Type=exec", "Type=eventually")
    assert "Failed to parse service type" in verify(unit, broken, tmp_path).stderr
