"""`journeymap import mermaid`: a Mermaid journey diagram as a starter journey."""
from __future__ import annotations

import re

import pytest
import yaml

from conftest import EXAMPLES, REPO, run_main
from mapper.formats.imports.mermaid_import import emotion, guess_language
from mapper.model.workspace import load_journey

DOCS_EXAMPLE = REPO / "tests" / "data" / "mermaid" / "my-working-day.mmd"


def test_mermaid_documentation_example(tmp_path):
    target = tmp_path / "day.yaml"
    result = run_main("import", "mermaid", DOCS_EXAMPLE, "-o", target)
    assert result.code == 0, result.err
    check = run_main("check", target)
    assert check.code == 0, check.out + check.err
    journey = load_journey(str(target))
    assert journey.id == "my-working-day" and journey.title == "My working day"
    assert [(s.name, s.aspect) for s in journey.stages] == [("Go to work", "sales"),
                                                            ("Go home", "sales")]
    tasks = [tp for tp in journey.touchpoints.values() if not tp.is_outcome]
    assert [(tp.name, tp.emotion) for tp in tasks] == [
        ("Make tea", 2), ("Go upstairs", 0), ("Do work", -2), ("Go downstairs", 2),
        ("Sit down", 2)]
    chain = [tp.next for tp in tasks]
    assert chain == [(("go_upstairs", 1.0),), (("do_work", 1.0),), (("go_downstairs", 1.0),),
                     (("sit_down", 1.0),), (("journey_end", 1.0),)]
    assert journey.touchpoints["journey_end"].outcome == "loyal"
    assert "Me, Cat" in journey.touchpoints["do_work"].notes
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_export_then_import_keeps_names_and_sections(tmp_path, path):
    diagram = tmp_path / f"{path.stem}.mmd"
    assert run_main("export", "--format", "mermaid", path, "-o", diagram).code == 0
    target = tmp_path / f"{path.stem}.yaml"
    assert run_main("import", "mermaid", diagram, "-o", target).code == 0
    assert run_main("check", target).code == 0
    original = load_journey(str(path))
    imported = load_journey(str(target))
    assert imported.language == original.language
    assert imported.title == original.title
    names = [tp.name for tp in imported.touchpoints.values() if not tp.is_outcome]
    assert names[:len(original.touchpoints)] == [
        " ".join(tp.name.split()) for tp in original.touchpoints.values()]


def test_hostile_names_come_back(tmp_path):
    diagram = tmp_path / "h.mmd"
    assert run_main("export", "--format", "mermaid", REPO / "tests" / "data" /
                    "hostile-names.yaml", "-o", diagram).code == 0
    target = tmp_path / "h.yaml"
    assert run_main("import", "mermaid", diagram, "-o", target, "--id", "h").code == 0
    names = {tp.name for tp in load_journey(str(target)).touchpoints.values()}
    assert "+1 call: \"now\"" in names
    assert "@SUM(A1:A9) | *stars* _under_ [link](http://x) <img src=x onerror=alert(1)>" in names
    assert "%%{init: {}}%% accTitle: x".replace("%%", "% %") in names


def test_front_matter_comments_and_accessibility(tmp_path):
    source = tmp_path / "x.mmd"
    source.write_text(
        "---\ntitle: Клиентски път\n---\n%% a comment\n%%{init: {'theme': 'forest'}}%%\n"
        "journey\n  accTitle: ignored\n  accDescr {\n  many lines\n  }\n"
        "  # a comment too\n  section Поръчка\n    Обаждане по телефона: 4: Клиент\n"
        "  section Рекламации\n    Жалба: 2\n", encoding="utf-8")
    target = tmp_path / "x.yaml"
    result = run_main("import", "mermaid", source, "-o", target)
    assert result.code == 0, result.err
    journey = load_journey(str(target))
    assert journey.title == "Клиентски път" and journey.language == "bg"
    assert journey.id == "klientski-pat"
    assert [s.aspect for s in journey.stages] == ["sales", "complaint"]
    first = next(iter(journey.touchpoints.values()))
    assert (first.channel, first.emotion) == ("phone", 1)


@pytest.mark.parametrize("text,message,line", [
    ("flowchart LR\n  a --> b\n", "not a Mermaid journey diagram", 1),
    ("journey\n  title x\n  section s\n    Task: many: Me\n", "score must be a number", 4),
    ("journey\n  title x\n  section s\n    Just text\n", "is not a task", 4),
    ("journey\n  title x\n", "has no tasks", 3),
    ("%% only a comment\n", "no 'journey' diagram", 1),
])
def test_bad_diagrams_are_located(tmp_path, text, message, line):
    source = tmp_path / "bad.mmd"
    source.write_text(text, encoding="utf-8")
    result = run_main("import", "mermaid", source, "-o", tmp_path / "bad.yaml")
    assert result.code == 2
    assert re.search(rf"^{re.escape(str(source))}:{line}:\d+: .*{re.escape(message)}",
                     result.err, re.MULTILINE), result.err
    assert not (tmp_path / "bad.yaml").exists()


def test_stdout_language_and_id_options():
    result = run_main("import", "mermaid", DOCS_EXAMPLE, "--id", "day", "--language", "ru")
    assert result.code == 0
    data = yaml.safe_load(result.out)
    assert (data["journey"], data["language"]) == ("day", "ru")
    assert run_main("import", "mermaid", DOCS_EXAMPLE, "--id", "Day!").code == 2
    assert run_main("import", "csv", DOCS_EXAMPLE, "--id", "x").code == 2


@pytest.mark.parametrize("score,expected", [(5, 2), (4, 1), (3, 0), (1, -2), (0, -2), (9, 2),
                                            (3.5, 0.5)])
def test_score_to_emotion(score, expected):
    assert emotion(score) == expected


@pytest.mark.parametrize("text,lang", [("Make tea", "en"), ("Сделать чай", "ru"),
                                       ("Мы пьём чай", "ru"), ("Пъпеш", "bg")])
def test_guess_language(text, lang):
    assert guess_language(text) == lang
