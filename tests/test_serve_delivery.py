"""`pdfgen serve` as a real process and with real servers beside it: e-mail to aiosmtpd on
127.0.0.1, printing to a private CUPS queue, a stalled mail server that blocks no other page,
twenty requests at once, a log without patients' names, Ctrl-C, and the token it needs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import cups_scheduler
import mail_helpers
import pytest
import scripted_smtp
from conftest import run, succeeds
from cups_scheduler import Scheduler, needs_cups
from mail_helpers import mail_env, received
from test_serve import JANE, served

# Other modules' fixtures, used here by their names.
smtp, scripted, cups = mail_helpers.smtp, scripted_smtp.scripted, cups_scheduler.cups

FIRST_LINE = "error: --host 0.0.0.0: other computers could reach the clinic's handouts; set "


@dataclass
class Process:
    """A `pdfgen serve` of the test's own, and what it has said."""

    process: subprocess.Popen[str]
    url: str
    said: list[str]

    def post(self, path: str, body: object, timeout: float = 120
             ) -> tuple[int, bytes, dict[str, str]]:
        request = urllib.request.Request(self.url + path, data=json.dumps(body).encode(),
                                         headers={"content-type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:
                return answer.status, answer.read(), dict(answer.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read(), dict(error.headers)


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def start(demo: Path) -> Iterator[object]:
    """Start `pdfgen serve` in the demo clinic with more environment; stopped with Ctrl-C
    (SIGINT) at the end, and it must end cleanly."""
    started: list[Process] = []

    def make(env: dict[str, str] | None = None, args: list[str] | None = None,
             cwd: Path = demo) -> Process:
        port = free_port()
        clean = {k: v for k, v in os.environ.items() if not k.startswith("PDFGEN_")}
        process = subprocess.Popen(
            [sys.executable, "-m", "pdfgen", "serve", *(args or []), "--port", str(port)],
            cwd=cwd,
            env={**clean, "XDG_CACHE_HOME": str(demo / ".cache"), **(env or {})},
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            # Ctrl-C not ignored, even when the tests run in the background
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        said: list[str] = []
        threading.Thread(target=lambda: said.extend(process.stdout or []), daemon=True).start()
        started.append(Process(process, f"http://127.0.0.1:{port}", said))  # stopped at end
        deadline = time.monotonic() + 60
        while not any("Serving" in line for line in said) or not _answers(port):
            assert process.poll() is None, "".join(said)
            assert time.monotonic() < deadline, "".join(said)
            time.sleep(0.1)
        return started[-1]

    yield make
    for server in started:
        stop(server)


def _answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/schema", timeout=5):
            return True
    except urllib.error.HTTPError:  # 401 with a token: it answers
        return True
    except OSError:
        return False


def stop(server: Process) -> str:
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGINT)
        server.process.wait(timeout=30)
    time.sleep(0.2)  # the reader thread takes the last lines
    return "".join(server.said)


def test_it_prints_its_address_and_ctrl_c_stops_it_cleanly(demo: Path, start) -> None:
    server = start()
    status, _, _ = server.post("/api/handout", JANE)
    assert status == 200
    log = stop(server)
    assert server.process.returncode == 130, log  # Ctrl-C's exit code, as every command's
    assert log.splitlines()[0] == (f"Serving {demo.resolve()} at {server.url}/; Ctrl-C "
                                   "stops it.")
    assert "Traceback" not in log


def test_twenty_requests_at_once_all_succeed_with_the_same_bytes_and_no_name_logged(
        demo: Path, start) -> None:
    server = start()
    bodies = [{**JANE, "patient": "Jane Example"} if i % 2 else
              {**JANE, "patient": "Zoë Müller", "level": 1} for i in range(20)]
    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(lambda body: server.post("/api/handout", body), bodies))
    assert [status for status, _, _ in answers] == [200] * 20
    succeeds(run("handout", "--level", "2", "--patient", "Jane Example", "--date",
                 "2026-11-24", cwd=demo))
    cli = (demo / "out/back-pain-level-2-jane-example.pdf").read_bytes()
    assert all(data == cli for (_, data, _), body in zip(answers, bodies, strict=True)
               if body["level"] == 2)
    server.post("/api/handout", {**JANE, "patient": "Jane Example", "level": 7})
    log = stop(server)
    assert log.count("POST /api/handout 200") == 20
    assert "POST /api/handout 400" in log
    for word in ("Jane", "Example", "Zoë", "Müller", "jane"):
        assert word not in log, log


def test_a_stalled_mail_server_blocks_no_other_page(demo: Path, start, scripted) -> None:
    stalled = scripted(lambda line: None, greeting="STALL 220")
    server = start({"PDFGEN_SMTP_HOST": "127.0.0.1", "PDFGEN_SMTP_PORT": str(stalled.port),
                    "PDFGEN_SMTP_SECURITY": "none", "PDFGEN_SMTP_FROM": "desk@example.com",
                    "PDFGEN_SMTP_TIMEOUT": "4"})
    mailed: list[tuple[int, bytes, dict[str, str]]] = []
    sending = threading.Thread(target=lambda: mailed.append(
        server.post("/api/email", {**JANE, "to": "jane@example.com"})))
    sending.start()
    time.sleep(1)  # the mail is at the stalled server's greeting
    status, data, _ = server.post("/api/handout", {**JANE, "level": 1})
    assert status == 200 and data.startswith(b"%PDF-")
    assert sending.is_alive()  # the handout came while the mail still waited
    sending.join(60)
    status, data, _ = mailed[0]
    said = json.loads(data)
    assert status == 502 and said["exit_code"] == 3, said
    assert (demo / "out/back-pain-level-2-jane-example.pdf").is_file()  # saved first


def test_ctrl_c_ends_a_mail_stalled_after_its_dot_at_once(demo: Path, start, scripted) -> None:
    """The mail threads hear Ctrl-C too: the server waits the 2 s grace for the answer to a
    message it has all sent, not the deadline (80 s here); the page is told the mail may
    have arrived."""
    stalled = scripted(lambda line: "STALL 250" if line == "." else None)
    server = start({"PDFGEN_SMTP_HOST": "127.0.0.1", "PDFGEN_SMTP_PORT": str(stalled.port),
                    "PDFGEN_SMTP_SECURITY": "none", "PDFGEN_SMTP_FROM": "desk@example.com",
                    "PDFGEN_SMTP_TIMEOUT": "20"})
    mailed: list[tuple[int, bytes, dict[str, str]]] = []
    sending = threading.Thread(target=lambda: mailed.append(
        server.post("/api/email", {**JANE, "to": "jane@example.com"})), daemon=True)
    sending.start()
    deadline = time.monotonic() + 30
    while stalled.messages < 1 and time.monotonic() < deadline:
        time.sleep(0.1)  # the whole message is out; the server stalls its answer
    time.sleep(1)
    server.process.send_signal(signal.SIGINT)
    stopped = time.monotonic()
    server.process.wait(timeout=30)
    assert time.monotonic() - stopped < 8
    assert server.process.returncode == 130
    sending.join(10)
    status, data, _ = mailed[0]
    said = json.loads(data)
    assert status == 502 and said["exit_code"] == 10, said
    assert "it was stopped before it said whether it kept it" in said["error"]


def test_e_mail_goes_through_the_clinics_server_as_pdfgen_email_sends_it(
        demo: Path, smtp, monkeypatch: pytest.MonkeyPatch) -> None:
    controller, box = smtp
    for name, value in mail_env(controller.port).items():
        monkeypatch.setenv(name, value)
    with served(demo) as client:
        sent = client.post("/api/email", json={**JANE, "to": "jane@example.com"})
        twice = client.post("/api/email", json={**JANE, "to": "jane@example.com"})
        bad = client.post("/api/email", json={**JANE, "to": "not an address"})
        missing = client.post("/api/email", json=JANE)
    assert sent.status_code == 200, sent.text
    assert sent.json()["file"] == "back-pain-level-2-jane-example.pdf"
    message = received(box)
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content() == (demo / "out/back-pain-level-2-jane-example.pdf"
                                        ).read_bytes()
    assert "Jane" not in message["Subject"]
    assert twice.status_code == 409, twice.text
    assert 'ask again with "resend": true to send it again' in twice.json()["error"]
    assert bad.status_code == 400 and bad.json()["field"] == "to"
    assert missing.status_code == 400 and missing.json()["field"] == "to"
    assert len(box.received) == 1


@needs_cups
def test_print_goes_to_the_clinics_printer_two_sided_as_print_does(
        demo: Path, cups: Scheduler, monkeypatch: pytest.MonkeyPatch) -> None:
    cups.add("front-desk", default=True)
    for name, value in cups.env.items():
        monkeypatch.setenv(name, value)
    with served(demo) as client:
        printed = client.post("/api/print", json=JANE)
        a4 = client.post("/api/print", json={**JANE, "paper": "a4", "copies": 2,
                                             "one_sided": True})
        unknown = client.post("/api/print", json={**JANE, "printer": "nowhere"})
    assert printed.status_code == 200, printed.text
    assert printed.json()["said"] == ("Printed on front-desk (two-sided, Letter, 1 copy): "
                                      "job front-desk-1")
    assert a4.json()["said"] == "Printed on front-desk (one-sided, A4, 2 copies): job front-desk-2"
    assert cups.page_log(2)[0] == ["front-desk", "1", "1", "Letter", "two-sided-long-edge",
                                   "Exercise handout"]
    assert unknown.status_code == 502 and unknown.json()["exit_code"] == 9
    assert "front-desk" in unknown.json()["error"]


def test_the_readmes_serve_commands_serve(demo: Path, start) -> None:
    from test_readme import shown_commands

    succeeds(run("init", "sol", "--clinic", "Clínica Sol", "--clinician", "Ana Ruiz",
                 "--phone", "+34 555 010 203", "--yes", cwd=demo))
    shown = [args for _, args in shown_commands() if args[0] == "serve"]
    assert shown == [["serve", "--open"], ["serve", "--project", "sol", "--port", "8800"]]
    # A "browser" that writes down the address it was asked to open.
    browser, opened = demo / "browser.sh", demo / "opened.txt"
    browser.write_text(f'#!/bin/sh\necho "$1" > "{opened}"\n')
    browser.chmod(0o755)
    for args in shown:
        own = [a for i, a in enumerate(args[1:]) if "--port" not in args[i:i + 2]]
        server = start({"BROWSER": str(browser)}, own)  # on a free port of the test's own
        status, data, _ = server.post("/api/handout", {"level": 2})
        assert status == 200 and data.startswith(b"%PDF-")
        log = stop(server)
        if "--open" in args:
            assert opened.read_text() == server.url + "/\n"
        if "--project" in args:
            assert log.startswith(f"Serving {(demo / 'sol').resolve()} at "), log


def test_a_port_in_use_is_one_line_and_no_start(demo: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "pdfgen", "serve", "--port", str(port)],
                              cwd=demo, capture_output=True, text=True, timeout=60,
                              check=False)
    assert done.returncode == 2
    assert done.stderr == (f"error: --port {port}: 127.0.0.1:{port} in use (another pdfgen "
                           "serve?); choose another --port\n")
    assert done.stdout == ""


@pytest.mark.parametrize(("env", "line"), [
    ({}, FIRST_LINE + "PDFGEN_SERVE_TOKEN (at least 16 characters) to require it, or serve "
         "on 127.0.0.1"),
    ({"PDFGEN_SERVE_TOKEN": "short"}, "error: PDFGEN_SERVE_TOKEN: 5 characters; a token "
     "needs at least 16 (for example: python3 -c \"import secrets; "
     "print(secrets.token_urlsafe(24))\")"),
])
def test_a_network_address_without_a_long_token_does_not_start(
        demo: Path, env: dict[str, str], line: str) -> None:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PDFGEN_")}
    done = subprocess.run([sys.executable, "-m", "pdfgen", "serve", "--host", "0.0.0.0"],
                          cwd=demo, env={**clean, **env}, capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 2
    assert done.stderr == line + "\n" and done.stdout == ""


def test_ctrl_c_stops_a_running_batch_which_pdfgen_batch_then_finishes(demo: Path,
                                                                      start) -> None:
    from test_serve import patient_list

    rows = [{"name": f"Patient {i}", "level": str(1 + i % 2), "date": "2026-11-24"}
            for i in range(40)]
    server = start()
    status, data, _ = server.post("/api/batch", {"name": "friday.csv",
                                                 "csv": patient_list(rows)})
    assert status == 202, data
    ident = json.loads(data)["batch"]
    deadline = time.monotonic() + 120
    while True:  # a few rows done, most not
        with urllib.request.urlopen(f"{server.url}/api/batch/{ident}", timeout=30) as answer:
            state = json.loads(answer.read())
        if state["done"] >= 2:
            break
        assert time.monotonic() < deadline, state
        time.sleep(0.1)
    log = stop(server)
    assert server.process.returncode == 130 and "Traceback" not in log, log
    folder = demo / "out/friday"
    assert (folder / "batch-report.csv").is_file()  # the stopped batch said what it did
    built_before = {p.name for p in folder.glob("*.pdf")}
    assert 2 <= len(built_before) < 40
    code, out, err = _pdfgen_batch(demo, "out/lists/friday.csv")
    assert code == 0, (out, err)
    assert f"{40 - len(built_before)} built, {len(built_before)} already up to date" in out
    assert len(list(folder.glob("*.pdf"))) == 40


def _pdfgen_batch(demo: Path, *args: str) -> tuple[int, str, str]:
    from batch_helpers import finish, pdfgen

    return finish(pdfgen("batch", *args, cwd=demo), timeout=300)


def test_a_batch_e_mailed_from_the_page_is_never_mailed_twice(
        demo: Path, smtp, monkeypatch: pytest.MonkeyPatch) -> None:
    from test_serve import patient_list, wait_for

    controller, box = smtp
    for name, value in mail_env(controller.port).items():
        monkeypatch.setenv(name, value)
    text = patient_list([
        {"name": "Ann Lee", "level": "2", "date": "2026-11-24", "email": "ann@example.com"},
        {"name": "Bo Ray", "level": "1", "date": "2026-11-24", "email": "bo@example.com"}])
    with served(demo) as client:
        body = {"name": "mail.csv", "csv": text, "mode": "email"}
        first = wait_for(client, client.post("/api/batch", json=body).json()["batch"])
        again = wait_for(client, client.post("/api/batch", json=body).json()["batch"])
    assert first["ended"]["counts"]["sent"] == 2, first
    assert again["ended"]["counts"]["skipped"] == 2, again
    assert sorted(e.rcpt_tos[0] for e in box.received) == ["ann@example.com", "bo@example.com"]


def test_on_every_address_it_names_this_computer_for_a_tablet(start) -> None:
    import socket

    server = start(env={"PDFGEN_SERVE_TOKEN": "a-token-of-twenty-chars"},
                   args=["--host", "0.0.0.0"])
    port = server.url.rsplit(":", 1)[1]
    said = "".join(server.said)
    assert f"at http://{socket.gethostname()}:{port}/ (sign in with PDFGEN_SERVE_TOKEN)" in said
    assert "0.0.0.0" not in said


def test_ctrl_c_held_down_still_ends_with_130_and_no_traceback(start) -> None:
    """A key held down sends Ctrl-C every few milliseconds: one arriving while the process
    ends (Python joining the server's threads) once killed it by the signal (exit -2, and
    under load it could wait on a thread for good); the exit, once decided, is not cut
    short."""
    server = start()
    assert server.post("/api/handout", {"level": 2})[0] == 200
    for _ in range(200):  # 4 s at the most
        if server.process.poll() is not None:
            break
        server.process.send_signal(signal.SIGINT)
        time.sleep(0.02)
    server.process.wait(timeout=30)
    log = stop(server)
    assert server.process.returncode == 130, log
    assert "Traceback" not in log, log


def test_ctrl_c_pressed_twice_still_ends_without_a_traceback(start) -> None:
    server = start()
    assert server.post("/api/handout", {"level": 2})[0] == 200
    server.process.send_signal(signal.SIGINT)
    time.sleep(0.05)  # an impatient second press, while the first is shutting down
    server.process.send_signal(signal.SIGINT)
    log = stop(server)
    assert server.process.returncode == 130, log
    assert "Traceback" not in log and "Error" not in log, log
