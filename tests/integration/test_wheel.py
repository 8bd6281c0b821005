"""Resources and translations are found from an installed wheel, not only from a checkout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT


def test_wheel_carries_resources(tmp_path: Path) -> None:
    # No build isolation: hatchling comes with the dev extra, so this works offline.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "dist").glob("frontline_screening-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "screening_tools/_resources/instruments/adult_indicators.yaml" in names
    assert "screening_tools/_resources/schemas/instrument.schema.json" in names
    assert any(n.startswith("screening_tools/_translations/") for n in names)

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import json, screening_tools.paths as p;"
        "from screening_tools.content.loader import bundled_instruments;"
        "print(json.dumps([str(p.instruments_dir()), [i.id for i in bundled_instruments()]]))"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(site)
    # -I would drop site-packages (pydantic etc.); run from an unrelated folder instead.
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    where, ids = json.loads(result.stdout)
    assert Path(where).is_relative_to(site)
    assert "adult-indicators" in ids
