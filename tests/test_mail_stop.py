"""Stopping a send cuts a message off unrecorded or lets a recorded one finish."""

from __future__ import annotations

import threading
import time

from aiosmtpd.controller import Controller
from mail_helpers import Mailbox, free_port


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
