"""Guard rails of the code layout.

- The model (``simulator/``) never imports Streamlit.
- The link format, the charts, the comparison, the briefing and the tables are pure: they
  import no Streamlit, so they can be tested without a session.
- No module of the app imports itself back through others (not even inside a function).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SIMULATOR = sorted((ROOT / "simulator").rglob("*.py"))
UI = sorted((ROOT / "ui").rglob("*.py"))
# UI modules that must stay free of Streamlit (the pages draw what they return).
PURE_UI = ["ui/link.py", "ui/compare.py", "ui/briefing.py", "ui/tables.py", "ui/text.py"]
PURE_UI += [
    f"ui/charts/{name}.py"
    for name in ("simulator", "analysis", "compare", "track_record", "export", "style")
]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module a file names in an import statement, at any depth, relative ones resolved."""
    name = module_name(path)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package[: len(package) - node.level + 1]
                base = ".".join([*parts, *([node.module] if node.module else [])])
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def streamlit_imports(paths: list[Path]) -> dict[str, list[str]]:
    found = {
        str(path.relative_to(ROOT)): sorted(
            name for name in imports(path) if name.partition(".")[0] == "streamlit"
        )
        for path in paths
    }
    return {path: names for path, names in found.items() if names}


def loads_streamlit(*modules: str) -> bool:
    """Whether importing ``modules`` in a fresh interpreter loads Streamlit, by any route."""
    code = f"import sys\nimport {', '.join(modules)}\nprint('streamlit' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return out.stdout.strip() == "True"


def test_nothing_under_simulator_imports_streamlit():
    assert SIMULATOR, "the model's files were found"
    assert streamlit_imports(SIMULATOR) == {}


def test_the_model_runs_without_loading_streamlit():
    modules = [module_name(p) for p in SIMULATOR]  # every release's model code too
    assert "simulator.models.v1" in modules and "simulator.models.v2.budget" in modules
    assert not loads_streamlit(*modules)


def test_the_pure_ui_modules_load_no_streamlit():
    paths = [ROOT / name for name in PURE_UI]
    assert all(path.is_file() for path in paths), PURE_UI
    assert streamlit_imports(paths) == {}
    assert not loads_streamlit(*(module_name(path) for path in paths))


def test_no_import_loops():
    modules = {module_name(path): path for path in [*SIMULATOR, *UI]}
    arrows = {
        name: sorted(target for target in imports(path) if target in modules and target != name)
        for name, path in modules.items()
    }
    try:
        TopologicalSorter(arrows).prepare()
    except CycleError as exc:
        pytest.fail(f"import loop: {' -> '.join(exc.args[1])}")
