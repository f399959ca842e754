"""Write simulator/versions/<MODEL_VERSION>.json: the defaults a share link is read against.

Run it only when releasing a new model version (bump MODEL_VERSION first): links
store values that differ from their version's defaults, so a released file must
never change.  Usage: python scripts/freeze_version.py DATA_VINTAGE
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from simulator.scenario import MODEL_VERSION, VERSIONS_DIR, registry  # noqa: E402


def main() -> None:
    path = VERSIONS_DIR / f"{MODEL_VERSION}.json"
    if path.exists() and "--force" not in sys.argv:
        sys.exit(f"{path} exists: a released version's defaults never change (bump MODEL_VERSION)")
    vintage = next(a for a in sys.argv[1:] if not a.startswith("--"))
    info = {
        "model_version": MODEL_VERSION,
        "data_vintage": vintage,
        "defaults": {p.key: p.default for p in registry()},
    }
    path.write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
