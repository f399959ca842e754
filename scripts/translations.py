"""Which messages of the app have no Chinese translation yet.

    python scripts/translations.py          # list them (with file and line), exit 1 if any
    python scripts/translations.py --pot    # also write locale/messages.pot (for editors)

Messages are every ``_("...")`` and ``N_("...")`` in the files ``babel.cfg`` names (Babel's
extraction); translations are the ``locale/zh/LC_MESSAGES/*.po`` catalogs (one per area of the app).
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.i18n import catalog  # noqa: E402


def messages() -> dict[str, list[tuple[str, int]]]:
    """Every message id the code translates -> where it appears."""
    found: dict[str, list[tuple[str, int]]] = {}
    with (ROOT / "babel.cfg").open() as cfg:
        from babel.messages.frontend import parse_mapping_cfg

        method_map, options_map = parse_mapping_cfg(cfg)
    for filename, lineno, message, _comments, _context in extract_from_dir(
        ROOT, method_map, options_map, keywords={"_": None, "N_": None}
    ):
        if isinstance(message, str) and message:
            found.setdefault(message, []).append((filename, lineno))
    return found


def missing(lang: str = "zh") -> dict[str, list[tuple[str, int]]]:
    known = catalog(lang)
    return {m: where for m, where in messages().items() if m not in known}


def main() -> int:
    if "--pot" in sys.argv:
        pot = Catalog(project="Compute Gap")
        for message, where in messages().items():
            pot.add(message, locations=where)
        with (ROOT / "locale" / "messages.pot").open("wb") as file:
            write_po(file, pot, omit_header=False, sort_output=True)
    gaps = missing()
    for message, where in gaps.items():
        print(f"{where[0][0]}:{where[0][1]}: {message!r}")
    print(f"{len(gaps)} of {len(messages())} messages untranslated", file=sys.stderr)
    return 1 if gaps else 0


if __name__ == "__main__":
    sys.exit(main())
