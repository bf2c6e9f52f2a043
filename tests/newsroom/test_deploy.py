"""The example systemd unit in deploy/ is one systemd accepts.

bench/cluster.py (`make cluster`) runs its app servers with the unit's
command; here systemd itself checks the whole unit, with its install
directory pointed at this checkout so that the command it names exists.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
UNIT = PROJECT / "deploy" / "newsroom@.service"

pytestmark = pytest.mark.skipif(
    shutil.which("systemd-analyze") is None, reason="needs systemd-analyze"
)


def verify(unit_text, tmp_path):
    (tmp_path / UNIT.name).write_text(unit_text)
    return subprocess.run(
        ["systemd-analyze", "verify", str(tmp_path / "newsroom@8001.service")],
        capture_output=True,
        text=True,
    )


def installed_here(unit_text):
    venv = Path(sys.executable).parent.parent
    return (
        unit_text.replace("/srv/newsroom/.venv", str(venv))
        .replace("/srv/newsroom", str(PROJECT))
        .replace("/etc/newsroom/env", "/dev/null")
    )


def test_service_unit_passes_systemds_check(tmp_path):
    result = verify(installed_here(UNIT.read_text()), tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_systemds_check_catches_a_broken_unit(tmp_path):
    broken = installed_here(UNIT.read_text()).replace("Type=exec", "Type=eventually")
    assert "Failed to parse service type" in verify(broken, tmp_path).stderr
