"""mapper.records behaves as the dataclasses it stands in for (issue 7: start-up time)."""
from __future__ import annotations

import copy
import dataclasses
import pickle
from typing import Optional

import pytest

from mapper.records import (FrozenInstanceError, asdict, field, fields, is_record, record,
                            replace)


@record(frozen=True, order=True)
class Point:
    x: int
    y: int = 0
    label: str = field(default="", compare=False)


@record
class Bag:
    name: str
    items: list[int] = field(default_factory=list)
    size: int = field(init=False)
    note: Optional[str] = None

    def __post_init__(self) -> None:
        self.size = len(self.items)


@record(frozen=True)
class Child(Point):
    z: int = 5


@dataclasses.dataclass(frozen=True, order=True)
class DataPoint:
    x: int
    y: int = 0
    label: str = dataclasses.field(default="", compare=False)


def test_init_defaults_and_factories():
    assert (Point(1).x, Point(1).y, Point(1, 2, "a").label) == (1, 0, "a")
    first, second = Bag("a"), Bag("b", [1, 2])
    assert first.items == [] and first.items is not Bag("c").items
    assert (first.size, second.size, second.note) == (0, 2, None)
    with pytest.raises(TypeError):
        Point()                      # x is required
    with pytest.raises(TypeError):
        Bag("a", size=3)             # init=False fields are not parameters


def test_equality_hash_order_repr_match_dataclasses():
    pairs = [(Point(1, 2, "a"), DataPoint(1, 2, "a")), (Point(1, 3), DataPoint(1, 3)),
             (Point(0, 9, "b"), DataPoint(0, 9, "b"))]
    for (left, left_dc) in pairs:
        for (right, right_dc) in pairs:
            for op in ("__eq__", "__lt__", "__le__", "__gt__", "__ge__"):
                assert getattr(left, op)(right) == getattr(left_dc, op)(right_dc), op
    assert Point(1, 2, "a") == Point(1, 2, "b") and hash(Point(1, 2, "a")) == hash(Point(1, 2))
    assert Point(1) != DataPoint(1) and Point(1).__eq__((1, 0)) is NotImplemented
    assert repr(Point(1, 2, "a")) == repr(DataPoint(1, 2, "a")).replace("DataPoint", "Point")
    assert sorted([Point(2), Point(1, 5), Point(1, 1)]) == [Point(1, 1), Point(1, 5), Point(2)]
    with pytest.raises(TypeError):
        hash(Bag("a"))               # mutable and compared by value


def test_frozen():
    point = Point(1)
    with pytest.raises(FrozenInstanceError):
        point.x = 2
    with pytest.raises(AttributeError):
        del point.y
    bag = Bag("a")
    bag.name = "b"
    assert bag.name == "b"


def test_inheritance_replace_fields_asdict():
    child = Child(1, 2, "l", 7)
    assert [f.name for f in fields(Child)] == ["x", "y", "label", "z"]
    assert Child(1).z == 5 and child != Point(1, 2)
    moved = replace(child, y=9)
    assert (moved.x, moved.y, moved.z, moved.label) == (1, 9, 7, "l") and child.y == 2
    assert replace(Bag("a", [1]), name="b").size == 1
    with pytest.raises(ValueError):
        replace(Bag("a"), size=4)
    nested = Bag("n", [1])
    nested.note = Point(3)           # type: ignore[assignment]
    assert asdict(nested) == {"name": "n", "items": [1], "size": 1,
                              "note": {"x": 3, "y": 0, "label": ""}}
    assert is_record(child) and is_record(Child) and not is_record(DataPoint(1))
    with pytest.raises(TypeError):
        fields(DataPoint(1))


def test_copy_and_pickle_keep_frozen_records():
    for value in (Child(1, 2, "x", 3), Bag("a", [1, 2])):
        assert copy.deepcopy(value) == value
        assert pickle.loads(pickle.dumps(value)) == value


def test_declaration_mistakes_are_refused():
    with pytest.raises(TypeError, match="non-default field 'b'"):
        @record
        class Wrong:
            a: int = 0
            b: int
    with pytest.raises(ValueError, match="default_factory"):
        @record
        class Shared:
            a: list[int] = []        # noqa: RUF012 - the mistake under test
    with pytest.raises(ValueError):
        field(default=1, default_factory=list)
