"""Build pydantic models from already-exact values, several times faster than model_construct.

The reader and the checks make about 170 small models per workbook; at county scale (thousands
of workbooks) pydantic's ``model_construct`` alone costs a tenth of the run. This does what it
does for our models (no aliases, no private attributes, no extra fields): fill defaults, set the
instance dict and the set of fields given.

This is the one place xlperf writes pydantic's private slots. It does so only on the pydantic
versions it was checked against (:data:`CHECKED`); on any other it uses ``model_construct``
(slower, same models). tests/core/test_fastmodel.py proves the result equals
``model_construct``'s and validates to an equal model, and fails while the installed pydantic is
not in :data:`CHECKED`: check the slots below on the new version, then add it.
"""

from __future__ import annotations

import functools
from typing import Any, TypeVar

import pydantic
from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)
#: The pydantic versions (major.minor) whose private slots this module was checked against.
CHECKED = frozenset({"2.11", "2.12", "2.13", "2.14"})
#: The slots of a model instance that :func:`construct` writes.
SLOTS = ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__")


def _usable() -> bool:
    """Whether the installed pydantic is one this module may write the slots of."""
    minor = ".".join(pydantic.VERSION.split(".")[:2])
    return minor in CHECKED and tuple(getattr(BaseModel, "__slots__", ())) == SLOTS


FAST = _usable()


@functools.cache
def _plan(cls: type[BaseModel]) -> tuple[tuple[str, Any, Any], ...]:
    """(name, default, default_factory) of every field, in declaration order."""
    return tuple((name, f.default, f.default_factory) for name, f in cls.model_fields.items())


@functools.cache
def _blank(cls: type[BaseModel]) -> tuple[dict[str, Any], tuple[tuple[str, Any], ...]]:
    """Every field's default in declaration order (as :func:`_plan` gives it, a factory's field
    too), and the (name, factory) of the fields whose default a factory makes."""
    plan = _plan(cls)
    return ({name: default for name, default, _ in plan},
            tuple((name, factory) for name, _, factory in plan if factory is not None))


def construct(cls: type[M], data: dict[str, Any]) -> M:
    """A model of ``cls`` holding ``data`` (trusted: no validation), defaults filled in."""
    if not FAST:
        return cls.model_construct(**data)
    # The defaults copied, then the data put over them: a dict keeps the place of a key it
    # already has, so the values come in declaration order as field by field; a factory runs
    # only for a field the data lacks (a fresh list for each model).
    blank, factories = _blank(cls)
    values = {**blank, **data}
    if len(values) != len(blank):  # data naming something that is no field: left out
        values = {name: data[name] if name in data else factory() if factory is not None
                  else default for name, default, factory in _plan(cls)}
    else:
        for name, factory in factories:
            if name not in data:
                values[name] = factory()
    model = cls.__new__(cls)
    put = object.__setattr__
    put(model, "__dict__", values)
    put(model, "__pydantic_fields_set__", set(data))
    put(model, "__pydantic_extra__", None)
    put(model, "__pydantic_private__", None)
    return model


def complete(cls: type[M], values: dict[str, Any]) -> M:
    """:func:`construct` of ``values`` that hold every field of ``cls`` in declaration order
    (as ``Rule.at`` builds a finding): nothing to fill in, so the same model without the plan."""
    return restore(cls, values) if FAST else cls.model_construct(**values)


def make(cls: type[M], **data: Any) -> M:
    """:func:`construct` with keyword arguments, as the readers call it."""
    return construct(cls, data)


def restore(cls: type[M], values: dict[str, Any]) -> M:
    """A model of ``cls`` from the values of every one of its fields, in declaration order (as
    a pickled model comes back from a worker process): :func:`construct` without defaults."""
    model = cls.__new__(cls)
    object.__setattr__(model, "__dict__", values)
    object.__setattr__(model, "__pydantic_fields_set__", set(values))
    object.__setattr__(model, "__pydantic_extra__", None)
    object.__setattr__(model, "__pydantic_private__", None)
    return model
