"""`pdfgen email` as a real process against servers on 127.0.0.1 that misbehave: one that
will not start TLS, logins outside ASCII. (The well-behaved server is aiosmtpd, in
mail_helpers.py; the misbehaving ones here are scripted line by line.)"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from mail_helpers import SAVED, Mailbox, free_port, mail_env, received, run_email


class Scripted:
    """An SMTP server that answers each command as `answer` says (a reply, or None for the
    usual one), one connection at a time, and writes down every command it was sent. A
    reply "STALL 250" (or a `greeting` "STALL 220") sends "250-please wait" every half
    second, never a last line; "CLOSE" hangs up. The message after DATA is read to its dot,
    and `answer(".")` replies to it."""

    def __init__(self, answer: Callable[[str], str | None], greeting: str = "220 scripted"
                 ) -> None:
        self.answer, self.greeting, self.heard = answer, greeting, []
        self.messages = 0  # messages read to their final dot
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen()
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            with suppress(OSError), conn, conn.makefile("rb") as lines:
                if not self._say(conn, self.greeting):
                    continue
                for raw in lines:
                    line = raw.decode("utf-8", "replace").rstrip("\r\n")
                    self.heard.append(line)
                    said = self.answer(line)
                    verb = line.split(" ")[0].upper()
                    if said is None:
                        said = {"EHLO": "250-scripted\r\n250-STARTTLS\r\n250 AUTH PLAIN",
                                "DATA": "354 go ahead", "QUIT": "221 bye"}.get(verb, "250 OK")
                    if not self._say(conn, said) or said.startswith("221"):
                        break
                    if verb == "DATA" and said.startswith("354"):
                        for body in lines:  # the message, to its final dot
                            if body.rstrip(b"\r\n") == b".":
                                break
                        self.messages += 1
                        if not self._say(conn, self.answer(".") or "250 kept"):
                            break

    @staticmethod
    def _say(conn: socket.socket, said: str) -> bool:
        """Reply; False when the conversation is over (hung up, or stalled until the other
        end went away)."""
        if said == "CLOSE":
            return False
        if said.startswith("STALL "):
            code = said.split()[1]
            while True:
                try:
                    conn.sendall(f"{code}-please wait\r\n".encode())
                except OSError:
                    return False
                time.sleep(0.5)
        conn.sendall(said.encode() + b"\r\n")
        return True

    def close(self) -> None:
        self.listener.close()


@pytest.fixture
def scripted() -> Iterator[Callable[[Callable[[str], str | None]], Scripted]]:
    made: list[Scripted] = []

    def make(answer: Callable[[str], str | None], greeting: str = "220 scripted"
             ) -> Scripted:
        made.append(Scripted(answer, greeting))
        return made[-1]

    yield make
    for server in made:
        server.close()


def test_a_server_that_will_not_start_tls_is_a_failed_secure_connection(
        demo: Path, scripted) -> None:
    server = scripted(lambda line: "454 4.7.0 TLS not available now"
                      if line.upper() == "STARTTLS" else None)
    result = run_email(demo, mail_env(server.port, "starttls"), "--to", "jane@example.com")
    assert (result.returncode, result.stderr) == (
        4, f"error: 127.0.0.1:{server.port}: the server did not start a secure connection "
           "(454 4.7.0 TLS not available now); nothing was sent: try again later, or check "
           "security in [email]" + SAVED)
    assert not any(line.upper().startswith(("AUTH", "MAIL", "DATA")) for line in server.heard)


USER, SECRET = "jösé", "Pässwört-ß"


def utf8_only(server, session, envelope, mechanism, auth_data):
    ok = (auth_data.login == USER.encode("utf-8")
          and auth_data.password == SECRET.encode("utf-8"))
    return AuthResult(success=ok, handled=False)


@pytest.mark.parametrize("mechanism", ["PLAIN", "LOGIN"])
def test_a_login_outside_ascii_is_sent_as_utf_8(demo: Path, mechanism: str) -> None:
    """RFC 4616 (PLAIN) is UTF-8; LOGIN servers take it too."""
    box = Mailbox()
    other = "LOGIN" if mechanism == "PLAIN" else "PLAIN"
    controller = Controller(box, hostname="127.0.0.1", port=free_port(),
                            authenticator=utf8_only, auth_require_tls=False,
                            auth_exclude_mechanism=[other])
    controller.start()
    try:
        env = mail_env(controller.port, PDFGEN_SMTP_USER=USER, PDFGEN_SMTP_PASSWORD=SECRET)
        result = run_email(demo, env, "--to", "jane@example.com")
    finally:
        controller.stop()
    assert result.returncode == 0, result.stderr
    assert received(box)["To"] == "jane@example.com"


def test_a_refused_login_outside_ascii_shows_no_part_of_the_password(demo: Path) -> None:
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port(),
                            authenticator=utf8_only, auth_require_tls=False)
    controller.start()
    try:
        env = mail_env(controller.port, PDFGEN_SMTP_USER=USER,
                       PDFGEN_SMTP_PASSWORD="Wrong-Pässwört")
        result = run_email(demo, env, "--to", "jane@example.com")
    finally:
        controller.stop()
    assert (result.returncode, result.stderr) == (
        5, f"error: 127.0.0.1:{controller.port}: the server refused the login for 'jösé' "
           "(535); check the user name and PDFGEN_SMTP_PASSWORD" + SAVED)
    assert "ä" not in result.stdout + result.stderr.replace("jösé", "")
    assert box.received == []


def test_a_cram_md5_server_and_a_password_outside_ascii_is_one_line(demo: Path,
                                                                     scripted) -> None:
    def answer(line: str) -> str | None:
        if line.upper().startswith("EHLO"):
            return "250-scripted\r\n250 AUTH CRAM-MD5"
        if line.upper().startswith("AUTH CRAM-MD5"):
            return "334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UuZXhhbXBsZS5uZXQ+"
        return None

    server = scripted(answer)
    env = mail_env(server.port, PDFGEN_SMTP_PASSWORD=SECRET)
    result = run_email(demo, env, "--to", "jane@example.com")
    assert (result.returncode, result.stderr) == (
        5, f"error: 127.0.0.1:{server.port}: the user name or PDFGEN_SMTP_PASSWORD has "
           "letters outside ASCII, and the login this server offers (CRAM-MD5) cannot take "
           "them: use a password of ASCII letters, or a server that offers PLAIN or LOGIN" + SAVED)
    assert "Traceback" not in result.stderr and "ä" not in result.stderr
    assert not any(line.upper().startswith(("MAIL", "DATA")) for line in server.heard)


# --- one deadline for a message; delivery that cannot be known -------------------------

FAST = {"PDFGEN_SMTP_TIMEOUT": "2"}  # each wait 2 s, a whole message 8 s


def _plain(port: int) -> dict[str, str]:
    return {k: v for k, v in mail_env(port, **FAST).items() if k != "PDFGEN_SMTP_USER"}


def test_a_server_that_never_finishes_its_greeting_is_held_to_one_deadline(
        demo: Path, scripted) -> None:
    server = scripted(lambda line: None, greeting="STALL 220")
    started = time.monotonic()
    result = run_email(demo, _plain(server.port), "--to", "jane@example.com", timeout=40)
    took = time.monotonic() - started
    assert (result.returncode, result.stderr) == (
        3, f"error: 127.0.0.1:{server.port}: the server did not finish in 8 s (4 times "
           "PDFGEN_SMTP_TIMEOUT); nothing was sent: try again later, or check the port and "
           "security in [email]" + SAVED)
    assert 7 < took < 30, took
    assert server.messages == 0


@pytest.mark.parametrize(("after_dot", "why"), [
    ("STALL 250", "it was still not done after 8 s"),
    ("CLOSE", "it closed the connection")])
def test_a_server_that_never_answers_the_final_dot_leaves_delivery_unknown(
        demo: Path, scripted, after_dot: str, why: str) -> None:
    """It may have kept the mail: exit 10, and sending the same handout to the same
    address again asks for --resend, which sends it."""
    server = scripted(lambda line: after_dot if line == "." else None)
    result = run_email(demo, _plain(server.port), "--date", "2026-11-24",
                       "--to", "jane@example.com", timeout=40)
    assert (result.returncode, result.stderr) == (
        10, f"error: 127.0.0.1:{server.port}: the server had the whole message, then {why} "
            "before it said whether it kept it: the mail may have been delivered; ask the "
            "patient before sending it again (--resend)" + SAVED)
    assert server.messages == 1
    good = scripted(lambda line: None)
    again = run_email(demo, _plain(good.port), "--date", "2026-11-24",
                      "--to", "Jane@Example.com")
    assert again.returncode == 2, again.stderr
    assert again.stderr.startswith("error: this handout may have reached Jane@Example.com on ")
    assert again.stderr.endswith("(the server had the whole message but never said whether "
                                 "it kept it): ask the patient, and add --resend to send it "
                                 "again\n")
    assert good.messages == 0
    other = run_email(demo, _plain(good.port), "--date", "2026-11-24",
                      "--to", "someone.else@example.com")
    assert other.returncode == 0, other.stderr  # another address is another send
    resent = run_email(demo, _plain(good.port), "--date", "2026-11-24",
                       "--to", "jane@example.com", "--resend")
    assert resent.returncode == 0, resent.stderr
    assert good.messages == 2
    twice = run_email(demo, _plain(good.port), "--date", "2026-11-24",
                      "--to", "jane@example.com")
    assert twice.returncode == 2
    assert "this handout was sent to jane@example.com on " in twice.stderr
    assert twice.stderr.endswith("(the server took it); add --resend to send it again\n")
    journal = (demo / "out" / ".pdfgen-sent.journal").read_text()
    assert "jane" not in journal.lower() and "@" not in journal  # no address on disk


def test_a_mail_refused_after_its_dot_may_be_sent_again_without_resend(demo: Path,
                                                                       scripted) -> None:
    server = scripted(lambda line: "554 5.7.1 refused" if line == "." else None)
    result = run_email(demo, _plain(server.port), "--to", "jane@example.com")
    assert result.returncode == 6, result.stderr
    good = scripted(lambda line: None)
    again = run_email(demo, _plain(good.port), "--to", "jane@example.com")
    assert again.returncode == 0, again.stderr


@pytest.mark.parametrize("stall", ["greeting", "after the dot"])
@pytest.mark.parametrize(("stop", "code"), [(signal.SIGTERM, -signal.SIGTERM),
                                            (signal.SIGINT, 130)])
def test_ctrl_c_and_sigterm_end_a_stalled_send_at_once(demo: Path, scripted, stop: int,
                                                        code: int, stall: str) -> None:
    """Before the greeting, or once the server has the whole message and stalls (Ctrl-C
    once waited there for the whole deadline, 4 times PDFGEN_SMTP_TIMEOUT, asking it to
    QUIT); after the dot the mail may have arrived: a second send asks for --resend."""
    server = (scripted(lambda line: None, greeting="STALL 220") if stall == "greeting" else
              scripted(lambda line: "STALL 250" if line == "." else None))
    env = {**os.environ, "XDG_CACHE_HOME": str(demo / ".cache"),
           **{k: v for k, v in _plain(server.port).items()}, "PDFGEN_SMTP_TIMEOUT": "60"}
    process = subprocess.Popen(["pdfgen", "email", "--level", "2", "--to", "j@example.com"],
                               cwd=demo, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True,
                               # Ctrl-C not ignored, even when the tests run in the background
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + 30
        while (not server.heard if stall == "greeting" else server.messages < 1) and (
                time.monotonic() < deadline and process.poll() is None):
            time.sleep(0.2)  # connected: the greeting is stalling, or the answer to the dot
        time.sleep(1.5)
        process.send_signal(stop)
        stopped = time.monotonic()
        _, err = process.communicate(timeout=10)
        assert time.monotonic() - stopped < 5
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == code, err
    assert "Traceback" not in err
    assert server.messages == (0 if stall == "greeting" else 1)
    if stall == "after the dot":
        good = scripted(lambda line: None)
        again = run_email(demo, _plain(good.port), "--to", "j@example.com")
        assert again.returncode == 2 and "add --resend to send it again" in again.stderr, (
            again.stderr)
        assert good.messages == 0


def test_a_batch_to_a_server_that_never_finishes_ends(demo: Path, scripted) -> None:
    from batch_helpers import finish, patients_csv, pdfgen, report

    server = scripted(lambda line: None, greeting="STALL 220")
    patients_csv(demo / "p.csv", [{"name": f"Patient {i}", "level": "2",
                                   "email": f"p{i}@example.com"} for i in range(2)])
    started = time.monotonic()
    code, out, err = finish(pdfgen("batch", "p.csv", "--email", "--jobs", "1", cwd=demo,
                                   env={**_plain(server.port), "PDFGEN_SMTP_TIMEOUT": "1"}),
                            timeout=60)
    assert time.monotonic() - started < 45
    assert code != 0 and "Traceback" not in err, (code, out, err)
    assert "did not finish in 4 s" in out + err
    assert server.messages == 0
    assert all(line["status"] != "sent" for line in report(demo / "out/p"))


def test_sigterm_ends_a_batch_stalled_after_the_dot_and_the_rerun_is_told(demo: Path,
                                                                           scripted) -> None:
    """The server had the whole first message and never answers: SIGTERM ends the batch
    within its moment of grace, not at the server's pleasure; the row is unconfirmed, and
    the run again does not send it."""
    from batch_helpers import finish, patients_csv, pdfgen, report, wait_for_unlocked

    server = scripted(lambda line: "STALL 250" if line == "." else None)
    patients = patients_csv(demo / "p.csv", [{"name": "Patient 0", "level": "2",
                                              "email": "p0@example.com"}])
    env = {**_plain(server.port), "PDFGEN_SMTP_TIMEOUT": "60"}  # a deadline of 4 minutes
    first = pdfgen("batch", "p.csv", "--email", "--jobs", "1", cwd=demo, env=env)
    try:
        waited = time.monotonic() + 60
        while server.messages == 0 and time.monotonic() < waited and first.poll() is None:
            time.sleep(0.1)
        assert server.messages == 1, first.poll()
        time.sleep(0.5)
        first.send_signal(signal.SIGTERM)
        stopped = time.monotonic()
        code, out, err = finish(first, timeout=30)
        assert time.monotonic() - stopped < 10
    finally:
        if first.poll() is None:
            first.kill()
    assert "Traceback" not in err, err
    wait_for_unlocked(demo / "out/p")
    good = scripted(lambda line: None)
    code, out, err = finish(pdfgen("batch", str(patients), "--email", "--jobs", "1",
                                   cwd=demo, env=_plain(good.port)))
    assert good.messages == 0, (code, out, err)
    assert [line["status"] for line in report(demo / "out/p")] == ["unconfirmed"]


def _stopped_send(stop_when: str) -> tuple[Mailbox, list[str], BaseException | None]:
    """One message to a real server on 127.0.0.1, a stop (Ctrl-C or SIGTERM's) coming either
    the moment the whole message is out, before "sending" is recorded ("body"), or while it
    is recorded ("recording"): what the server kept, what was recorded, what was raised."""
    from email.message import EmailMessage

    from pdfgen.mail.deadline import Deadline
    from pdfgen.mail.sender import connect, deliver
    from pdfgen.mail.settings import Server

    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    recorded: list[str] = []
    raised: BaseException | None = None
    try:
        server = Server("127.0.0.1", controller.port, "none", None, None,
                        "clinic@example.com", None, 10_000_000, timeout=5)
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = (
            "clinic@example.com", "pat@example.com", "Your handout")
        message.set_content("Hello.\n")
        with Deadline(20) as deadline:
            connection = connect(server, None, deadline)
            sent_body = connection.send

            def send(data: bytes | str) -> None:
                sent_body(data)
                if stop_when == "body" and isinstance(data, bytes) and b"Hello" in data:
                    deadline.stop()  # as the signal handler would, between two lines

            connection.send = send  # type: ignore[method-assign]

            def before_commit() -> None:
                recorded.append("sending")
                if stop_when == "recording":
                    deadline.stop()

            try:
                deliver(connection, message, server, before_commit, deadline)
            except BaseException as error:  # what was raised is the result
                raised = error
            connection.close()
        time.sleep(0.3)  # the server's handler has run for whatever it kept
    finally:
        controller.stop()
    return box, recorded, raised


def test_a_stop_before_sending_is_recorded_cuts_the_message_off_unrecorded() -> None:
    """The whole message out, the final dot not yet: a stop then keeps the server from
    keeping it, and nothing says "sending" (the next run sends it: it never arrived)."""
    box, recorded, raised = _stopped_send("body")
    assert box.received == []
    assert recorded == []
    assert raised is not None


def test_a_stop_while_sending_is_recorded_lets_the_message_finish() -> None:
    """A stop as "sending" is recorded: the final dot still goes, the answer is awaited
    (two seconds at most), and the server keeps the message: never "sending" on record for a
    mail the server never had (a batch stopped then reported a mail unconfirmed that never
    went)."""
    box, recorded, raised = _stopped_send("recording")
    assert recorded == ["sending"]
    assert raised is None, raised
    assert [e.rcpt_tos for e in box.received] == [["pat@example.com"]]


def test_stop_all_stops_the_sends_under_way_and_forgets_them_after() -> None:
    """What pdfgen serve's Ctrl-C calls: every deadline open in any thread is stopped, and
    one is known only while its send is under way (the set never grows)."""
    from pdfgen.mail import deadline as deadlines

    with deadlines.Deadline(60) as first, deadlines.Deadline(60) as second:
        assert {first, second} <= deadlines._LIVE
        deadlines.stop_all()
        assert first.stopped and second.stopped
    assert first not in deadlines._LIVE and second not in deadlines._LIVE


def test_stop_all_may_run_again_inside_itself() -> None:
    """A second Ctrl-C on pdfgen serve runs its handler, and so stop_all, again inside the
    first's while that one holds the registry: it must not wait for itself (CI saw the
    server hang there until killed). Run in a thread, so that a regression fails the test
    instead of hanging it."""
    from pdfgen.mail import deadline as deadlines

    done = threading.Event()

    def nested() -> None:
        with deadlines.Deadline(60) as open_one, deadlines._LIVE_LOCK:  # the first handler
            deadlines.stop_all()  # the second, inside it
            assert open_one.stopped
        done.set()

    thread = threading.Thread(target=nested, daemon=True)
    thread.start()
    thread.join(timeout=5)
    assert done.is_set(), "stop_all waited for the lock its own thread held"
