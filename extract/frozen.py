"""A faster __init__ for the frozen dataclasses made once per cell, paragraph and value.

The __init__ that dataclasses writes for a frozen class sets every field through
object.__setattr__ (plain assignment is what `frozen` forbids): about twice the cost of
the whole object otherwise, and a report makes thousands of cells, provenances and value
records. `fast_init` gives such a class an __init__ with the same parameters, defaults and
order that stores the fields straight into the instance's __dict__, as attrs does for its
frozen classes. The class stays a frozen dataclass: fields(), replace(), asdict(), ==, hash
and repr are dataclasses' own, and assigning to a field afterwards still raises
FrozenInstanceError.

Only plain classes qualify (no slots, no __post_init__, no default factories, no init=False
or keyword-only fields): anything else is refused when the class is defined.
"""

from __future__ import annotations

import dataclasses
from typing import TypeVar

T = TypeVar("T", bound=type)


def fast_init(cls: T) -> T:
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or "__slots__" in vars(cls) or hasattr(cls, "__post_init__"):
        raise TypeError(f"fast_init: {cls.__name__} is not a frozen dataclass without slots and __post_init__")
    namespace: dict[str, object] = {}
    args, stores = [], []
    for f in dataclasses.fields(cls):
        if not f.init or f.kw_only or f.default_factory is not dataclasses.MISSING:
            raise TypeError(f"fast_init: {cls.__name__}.{f.name} is init=False, keyword-only or has a factory")
        if f.default is dataclasses.MISSING:
            args.append(f.name)
        else:
            namespace[f"_default_{f.name}"] = f.default
            args.append(f"{f.name}=_default_{f.name}")
        # one store per field, in field order: the instance dicts of a class keep sharing their keys
        stores.append(f"    d[{f.name!r}] = {f.name}\n")
    exec(f"def __init__(self, {', '.join(args)}):\n    d = self.__dict__\n{''.join(stores)}", namespace)  # noqa: S102
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__wrapped__ = cls.__init__  # inspect.signature(cls) shows the dataclass's own, annotations included
    cls.__init__ = init
    return cls
