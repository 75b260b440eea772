"""extract.frozen.fast_init: the same objects as dataclasses' own __init__, still frozen."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import sys
from dataclasses import dataclass, field

import pytest

import baocao
import extract
import normalize
from extract.frozen import fast_init


def _fast_classes() -> list[type]:
    for package in (extract, normalize, baocao):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if info.name.startswith(("baocao.review", "baocao.cli")):
                continue  # the web app and the CLI define no model types
            importlib.import_module(info.name)
    found = {obj for name, module in list(sys.modules.items()) if name.startswith(("extract", "normalize", "baocao"))
             for obj in vars(module).values()
             if isinstance(obj, type) and hasattr(obj.__init__, "__wrapped__") and dataclasses.is_dataclass(obj)
             and obj.__init__.__qualname__ == f"{obj.__qualname__}.__init__"}
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


FAST = _fast_classes()


def test_the_types_made_per_cell_and_value_have_it():
    names = {c.__qualname__ for c in FAST}
    assert {"Provenance", "Cell", "Paragraph", "ValueRecord", "TableValue", "Row", "Block"} <= names


@pytest.mark.parametrize("cls", FAST, ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_same_object_as_the_dataclass_init(cls):
    own = cls.__init__.__wrapped__
    assert inspect.signature(cls) == inspect.signature(own).replace(parameters=list(
        inspect.signature(own).parameters.values())[1:])
    params = list(inspect.signature(own).parameters.values())[1:]
    required = [object() for p in params if p.default is inspect.Parameter.empty]
    everything = [object() for _ in params]
    calls = [((*required,), {}), ((*everything,), {}), ((), {p.name: v for p, v in zip(params, everything)})]
    for args, kwargs in calls:
        if not args and not kwargs and required:
            continue
        expected = cls.__new__(cls)
        own(expected, *args, **kwargs)
        got = cls(*args, **kwargs)
        assert list(vars(got).items()) == list(vars(expected).items())
        assert got == expected
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(got, params[0].name, None)
    with pytest.raises(TypeError):
        cls(*everything, object())  # one argument too many, as the dataclass's own refuses


def test_replace_and_defaults_go_through_it():
    from extract.model import Cell, Provenance

    cell = Cell("12", 1, 2)
    assert cell.prov == Provenance() and cell.row_span == 1
    moved = dataclasses.replace(cell, col=3, prov=Provenance(table=1))
    assert (moved.text, moved.col, moved.prov.table) == ("12", 3, 1)


def test_refuses_what_it_cannot_build_the_same():
    @dataclass
    class Mutable:
        a: int

    @dataclass(frozen=True, slots=True)
    class Slotted:
        a: int

    @dataclass(frozen=True)
    class Checked:
        a: int

        def __post_init__(self):
            pass

    @dataclass(frozen=True)
    class Factory:
        a: list = field(default_factory=list)

    @dataclass(frozen=True)
    class Hidden:
        a: int = field(default=1, init=False)

    for cls in (Mutable, Slotted, Checked, Factory, Hidden):
        with pytest.raises(TypeError):
            fast_init(cls)
