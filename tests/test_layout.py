"""Guard rails of the code layout: the model (``simulator/``) never imports Streamlit."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imports(path: Path) -> set[str]:
    """Every module a file names in an absolute import statement, at any depth."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
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


SIMULATOR = sorted((ROOT / "simulator").rglob("*.py"))


def test_nothing_under_simulator_imports_streamlit():
    assert SIMULATOR, "the model's files were found"
    assert streamlit_imports(SIMULATOR) == {}


def test_the_model_runs_without_loading_streamlit():
    modules = [f"simulator.{p.stem}" for p in SIMULATOR if p.stem != "__init__"]
    assert not loads_streamlit("simulator", *modules)
