"""The web application: its routes, who may call them, and what it starts and stops."""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pdfgen.serve import api_routes, web_pages
from pdfgen.serve.batches import Batches
from pdfgen.serve.guard import COOKIE, Guard, SecurityHeaders
from pdfgen.serve.work import Work

if TYPE_CHECKING:
    from pdfgen.api import ClinicFolder

HERE = Path(__file__).resolve().parent
LOG = logging.getLogger("pdfgen.serve")


class Server:
    """One clinic folder served: its work, its batches and its guard."""

    def __init__(self, clinic: ClinicFolder, guard: Guard) -> None:
        self.clinic, self.guard = clinic, guard
        # A request's plan fields are a plan file only while its handout is built: in memory
        # where the system has it (/dev/shm), never in the clinic folder.
        shm = Path("/dev/shm")
        self.scratch = Path(tempfile.mkdtemp(prefix="pdfgen-serve-",
                                             dir=shm if shm.is_dir() else None))
        self.work = Work(clinic, self.scratch)
        self.clinic_name = _clinic_name(clinic)
        self.batches = Batches(clinic)

    def close(self) -> None:
        self.batches.stop()
        shutil.rmtree(self.scratch, ignore_errors=True)

    def refused(self, request: Request) -> Response | None:
        """Why an API call is refused (401 or 403), or None: a Bearer token, else the page's
        session with its CSRF token; without a token set, also a script with no cookie."""
        guard = self.guard
        if guard.bearer(request.headers.get("authorization")):
            return None
        session = guard.session(request.cookies.get(COOKIE))
        if guard.token is not None and (session is None or not session.signed_in):
            # A browser (its cookie came, its sign-in ended after a working day) is told
            # what a person does; a script, what a script does.
            said = ("your sign-in has ended: reload the page and sign in again"
                    if COOKIE in request.cookies else
                    "sign in first: give PDFGEN_SERVE_TOKEN as 'Authorization: Bearer TOKEN'")
            return JSONResponse({"error": said, "field": None}, status_code=401)
        if request.method == "GET":
            return None
        if session is None and guard.token is None and COOKIE not in request.cookies:
            return None  # a script on this computer; JSON-only keeps other sites out
        if not guard.csrf_matches(session, request.headers.get("x-csrf-token")):
            return JSONResponse({"error": "the page's form token is missing or out of date: "
                                 "reload the page", "field": None}, status_code=403)
        return None


def _clinic_name(clinic: ClinicFolder) -> str:
    """The clinic's name for the pages' title (pdfgen's when clinic.toml cannot be read: the
    clinic page says why)."""
    from pdfgen.content.loading import load_clinic
    from pdfgen.errors import PdfgenError

    try:
        return load_clinic(clinic.project).model.name
    except PdfgenError:
        return "pdfgen"


class AccessLog:
    """One line a request: method, path, status, time; never a body or a query (a patient's
    name is in neither a path nor the log)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status = time.perf_counter(), [0]

        async def noted(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, noted)
        finally:
            path = scope["path"]
            if path.startswith("/api/batch/"):
                path = "/api/batch/…"
            # As sent, escaped: a path is decoded, and %0A or %1B would write a line of its
            # own into the log, or a colour into the terminal that shows it.
            path = path.encode("unicode_escape").decode("ascii")[:200]
            LOG.info("%s %s %d %.0f ms", scope["method"], path, status[0],
                     (time.perf_counter() - started) * 1000)


def make_app(clinic: ClinicFolder, token: str | None = None,
             hosts: set[str] | None = None) -> Starlette:
    """The application serving `clinic`: a token (PDFGEN_SERVE_TOKEN) to sign in with, or
    None; `hosts`: the Host headers it answers (None: any)."""
    server = Server(clinic, Guard(token, hosts))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            server.close()

    routes = [
        Route("/", web_pages.handout_page),
        Route("/batch", web_pages.batch_page),
        Route("/clinic", web_pages.clinic_page),
        Route("/signin", web_pages.signin, methods=["GET", "POST"]),
        Route("/api/handout", api_routes.handout, methods=["POST"]),
        Route("/api/preview", api_routes.preview, methods=["POST"]),
        Route("/api/email", api_routes.email, methods=["POST"]),
        Route("/api/draft", api_routes.draft, methods=["POST"]),
        Route("/api/print", api_routes.print_, methods=["POST"]),
        Route("/api/plans", api_routes.plans_list, methods=["GET"]),
        Route("/api/plans/open", api_routes.plans_open, methods=["POST"]),
        Route("/api/plans/save", api_routes.plans_save, methods=["POST"]),
        Route("/api/batch", api_routes.batch_start, methods=["POST"]),
        Route("/api/batch/{ident}", api_routes.batch_state, methods=["GET"]),
        Route("/api/schema", api_routes.schema, methods=["GET"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.server = server
    app.add_middleware(SecurityHeaders, guard=server.guard)
    app.add_middleware(AccessLog)
    return app
