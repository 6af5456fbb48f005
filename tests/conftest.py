from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
SEEDS = REPO.parent / "shared" / "seeds"


def _load_tool(name: str):
    # tools/ is not part of the installed package; tests load its scripts by path.
    spec = importlib.util.spec_from_file_location(name, REPO / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


docsgen = _load_tool("docsgen")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def cli(runner: CliRunner):
    """Invoke the `maturity` app; returns the click Result."""
    from maturitykit.cli.app import app

    def invoke(*args: str, **kwargs):
        return runner.invoke(app, [str(a) for a in args], **kwargs)

    return invoke


def ok(result):
    """A CLI result that succeeded (shows the output when it did not)."""
    assert result.exit_code == 0, result.output
    return result


def refused(result):
    """A CLI result refused as unusable input: exit 2, one `maturity:` message, no traceback. Returns stderr."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stderr.startswith("maturity: ")
    return result.stderr
