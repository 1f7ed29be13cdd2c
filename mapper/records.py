"""Record classes: a lean stand-in for :mod:`dataclasses`.

Why not ``@dataclass``: on Python 3.11 it compiles each generated method in an
``exec`` of its own (six for a frozen class) and imports :mod:`inspect` (with
``ast``, ``dis`` and ``tokenize``).  For the 25 classes that ``check`` needs,
that was 21 ms of a 100 ms run, against the start-up target of 1.5 × a bare
``python -c "import yaml"`` (issue 7); for the whole package it was about
60 ms.  Here only ``__init__`` is compiled, one small ``exec`` a class, so
building a record costs what a hand-written ``__init__`` costs; equality,
hashing, ordering and ``repr`` are shared closures over an
:func:`operator.attrgetter` of the fields.

It covers what journeymap uses, with the dataclass semantics for each:
``frozen`` and ``order``, defaults, ``field(default=..., default_factory=...,
init=False, compare=False, repr=False)``, ``__post_init__``, fields inherited
from a record base class, and the helpers :func:`replace`, :func:`fields`,
:func:`asdict` and :func:`is_record`.
"""
from __future__ import annotations

from operator import attrgetter, ge, gt, le, lt
from typing import Any, Callable, TypeVar

__all__ = ["FrozenInstanceError", "Field", "asdict", "field", "fields", "is_record",
           "record", "replace"]

T = TypeVar("T")


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()
_FIELDS = "__record_fields__"


class FrozenInstanceError(AttributeError):
    """Raised when a field of a frozen record is assigned or deleted."""


class Field:
    __slots__ = ("name", "default", "default_factory", "init", "compare", "repr")

    def __init__(self, default: Any = MISSING, default_factory: Any = MISSING,
                 init: bool = True, compare: bool = True, repr: bool = True) -> None:
        if default is not MISSING and default_factory is not MISSING:
            raise ValueError("cannot specify both default and default_factory")
        self.name = ""
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.compare = compare
        self.repr = repr

    @property
    def required(self) -> bool:
        return self.default is MISSING and self.default_factory is MISSING

    def __repr__(self) -> str:
        return f"Field(name={self.name!r})"


def field(*, default: Any = MISSING, default_factory: Callable[[], Any] | Any = MISSING,
          init: bool = True, compare: bool = True, repr: bool = True) -> Any:
    """Per-field options, as :func:`dataclasses.field`."""
    return Field(default, default_factory, init, compare, repr)


def record(cls: type[T] | None = None, /, *, frozen: bool = False,
           order: bool = False) -> Any:
    """Class decorator: generate ``__init__``, ``__repr__``, ``__eq__`` (and
    ``__hash__``, ordering, frozen ``__setattr__``) from the annotated fields."""
    def wrap(klass: type[T]) -> type[T]:
        return _process(klass, frozen, order)
    return wrap if cls is None else wrap(cls)


def is_record(value: Any) -> bool:
    """A record class, or an instance of one."""
    return hasattr(value, _FIELDS)


def fields(value: Any) -> tuple[Field, ...]:
    """The fields of a record class or instance, in declaration order."""
    try:
        return getattr(value, _FIELDS)
    except AttributeError:
        raise TypeError(f"{value!r} is not a record") from None


def replace(value: T, /, **changes: Any) -> T:
    """A copy of the record ``value`` with some fields changed."""
    for item in fields(value):
        if not item.init:
            if item.name in changes:
                raise ValueError(f"field {item.name!r} is set by __init__ and cannot be replaced")
        elif item.name not in changes:
            changes[item.name] = getattr(value, item.name)
    return type(value)(**changes)


def asdict(value: Any) -> dict[str, Any]:
    """The record as a dict, records inside lists, tuples and dicts converted too
    (other values are shared, not deep-copied)."""
    if not is_record(value) or isinstance(value, type):
        raise TypeError("asdict() should be called on record instances")
    return _plain(value)


def _plain(value: Any) -> Any:
    if is_record(value):
        return {item.name: _plain(getattr(value, item.name)) for item in fields(value)}
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(item) for item in value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


# -- generating the class ------------------------------------------------------

def _is_classvar(annotation: Any) -> bool:
    text = annotation if isinstance(annotation, str) else repr(annotation)
    return text.startswith(("ClassVar", "typing.ClassVar"))


def _collect(cls: type) -> list[Field]:
    found: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        for item in base.__dict__.get(_FIELDS, ()):
            found[item.name] = item
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        if _is_classvar(annotation):
            continue
        value = cls.__dict__.get(name, MISSING)
        if isinstance(value, Field):
            item = value
            if item.default is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, item.default)
        else:
            item = Field(default=value)
        if isinstance(item.default, (list, dict, set)):
            raise ValueError(f"{cls.__name__}.{name}: mutable default {type(item.default).__name__}"
                             " is shared by every instance; use default_factory")
        item.name = name
        found[name] = item
    seen_default = False
    for item in found.values():
        if not item.init:
            continue
        if item.required and seen_default:
            raise TypeError(f"{cls.__name__}: non-default field {item.name!r} follows a "
                            "field with a default")
        seen_default = seen_default or not item.required
    return list(found.values())


def _init(cls: type, items: list[Field], frozen: bool) -> Callable[..., None]:
    """Compile ``__init__``: the one method whose speed matters (records are
    built per touchpoint, per state, per table row)."""
    names = {"_MISSING": MISSING, "_set": object.__setattr__}
    params, body = [], []
    for item in items:
        value = item.name
        if item.default is not MISSING:
            names[f"_d_{item.name}"] = item.default
            if item.init:
                params.append(f"{item.name}=_d_{item.name}")
            else:
                value = f"_d_{item.name}"
        elif item.default_factory is not MISSING:
            names[f"_f_{item.name}"] = item.default_factory
            if item.init:
                params.append(f"{item.name}=_MISSING")
                value = f"_f_{item.name}() if {item.name} is _MISSING else {item.name}"
            else:
                value = f"_f_{item.name}()"
        elif item.init:
            params.append(item.name)
        else:
            continue  # set by __post_init__
        body.append(f"_set(self, {item.name!r}, {value})" if frozen
                    else f"self.{item.name} = {value}")
    if hasattr(cls, "__post_init__"):
        body.append("self.__post_init__()")
    source = (f"def __create__({', '.join(names)}):\n"
              f" def __init__(self{''.join(', ' + p for p in params)}):\n"
              + "".join(f"  {line}\n" for line in body or ["pass"])
              + " return __init__\n")
    scope: dict[str, Any] = {}
    exec(compile(source, f"<record {cls.__qualname__}>", "exec"), scope)  # noqa: S102 - our own source
    init = scope["__create__"](**names)
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    return init


def _process(cls: type[T], frozen: bool, order: bool) -> type[T]:
    items = _collect(cls)
    setattr(cls, _FIELDS, tuple(items))
    own = cls.__dict__
    compared = [item.name for item in items if item.compare]
    key: Callable[[Any], Any] = attrgetter(*compared) if compared else (lambda self: ())
    shown = [item.name for item in items if item.repr]

    def __repr__(self: Any) -> str:
        return (f"{type(self).__qualname__}("
                + ", ".join(f"{name}={getattr(self, name)!r}" for name in shown) + ")")

    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return key(self) == key(other)
        return NotImplemented

    methods: dict[str, Any] = {"__init__": _init(cls, items, frozen), "__repr__": __repr__,
                               "__eq__": __eq__}
    if order:
        def compare(test: Callable[[Any, Any], bool]) -> Callable[[Any, Any], Any]:
            def method(self: Any, other: Any) -> Any:
                if other.__class__ is self.__class__:
                    return test(key(self), key(other))
                return NotImplemented
            return method
        methods.update(__lt__=compare(lt), __le__=compare(le), __gt__=compare(gt),
                       __ge__=compare(ge))
    # a class's own __hash__ wins; the None that defining __eq__ implies does not
    if "__hash__" not in own or (own["__hash__"] is None and "__eq__" in own):
        # mutable and compared by value: unhashable
        methods["__hash__"] = (lambda self: hash(key(self))) if frozen else None
    if frozen:
        field_names = frozenset(item.name for item in items)

        def __setattr__(self: Any, name: str, value: Any) -> None:
            if type(self) is cls or name in field_names:
                raise FrozenInstanceError(f"cannot assign to field {name!r}")
            super(cls, self).__setattr__(name, value)

        def __delattr__(self: Any, name: str) -> None:
            if type(self) is cls or name in field_names:
                raise FrozenInstanceError(f"cannot delete field {name!r}")
            super(cls, self).__delattr__(name)
        methods.update(__setattr__=__setattr__, __delattr__=__delattr__)
    for name, method in methods.items():
        if name in own and name != "__hash__":
            continue   # the class's own definition wins, as with dataclasses
        if callable(method):
            method.__qualname__ = f"{cls.__qualname__}.{name}"
        setattr(cls, name, method)
    return cls
