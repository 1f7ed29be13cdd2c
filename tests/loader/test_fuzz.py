"""Fuzzing: mutated bytes and generated structures never raise anything but the
tool's own located error; valid generated journeys always score."""
from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mapper.core.errors import JourneyError
from mapper.loader.catalog import Catalog
from mapper.loader.yamlfile import decode, parse_yaml
from mapper.model.build import build_journey
from mapper.risk.assess import assess
from mapper.risk.profile import load_profile
from journey_helpers import journeys

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = [p.read_bytes() for p in sorted((REPO / "journeys").glob("*.yaml"))]
PROFILE = load_profile()
CATALOG = Catalog()
FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def load_bytes(data: bytes) -> None:
    """The whole pipeline up to the numbers; only JourneyError may escape."""
    try:
        journey = build_journey(parse_yaml(decode(data, "fuzz.yaml"), "fuzz.yaml"),
                                "fuzz.yaml", CATALOG)
        assess(journey, PROFILE)
    except JourneyError as exc:
        for problem in exc.problems:
            assert problem.path and problem.line >= 1 and problem.column >= 1
            assert problem.message


@st.composite
def mutated(draw):
    data = bytearray(draw(st.sampled_from(EXAMPLES)))
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["flip", "insert", "delete", "duplicate", "swap-line"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8)) if draw(st.booleans()) \
                else draw(st.sampled_from([b":", b"-", b"\n", b"  ", b"{", b"[", b"&a ", b"*a",
                                           b"!!", b"<<: ", b"'", b'"', b"\t", b"#", b"\xef\xbb\xbf",
                                           b"~", b"no", b"1e400", b".nan"]))
        elif kind == "delete":
            del data[at:at + draw(st.integers(1, 40))]
        elif kind == "duplicate":
            end = min(len(data), at + draw(st.integers(1, 200)))
            data[end:end] = data[at:end]
        else:
            lines = bytes(data).split(b"\n")
            if len(lines) > 2:
                i = draw(st.integers(0, len(lines) - 2))
                lines[i], lines[i + 1] = lines[i + 1], lines[i]
                data = bytearray(b"\n".join(lines))
    return bytes(data)


@FUZZ
@given(mutated())
def test_mutated_examples_never_crash(data):
    load_bytes(data)


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=20),
                    st.sampled_from(["no", "yes", "~", "rare", "critical", "sales", "t0", "1e-3"]))
KEYS = st.sampled_from(["journey", "stages", "touchpoints", "next", "likelihood", "severity",
                        "emotion", "stage", "outcome", "kind", "complaints", "resolution",
                        "rate", "back_to", "failure_modes", "segments", "share", "entry",
                        "promises", "kept_at", "id", "text", "use", "owner", "repeat_of",
                        "evidence", "observed", "negative", "cohort", "language", "x"])
TREES = st.recursive(SCALARS, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=5)), max_leaves=25)


@FUZZ
@given(st.dictionaries(KEYS, TREES, max_size=8))
def test_generated_structures_never_crash(tree):
    text = yaml.safe_dump(tree, allow_unicode=True)
    load_bytes(text.encode("utf-8"))


@FUZZ
@given(st.sampled_from(EXAMPLES), st.data())
def test_examples_with_a_value_replaced_never_crash(example, data):
    tree = yaml.safe_load(example)
    touchpoints = list(tree["touchpoints"])
    tid = data.draw(st.sampled_from(touchpoints))
    key = data.draw(KEYS)
    tree["touchpoints"][tid][key] = data.draw(TREES)
    load_bytes(yaml.safe_dump(tree, allow_unicode=True).encode("utf-8"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys())
def test_valid_generated_journeys_always_score(data):
    text = yaml.safe_dump(data, allow_unicode=True)
    journey = build_journey(parse_yaml(text, "gen.yaml"), "gen.yaml", CATALOG)
    analysis, findings = assess(journey, PROFILE)
    assert analysis.touchpoints and all(f.line >= 1 for f in findings)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys())
def test_valid_generated_journeys_always_build(data):
    """Diagrams, report and JSON render for any valid generated journey."""
    from mapper.site.outputs import render_journey

    text = yaml.safe_dump(data, allow_unicode=True)
    journey = build_journey(parse_yaml(text, "gen.yaml"), "gen.yaml", CATALOG)
    output = render_journey(journey, PROFILE)
    assert {f"{journey.id}.{ext}" for ext in ("json", "dot", "svg", "html")} <= set(output.files)
    assert all(output.files.values())
