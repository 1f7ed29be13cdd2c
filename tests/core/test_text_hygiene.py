"""Control characters never get in, never reach a terminal raw, and every SVG is XML."""
from __future__ import annotations

import io
import os
import re
import xml.dom.minidom
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINIMAL, run_main, write
from mapper.present.terminal import SafeStream, paint
from mapper.core.textsafety import first_unsafe, terminal_text

TEMPLATE = """\
journey: tiny
title: {text}
stages:
  - {{id: buy, aspect: sales, name: {text}}}
  - {{id: help, aspect: complaint}}
touchpoints:
  site:
    name: {text}
    stage: buy
    channel: web
    likelihood: 0.1
    severity: 2
    complaints: hotline
    owner: {{name: {text}, third_party: true}}
    promises:
      - {{id: fast, text: {text}, kept_at: done}}
    next: {{done: 0.5}}
  hotline:
    stage: help
    channel: phone
    kind: complaint_channel
    resolution: {{rate: 0.7, hours: 24}}
  done:
    outcome: loyal
"""


def quoted(text: str) -> str:
    """A YAML double-quoted scalar holding exactly ``text`` (escapes for all but printable ASCII)."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= code < 0x7F:
            out.append(char)
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def inline_svg(html: str) -> str:
    found = re.search(r"<svg\b.*?</svg>", html, re.S)
    assert found is not None
    return found.group()


def assert_well_formed(svg: str) -> None:
    ElementTree.fromstring(svg)
    xml.dom.minidom.parseString(svg.encode("utf-8"))


#: text of any script and XML's own specials (half the time with a character the
#: loader rejects put in somewhere)
SAFE = st.text(alphabet=st.one_of(
    st.characters(blacklist_categories=("Cs",)),
    st.sampled_from(list("<>&'\"]-\t\n\u2028\u202e\ufeff\U0001f600"))),
    min_size=1, max_size=12).map(lambda t: "".join(c for c in t if not first_unsafe(c))).filter(lambda t: t.strip() != "")
POISON = st.sampled_from(list("\x1b\x00\x07\r\x7f\x85\x9b\ufffe\uffff\ufdd0\U0001ffff"))


@st.composite
def texts(draw: st.DrawFn) -> str:
    text = draw(SAFE)
    if draw(st.booleans()):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(POISON) + text[at:]
    return text


@settings(max_examples=16, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=texts())
def test_every_svg_is_xml_or_the_text_is_refused(tmp_path_factory, text: str):
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "tiny.yaml").write_text(TEMPLATE.format(text=quoted(text)), encoding="utf-8")
    home = os.getcwd()
    os.chdir(folder)   # messages name the file as given: tiny.yaml
    try:
        built(Path("tiny.yaml"), folder / "site", text)
    finally:
        os.chdir(home)


def built(journey: Path, out: Path, text: str) -> None:
    """Build ``journey``: its SVGs parse as XML, or the build refuses ``text``, located."""
    result = run_main("build", journey, "-o", out, "-q")
    bad = first_unsafe(text)
    if bad is not None:
        assert result.code == 2
        assert re.fullmatch(rf"{re.escape(str(journey))}:\d+:\d+: text contains the "
                            rf"(control character|Unicode non-character) U\+{ord(bad):04X}; "
                            r"[^\n]*\n", result.err), result.err
        assert not (out / "tiny.svg").exists()
        return
    assert result.code == 0, result.err
    for name in ("tiny.svg", *sorted(p.name for p in out.glob("tiny.stage-*.svg"))):
        assert_well_formed((out / name).read_text(encoding="utf-8"))
    assert_well_formed(inline_svg((out / "tiny.html").read_text(encoding="utf-8")))
    for fmt in ("csv", "markdown", "mermaid", "mermaid-flowchart"):
        export = run_main("export", journey, "--format", fmt)
        assert export.code == 0, export.err
        assert first_unsafe(export.out.replace("\r\n", "\n")) is None


@pytest.mark.parametrize("escape", ["\\x1b", "\\0", "\\r", "\\x9b", "\\uffff", "\\ufdd0",
                                    "\\U0010ffff", "\\x7f"])
def test_control_characters_are_refused_where_they_stand(tmp_path: Path, escape: str,
                                                          monkeypatch):
    text = MINIMAL.replace("name: Website", f'name: "Web{escape}site"')
    monkeypatch.chdir(tmp_path)
    journey = write(Path(), "tiny.yaml", text)
    code = ord(escape.encode().decode("unicode_escape"))
    kind = "Unicode non-character" if code > 0x9F else "control character"
    for command in (("check",), ("score",), ("build", "-o", "site"),
                    ("export", "--format", "csv"), ("export", "--format", "markdown"),
                    ("export", "--format", "mermaid")):
        result = run_main(command[0], journey, *command[1:])
        assert result.code == 2, command
        message = (f"{journey}:7:11: {'invalid: ' if command == ('check',) else ''}text "
                   f"contains the {kind} U+{code:04X}; journey text may hold tabs and line "
                   "breaks, but no other control characters or non-characters\n")
        assert message in result.out + result.err, (command, result.out, result.err)
    assert not Path("site", "tiny.svg").exists()


def test_an_osc_title_does_not_retitle_the_terminal_on_score(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    journey = write(Path(), "tiny.yaml", MINIMAL.replace(
        "journey: tiny", 'journey: tiny\ntitle: "Shop\\x1b]0;pwned\\x07"'))
    result = run_main("score", journey)
    assert result.code == 2
    assert "\x1b" not in result.out + result.err and "\x07" not in result.out + result.err
    assert result.err == (f"{journey}:2:8: text contains the control character U+001B; "
                          "journey text may hold tabs and line breaks, but no other control "
                          "characters or non-characters\n")


def test_an_escape_in_a_key_name_is_never_printed_raw(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    journey = write(Path(), "tiny.yaml", MINIMAL.replace(
        "    channel: web\n", '    channel: web\n    "sev\\x1b[2Jerity": 3\n'))
    result = run_main("check", journey)
    assert result.code == 2 and "\x1b" not in result.out + result.err
    assert result.out.startswith(f"{journey}:10:5: invalid: key contains the control "
                                 "character U+001B;")


def test_file_names_and_arguments_reach_the_terminal_escaped(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = Path("in")
    folder.mkdir()
    odd = folder / "\x1b]0;pwned\x07.yaml"
    odd.write_text(MINIMAL.replace("severity: 2", "severity: 9"), encoding="utf-8")
    result = run_main("check", folder)
    assert result.code == 2
    assert "\x1b" not in result.out and "\x07" not in result.out
    assert f"{folder}/\\x1b]0;pwned\\x07.yaml:11:15: invalid: " in result.out
    missing = run_main("score", "\x1b[2Jgone.yaml")
    assert missing.code == 2 and "\\x1b[2Jgone.yaml" in missing.err
    assert "\x1b" not in missing.err


def test_the_safe_stream_keeps_colour_and_escapes_everything_else():
    target = io.StringIO()
    stream = SafeStream(target)
    stream.write(paint("error", "31", True) + ": a\x1b]0;x\x07b\x85\ud800\U0001fffe\r\n")
    assert target.getvalue() == ("\x1b[31merror\x1b[0m: a\\x1b]0;x\\x07b\\u0085\\ud800"
                                 "\\U0001fffe\\x0d\n")
    assert terminal_text("\x1b[31m", keep_colour=False) == "\\x1b[31m"
    assert stream.getvalue() == target.getvalue()   # everything else is the stream's own


def test_imports_refuse_control_characters_where_they_stand(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    table = Path("shop.csv")
    assert run_main("export", write(Path(), "tiny.yaml", MINIMAL), "-o", table).code == 0
    text = table.read_text(encoding="utf-8-sig")
    table.write_text(text.replace("Website", "Web\x9bsite"), encoding="utf-8-sig")
    row = next(i for i, line in enumerate(text.splitlines(), 1) if "Website" in line)
    column = text.splitlines()[row - 1].split(",").index("Website") + 1
    result = run_main("import", "csv", table, "-o", tmp_path / "back.yaml")
    assert result.code == 2 and not (tmp_path / "back.yaml").exists()
    assert result.err.startswith(f"{table}:{row}:{column}: cell contains the control "
                                 "character U+009B;")
    diagram = write(Path(), "day.mmd", "journey\n  title My day\n  section Buy\n"
                                         "    Find \x1b]0;x\x07it: 5: Me\n")
    result = run_main("import", "mermaid", diagram)
    assert result.code == 2 and result.out == ""
    assert result.err.startswith(f"{diagram}:4:10: text contains the control character U+001B;")


def test_dot_text_drops_what_no_xml_may_hold():
    from mapper.render import dot

    assert dot.text("a\uffffb\ufdd0c\x1bd\x00") == "abcd"


def test_the_refused_characters_are_exactly_control_surrogate_and_non_characters():
    import unicodedata

    def refused(char: str) -> bool:
        code = ord(char)
        return (unicodedata.category(char) in ("Cc", "Cs") and char not in "\t\n") or \
            0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE

    wrong = [hex(code) for code in range(0x110000)
             if (first_unsafe(f"a{chr(code)}b") is not None) != refused(chr(code))]
    assert wrong == []
    assert first_unsafe("plain\ttext\nok") is None and first_unsafe("😀 ok") is None
