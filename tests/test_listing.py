"""`pdfgen list` names routines and exercises in the clinic's own language, where they are
translated, and keeps the slug that plans name them by."""

from __future__ import annotations

from pathlib import Path

from conftest import run, succeeds


def test_a_clinic_in_spanish_lists_its_titles_and_names_in_spanish(demo: Path) -> None:
    # (A clinic in Mexico chose the exercises of its Spanish plans from English names.)
    clinic = demo / "content/clinic.toml"
    text = clinic.read_text(encoding="utf-8")
    assert 'language = "en-US"\n' in text
    english = succeeds(run("list", cwd=demo)).stdout.splitlines()
    assert "  --level 2  3 Best Exercises for Back Pain" in english
    assert "      1. Squat (squat)" in english
    clinic.write_text(text.replace('language = "en-US"\n', 'language = "es-MX"\n'),
                      encoding="utf-8")
    spanish = succeeds(run("list", cwd=demo)).stdout.splitlines()
    assert "  --level 2  3 ejercicios clave para la espalda" in spanish
    assert "      1. Sentadilla (squat)" in spanish
    assert "  Meter la barbilla (chin-tuck) (starter: review before use)" in spanish
    # An exercise not translated yet: its English name, rather than none.
    (demo / "content/exercises/chin-tuck.es.yaml").unlink()
    assert "  Chin Tuck (chin-tuck) (starter: review before use)" in succeeds(
        run("list", cwd=demo)).stdout.splitlines()
