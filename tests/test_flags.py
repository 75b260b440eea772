"""The flag registry (schemas/flags.csv) knows every flag the code can emit."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from baocao.docs import FLAGS_INTRO
from baocao.pipeline import process_file
from golden_compare import seeds_dir
from schemas.load import STAGES, flags, flags_markdown

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
PRODUCT_DIRS = ("normalize", "baocao", "extract", "schemas")


def test_registry_rows_are_well_formed():
    reg = flags()
    assert len(reg) >= 40
    for slug, f in reg.items():
        assert slug == slug.lower() and " " not in slug, slug
        assert f.stage in STAGES
        assert f.meaning, slug
        assert 0 < f.confidence_factor <= 1
        if f.confidence_factor == 1.0 and f.stage != "reader":
            assert f.note, f"{slug}: a factor of 1 needs a note saying how confidence is set instead"


def _emitted(paths: list[Path]) -> dict[str, str]:
    out: dict[str, str] = {}
    for p in paths:
        for v in process_file(p).values:
            for f in filter(None, v.flags.split(";")):
                out.setdefault(f, p.name)
    return out


def test_every_emitted_flag_is_registered():
    paths = sorted(SAMPLES.glob("*.txt")) + sorted(SAMPLES.glob("*.docx")) + sorted(SAMPLES.glob("*.pdf"))
    seeds = seeds_dir()
    if seeds.is_dir():
        paths += sorted(seeds.glob("*.txt"))
    assert len(paths) >= 12
    emitted = _emitted(paths)
    unknown = {f: where for f, where in emitted.items() if f not in flags()}
    assert not unknown, f"flags emitted but missing from schemas/flags.csv: {unknown}"
    # the run really exercises the registry: flags of several stages show up
    assert {flags()[f].stage for f in emitted} >= {"number", "label", "prose", "check"}


def _names_flag(node: ast.AST) -> bool:
    if isinstance(node, ast.Name):
        return "flag" in node.id.lower()
    if isinstance(node, ast.Attribute):
        return "flag" in node.attr.lower()
    if isinstance(node, ast.Subscript):  # flags[i].append(...)
        return _names_flag(node.value)
    return False


def _returns(trees: list[ast.AST]) -> dict[str, list[ast.AST]]:
    """Function name -> the expressions it returns, over all product modules."""
    out: dict[str, list[ast.AST]] = {}
    for tree in trees:
        for fn in ast.walk(tree):
            if isinstance(fn, ast.FunctionDef):
                out.setdefault(fn.name, []).extend(
                    r.value for r in ast.walk(fn) if isinstance(r, ast.Return) and r.value is not None)
    return out


def _slug_literals(tree: ast.AST, returns: dict[str, list[ast.AST]]) -> set[str]:
    """String constants (and the module constants they name) used where code sets a flag.

    The conventions the scan relies on: a flag is appended/extended to, assigned or added
    (``+``) to a name, attribute or keyword containing "flag"; is a ``FLAG_*`` constant; is the
    flags argument of the number reader's ``_Reading``/``_text``; or is returned into a
    flag-named target of a tuple unpacking (``scope, rank, scope_flags = _scope(...)``).
    """
    consts = {
        t.id: n.value.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)
        for t in n.targets
        if isinstance(t, ast.Name)
    }
    found: set[str] = set()
    # flags(stage="check") reads the registry: its stage name is no flag
    stage_args = {id(k.value) for k in ast.walk(tree) if isinstance(k, ast.keyword) and k.arg == "stage"}

    def collect(node: ast.AST) -> None:
        for sub in ast.walk(node):
            if id(sub) in stage_args:
                continue
            if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                found.add(sub.value)
            elif isinstance(sub, ast.Name) and sub.id in consts and sub.id.isupper():
                found.add(consts[sub.id])

    for n in ast.walk(tree):
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in ("append", "extend"):
            if _names_flag(n.func.value):
                for a in n.args:
                    collect(a)
        elif isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in ("flag_factor", "_text"):
            for a in n.args[1:] if n.func.id == "_text" else n.args:
                collect(a)
        elif isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "_Reading" and len(n.args) > 1:
            collect(n.args[1])
        elif isinstance(n, ast.BinOp) and isinstance(n.op, ast.Add) and (_names_flag(n.left) or _names_flag(n.right)):
            collect(n)
        elif isinstance(n, ast.keyword) and n.arg and "flag" in n.arg.lower() and n.arg != "flags_p":
            collect(n.value)
        elif isinstance(n, (ast.Assign, ast.AugAssign, ast.AnnAssign)) and n.value is not None:
            targets = n.targets if isinstance(n, ast.Assign) else [n.target]
            if any(_names_flag(t) or (isinstance(t, ast.Name) and t.id.startswith("FLAG_")) for t in targets):
                if not (isinstance(n.value, ast.Call) and isinstance(n.value.func, ast.Name)
                        and n.value.func.id == "flags"):  # a view of the registry itself
                    collect(n.value)
            for t in targets:
                if isinstance(t, ast.Tuple) and isinstance(n.value, ast.Call) and isinstance(n.value.func, ast.Name):
                    for k, elt in enumerate(t.elts):
                        if _names_flag(elt):
                            for r in returns.get(n.value.func.id, []):
                                if isinstance(r, ast.Tuple) and len(r.elts) > k:
                                    collect(r.elts[k])
    return {s for s in found if re.fullmatch(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*", s)}


def test_every_flag_literal_in_the_code_is_registered():
    files = [py for d in PRODUCT_DIRS for py in sorted((ROOT / d).rglob("*.py"))]
    trees = {py: ast.parse(py.read_text(encoding="utf-8")) for py in files}
    returns = _returns(list(trees.values()))
    found: dict[str, str] = {}
    for py, tree in trees.items():
        for slug in _slug_literals(tree, returns):
            found.setdefault(slug, str(py.relative_to(ROOT)))
    # the scan sees flags of every emitting module
    assert {"separator_ambiguous", "label_unmatched", "row_continued", "period_unknown", "total_mismatch",
            "measure_unknown", "unit_shared"} <= set(found)
    unknown = {s: where for s, where in found.items() if s not in flags()}
    assert not unknown, f"flag slugs in the code but not in schemas/flags.csv: {unknown}"
    # and the scan is complete: every registered flag is set somewhere it can see
    unused = set(flags()) - set(found)
    assert not unused, f"registered flags the code never sets (or sets in a way this scan misses): {unused}"


def test_readme_flag_table_is_generated_from_the_registry():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert FLAGS_INTRO + "\n\n" + flags_markdown() in readme, "run `python -m baocao.docs` and paste the Flags section"


@pytest.mark.parametrize("stage", ["number", "check", "prose"])
def test_module_flag_dicts_are_views_of_the_registry(stage):
    from normalize.checks import CHECK_FLAGS
    from normalize.numbers import CONFIDENCE_FACTORS, FLAGS

    view = {"number": FLAGS, "check": CHECK_FLAGS}.get(stage)
    if view is None:
        from normalize.prose import FLAGS as view
    assert view == {s: f.meaning for s, f in flags(stage=stage).items()}
    if stage == "number":
        assert CONFIDENCE_FACTORS == {s: f.confidence_factor for s, f in flags(stage="number").items()}


def test_an_unregistered_flag_is_a_clear_error():
    from schemas.load import SchemaError, flag_factor

    assert flag_factor("separator_ambiguous") == 0.7
    with pytest.raises(SchemaError, match="not in schemas/flags.csv"):
        flag_factor("no_such_flag")
