"""`pdfgen serve` through Starlette's test client: every route and mistake, the same bytes as
the command line, the token, CSRF, CSP and Host checks, plans, batches and the schema."""

from __future__ import annotations

import csv
import io
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import jsonschema
import pypdf
import pytest
from conftest import run, succeeds
from starlette.testclient import TestClient

import pdfgen
from pdfgen.serve.app import make_app
from pdfgen.serve.server import own_hosts

TOKEN = "a-token-of-the-clinic-0123456789"
JANE = {"level": 2, "patient": "Jane Example", "date": "2026-11-24"}
PLAN = {"patient": "Zoë Müller", "date": "2026-11-24", "follow_up": "2026-12-08",
        "routine": "back-pain", "level": 2, "note": "Go slowly at first.",
        "exercises": [{"slug": "squat", "dose": {"sets": 2, "reps": 8, "times": 3,
                                                 "per": "week"},
                       "note": "Hold on to a chair."},
                      {"slug": "lunge", "dose": {"sets": 1, "reps": 6, "side": "each"}}]}


@contextmanager
def served(clinic: Path | None, token: str | None = None, hosts: set[str] | None = None,
           page: bool = True) -> Iterator[TestClient]:
    """A test client of the server of `clinic` (None: the demo); `page`: it has opened the
    handout page, and sends the page's CSRF token as the page's script does."""
    app = make_app(pdfgen.open_clinic(clinic), token, hosts)
    with TestClient(app, base_url="http://127.0.0.1:8765") as client:
        if page:
            answer = client.get("/")
            assert answer.status_code == 200, answer.text
            client.headers["x-csrf-token"] = csrf_of(answer.text)
        yield client


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert found is not None, html[:500]
    return found.group(1)


def pages(data: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize(("body", "args", "name"), [
    (JANE, ["--level", "2", "--patient", "Jane Example", "--date", "2026-11-24"],
     "back-pain-level-2-jane-example.pdf"),
    ({**JANE, "paper": "a4", "log": 2, "large_print": True},
     ["--level", "2", "--patient", "Jane Example", "--date", "2026-11-24", "--paper", "a4",
      "--log", "2", "--large-print"], "back-pain-level-2-jane-example-large-print.pdf"),
    ({"level": 1, "date": "2026-11-24", "language": "es", "layout": "compact"},
     ["--level", "1", "--date", "2026-11-24", "--language", "es", "--layout", "compact"],
     "back-pain-level-1-compact-es.pdf"),
])
def test_a_served_handout_has_the_bytes_and_name_of_the_command_lines(
        demo: Path, body: dict[str, object], args: list[str], name: str) -> None:
    succeeds(run("handout", *args, cwd=demo))
    with served(demo) as client:
        answer = client.post("/api/handout", json=body)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["content-disposition"] == f'attachment; filename="{name}"'
    assert answer.content == (demo / "out" / name).read_bytes()
    assert int(answer.headers["x-pdfgen-pages"]) == pages(answer.content)


@pytest.mark.parametrize(("body", "status", "error", "field"), [
    ({"level": 9}, 400, "--level 9: no such level for back-pain (known: 1, 2)", "level"),
    ({"level": "two"}, 400, "--level: expected a whole number, got 'two'", "level"),
    ({"level": 2, "paper": "legal"}, 400, "--paper: expected letter or a4, got 'legal'",
     "paper"),
    ({"level": 2, "date": "24/11/2026"}, 400,
     "--date 24/11/2026: expected YYYY-MM-DD, for example 2026-11-24", "date"),
    ({"level": 2, "patient": " "}, 400, "--patient: blank; give the patient's name, or "
     "leave out --patient", "patient"),
    ({"level": 2, "log": 13}, 400, "--log 13: expected a number of weeks from 0 to 12",
     "log"),
    ({"level": 2, "patient": "Ana \U0001F600"}, 400, "--patient: the emoji '\U0001F600' cannot "
     "be printed in a name; write the name in letters", "patient"),
    ({"level": 2, "language": "xx"}, 400, None, "language"),
    ({"level": 2, "layout": "compact", "large_print": True}, 400, None, "layout"),
    ({"level": 2, "colour": "red"}, 400, None, "colour"),
    ({"exercises": [{"slug": "lunges"}]}, 400,
     "plan: exercises[1]: unknown exercise 'lunges' (did you mean 'lunge'?)", "exercises"),
    ({"exercises": [{"slug": "../../etc/passwd"}]}, 400, None, "exercises"),
    ({"exercises": []}, 400, "exercises: choose at least one exercise (or a routine and its "
     "level)", "exercises"),
    ({"plan": "../clinic.toml"}, 400, None, "plan"),
    ({"plan": "nobody.yaml"}, 400, None, "plan"),
    ({"plan": "example.yaml", "note": "x"}, 400, None, "note"),
    # (A 200,000-character note once took 35 s to print on 72 pages, the server busy.)
    ({"level": 2, "note": "Walk daily. " * 20_000}, 400,
     "plan: note: expected at most 1500 characters, got 240000", "note"),
    ({"level": 2, "intro": ["Start slowly."] * 11}, 400, None, "intro"),
    ({"exercises": [{"slug": "squat", "note": "x" * 501}]}, 400,
     "plan: exercises[1].note: expected at most 500 characters, got 501", "exercises"),
    ([1, 2], 400, "the request: expected a JSON object of a handout's fields", None),
])
def test_every_mistake_is_a_400_in_the_command_lines_words_with_its_field(
        demo: Path, body: object, status: int, error: str | None, field: str | None) -> None:
    with served(demo) as client:
        answer = client.post("/api/handout", json=body)
    assert answer.status_code == status, answer.text
    said = answer.json()
    assert said["field"] == field, said
    assert "Traceback" not in said["error"] and "\n" not in said["error"]
    if error is not None:
        assert said["error"] == error
    assert not (demo / "out").exists()  # a mistake writes nothing


@pytest.mark.parametrize(("content", "kind"), [
    (b"level=2", "application/x-www-form-urlencoded"), (b"level=2", "text/plain"),
    (b"{not json", "application/json")])
def test_the_api_takes_json_bodies_only(demo: Path, content: bytes, kind: str) -> None:
    with served(demo) as client:
        answer = client.post("/api/handout", content=content, headers={"content-type": kind})
    assert answer.status_code == 400
    assert answer.json()["error"].startswith("the request: ")


def test_the_preview_is_every_page_as_a_picture_and_writes_nothing(demo: Path) -> None:
    with served(demo) as client:
        answer = client.post("/api/preview", json=JANE).json()
        compact = client.post("/api/preview", json={**JANE, "layout": "compact"}).json()
    assert answer["pages"] == 4 and len(answer["images"]) == 4
    assert answer["file"] == "back-pain-level-2-jane-example.pdf"
    assert all(i.startswith("data:image/png;base64,") for i in answer["images"])
    assert compact["pages"] == 1
    assert not (demo / "out").exists()


def test_every_response_has_the_csp_and_no_cors(demo: Path) -> None:
    with served(demo) as client:
        answers = [client.get("/"), client.get("/batch"), client.get("/clinic"),
                   client.get("/static/app.js"), client.get("/api/schema"),
                   client.post("/api/handout", json={"level": 9},
                               headers={"origin": "https://elsewhere.example"}),
                   client.options("/api/handout",
                                  headers={"origin": "https://elsewhere.example",
                                           "access-control-request-method": "POST"})]
    for answer in answers:
        assert answer.headers["content-security-policy"].startswith("default-src 'none'; "
                                                                    "script-src 'self';")
        assert not any(h.startswith("access-control-") for h in answer.headers)
    assert answers[-1].status_code == 405
    assert "<script src=\"/static/app.js\"></script>" in answers[0].text
    assert "<script>" not in answers[0].text and "style=" not in answers[0].text


def test_a_browser_session_needs_its_csrf_token_and_a_script_needs_none_on_loopback(
        demo: Path) -> None:
    with served(demo) as client:
        client.headers.pop("x-csrf-token")
        refused = client.post("/api/handout", json=JANE)
        wrong = client.post("/api/handout", json=JANE, headers={"x-csrf-token": "guess"})
    with served(demo, page=False) as script:  # no cookie: curl on this computer
        allowed = script.post("/api/handout", json=JANE)
    assert refused.status_code == wrong.status_code == 403
    assert refused.json()["error"] == ("the page's form token is missing or out of date: "
                                       "reload the page")
    assert allowed.status_code == 200


def test_another_host_name_is_refused_on_loopback(demo: Path) -> None:
    with served(demo, hosts=own_hosts("127.0.0.1", 8765), page=False) as client:
        ours = client.get("/")
        rebound = client.get("/", headers={"host": "attacker.example:8765"})
    assert ours.status_code == 200
    assert rebound.status_code == 421


def test_with_a_token_every_page_and_call_asks_for_it(demo: Path) -> None:
    with served(demo, TOKEN, page=False) as client:
        assert client.get("/", follow_redirects=False).headers["location"] == "/signin"
        assert client.get("/clinic", follow_redirects=False).status_code == 303
        assert client.post("/api/handout", json=JANE).status_code == 401
        assert client.get("/api/schema").status_code == 401
        bearer = client.post("/api/handout", json=JANE,
                             headers={"authorization": f"Bearer {TOKEN}"})
        assert bearer.status_code == 200 and bearer.content.startswith(b"%PDF-")
        wrong_bearer = client.post("/api/handout", json=JANE,
                                   headers={"authorization": "Bearer " + "x" * 30})
        assert wrong_bearer.status_code == 401
        # The scheme's name in any capitals, as HTTP reads it (`bearer` was refused); the
        # token itself exactly, in no other scheme.
        for header, status in ((f"bearer {TOKEN}", 200), (f"BEARER  {TOKEN} ", 200),
                               (f"Basic {TOKEN}", 401), (f"Bearer {TOKEN.upper()}x", 401),
                               ("bearer", 401), (TOKEN, 401)):
            answer = client.post("/api/handout", json=JANE, headers={"authorization": header})
            assert answer.status_code == status, header
        form = client.get("/signin")
        wrong = client.post("/signin", data={"token": "not-it", "csrf": csrf_of(form.text)})
        assert "That is not the server's token." in wrong.text
        no_csrf = client.post("/signin", data={"token": TOKEN}, follow_redirects=False)
        assert no_csrf.status_code == 200 and "not the server" in no_csrf.text
        signed = client.post("/signin", data={"token": TOKEN, "csrf": csrf_of(form.text)},
                             follow_redirects=False)
        assert signed.status_code == 303
        cookie = signed.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        page = client.get("/")
        assert page.status_code == 200
        without = client.post("/api/handout", json=JANE)
        assert without.status_code == 403
        made = client.post("/api/handout", json=JANE,
                           headers={"x-csrf-token": csrf_of(page.text)})
        assert made.status_code == 200


def test_nothing_outside_the_clinic_folder_can_be_read(demo: Path) -> None:
    with served(demo) as client:
        for path in ("/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py",
                     "/content/clinic.toml", "/out/", "/api/batch/..%2f..%2fetc"):
            assert client.get(path).status_code == 404, path
        opened = client.post("/api/plans/open", json={"name": "../clinic.toml"})
        assert opened.status_code == 400 and opened.json()["field"] == "name"
        saved = client.post("/api/plans/save", json={"name": "../../x", "fields": JANE})
        assert saved.status_code == 400
    assert not list(demo.rglob("x.yaml"))


def test_the_pages_label_every_field(demo: Path) -> None:
    with served(demo) as client:
        for path in ("/", "/batch"):
            html = client.get(path).text
            ids = re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html)
            hidden = re.findall(r'<input type="hidden"', html)
            assert ids and not hidden
            for ident in ids:
                assert f'<label for="{ident}"' in html, (path, ident)


def test_the_schema_describes_the_bodies_the_api_takes(demo: Path) -> None:
    with served(demo) as client:
        schema = client.get("/api/schema").json()
    body = schema["endpoints"]["POST /api/handout"]["body"]
    jsonschema.validate({**PLAN, "paper": "a4", "log": 2}, body)
    jsonschema.validate(JANE, body)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**JANE, "colour": "red"}, body)
    email = schema["endpoints"]["POST /api/email"]["body"]
    assert email["required"] == ["to"]


def patient_list(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def wait_for(client: TestClient, ident: str, timeout: float = 120) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while True:
        state: dict[str, object] = client.get(f"/api/batch/{ident}").json()
        if state["ended"] is not None:
            return state
        assert time.monotonic() < deadline, state
        time.sleep(0.2)


def test_a_batch_uploaded_runs_as_pdfgen_batch_and_a_second_run_skips_it(demo: Path) -> None:
    text = patient_list([{"name": "Ann Lee", "level": "2", "date": "2026-11-24"},
                         {"name": "Bo Ray", "level": "9", "date": "2026-11-24"},
                         {"name": "Cy Ode", "level": "1", "date": "2026-11-24"}])
    with served(demo) as client:
        started = client.post("/api/batch", json={"name": "monday.csv", "csv": text})
        assert started.status_code == 202
        first = wait_for(client, started.json()["batch"])
        again = wait_for(client, client.post(
            "/api/batch", json={"name": "monday.csv", "csv": text}).json()["batch"])
    assert first["ended"]["counts"]["built"] == 2 and first["ended"]["counts"]["failed"] == 1
    failed = [o for o in first["outcomes"] if o["status"] == "failed"]
    assert failed[0]["row"] == 3 and "no such level" in failed[0]["error"]
    assert again["ended"]["counts"]["skipped"] == 2
    folder = demo / "out/monday"
    assert sorted(p.name for p in folder.glob("*.pdf")) == [
        "back-pain-level-1-cy-ode.pdf", "back-pain-level-2-ann-lee.pdf"]
    assert (folder / "batch-report.csv").is_file()
    assert (demo / "out/lists/monday.csv").read_bytes() == text.encode()


@pytest.mark.parametrize(("text", "error"), [
    ("name\n" + "x" * 1_100_000, "monday.csv: 1,100,005 bytes; a patient list may be at "
     "most 1,000,000"),
    ("name\n" + "x" * 1_300_000, "the request: "),
    ("name\n" + "Ann\n" * 2001, "monday.csv: 2,001 rows; a list may have at most 2,000"),
])
def test_an_upload_is_limited_in_size_and_rows(demo: Path, text: str, error: str) -> None:
    with served(demo) as client:
        answer = client.post("/api/batch", json={"name": "monday.csv", "csv": text})
    assert answer.status_code == 400
    assert answer.json()["error"].startswith(error)
    assert not (demo / "out").exists()


def test_pdfgen_help_loads_no_web_framework() -> None:
    import subprocess
    import sys

    found = subprocess.run([sys.executable, "-c", "import sys; from pdfgen.cli.app import app; "
                            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
                            "('starlette', 'uvicorn', 'anyio')))"],
                           capture_output=True, text=True, timeout=60, check=False)
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "[]"


def test_the_language_is_chosen_from_those_the_clinic_prints(demo: Path) -> None:
    # (A text box asked a receptionist for a code: "fr" had no catalog.)
    with served(demo, page=False) as client:
        page = client.get("/").text
    chosen = re.search(r'<select id="language" name="language">(.*?)</select>', page)
    assert chosen is not None, page[:300]
    assert re.findall(r'<option value="([^"]*)">([^<]*)</option>', chosen.group(1)) == [
        ("", "The clinic's"), ("en", "English (en)"), ("es", "Español (es)")]
    assert '<label for="date">Date (empty: today)</label>' in page  # (it did not say)
