"""The layering holds: each import-linter contract in pyproject.toml is kept (the domain
imports no service, the services never import each other, only the Event Socket layer
imports greenswitch, only vaxel.infra does low-level I/O in the domain package)."""
from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CONTRACTS = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]


def lint_imports(*args: str) -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).with_name("lint-imports")), "--no-cache", "--no-logo"]
    return subprocess.run(command + list(args), cwd=REPO, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize("contract", CONTRACTS, ids=[c["id"] for c in CONTRACTS])
def test_import_contract_is_kept(contract):
    result = lint_imports("--contract", contract["id"])
    assert result.returncode == 0, f"{contract['name']}:\n{result.stdout}{result.stderr}"


def test_no_layering_contract_has_been_dropped():
    assert {c["id"] for c in CONTRACTS} >= {
        "domain-imports-no-service", "services-independent", "greenswitch-behind-esl",
        "domain-io-in-infra"}
