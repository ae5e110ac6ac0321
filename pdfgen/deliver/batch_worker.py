"""One batch worker: builds a row's handout, writes it, mails it, and records each step in
the journal the moment it is done (so a batch killed at any point never mails twice)."""

from __future__ import annotations

import os
import signal
import sys
from contextlib import suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pdfgen import program
from pdfgen.build import Handout, HandoutRequest, build_handout
from pdfgen.content.choices import Layout
from pdfgen.content.loading import load_clinic
from pdfgen.content.project import Project
from pdfgen.deliver.batch_journal import DONE, SENDING, Recorder
from pdfgen.deliver.patient_list import Row
from pdfgen.deliver.row_dates import date_order, row_date
from pdfgen.deliver.worker_signals import held_signals, stopped_by_sigterm
from pdfgen.errors import (
    MailAuthError,
    MailConnectError,
    MailTlsError,
    MailUnknownError,
    PdfgenError,
    display_path,
)

if TYPE_CHECKING:
    from email.message import EmailMessage

    from pdfgen.mail.sent import SentJournal
    from pdfgen.mail.settings import Server

Mode = Literal["build", "email", "draft", "print"]


@dataclass
class Outcome:
    row: Row
    status: str  # "built", "sent", "draft", "printed", "skipped", "unconfirmed" or "failed"
    error: str = ""
    stop: str = ""  # why the whole batch must stop (out/ cannot be written, no mail server)
    stop_as: type[PdfgenError] | None = None  # the error it stops with (else OutputError)
    job: str = ""  # the print service's job id ("front-desk-12")
    # Translations its handout printed that are older than their English (as pdfgen
    # handout says of each): the batch says so once at its end.
    stale: tuple[Path, ...] = ()
    # What its handout printed that the clinic may have typed by mistake (an emergency
    # number not the country's), as pdfgen handout notes it: said once at the batch's end.
    to_check: tuple[str, ...] = ()


@dataclass(frozen=True)
class Setup:
    project: Project
    out_dir: Path
    mode: Mode
    environ: dict[str, str]
    parent: int = field(default_factory=os.getpid)  # the process that runs the batch
    layout: Layout | None = None  # --layout: every row's, over its plan's


# Failures of the mail server, not of a row: no row after them can be sent either.
SERVER_DOWN = (MailConnectError, MailTlsError, MailAuthError)

_worker: dict[str, Any] = {}


def start_worker(setup: Setup, child: bool = False) -> None:
    if child:
        program.set_up()  # a worker started afresh (spawn) is the program's too
        # Ctrl-C is the main process's to handle; it stops us with SIGTERM, which ends this
        # process cleanly (a file being written is removed) unless a mail is being committed.
        stopped_by_sigterm()
        _end_with_parent(setup.parent)
        from multiprocessing.util import Finalize

        Finalize(None, stop_worker, exitpriority=10)  # say QUIT to the mail server
    _worker.update(setup=setup, connection=None, child=child,
                   recorder=Recorder(setup.out_dir))


def _end_with_parent(parent: int) -> None:
    """A batch killed with kill -9 takes its workers with it: Linux sends them SIGTERM (so
    a mail being committed is finished and recorded); elsewhere they stop before the next
    row. Without this, a worker waiting for a row would wait, and hold the lock, forever."""
    if sys.platform.startswith("linux"):
        with suppress(Exception):
            import ctypes

            ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        sys.exit(0)  # gone before we could ask


def stop_worker() -> None:
    connection = _worker.get("connection")
    if connection is not None:
        with suppress(Exception):  # the batch is done either way
            connection.quit()
    recorder = _worker.get("recorder")
    if recorder is not None:
        recorder.close()
    _worker.clear()


def build_row(task: tuple[Row, str]) -> Outcome:
    _end_if_orphaned()  # the batch that started us is gone (kill -9): start nothing new
    outcome = _build_row(task)
    # Gone while we worked (its row is in the journal): sending it the outcome down a
    # closed pipe printed a BrokenPipeError's traceback under the killed batch.
    _end_if_orphaned()
    return outcome


def _end_if_orphaned() -> None:
    if _worker["child"] and os.getppid() != _worker["setup"].parent:
        sys.exit(0)


def _build_row(task: tuple[Row, str]) -> Outcome:
    row, fingerprint = task
    setup: Setup = _worker["setup"]
    try:
        if not row.name:
            raise PdfgenError("name: empty; every row needs the patient's name")
        if row.level and not row.level.isdigit():
            raise PdfgenError(f"level: expected a whole number, got {row.level!r}")
        clinic = load_clinic(setup.project).model
        order = date_order(clinic.date_format, clinic.country, clinic.language)
        plan = plan_path(setup.project, row.plan)
        _same_clinic(setup.project, plan)
        _same_patient(setup.project, plan, row.name)
        request = HandoutRequest(
            level=int(row.level) if row.level else None, topic=row.routine or None,
            patient=row.name, date=row_date(row.date, order) if row.date else None,
            plan=plan, language=row.language or None, layout=setup.layout,
            with_email=setup.mode in ("email", "draft"),
        )
        handout = build_handout(setup.project, request)
        # Told after the row's other mistakes, which the build finds: said first, it hid
        # them, to be found only once the address was added.
        if setup.mode in ("email", "draft") and not row.email:
            raise PdfgenError("email: no address in the email column")
        if setup.mode == "email":
            return replace(_mail(row, fingerprint, handout), stale=handout.stale,
                           to_check=tuple(error.message for error in handout.to_check))
        eml = _draft(row, handout) if setup.mode == "draft" else b""
    except PdfgenError as error:
        # In a list of patients the options are columns: "level 9", not "--level 9"; and
        # the address is its email column's, not "to".
        said = error.message.removeprefix("--").replace("or a --plan that", "or a plan that")
        said = f"email {said[3:]}" if said.startswith("to ") else said
        if isinstance(error, SERVER_DOWN):  # every row after it would wait and fail the same
            return Outcome(row, "failed", error=said, stop=said, stop_as=type(error))
        if isinstance(error, MailUnknownError):  # the journal says "sending": never sent again
            return Outcome(row, "unconfirmed", error=said)
        return Outcome(row, "failed", error=said)
    try:
        _write(setup.out_dir / row.file, handout.pdf)
        if eml:
            _write(setup.out_dir / Path(row.file).with_suffix(".eml"), eml)
        if setup.mode != "print":  # printed by the batch itself, in the list's order
            _worker["recorder"].record(f"{setup.mode}:{row.file}", fingerprint, DONE)
    except OSError as error:
        return _stopped(row, error)
    return Outcome(row, "draft" if setup.mode == "draft" else "built", stale=handout.stale,
                   to_check=tuple(error.message for error in handout.to_check))



def _same_patient(project: Project, plan: Path | None, name: str) -> None:
    """A row's plan that names another patient is refused: on the command line --patient
    wins over a plan's, but a list's row pointing at the wrong patient's plan would print
    that patient's exercises and notes under this one's name."""
    from pdfgen.content.selection import load_plan

    if plan is None or not plan.is_file():  # (a missing plan is told as the build tells it)
        return
    written = load_plan(project, plan).model.patient
    if written and " ".join(written.split()).casefold() != " ".join(name.split()).casefold():
        raise PdfgenError(f"plan {display_path(plan)}: it is {written}'s (its patient:), not "
                          f"{name}'s: check the row's plan, or take patient: out of the plan "
                          "to use it for many patients")


def _same_clinic(project: Project, plan: Path | None) -> None:
    """A plan belongs to the clinic folder it is in: never built with another's branding."""
    from pdfgen.content.project import clinic_holding

    if plan is None:
        return
    holder = clinic_holding(plan)
    if holder is not None and holder != project.root.resolve():
        raise PdfgenError(f"plan: {display_path(plan)} belongs to the clinic in "
                          f"{display_path(holder)}; put it in that clinic's own patient list")


def plan_path(project: Project, plan: str) -> Path | None:
    """A row's plan: a file in the clinic folder, named from it (or from where pdfgen runs).
    Never one outside it: a list uploaded to `pdfgen serve` named /etc/shadow, and the row's
    error quoted its first line."""
    if not plan:
        return None
    path = Path(plan)
    if not path.is_absolute() and not path.exists():
        path = project.root / path
    try:
        within = path.resolve().is_relative_to(project.root.resolve())
    except (OSError, RuntimeError):  # a loop of links
        within = False
    if not within:
        _same_clinic(project, path)  # (another clinic's plan: said so)
        raise PdfgenError(f"plan: {plan!r} is outside the clinic folder "
                          f"{project.root.resolve().name}/; a row's plan is a file in it, "
                          "like content/plans/jane.yaml")
    return path


def _write(path: Path, data: bytes) -> None:
    from pdfgen.files import write_atomic

    write_atomic(path, data)


def _stopped(row: Row, error: OSError) -> Outcome:
    where = display_path(Path(error.filename)) if error.filename else row.file
    reason = error.strerror or type(error).__name__
    return Outcome(row, "failed", error=f"cannot write {where} ({reason})",
                   stop=f"cannot write {where} ({reason})")


def _draft(row: Row, handout: Handout) -> bytes:
    from pdfgen.mail.message import draft_bytes, handout_message

    _, message = handout_message(_worker["setup"].project, handout, row.email, None)
    return draft_bytes(message)


def _mail(row: Row, fingerprint: str, handout: Handout) -> Outcome:
    from pdfgen.mail.message import handout_message
    from pdfgen.mail.sent import SentJournal, send_key
    from pdfgen.mail.settings import server_settings

    setup: Setup = _worker["setup"]
    server = server_settings(load_clinic(setup.project).model, setup.environ)
    _, message = handout_message(setup.project, handout, row.email, server)
    try:
        _write(setup.out_dir / row.file, handout.pdf)  # saved before it is sent
    except OSError as error:
        return _stopped(row, error)
    # The clinic's record of every mail (pdfgen email's too): this handout already sent to
    # this address, by another list, the web page or pdfgen email, is not sent again (nor
    # while one of them is sending it: the second waits for the first).
    ledger, sent_key = SentJournal(setup.project.out_dir), send_key(handout.pdf, row.email)
    with ledger.held(sent_key):
        return _mail_once(row, fingerprint, message, server, ledger, sent_key)


def _mail_once(row: Row, fingerprint: str, message: EmailMessage, server: Server,
               ledger: SentJournal, sent_key: str) -> Outcome:
    """The row's mail, unless the journal says it went: sent on the worker's connection."""
    from pdfgen.mail.deadline import TIMES_THE_TIMEOUT, Deadline
    from pdfgen.mail.sender import connect, deliver
    from pdfgen.mail.sent import SENDING as LEDGER_SENDING
    from pdfgen.mail.sent import SENT

    setup: Setup = _worker["setup"]
    recorder: Recorder = _worker["recorder"]
    key = f"email:{row.file}"
    earlier = ledger.earlier(sent_key)
    if earlier is not None and earlier.state == SENT:
        return Outcome(row, "skipped", error=f"this handout was sent to {row.email} on "
                       f"{earlier.when}; not sent again (pdfgen email --resend sends it)")
    if earlier is not None and earlier.state == LEDGER_SENDING:
        # Not "already sent": nobody knows (a list run again into another folder said so,
        # exit 0, of mails whose server never answered).
        return Outcome(row, "unconfirmed", error=f"this handout was perhaps sent to "
                       f"{row.email} on {earlier.when} (the server never confirmed it); not "
                       "sent again: ask the patient, and send it with pdfgen email --resend "
                       "if needed")

    def before_commit() -> None:
        try:
            recorder.record(key, fingerprint, SENDING)
            ledger.record(sent_key, LEDGER_SENDING)
        except OSError as error:
            raise _NotRecorded(error) from None

    sent = False
    # Each message within one deadline, its connecting too when it is the worker's first;
    # Ctrl-C and SIGTERM end the send at once (the journal says how far it got).
    deadline = Deadline(server.timeout * TIMES_THE_TIMEOUT)
    try:
        with deadline, held_signals(deadline.stop):
            if _worker.get("connection") is None:  # one connection per worker, for its rows
                _worker["connection"] = connect(server, None, deadline)
            # "sending" is on disk before the final dot, "done" once the server said yes: a
            # crash in between leaves the row unconfirmed, and it is not sent again.
            deliver(_worker["connection"], message, server, before_commit=before_commit,
                    deadline=deadline)
            sent = True
            try:
                recorder.record(key, fingerprint, DONE)
                ledger.record(sent_key, SENT)
            except OSError as error:
                raise _NotRecorded(error) from None
    except (PdfgenError, _NotRecorded) as error:
        # After a failure the next row connects afresh; a message cut off before its final
        # dot is thrown away by the server when the connection closes.
        with suppress(Exception):
            if _worker.get("connection") is not None:
                _worker["connection"].close()
        _worker["connection"] = None
        if isinstance(error, PdfgenError):
            raise
        reason = error.args[0].strerror or type(error.args[0]).__name__
        return Outcome(row, "sent" if sent else "failed",
                       error="" if sent else f"not sent: the journal cannot be written ({reason})",
                       stop=f"cannot write the batch journal in "
                            f"{display_path(setup.out_dir)} ({reason})")
    return Outcome(row, "sent")


class _NotRecorded(Exception):
    """The journal could not be written (a full disk): no further mail may go out."""
