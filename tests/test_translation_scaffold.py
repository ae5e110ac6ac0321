"""`pdfgen new exercise SLUG --translate LANG` and `pdfgen new routine TOPIC --level N
--translate LANG`: a translation to fill in, the English beside."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO, run

from pdfgen.content.translations import fingerprint


def test_a_started_translation_has_every_field_and_the_english_beside(demo: Path) -> None:
    (demo / "content" / "exercises" / "lunge.es.yaml").unlink()
    result = subprocess.run([sys.executable, "-m", "pdfgen", "new", "exercise", "lunge",
                             "--translate", "es"], cwd=demo, capture_output=True, text=True,
                            timeout=120)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == ("content/exercises/lunge.es.yaml  (fill in the empty quotes, "
                             "then run pdfgen check)\n")
    path = demo / "content" / "exercises" / "lunge.es.yaml"
    text = path.read_text(encoding="utf-8")
    english = yaml.safe_load((REPO / "content" / "exercises" / "lunge.yaml").read_text())
    started = yaml.safe_load(text)
    lunge = REPO / "content" / "exercises" / "lunge.yaml"
    assert started["translates"] == f"lunge.yaml@{fingerprint(lunge)}"
    assert started["steps"] == [""] * len(english["steps"])
    assert started["pictures"] == [{"caption": ""}] * len(english["pictures"])
    assert set(started) == {"translates", "name", "summary", "why", "steps", "tips", "easier",
                            "harder", "pictures"}
    assert "  # Squeeze your glutes as you rise.\n  - \"\"\n" in text
    assert "# Lunge\nname: \"\"\n" in text
    # Until it is filled in, check says which field is still empty.
    checked = run("check", cwd=demo)
    assert checked.exit_code == 2
    assert ("error: content/exercises/lunge.es.yaml:10: name: empty: not translated yet (the "
            "English is in the comment above it)") in checked.stdout.splitlines()
    # Every field left to translate at once, not one a run.
    empty = [line for line in checked.stdout.splitlines()
             if line.startswith("error: content/exercises/lunge.es.yaml:")
             and line.endswith(": empty: not translated yet (the English is in the comment "
                               "above it)")]
    fields = (sum(key in english for key in ("name", "summary", "easier", "harder"))
              + sum(len(english[key]) for key in ("why", "steps", "tips", "pictures")))
    assert len(empty) == fields == 13, checked.stdout


def test_a_started_translation_of_an_exercise_in_parts_asks_for_the_parts_names(
        demo: Path) -> None:
    (demo / "content" / "exercises" / "plank-bird-dog.es.yaml").unlink()
    assert run("new", "exercise", "plank-bird-dog", "--translate", "es",
               cwd=demo).exit_code == 0
    text = (demo / "content" / "exercises" / "plank-bird-dog.es.yaml").read_text("utf-8")
    assert yaml.safe_load(text)["dose"] == [{"name": ""}, {"name": ""}]
    assert "dose:\n  # Plank\n  - name: \"\"\n  # Bird dog\n  - name: \"\"\n" in text


def test_a_filled_in_translation_prints(demo: Path) -> None:
    path = demo / "content" / "exercises" / "lunge.es.yaml"
    done = path.read_text(encoding="utf-8")
    path.unlink()
    assert run("new", "exercise", "lunge", "--translate", "es", cwd=demo).exit_code == 0
    started = path.read_text(encoding="utf-8")
    assert started != done
    path.write_text(done, encoding="utf-8")  # as a translator would fill it in
    result = run("handout", "--level", "2", "--language", "es", cwd=demo)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("args", "message"), [
    (["squat", "--translate", "es"], "error: content/exercises/squat.es.yaml already exists; "
                                     "pdfgen never overwrites a file\n"),
    (["squats", "--translate", "es"], "error: exercise SLUG 'squats': unknown exercise "
                                      "'squats' (did you mean 'squat'?)\n"),
    (["squat", "--translate", "klingon"], "error: --translate klingon: unknown language code "
                                          "(expected a language tag like es, es-MX or en-US)\n"),
    (["squat", "--translate", "en-GB"], "error: --translate en-GB: English is the language "
                                        "pdfgen's content is written in; give the language to "
                                        "translate into, e.g. es\n"),
])
def test_a_translation_that_cannot_be_started_is_one_line(demo: Path, args: list[str],
                                                          message: str) -> None:
    before = sorted(p.name for p in (demo / "content" / "exercises").iterdir())
    result = run("new", "exercise", *args, cwd=demo)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)
    assert sorted(p.name for p in (demo / "content" / "exercises").iterdir()) == before


def test_a_started_routine_translation_has_its_topic_and_every_field(demo: Path) -> None:
    """(A routine had no --translate: a translator wrote its fields from the README, which
    named some of them, and made up `translates`; check then asked for pain_rule.)"""
    path = demo / "content/routines/back-pain/level-2.es.yaml"
    done = path.read_text(encoding="utf-8")
    path.unlink()
    missing = run("handout", "--level", "2", "--language", "es", cwd=demo)
    assert missing.exit_code == 2
    assert missing.stderr.endswith("; start one with: pdfgen new routine back-pain --level 2 "
                                   "--translate es\n"), missing.stderr
    result = run("new", "routine", "back-pain", "--level", "2", "--translate", "es", cwd=demo)
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    assert result.stdout == ("content/routines/back-pain/level-2.es.yaml  (fill in the empty "
                             "quotes, then run pdfgen check)\n")
    text = path.read_text(encoding="utf-8")
    started, filled = yaml.safe_load(text), yaml.safe_load(done)
    english = REPO / "content/routines/back-pain/level-2.yaml"
    assert started["translates"] == f"level-2.yaml@{fingerprint(english)}"
    assert set(started) == set(filled), (set(started) ^ set(filled))
    assert started["pain_scale"] == [{"label": "", "meaning": ""}] * 3
    assert "  # Safe\n  - label: \"\"\n    # Keep going.\n    meaning: \"\"\n" in text
    checked = run("check", cwd=demo)  # every field left to translate, at once
    assert checked.exit_code == 2
    assert "error: content/routines/back-pain/level-2.es.yaml:10: topic: expected the " \
           "topic's name" in checked.stdout, checked.stdout
    # (the topic's alone was said: the other 16 fields, once it was filled in)
    assert sum(line.startswith("error: content/routines/back-pain/level-2.es.yaml:")
               for line in checked.stdout.splitlines()) == 17, checked.stdout
    path.write_text(done, encoding="utf-8")  # as a translator fills it in
    assert run("handout", "--level", "2", "--language", "es", cwd=demo).exit_code == 0


@pytest.mark.parametrize(("args", "message"), [
    (["back-pain", "--level", "2", "--translate", "es"],
     "error: content/routines/back-pain/level-2.es.yaml already exists; pdfgen never "
     "overwrites a file\n"),
    (["back-pian", "--level", "2", "--translate", "es"],
     "error: TOPIC 'back-pian': no routine of that topic to translate (did you mean "
     "back-pain? known: back-pain)\n"),
    (["back-pain", "--level", "7", "--translate", "es"],
     "error: --level 7: no such level for back-pain (known: 1, 2)\n"),
])
def test_a_routine_translation_that_cannot_be_started_is_one_line(
        demo: Path, args: list[str], message: str) -> None:
    before = sorted(p.name for p in (demo / "content/routines/back-pain").iterdir())
    result = run("new", "routine", *args, cwd=demo)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)
    assert sorted(p.name for p in (demo / "content/routines/back-pain").iterdir()) == before


def test_a_started_translation_asks_for_a_pictures_alt_where_the_english_has_one(
        demo: Path) -> None:
    """(The translator never saw the English alt, and the translation's picture was read
    out by its caption alone.)"""
    squat = demo / "content/exercises/squat.yaml"
    first = '    caption: "Start: stand tall, feet about hip-width apart."\n'
    squat.write_text(squat.read_text(encoding="utf-8").replace(
        first, f'{first}    alt: "A person standing tall, arms at the sides."\n', 1),
        encoding="utf-8")
    (demo / "content/exercises/squat.es.yaml").unlink()
    assert run("new", "exercise", "squat", "--translate", "es", cwd=demo).exit_code == 0
    text = (demo / "content/exercises/squat.es.yaml").read_text(encoding="utf-8")
    assert ('  - caption: ""\n    # A person standing tall, arms at the sides.\n    alt: ""\n'
            in text), text
    assert yaml.safe_load(text)["pictures"] == [{"caption": "", "alt": ""}, {"caption": ""}]
