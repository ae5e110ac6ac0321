"""The pages: the handout page, the batch page, the clinic page and the sign-in page, each a
Jinja2 template (strict: a misspelt variable is an error) with the session's CSRF token."""

from __future__ import annotations

import asyncio
import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from pdfgen import __version__
from pdfgen.serve.guard import COOKIE, Session, cookie_header

if TYPE_CHECKING:
    from pdfgen.content.clinic_settings import Clinic
    from pdfgen.serve.app import Server

TEMPLATES = Path(__file__).resolve().parent / "templates"
MAX_FORM = 4096  # the sign-in form: a token and a CSRF token


@functools.cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                              undefined=jinja2.StrictUndefined, autoescape=True)


def _server(request: Request) -> Server:
    server: Server = request.app.state.server
    return server


def _page(name: str, session: Session, sid: str | None, server: Server,
          **values: Any) -> HTMLResponse:
    html = environment().get_template(name).render(
        csrf=session.csrf, clinic_name=server.clinic_name, version=__version__,
        signed=server.guard.token is not None, **values)
    response = HTMLResponse(html)
    if sid is not None:  # a new session: its cookie
        response.headers.append("set-cookie", cookie_header(sid))
    return response


def _visitor(request: Request) -> tuple[Session, str | None] | None:
    """The browser's session (and the id of a new one), or None when it must sign in."""
    guard = _server(request).guard
    session = guard.session(request.cookies.get(COOKIE))
    if session is not None:
        return (session, None) if session.signed_in else None
    if guard.token is not None:
        return None
    sid, session = guard.new_session()
    return session, sid


async def handout_page(request: Request) -> Response:
    visitor = _visitor(request)
    if visitor is None:
        return RedirectResponse("/signin", status_code=303)
    server = _server(request)
    routines, exercises, plans = await server.work.locked(_library, server)
    return _page("handout.html", *visitor, server, routines=routines, exercises=exercises,
                 plans=plans, demo=server.clinic.is_demo, languages=_languages(routines))


def _library(server: Server) -> tuple[list[Any], list[tuple[str, str]], list[str]]:
    from pdfgen.serve.plans import plan_names

    return (server.clinic.routines(), server.clinic.exercises(),
            plan_names(server.work.plans))


def _languages(routines: list[Any]) -> list[tuple[str, str]]:
    """The languages a routine of the clinic prints in, as a list to choose from: (code,
    its name in itself). A receptionist was asked to type a code ("fr" had no catalog)."""
    from pdfgen.text.i18n import autonym

    return [(code, autonym(code)) for code in sorted(
        {code for routine in routines for code in routine.languages})]


async def batch_page(request: Request) -> Response:
    visitor = _visitor(request)
    if visitor is None:
        return RedirectResponse("/signin", status_code=303)
    return _page("batch.html", *visitor, _server(request))


async def clinic_page(request: Request) -> Response:
    visitor = _visitor(request)
    if visitor is None:
        return RedirectResponse("/signin", status_code=303)
    server = _server(request)
    report, details = await server.work.locked(_checked, server)
    return _page("clinic.html", *visitor, server, report=report, details=details,
                 folder="the demo clinic" if server.clinic.is_demo else str(server.clinic.path))


def _checked(server: Server) -> tuple[Any, list[tuple[str, str]]]:
    from pdfgen.content.loading import load_clinic
    from pdfgen.errors import PdfgenError

    report = server.clinic.check()
    try:
        clinic = load_clinic(server.clinic.project).model
    except PdfgenError:
        return report, []
    who = clinic.clinician + (f", {clinic.credentials}" if clinic.credentials else "")
    details = [("Clinic", clinic.name), ("Clinician", who), ("Phone", clinic.phone),
               ("E-mail", clinic.contact_email or ""), ("Website", clinic.website or ""),
               ("Address", ", ".join(clinic.address)), ("Paper", clinic.paper.upper()
                                                        if clinic.paper == "a4" else "Letter"),
               ("Language", clinic.language), ("Sending e-mail", _mail_said(clinic))]
    return report, [(k, v) for k, v in details if v]


def _mail_said(clinic: Clinic) -> str:
    """Whether E-mail can send, and through which server (no password is ever shown)."""
    import os

    from pdfgen.errors import MailSettingsError
    from pdfgen.mail.settings import server_settings

    try:
        return f"set up: {server_settings(clinic, os.environ).describe()}"
    except MailSettingsError as error:
        return f"not set up: {error.message}"


async def signin(request: Request) -> Response:
    server = _server(request)
    guard = server.guard
    if guard.token is None:
        return RedirectResponse("/", status_code=303)
    sid = request.cookies.get(COOKIE)
    session = guard.session(sid)
    if request.method == "GET" or session is None:
        sid, session = guard.new_session(signed_in=False)
        return _page("signin.html", session, sid, server, wrong=False)
    body = bytearray()
    async for chunk in request.stream():  # (read whole first, 600 MB took 1 GB to refuse)
        body += chunk
        if len(body) > MAX_FORM:
            return Response("the sign-in form: too long", status_code=413)
    form = parse_qs(body.decode("utf-8", "replace"))
    given, csrf = form.get("token", [""])[0], form.get("csrf", [""])[0]
    if not guard.csrf_matches(session, csrf) or not guard.token_matches(given):
        await asyncio.sleep(1)  # a guess a second, at most, per browser
        return _page("signin.html", session, None, server, wrong=True)
    guard.drop(sid)  # a new id once signed in: an id seen before signing in is worth nothing
    new_sid, _ = guard.new_session(signed_in=True)
    response = RedirectResponse("/", status_code=303)
    response.headers.append("set-cookie", cookie_header(new_sid))
    return response
