"""A finding has one home: its catalogue entry (texts, severity, cause), the rule module that
declares it in `EMITS`, and its golden case (tests/test_golden.py covers every code).

The rule modules are found, not listed: every module of `checks` that names a finding code
as a value (not only to compare with) must declare it in its `EMITS`.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

from checks.catalogue import LANGUAGES, catalogue, cause_rank, causes

CHECKS = Path(__file__).resolve().parent.parent / "checks"


def named_codes(source: str, codes: set[str]) -> set[str]:
    """The finding codes a module's source names as values: string literals equal to a code,
    except in docstrings and in comparisons (`f.code == "input.empty"`, `code in ("a", "b")`),
    where a module only reads a code another rule emitted."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    docstrings = {
        node.body[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    declaration = {
        id(n)
        for node in tree.body
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "EMITS" for t in node.targets)
        for n in ast.walk(node.value)
    }
    found = set()
    for node in ast.walk(tree):
        if (
            not (isinstance(node, ast.Constant) and node.value in codes)
            or node in docstrings
            or id(node) in declaration
        ):
            continue
        up = parents.get(node)
        while isinstance(up, ast.Tuple | ast.List | ast.Set):
            up = parents.get(up)
        if not isinstance(up, ast.Compare):
            found.add(node.value)
    return found


def declared(source: str) -> tuple[str, ...] | None:
    """The module's `EMITS = (...)` as written (read from the source, so a module need not import)."""
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "EMITS" for t in node.targets):
            return tuple(ast.literal_eval(node.value))
    return None


def _modules() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(CHECKS.glob("*.py"))}


def test_every_module_declares_the_codes_it_names():
    codes = set(catalogue())
    problems = []
    for name, source in _modules().items():
        named, emits = named_codes(source, codes), declared(source)
        if emits is None:
            if named:
                problems.append(f"checks/{name}.py names {sorted(named)} but has no EMITS")
            continue
        if undeclared := named - set(emits):
            problems.append(f"checks/{name}.py emits {sorted(undeclared)} without declaring them in EMITS")
        if stale := set(emits) - named:
            problems.append(f"checks/{name}.py declares {sorted(stale)} in EMITS but never emits them")
        if len(emits) != len(set(emits)):
            problems.append(f"checks/{name}.py lists a code twice in EMITS")
    assert not problems, "\n".join(problems)


def test_every_catalogue_code_is_emitted_by_a_rule():
    emitted = {code for source in _modules().values() for code in declared(source) or ()}
    assert sorted(set(catalogue()) - emitted) == [], "codes in findings.toml that no rule module declares"
    assert sorted(emitted - set(catalogue())) == [], "declared codes missing from findings.toml"


def test_emits_is_what_the_module_exports():
    """The declaration read from the source is the module's own attribute (no second copy)."""
    for name, source in _modules().items():
        if (emits := declared(source)) is not None:
            assert emits == importlib.import_module(f"checks.{name}").EMITS, name


def test_the_scan_sees_an_undeclared_code():
    """The scan itself: a literal in a call is a use, a comparison or a docstring is not."""
    source = '''"""Mentions input.empty."""
EMITS = ("input.empty",)
def rule(f):
    """cert.expired here is prose."""
    if f.code == "input.csr" or f.code in ("input.jks", "input.crl"):
        return Finding("input.empty")
    return Finding("cert.expired", {})
'''
    codes = set(catalogue())
    assert named_codes(source, codes) == {"input.empty", "cert.expired"}
    assert declared(source) == ("input.empty",)


def test_every_code_has_a_cause_and_every_cause_is_used():
    ids = [c["id"] for c in causes()]
    assert len(ids) == len(set(ids))
    for c in causes():
        for lang in LANGUAGES:
            assert c[lang].strip(), (c["id"], lang)
    used = {e.get("cause") for e in catalogue().values()}
    assert used <= set(ids), f"causes not in causes.toml: {sorted(used - set(ids), key=str)}"
    assert set(ids) <= used, f"causes no finding has: {sorted(set(ids) - used)}"
    for code in catalogue():
        assert isinstance(cause_rank(code), int), code


def test_design_order_of_causes():
    """DESIGN.md: trust and signature first, then generation, kind, time, the rest."""
    assert [c["id"] for c in causes()][:4] == ["trust", "generation", "kind", "time"]


def test_report_orders_every_code_by_its_cause():
    from checks.report import ordered

    # every code once, in reverse catalogue order, so that the order cannot come from the input
    stubs = [{"code": c, "severity": e["severity"]} for c, e in reversed(list(catalogue().items()))]
    severities = ["error", "warning", "info"]
    ranks = [(cause_rank(f["code"]), severities.index(f["severity"])) for f in ordered(stubs)]
    assert ranks == sorted(ranks) and len(ranks) == len(catalogue())
