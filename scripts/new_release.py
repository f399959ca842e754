"""Start a new release: freeze the current one and open the next.

    python scripts/new_release.py

1. copies ``data/*.csv`` to ``data/archive/<current vintage>/`` (the current release's
   data, frozen from now on) and points the current release at that folder;
2. copies ``simulator/models/v<N>`` to ``simulator/models/v<N+1>`` (the new model starts
   as a copy: edit the copy, never the frozen one);
3. copies ``tests/golden/baseline.json`` to ``tests/golden/v<N>.json`` (the frozen
   release's figures, which its links must keep reproducing).

Then: add the new release to ``RELEASES`` in ``simulator/releases.py`` and make it
``CURRENT``, update ``VINTAGE`` in the new model, write the new data into ``data/`` and
run ``scripts/regenerate_golden.py``.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.releases import CURRENT  # noqa: E402


def main() -> None:
    version, vintage = CURRENT.version, CURRENT.vintage
    archive = ROOT / "data" / "archive" / vintage
    if archive.exists():
        sys.exit(f"{archive} exists: release {version} is already frozen")
    archive.mkdir(parents=True)
    for path in sorted((ROOT / "data").glob("*.csv")):
        shutil.copy2(path, archive / path.name)
    releases = ROOT / "simulator" / "releases.py"
    text = releases.read_text(encoding="utf-8")
    pattern = rf'Release\("{version}", "{vintage}", "([^"]*)", ""'
    releases.write_text(
        re.sub(pattern, rf'Release("{version}", "{vintage}", "\1", "archive/{vintage}"', text),
        encoding="utf-8",
    )
    model = ROOT / "simulator" / "models" / f"v{version}"
    shutil.copytree(model, model.with_name(f"v{int(version) + 1}"))
    golden = ROOT / "tests" / "golden"
    shutil.copy2(golden / "baseline.json", golden / f"v{version}.json")
    print(
        f"froze release {version} (data/archive/{vintage}, tests/golden/v{version}.json) and "
        f"opened simulator/models/v{int(version) + 1}: now add it to RELEASES"
    )


if __name__ == "__main__":
    main()
