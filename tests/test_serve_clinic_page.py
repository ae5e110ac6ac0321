"""`pdfgen serve`'s clinic page (serve/web_pages.py): the check, the clinic's details as handouts
print them, and whether E-mail can send."""

from __future__ import annotations

import os
from pathlib import Path

from test_serve import served

import pdfgen


def test_the_clinic_page_shows_the_check_and_the_details(demo: Path) -> None:
    report = pdfgen.open_clinic(demo).check()
    with served(demo) as client:
        html = client.get("/clinic").text
    assert report.summary() in html
    assert "Mangrove Bay Chiropractic" in html and "(813) 555-0142" in html


def test_the_clinic_page_says_whether_e_mail_can_send(demo: Path, monkeypatch) -> None:
    """(A clinician learned it only when E-mail failed, mid-visit.) Never the password."""
    for name in [n for n in os.environ if n.startswith("PDFGEN_SMTP_")]:
        monkeypatch.delenv(name)
    with served(demo) as client:
        html = client.get("/clinic").text
    assert "<dt>Sending e-mail</dt><dd>not set up: no mail server: set host in the [email] " \
        "section of content/clinic.toml" in html, html
    monkeypatch.setenv("PDFGEN_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("PDFGEN_SMTP_PORT", "2525")
    monkeypatch.setenv("PDFGEN_SMTP_SECURITY", "none")
    monkeypatch.setenv("PDFGEN_SMTP_FROM", "frontdesk@example.com")
    monkeypatch.setenv("PDFGEN_SMTP_PASSWORD", "the-secret-42")
    with served(demo) as client:
        html = client.get("/clinic").text
    assert "<dt>Sending e-mail</dt><dd>set up: 127.0.0.1:2525 (none)" in html, html
    assert "the-secret-42" not in html
