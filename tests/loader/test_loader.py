"""The YAML reader (marks, duplicates, merges, plain types, limits), the
messages of the loader (did you mean, Norway) and the touchpoint catalog."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import JOURNEYS, MINIMAL, run_main, shown, write
from mapper.core.errors import JourneyError
from mapper.loader.catalog import Catalog, builtin_catalog_dir
from mapper.loader.yamlfile import LMap, LSeq, decode, parse_yaml, read_yaml_file
from mapper.model.workspace import load_journey


def parse(text: str):
    return parse_yaml(text, "f.yaml")


def problems(text: str) -> list[str]:
    with pytest.raises(JourneyError) as info:
        parse(text)
    return [str(p) for p in info.value.problems]


def load_problems(path) -> list[str]:
    with pytest.raises(JourneyError) as info:
        load_journey(str(path))
    return [str(p) for p in info.value.problems]


# -- marks ---------------------------------------------------------------------

def test_marks_of_keys_and_values_are_one_based():
    tree = parse("a: 1\nb:\n  c: x\n  d: [1, 2]\n  e:\n    - {f: g}\n")
    assert isinstance(tree, LMap) and (tree.line, tree.column) == (1, 1)
    assert tree.key_marks == {"a": (1, 1), "b": (2, 1)}
    assert tree.value_mark("a") == (1, 4)
    assert tree.value_mark("b") == (3, 3)
    inner = tree["b"]
    assert inner.key_mark("c") == (3, 3) and inner.value_mark("c") == (3, 6)
    assert inner.key_mark("d") == (4, 3) and inner.value_mark("d") == (4, 6)
    assert isinstance(inner["d"], LSeq)
    assert inner["d"].marks == [(4, 7), (4, 10)]
    assert inner["d"].item_mark(1) == (4, 10)
    items = inner["e"]
    assert items.item_mark(0) == (6, 7)
    assert items[0].key_mark("f") == (6, 8) and items[0].value_mark("f") == (6, 11)
    assert items[0].source == "f.yaml"


def test_marks_count_characters_not_bytes():
    tree = parse("имя: [1, x]\nä: {ü: ö}\n")
    assert tree["имя"].marks == [(1, 7), (1, 10)]
    assert tree["ä"].value_mark("ü") == (2, 8)


def test_missing_key_falls_back_to_the_container_mark():
    tree = parse("top:\n  a: 1\n")
    assert tree["top"].key_mark("zzz") == (2, 3)
    assert tree["top"].value_mark("zzz") == (2, 3)


def test_located_message_in_a_journey(tmp_path):
    path = write(tmp_path, "j.yaml", MINIMAL.replace("severity: 2", "severity: 9"))
    assert load_problems(path) == [
        f"{path}:11:15: touchpoint 'site': severity must be between 1 and 5, got 9"]


# -- duplicate keys ------------------------------------------------------------

@pytest.mark.parametrize("text, where, first", [
    ("a: 1\na: 2\n", "2:1", 1),
    ("a:\n  b: 1\n  c:\n    d: 1\n    d: 2\n", "5:5", 4),
    ("a: {x: 1, y: 2, x: 3}\n", "1:17", 1),
    ("a:\n  - {k: 1}\n  - k: 1\n    k: 2\n", "4:5", 3),
])
def test_duplicate_keys_at_any_level(text, where, first):
    key = "a" if where == "2:1" else {"5:5": "d", "1:17": "x", "4:5": "k"}[where]
    assert problems(text) == [
        f"f.yaml:{where}: duplicate key '{key}' (first given at line {first}); "
        "YAML would silently keep only the last one"]


def test_duplicate_touchpoint_is_reported_with_both_lines(tmp_path):
    text = MINIMAL + "  site:\n    stage: buy\n"
    path = write(tmp_path, "j.yaml", text)
    assert load_problems(path) == [
        f"{path}:21:3: duplicate key 'site' (first given at line 6); "
        "YAML would silently keep only the last one"]


# -- merge keys --------------------------------------------------------------------

def test_merge_key_copies_the_anchored_mapping():
    tree = parse("base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  z: 3\n")
    assert tree["m"] == {"x": 1, "y": 2, "z": 3}
    assert "<<" not in tree["m"]


@pytest.mark.parametrize("text", [
    "base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  x: 3\n",  # explicit key after the merge
    "base: &b {x: 1, y: 2}\nm:\n  x: 3\n  <<: *b\n",  # explicit key before the merge
])
def test_explicit_key_overrides_merged_one_without_duplicate_error(text):
    tree = parse(text)
    assert tree["m"] == {"x": 3, "y": 2}
    explicit_line = text[:text.index("x: 3")].count("\n") + 1
    assert tree["m"].key_mark("x") == (explicit_line, 3)


def test_explicit_key_given_twice_after_merge_is_still_a_duplicate():
    assert problems("base: &b {x: 1}\nm: {<<: *b, x: 2, x: 3}\n") == [
        "f.yaml:2:19: duplicate key 'x' (first given at line 2); "
        "YAML would silently keep only the last one"]


def test_merge_of_a_list_of_mappings_first_wins():
    tree = parse("a: &a {x: 1}\nb: &b {x: 2, y: 2}\nm:\n  <<: [*a, *b]\n")
    assert tree["m"] == {"x": 1, "y": 2}


def test_merge_of_a_scalar_is_an_error():
    assert problems("a: &x [1]\nm:\n  <<: *x\n") == [
        "f.yaml:3:7: '<<' merges mappings only (use '<<: *name')"]


def test_merge_in_a_journey_file(tmp_path):
    text = MINIMAL.replace("  site:\n    name: Website\n", (
        "  site:\n    <<: &web {channel: web, emotion: 1}\n    name: Website\n"))
    text = text.replace("    channel: web\n    likelihood", "    likelihood")
    journey = load_journey(str(write(tmp_path, "j.yaml", text)))
    assert journey.touchpoints["site"].channel == "web"
    assert journey.touchpoints["site"].emotion == 1


# -- plain types, keys and raws ------------------------------------------------------

def test_keys_are_always_the_text_as_written():
    tree = parse("yes: 1\n1: 2\nno: a\n~: b\n1.5: c\ntrue: d\n2024-01-01: e\n")
    assert list(tree) == ["yes", "1", "no", "~", "1.5", "true", "2024-01-01"]
    assert all(isinstance(key, str) for key in tree)


def test_values_keep_yaml_types_and_their_raw_text():
    tree = parse("language: no\nflag: yes\ncount: 12\nshare: 0.5\nnone: ~\nname: x\n")
    assert tree["language"] is False and tree.raws["language"] == "no"
    assert tree["flag"] is True and tree.raws["flag"] == "yes"
    assert tree["count"] == 12 and isinstance(tree["count"], int)
    assert tree["share"] == 0.5
    assert tree["none"] is None and tree.raws["none"] == "~"
    assert "name" not in tree.raws  # plain text needs no raw


def test_raws_in_sequences():
    tree = parse("a: [no, 'no', x]\n")
    assert tree["a"] == [False, "no", "x"]
    assert tree["a"].raws == {0: "no"}


def test_timestamps_stay_text():
    tree = parse("day: 2024-01-02\nat: 2024-01-02T10:00:00Z\n")
    assert tree["day"] == "2024-01-02"
    assert tree["at"] == "2024-01-02T10:00:00Z"


def test_quoted_numbers_stay_strings():
    tree = parse("a: '12'\nb: \"3.5\"\nc: 'true'\nd: |\n  7\n")
    assert tree == {"a": "12", "b": "3.5", "c": "true", "d": "7\n"}
    assert tree.raws == {}


def test_explicit_plain_tags_are_allowed():
    tree = parse("a: !!str 12\nb: !!float 1\nc: !!int '7'\n")
    assert tree == {"a": "12", "b": 1.0, "c": 7}


@pytest.mark.parametrize("text, tag", [
    ("a: !!python/object/apply:os.system ['ls']\n", "!!python/object/apply:os.system"),
    ("a: !include other.yaml\n", "!include"),
    ("a: !!binary aGVsbG8=\n", "!!binary"),
    ("a: !!set {x, y}\n", "!!set"),
    ("a: !!omap [{x: 1}]\n", "!!omap"),
])
def test_object_tags_are_rejected(text, tag):
    assert problems(text) == [
        f"f.yaml:1:4: tag '{tag}' is not allowed: journey files hold plain values only "
        "(text, numbers, true/false, lists and mappings)"]


def test_invalid_explicit_int():
    assert problems("a: !!int 'x'\n") == ["f.yaml:1:4: 'x' is not a valid int"]


def test_empty_text_is_none():
    assert parse("") is None
    assert parse("# only a comment\n") is None


def test_alias_to_its_own_parent_is_an_error():
    assert problems("a: &x [1, *x]\n") == [
        "f.yaml:1:11: alias '*x' refers to an anchor that is not defined before it "
        "(or is its own parent)"]


def test_alias_as_key_must_be_text():
    assert problems("a: &k [1]\n*k : 2\n") == ["f.yaml:2:1: a mapping key must be a plain name"]
    assert parse("a: &k name\n*k : 2\n") == {"a": "name", "name": 2}


# -- encodings and line endings ------------------------------------------------------------

def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode("utf-8"))
    tree = read_yaml_file(str(path))
    assert tree.key_mark("journey") == (1, 1)
    journey = load_journey(str(path))
    assert journey.id == "tiny"


def test_crlf_line_endings_keep_line_numbers(tmp_path):
    path = tmp_path / "crlf.yaml"
    path.write_bytes(MINIMAL.replace("severity: 2", "severity: 9").replace("\n", "\r\n")
                     .encode("utf-8"))
    tree = read_yaml_file(str(path))
    assert tree["touchpoints"].key_mark("hotline") == (14, 3)
    assert load_problems(path) == [
        f"{path}:11:15: touchpoint 'site': severity must be between 1 and 5, got 9"]
    # text values carry no stray carriage returns
    tree = read_yaml_file(str(path))
    assert tree["touchpoints"]["site"]["name"] == "Website"


def test_crlf_journey_loads(tmp_path):
    path = tmp_path / "crlf.yaml"
    path.write_bytes(MINIMAL.replace("\n", "\r\n").encode("utf-8"))
    assert load_journey(str(path)).touchpoints["site"].line == 6


def test_invalid_utf8_column_counts_characters():
    with pytest.raises(JourneyError) as info:
        decode("a: 1\ntitle: Тест ".encode("utf-8") + b"\xe9\n", "f.yaml")
    assert [str(p) for p in info.value.problems] == [
        "f.yaml:2:13: file is not valid UTF-8 (byte 0xe9); save it as UTF-8"]


@pytest.mark.parametrize("bom", [b"\xff\xfe", b"\xfe\xff"])
def test_utf16_is_explained(bom):
    with pytest.raises(JourneyError) as info:
        decode(bom + "a: 1\n".encode("utf-16-le"), "f.yaml")
    assert str(info.value) == "f.yaml:1:1: file is UTF-16 encoded; save it as UTF-8"


def test_folder_given_as_file(tmp_path):
    with pytest.raises(JourneyError) as info:
        read_yaml_file(str(tmp_path))
    assert str(info.value) == f"{tmp_path}:1:1: is a folder, not a file"


# -- messages: did you mean, Norway ----------------------------------------------------------

@pytest.mark.parametrize("old, new, message", [
    ("journey: tiny\n", "journey: tiny\ntitel: T\n",
     "2:1: unknown key 'titel' (did you mean 'title'?)"),
    ("    next: {done: 0.5}\n", "    nxt: {done: 0.5}\n",
     "13:5: touchpoint 'site': unknown key 'nxt' (did you mean 'next'?)"),
    ("    stage: buy\n    channel: web", "    stage: byu\n    channel: web",
     "8:12: touchpoint 'site': unknown stage 'byu' (did you mean 'buy'?)"),
    ("    channel: web", "    channel: wbe",
     "9:14: touchpoint 'site': channel must be one of in_person, phone, email, web, app, "
     "mail, delivery, ad, other; got 'wbe' (did you mean 'web'?)"),
    ("{done: 0.5}", "{doen: 0.5}",
     "13:12: touchpoint 'site': unknown touchpoint 'doen' (did you mean 'done'?)"),
    ("    name: Website\n", "    name: Website\n    use: retail/online-chekout\n",
     "8:10: touchpoint 'site': unknown catalog entry 'retail/online-chekout' "
     "(did you mean 'retail/online-checkout'?)"),
    ("severity: 2", "severity: majr",
     "11:15: touchpoint 'site': severity must be between 1 and 5 or one of minor, moderate, "
     "serious, major, critical; got 'majr' (did you mean 'major'?)"),
])
def test_did_you_mean(tmp_path, old, new, message):
    assert old in MINIMAL
    path = write(tmp_path, "j.yaml", MINIMAL.replace(old, new, 1))
    assert load_problems(path) == [f"{path}:{message}"]


def test_norway_message(tmp_path):
    path = write(tmp_path, "j.yaml", MINIMAL.replace("journey: tiny\n",
                                                     "journey: tiny\nlanguage: no\n"))
    assert load_problems(path) == [
        f"{path}:2:11: language must be one of en, ru, bg; got false; YAML 1.1 reads an "
        "unquoted no as False — write 'no' in quotes"]


def test_quoted_no_is_just_an_unknown_language(tmp_path):
    path = write(tmp_path, "j.yaml", MINIMAL.replace("journey: tiny\n",
                                                     "journey: tiny\nlanguage: 'no'\n"))
    assert load_problems(path) == [
        f"{path}:2:11: language must be one of en, ru, bg; got 'no'"]


def test_yes_as_a_name_is_explained(tmp_path):
    path = write(tmp_path, "j.yaml", MINIMAL.replace("name: Website", "name: yes"))
    assert load_problems(path) == [
        f"{path}:7:11: touchpoint 'site': expected text, got true; YAML 1.1 reads an "
        "unquoted yes as True — write 'yes' in quotes"]


def test_numbers_as_names_are_kept_as_written(tmp_path):
    path = write(tmp_path, "j.yaml", MINIMAL.replace("name: Website", "name: 1.50"))
    assert load_journey(str(path)).touchpoints["site"].name == "1.50"


# -- all problems at once, sorted ---------------------------------------------------------------

def test_all_problems_of_a_file_are_reported_sorted_by_line(tmp_path):
    text = (MINIMAL
            .replace("journey: tiny\n", "journey: tiny\ncohort: 0\n")
            .replace("severity: 2", "severity: 9")
            .replace("{done: 0.5}", "{gone: 0.5}")
            .replace("  done:\n    outcome: loyal\n", "  done:\n    outcome: loyl\n")
            .replace("    kind: complaint_channel\n", "    kind: complaint_channel\n"
                                                      "    colour: red\n"))
    path = write(tmp_path, "j.yaml", text)
    found = load_problems(path)
    assert found == [
        f"{path}:2:9: cohort must be between 1 and 1000000000000, got 0",
        f"{path}:12:15: touchpoint 'site': severity must be between 1 and 5, got 9",
        f"{path}:14:12: touchpoint 'site': unknown touchpoint 'gone' (did you mean 'done'?)",
        f"{path}:19:5: touchpoint 'hotline': unknown key 'colour'",
        f"{path}:22:14: touchpoint 'done': outcome must be one of repeat_purchase, loyal, "
        "advocate, lost; got 'loyl' (did you mean 'loyal'?)",
    ]
    result = run_main("check", path)
    assert result.code == 2
    assert result.lines == [_as_check(line.replace(str(path), shown(path), 1))
                            for line in found]


@pytest.mark.parametrize("old, new, message", [
    ("outcome: loyal", "outcome: loyl",
     "20:14: touchpoint 'done': outcome must be one of repeat_purchase, loyal, advocate, lost; "
     "got 'loyl' (did you mean 'loyal'?)"),
    ("stage: buy", "stage: 'b u y'",
     "8:12: touchpoint 'site': stage id 'b u y' may contain only letters, digits, '_' and '-'"),
    ("kind: complaint_channel", "kind: complaint_chanel",
     "17:11: touchpoint 'hotline': kind must be one of touchpoint, complaint_channel; "
     "got 'complaint_chanel' (did you mean 'complaint_channel'?)"),
])
def test_an_invalid_value_causes_no_follow_on_errors(tmp_path, old, new, message):
    """A key that is present but invalid is reported once, not also as missing
    (stage), nor through what depends on it (resolution, complaints)."""
    path = write(tmp_path, "j.yaml", MINIMAL.replace(old, new, 1))
    assert load_problems(path) == [f"{path}:{message}"]


@pytest.mark.parametrize("old, new, message", [
    ("next: {done: 0.5}", "next: []", "13:11: touchpoint 'site': needs at least 1 item(s)"),
    ("likelihood: 0.1\n    severity: 2", "failure_modes: []",
     "10:20: touchpoint 'site': needs at least 1 item(s)"),
    ("next: {done: 0.5}", "next: [done, done]",
     "13:18: touchpoint 'site': 'done' is listed twice in next"),
    ("resolution: {rate: 0.7, hours: 24}", "resolution: {rate: 0.7, hours: 24, back_to: hotline}",
     "18:49: touchpoint 'hotline': resolution: back_to 'hotline' is a complaint channel; "
     "resolved complainers go back into the journey: name a touchpoint or an outcome"),
    ("resolution: {rate: 0.7, hours: 24}", "resolution: {rate: 0.7, hours: 24, back_to: nowhere}",
     "18:49: touchpoint 'hotline': unknown touchpoint 'nowhere'"),
    ("next: {done: 0.5}", "next: {site: 1}",
     "6:3: touchpoint 'site': customers can never leave the loop 'site' → 'site': every "
     "'next' stays inside it and none drops off; send part of the traffic out of the loop"),
    ("next: {done: 0.5}", "next: {done: 0.5}\n    owner: {third_party: true}",
     "14:12: touchpoint 'site': missing required key 'name'"),
])
def test_structural_rules(tmp_path, old, new, message):
    assert old in MINIMAL
    path = write(tmp_path, "j.yaml", MINIMAL.replace(old, new, 1))
    assert load_problems(path) == [f"{path}:{message}"]


def test_resolved_complainers_may_go_back_to_a_touchpoint_or_outcome(tmp_path):
    for target in ("site", "done"):
        path = write(tmp_path, "j.yaml", MINIMAL.replace(
            "resolution: {rate: 0.7, hours: 24}", f"resolution: {{rate: 0.7, back_to: {target}}}"))
        assert load_journey(str(path)).touchpoints["hotline"].resolution.back_to == target


def test_empty_touchpoints(tmp_path):
    path = write(tmp_path, "j.yaml", "journey: x\nstages:\n  - {id: buy, aspect: sales}\n"
                                     "touchpoints: {}\n")
    assert load_problems(path) == [f"{path}:4:14: needs at least 1 entries"]


def test_missing_stage_is_reported(tmp_path):
    path = write(tmp_path, "j.yaml", MINIMAL.replace("    stage: buy\n", "", 1))
    assert load_problems(path) == [f"{path}:7:5: touchpoint 'site': missing required key 'stage'"]


def _as_check(problem: str) -> str:
    path, line, column, message = problem.split(":", 3)
    return f"{path}:{line}:{column}: invalid:{message}"


def test_broken_file_among_good_ones(tmp_path):
    folder = tmp_path / "journeys"
    shutil.copytree(JOURNEYS, folder)
    write(folder, "aaa-broken.yaml", MINIMAL.replace("severity: 2", "severity: 9"))
    write(folder, "zzz-broken.yaml", MINIMAL.replace("journey: tiny", "journey: Tiny"))
    result = run_main("check", folder)
    assert result.code == 2
    # lint findings of the good journeys may come too; the load errors are these
    assert [line for line in result.lines if ": invalid: " in line] == [
        f"{shown(folder / 'aaa-broken.yaml', folder)}:11:15: invalid: touchpoint 'site': "
        "severity must be between 1 and 5, got 9",
        f"{shown(folder / 'zzz-broken.yaml', folder)}:1:10: invalid: journey id 'Tiny' must be "
        "a lowercase slug: ASCII letters a-z, digits and '-', starting with a letter or digit",
    ]
    data = json.loads(run_main("check", "--format", "json", folder).out)
    assert data["summary"]["files"] == 7
    invalid = [f for f in data["findings"] if f["rule"] == "invalid"]
    assert [Path(f["file"]).name for f in invalid] == ["aaa-broken.yaml", "zzz-broken.yaml"]
    # whatever else is reported belongs to the good journeys, which were all checked
    others = {Path(f["file"]).name for f in data["findings"] if f["rule"] != "invalid"}
    assert others <= {p.name for p in JOURNEYS.glob("*.yaml")}


def test_duplicate_journey_id_across_files(tmp_path):
    write(tmp_path, "a.yaml", MINIMAL)
    write(tmp_path, "b.yaml", "# the same journey again\n" + MINIMAL)
    result = run_main("check", tmp_path)
    assert result.code == 2
    assert [line for line in result.lines if ": invalid: " in line] == [
        f"{shown(tmp_path / 'b.yaml', tmp_path)}:2:1: invalid: journey id 'tiny' is already "
        f"used by {shown(tmp_path / 'a.yaml', tmp_path)}; journey ids name the output files and must be unique"]


# -- the catalog ---------------------------------------------------------------------------------

USES_CHECKOUT = MINIMAL.replace("    name: Website\n", "    use: retail/online-checkout\n")


def _user_checkout(catalog_dir):
    write(catalog_dir, "retail/online-checkout.yaml", """\
        name: Our own checkout
        channel: web
        likelihood: 0.2
        severity: 4
        rationale: Shadows the built-in entry.
        """)


def test_builtin_catalog_ships_with_the_package():
    root = Path(builtin_catalog_dir())
    assert (root / "retail" / "online-checkout.yaml").is_file()
    ids = Catalog().ids()
    assert len(ids) >= 20
    assert "retail/online-checkout" in ids and "online/courier-delivery" in ids
    assert {i.split("/")[0] for i in ids} >= {"retail", "online", "services", "b2b"}


def test_every_builtin_entry_is_valid(tmp_path):
    """A journey using every built-in entry loads (each entry validates)."""
    ids = Catalog().ids()
    lines = ["journey: all", "stages:", "  - {id: s, aspect: sales}", "touchpoints:"]
    for index, entry in enumerate(ids):
        lines += [f"  t{index}:", f"    use: {entry}", "    stage: s"]
    path = write(tmp_path, "all.yaml", "\n".join(lines) + "\n")
    journey = load_journey(str(path))
    assert len(journey.touchpoints) == len(ids)
    for tp in journey.touchpoints.values():
        assert tp.rationale and tp.channel


def test_builtin_entry_is_merged(tmp_path):
    path = write(tmp_path, "j.yaml", USES_CHECKOUT.replace(
        "    likelihood: 0.1\n    severity: 2\n", ""))
    site = load_journey(str(path)).touchpoints["site"]
    assert site.name == "Web store checkout"
    assert site.catalog == "retail/online-checkout"
    assert len(site.failure_modes) == 3


def test_user_catalog_shadows_builtin_entry(tmp_path):
    catalog_dir = tmp_path / "catalog"
    _user_checkout(catalog_dir)
    path = write(tmp_path, "j.yaml", USES_CHECKOUT.replace(
        "    likelihood: 0.1\n    severity: 2\n", ""))
    journey = load_journey(str(path), Catalog([catalog_dir]))
    site = journey.touchpoints["site"]
    assert site.name == "Our own checkout"
    assert (site.likelihood, site.severity, site.failure_modes) == (0.2, 4, ())
    assert journey.catalog_files == {
        "retail/online-checkout": str(catalog_dir / "retail" / "online-checkout.yaml")}
    # entries the user catalog lacks still come from the built-in one
    path2 = write(tmp_path, "k.yaml", MINIMAL.replace(
        "    name: Website\n", "    use: online/website\n"))
    assert load_journey(str(path2), Catalog([catalog_dir])).touchpoints["site"].name == \
        "Shop website"
    # and through the command line
    result = run_main("check", "--catalog", catalog_dir, path)
    assert result.code == 0, result.out


def test_own_risk_replaces_the_entry_risk(tmp_path):
    path = write(tmp_path, "j.yaml", USES_CHECKOUT)
    site = load_journey(str(path)).touchpoints["site"]
    assert (site.likelihood, site.severity, site.failure_modes) == (0.1, 2, ())
    assert site.name == "Web store checkout"


def test_unknown_key_in_a_catalog_entry(tmp_path):
    catalog_dir = tmp_path / "catalog"
    entry = write(catalog_dir, "mine/odd.yaml", """\
        name: Odd
        channel: web
        colour: red
        rationale: x
        """)
    path = write(tmp_path, "j.yaml", MINIMAL.replace("    name: Website\n",
                                                     "    use: mine/odd\n"))
    result = run_main("check", "--catalog", catalog_dir, path)
    assert result.code == 2
    entry_shown = shown(entry, catalog_dir)   # under the working folder, or in the catalog
    assert sorted(result.lines) == sorted([
        f"{entry_shown}:3:1: invalid: catalog entry 'mine/odd': unknown key 'colour'",
        f"{shown(path)}:7:10: invalid: touchpoint 'site': catalog entry 'mine/odd' has errors "
        f"(reported at {entry_shown})",
    ])


def test_broken_catalog_entry_is_reported_for_every_journey_using_it(tmp_path):
    catalog_dir = tmp_path / "catalog"
    write(catalog_dir, "mine/odd.yaml", "name: [unclosed\n")
    for name in ("a", "b"):
        write(tmp_path / "journeys", f"{name}.yaml", MINIMAL.replace(
            "journey: tiny", f"journey: {name}").replace("    name: Website\n",
                                                         "    use: mine/odd\n"))
    result = run_main("check", "--catalog", catalog_dir, tmp_path / "journeys")
    assert result.code == 2
    assert sum("has errors" in line for line in result.lines) == 2


def test_symlink_leaving_the_user_catalog_is_rejected(tmp_path):
    outside = write(tmp_path, "outside/secret.yaml", "name: Secret\nchannel: web\n"
                                                     "rationale: x\n")
    catalog_dir = tmp_path / "catalog"
    (catalog_dir / "mine").mkdir(parents=True)
    os.symlink(outside, catalog_dir / "mine" / "link.yaml")
    os.symlink(outside.parent, catalog_dir / "elsewhere")
    inside = write(catalog_dir, "mine/real.yaml", "name: Real\nchannel: web\nrationale: x\n")
    os.symlink(inside, catalog_dir / "mine" / "alias.yaml")
    for use, message in [
        ("mine/link", "use: catalog entry 'mine/link' is a link that leaves the catalog folder"),
        ("elsewhere/secret",
         "use: catalog entry 'elsewhere/secret' is a link that leaves the catalog folder"),
    ]:
        path = write(tmp_path, "j.yaml", MINIMAL.replace("    name: Website\n",
                                                         f"    use: {use}\n"))
        result = run_main("check", "--catalog", catalog_dir, path)
        assert result.code == 2
        assert result.lines == [f"{shown(path)}:7:10: invalid: touchpoint 'site': {message}"]
    # a link that stays inside the catalog is fine
    path = write(tmp_path, "j.yaml", MINIMAL.replace("    name: Website\n",
                                                     "    use: mine/alias\n"))
    assert load_journey(str(path), Catalog([catalog_dir])).touchpoints["site"].name == "Real"


@pytest.mark.parametrize("use, message", [
    ("../../etc/passwd", "use: '../../etc/passwd' must be a catalog entry like "
     "'retail/online-checkout'; paths that leave the catalog folder are not allowed"),
    ("/etc/passwd", "use: '/etc/passwd' must be a catalog entry like "
     "'retail/online-checkout'; paths that leave the catalog folder are not allowed"),
    ("retail\\\\online-checkout", "use: 'retail\\online-checkout' must be a catalog entry "
     "like 'retail/online-checkout'; paths that leave the catalog folder are not allowed"),
    ("retail/online-checkout.yaml",
     "use: write the entry without its file suffix: 'retail/online-checkout'"),
    ("retail/ online", "use: 'retail/ online' is not a catalog entry id (words separated by "
     "'/', like 'retail/online-checkout')"),
])
def test_use_paths_are_checked(tmp_path, use, message):
    path = write(tmp_path, "j.yaml", MINIMAL.replace("    name: Website\n",
                                                     f"    use: \"{use}\"\n"))
    assert load_problems(path) == [f"{path}:7:10: touchpoint 'site': {message}"]


def test_builtin_entries_carry_the_full_defaults():
    """Every shipped entry names its channel, aspect, emotion, risk and rationale."""
    import yaml as _yaml

    for path in sorted(Path(builtin_catalog_dir()).rglob("*.yaml")):
        entry = _yaml.safe_load(path.read_text(encoding="utf-8"))
        assert {"name", "channel", "aspect", "emotion", "rationale"} <= set(entry), path
        assert "failure_modes" in entry or {"likelihood", "severity"} <= set(entry), path
        assert len(entry["rationale"].splitlines()) == 1, path


class _LookaheadLimitedParser:
    """A parser that, like PyYAML 6.0.4's, scans flow brackets ahead of the
    events it delivers and gives up past its own nesting limit (100 here)."""

    LIMIT = 100

    def __init__(self, text: str):
        import yaml
        self._inner = yaml.CSafeLoader(text)
        run = text.find("[" * (self.LIMIT + 1))
        self._fail_at = None if run < 0 else run + self.LIMIT
        self._text = text

    def check_event(self):
        import yaml
        if self._fail_at is not None:
            line = self._text.count("\n", 0, self._fail_at)
            column = self._fail_at - (self._text.rfind("\n", 0, self._fail_at) + 1)
            mark = yaml.Mark("<unicode string>", self._fail_at, line, column, None, None)
            raise yaml.scanner.ScannerError("while increasing flow level", mark,
                                            "exceeded maximum nesting depth", mark)
        return self._inner.check_event()

    def get_event(self):
        return self._inner.get_event()

    def dispose(self):
        self._inner.dispose()


def test_nesting_limit_comes_before_the_parser_limit(monkeypatch):
    """journeymap's 64 levels win over a parser that stops later, whatever it scanned."""
    import mapper.loader.yamlfile as yamlfile
    monkeypatch.setattr(yamlfile, "_Parser", _LookaheadLimitedParser)
    with pytest.raises(JourneyError) as caught:
        parse_yaml("a: 1\njourney: " + "[" * 300 + "]" * 300 + "\n", "f.yaml")
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (2, len("journey: ") + yamlfile.MAX_DEPTH)
    assert problem.message.startswith("nesting is deeper than 64 levels")
    # a parser error with no nesting problem before it stays the parser's message
    with pytest.raises(JourneyError) as caught:
        parse_yaml("journey: " + "[" * 50 + "x" + "[" * 101 + "\n", "f.yaml")
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (1, len("journey: ") + 50 + 1 + 100 + 1)
    assert "exceeded maximum nesting depth" in problem.message
