import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _load(name):
    # bench/ holds scripts, not a package: load them by path, under the names they import
    # each other by (pages.py imports national).
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="session")
def national():
    return _load("national")


@pytest.fixture(scope="session")
def pages(national):
    return _load("pages")


@pytest.fixture(scope="session")
def send(national):
    return _load("send")
