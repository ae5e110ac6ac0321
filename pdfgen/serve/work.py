"""The server's work, each through pdfgen's Python API in a thread of its own: builds one at a
time (layout is not made for threads), mail and printing beside them, never blocking a page."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import anyio.to_thread
from anyio import CapacityLimiter

from pdfgen.errors import PdfgenError, PrintError, display_path
from pdfgen.serve.request_fields import Asked

if TYPE_CHECKING:
    from pdfgen.api import ClinicFolder, Handout
    from pdfgen.deliver.printing import PrintJob, PrintOptions
    from pdfgen.mail.email_handout import Delivery
    from pdfgen.mail.email_handout import Mode as MailMode

T = TypeVar("T")
LOG = logging.getLogger("pdfgen.serve")
PREVIEW_DPI = 90  # a Letter page 765 pixels wide: sharp beside the form, quick to send
DELIVERIES = 8  # mails and print jobs under way at once; builds have threads of their own


@dataclass(frozen=True)
class Printed:
    handout: Handout
    options: PrintOptions
    job: PrintJob


class Work:
    """One clinic folder's handouts, built under one lock, delivered in their own threads."""

    def __init__(self, clinic: ClinicFolder, scratch: Path) -> None:
        self.clinic, self.scratch = clinic, scratch
        self.plans = clinic.path / "content" / "plans"
        self.lock = threading.Lock()
        self._deliveries: CapacityLimiter | None = None

    @property
    def deliveries(self) -> CapacityLimiter:
        if self._deliveries is None:  # made inside the server's event loop
            self._deliveries = CapacityLimiter(DELIVERIES)
        return self._deliveries

    async def handout(self, asked: Asked) -> Handout:
        return await anyio.to_thread.run_sync(self._handout, asked)

    async def preview(self, asked: Asked) -> tuple[Handout, list[bytes]]:
        return await anyio.to_thread.run_sync(self._preview, asked)

    async def email(self, asked: Asked, to: str, mode: MailMode, resend: bool) -> Delivery:
        return await anyio.to_thread.run_sync(self._email, asked, to, mode, resend,
                                              limiter=self.deliveries)

    async def print(self, asked: Asked, printer: str | None, copies: int | None,
                    one_sided: bool | None) -> Printed:
        return await anyio.to_thread.run_sync(self._print, asked, printer, copies, one_sided,
                                              limiter=self.deliveries)

    async def locked(self, work: Callable[..., T], *args: object) -> T:
        """Other work on the clinic's files (plans, a batch's start, the pages' lists), in a
        thread, under the builds' lock: the content caches have one owner at a time."""

        def run() -> T:
            with self.lock:
                return work(*args)

        return await anyio.to_thread.run_sync(run)

    def warm_up(self) -> threading.Thread:
        """Make each of the clinic's routines' handouts once and forget them, in a thread,
        one at a time under the builds' lock: the modules, fonts, templates and each
        routine's fitting that a first request would wait for (~0.1-0.3 s) are ready before a
        clinician asks, and a request waits for one of them at most. Nothing is written; a
        clinic folder with a mistake says so on the first request instead."""

        def run() -> None:
            started, made = time.perf_counter(), 0
            with self.lock:
                try:
                    routines = [r for r in self.clinic.routines() if not r.problem]
                except PdfgenError:
                    return
            for routine in routines:
                with self.lock:
                    try:
                        self.clinic.handout(routine=routine.topic, level=routine.level)
                        made += 1
                    except PdfgenError:
                        continue
            LOG.info("Ready: %d handout%s made in %.1f s", made, "" if made == 1 else "s",
                     time.perf_counter() - started)

        thread = threading.Thread(target=run, name="pdfgen-warm-up")
        thread.start()
        return thread

    def _handout(self, asked: Asked) -> Handout:
        with asked.made(self.plans, self.scratch) as choices, self.lock:
            return self.clinic.handout(choices)

    def _preview(self, asked: Asked) -> tuple[Handout, list[bytes]]:
        with asked.made(self.plans, self.scratch) as choices, self.lock:
            handout = self.clinic.handout(choices)
            return handout, self.clinic.page_images(handout, dpi=PREVIEW_DPI)

    def _email(self, asked: Asked, to: str, mode: MailMode, resend: bool) -> Delivery:
        held = [self.lock.acquire()]

        def built(handout: Handout) -> None:  # saved: the mail may take its time, unlocked
            self.lock.release()
            held[0] = False

        try:
            with asked.made(self.plans, self.scratch) as choices:
                return self.clinic.email(to, choices, mode=mode, resend=resend,
                                         before_send=built)
        finally:
            if held[0]:
                self.lock.release()

    def _print(self, asked: Asked, printer: str | None, copies: int | None,
               one_sided: bool | None) -> Printed:
        with asked.made(self.plans, self.scratch) as choices:
            # Checked before anything is built, as `--print` checks them.
            options = self.clinic.print_options(paper=choices.paper, printer=printer,
                                                copies=copies, one_sided=one_sided)
            with self.lock:
                handout = self.clinic.handout(choices)
            handout.save()
        try:
            return Printed(handout, options, self.clinic.print(handout, options))
        except PrintError as error:  # (as --print says it, in the page's words)
            again = error.message.replace("run the same command again", "print again")
            raise PrintError(f"not printed: {again} (the handout is saved: "
                             f"{display_path(handout.path)})") from None
