"""An e-mailing batch stopped or left unsure: Ctrl-C from a terminal stops it at once (it
reaches the batch and its workers together, the process group, and no worker is left for
the batch to kill); a mail whose server never answered stays "not confirmed" whatever
folder the list is run into again."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path

from batch_helpers import finish, patients_csv, pdfgen, report
from mail_helpers import Mailbox, free_port, mail_env

from pdfgen.deliver.batch import ENDING


class CtrlC(Mailbox):
    """Receives mail; at the 4th message, before its answer, presses Ctrl-C as a terminal
    does: SIGINT to the batch's whole process group."""

    def __init__(self) -> None:
        super().__init__()
        self.group, self.pressed = 0, 0.0

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.received.append(envelope)
        if len(self.received) >= 4 and self.group and not self.pressed:
            self.pressed = time.monotonic()
            os.killpg(self.group, signal.SIGINT)
            await asyncio.sleep(0.3)  # the signal lands before the answer
        return "250 Message accepted"


def test_ctrl_c_to_the_process_group_stops_a_mailing_batch_at_once(demo: Path) -> None:
    from aiosmtpd.controller import Controller

    box = CtrlC()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    patients_csv(demo / "p.csv", [{"name": f"Patient {i}", "level": "2", "date": "2026-11-24",
                                   "email": f"p{i}@example.com"} for i in range(12)])
    env = {k: v for k, v in mail_env(controller.port).items() if k != "PDFGEN_SMTP_USER"}
    try:
        batch = pdfgen("batch", "p.csv", "--email", "--jobs", "2", cwd=demo, env=env,
                       session=True)
        box.group = batch.pid
        code, out, err = finish(batch)
        ended = time.monotonic()
    finally:
        controller.stop()
    assert box.pressed, ("the batch ended before Ctrl-C", code, out, err)
    assert (code, err) == (130, ""), (out, err)
    assert out.splitlines()[-1] == ("Stopped: every mail sent is recorded; run the same "
                                    "command again to finish.")
    # A worker told to stop went on to wait for a row, as Ctrl-C had come first, and the
    # batch killed it at the end of its grace (10 s): its mail was then "not confirmed".
    assert ended - box.pressed < ENDING, ended - box.pressed
    mailed = {e.rcpt_tos[0] for e in box.received}
    stopped = {line["name"].replace("Patient ", "p") + "@example.com": line["status"]
               for line in report(demo / "out/p")}
    assert all(stopped[a] == "sent" for a in mailed), (stopped, out)


class Silent(Mailbox):
    """Takes the message, then never answers it (the client's time runs out)."""

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.received.append(envelope)
        await asyncio.sleep(8)
        return "250 Message accepted"


def test_a_mail_never_confirmed_is_not_called_already_sent_in_another_folder(
        demo: Path) -> None:
    from aiosmtpd.controller import Controller

    box = Silent()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    patients_csv(demo / "p.csv", [{"name": "Ana Ruiz", "level": "2", "date": "2026-11-24",
                                   "email": "ana@example.com"}])
    env = {**{k: v for k, v in mail_env(controller.port).items() if k != "PDFGEN_SMTP_USER"},
           "PDFGEN_SMTP_TIMEOUT": "1"}
    try:
        runs = [finish(pdfgen("batch", "p.csv", "--email", "--output", folder, cwd=demo,
                              env=env)) for folder in ("out/first", "out/again")]
    finally:
        controller.stop()
    assert len(box.received) == 1  # never sent twice
    for code, out, err in runs:
        assert code == 1, (out, err)
        assert ("0 sent, 0 already sent, 0 failed, 1 not confirmed; report: "
                in out), out
        # (the progress line as the summary: it said "1 done")
        assert out.startswith("0 done, 0 failed, 1 not confirmed, 0 left ("), out
    # (It said "0 sent, 1 already sent, 0 failed", exit 0.)
    code, out, err = runs[1]
    assert "row 2 (Ana Ruiz): this handout was perhaps sent to ana@example.com on " in out
    assert [r["status"] for r in report(demo / "out/again")] == ["unconfirmed"]
