"""The language of a browser test is its `lang` parameter, whether the test is
parametrized by it or takes a module fixture made once per language (a checker page with
Pyodide started): tests/conftest.py keeps one language in Firefox and WebKit by it."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module", params=["da", "en"])
def lang(request) -> str:
    return request.param
