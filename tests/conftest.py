"""Shared test setup: non-interactive plotting and the raw files fetched once per session."""

import gc

import matplotlib
import pytest

matplotlib.use("Agg")


@pytest.fixture(scope="session")
def shared_mirror():
    """Return the mirror folder (../shared/data), skipping tests that need it when absent."""
    from par_analysis.paths import default_mirror

    mirror = default_mirror()
    if mirror is None:
        pytest.skip("no mirror of the raw data (../shared/data or PAR_ANALYSIS_MIRROR)")
    return mirror


def pytest_unconfigure(config):
    """Let the process exit without a last garbage collection of everything the tests imported.

    Tearing down the scientific stack (about 4,000 modules) takes over a second per test worker;
    frozen objects are left to the end of the process instead.
    """
    gc.freeze()


def pytest_collection_finish(session):
    """Leave what collection loaded (the package, pandas, pytest) out of later garbage collections.

    Every full collection would walk those millions of long-lived objects again; frozen, they are
    skipped (objects the tests create are collected as usual).
    """
    gc.freeze()
