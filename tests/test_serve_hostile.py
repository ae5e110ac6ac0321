"""`pdfgen serve` against a careless or hostile client: a flood of requests without a cookie
signs no one out, a sign-in form is read only so far, a client that goes away is no internal
error, and a path cannot write lines or colours into the server's log."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from test_serve import JANE, TOKEN, csrf_of, served

from pdfgen.serve.guard import MAX_SESSIONS


def test_requests_without_a_cookie_sign_no_browser_out(demo: Path) -> None:
    # 500 of them (any web page's pictures pointing at the server) dropped every session.
    with served(demo, token=TOKEN, page=False) as browser:
        form = browser.get("/signin")
        signed = browser.post("/signin", data={"token": TOKEN, "csrf": csrf_of(form.text)},
                              follow_redirects=False)
        assert signed.status_code == 303, signed.text
        page = browser.get("/")
        with TestClient(browser.app, base_url="http://127.0.0.1:8765") as stranger:
            for _ in range(MAX_SESSIONS + 20):
                assert stranger.get("/signin").status_code == 200
                stranger.cookies.clear()
        made = browser.post("/api/handout", json=JANE,
                            headers={"x-csrf-token": csrf_of(page.text)})
    assert made.status_code == 200, made.text
    assert made.content.startswith(b"%PDF-")


def test_a_sign_in_form_is_read_only_as_far_as_a_form_goes(demo: Path) -> None:
    with served(demo, token=TOKEN, page=False) as client:
        form = client.get("/signin")
        huge = client.post("/signin", content=b"token=" + b"x" * 100_000,
                           headers={"content-type": "application/x-www-form-urlencoded"})
        signed = client.post("/signin", data={"token": TOKEN, "csrf": csrf_of(form.text)},
                             follow_redirects=False)
    assert huge.status_code == 413
    assert signed.status_code == 303  # the form still works


def test_a_client_gone_before_its_request_is_read_is_no_internal_error(
        demo: Path, caplog: pytest.LogCaptureFixture) -> None:
    with served(demo) as client:
        app, csrf = client.app, client.headers["x-csrf-token"]
        cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    scope = {"type": "http", "method": "POST", "path": "/api/handout", "raw_path": b"",
             "query_string": b"", "root_path": "", "scheme": "http", "http_version": "1.1",
             "server": ("127.0.0.1", 8765), "client": ("127.0.0.1", 5000),
             "headers": [(b"host", b"127.0.0.1:8765"), (b"content-type", b"application/json"),
                         (b"content-length", b"100"), (b"x-csrf-token", csrf.encode()),
                         (b"cookie", cookie.encode())]}
    sent: list[dict[str, object]] = []

    async def receive() -> dict[str, object]:
        return {"type": "http.disconnect"}

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    with caplog.at_level(logging.INFO, logger="pdfgen.serve"):
        asyncio.run(app(scope, receive, send))  # type: ignore[arg-type]
    assert sent[0]["status"] == 400
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], caplog.text
    assert "internal error" not in caplog.text


def test_a_path_writes_no_line_and_no_colour_into_the_log(
        demo: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="pdfgen.serve"), served(demo) as client:
        answer = client.get("/x%0A2026-12-07%20POST%20/api/email%20200%0D%1B%5B31mRED")
    assert answer.status_code == 404
    lines = [r.getMessage() for r in caplog.records if "/x" in r.getMessage()]
    assert lines == ["GET /x\\n2026-12-07 POST /api/email 200\\r\\x1b[31mRED 404 "
                     + lines[0].rsplit(" ", 2)[1] + " ms"], lines


def test_a_browser_whose_sign_in_ended_is_told_what_to_do(demo: Path) -> None:
    # It was told to "give PDFGEN_SERVE_TOKEN as 'Authorization: Bearer TOKEN'".
    with served(demo, token=TOKEN, page=False) as browser:
        browser.get("/signin")  # a session, never signed in (or one that ended)
        answer = browser.post("/api/handout", json=JANE)
        browser.cookies.clear()
        script = browser.post("/api/handout", json=JANE)
    assert answer.status_code == 401
    assert answer.json()["error"] == "your sign-in has ended: reload the page and sign in again"
    assert script.json()["error"].startswith("sign in first: give PDFGEN_SERVE_TOKEN")


@pytest.mark.parametrize("body", [b"[" * 100_000 + b"]" * 100_000,
                                  b'{"level": 2, "exercises": ' + b"[" * 900 + b"]" * 900 + b"}"])
def test_a_body_nested_past_python_s_limit_is_refused_not_an_internal_error(
        demo: Path, body: bytes) -> None:
    # (A RecursionError in json.loads, or in writing the plan's YAML: 500.)
    with served(demo) as client:
        answer = client.post("/api/handout", content=body,
                             headers={"content-type": "application/json"})
        made = client.post("/api/handout", json=JANE)  # and the server goes on
    assert (answer.status_code, answer.json()["error"]) == (
        400, "the request: lists and fields nest more than 100 deep")
    assert made.status_code == 200, made.text


def test_a_list_of_thousands_of_exercises_is_refused_at_its_length(demo: Path) -> None:
    # (Each of 10,000 repeats was found on its line of the plan by composing it again: a
    # 90 KB request held the web page's handouts for 274 s.)
    with served(demo) as client:
        answer = client.post("/api/handout", json={"exercises": ["squat"] * 10_000})
    assert (answer.status_code, answer.json()["error"]) == (
        400, "plan: exercises: expected at most 20 items, got 10000")
