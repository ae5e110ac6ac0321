"""The HTTP API: JSON in, a PDF or JSON out; every mistake a 4xx in the command line's words
with the field it concerns, never a traceback."""

from __future__ import annotations

import base64
import json
import logging
import traceback
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response

from pdfgen.errors import FieldError, MailSentBeforeError, PdfgenError, PlanExistsError
from pdfgen.handout_notes import handout_notes
from pdfgen.serve.plans import open_plan, plan_names, save_plan
from pdfgen.serve.request_fields import field_of, only_fields, read_body, said

if TYPE_CHECKING:
    from pdfgen.mail.email_handout import Mode as MailMode
    from pdfgen.serve.app import Server

MAX_BODY = 1_200_000  # a patient list of 1 MB, as JSON text, and no more
LOG = logging.getLogger("pdfgen.serve")
Handler = Callable[[Request], Awaitable[Response]]


def server_of(request: Request) -> Server:
    server: Server = request.app.state.server
    return server


def api(handler: Callable[[Request, Any], Awaitable[Response]]) -> Handler:
    """An API endpoint: signed in (a Bearer token, or a session with its CSRF token), a JSON
    body, and every mistake as {"error", "field"}."""

    async def endpoint(request: Request) -> Response:
        server = server_of(request)
        refused = server.refused(request)
        if refused is not None:
            return refused
        try:
            body = await _json(request)
            return await handler(request, body)
        except PdfgenError as error:
            return mistake(error, server)
        except ClientDisconnect:  # gone before its request was read: no one to answer
            return Response(status_code=400)
        except Exception as error:  # a bug: its kind and where, never the patient's words
            LOG.error("internal error %s in %s\n%s", type(error).__name__, request.url.path,
                      "".join(traceback.format_tb(error.__traceback__)))
            return JSONResponse({"error": "internal error in pdfgen (the server's log says "
                                 "where); please report it", "field": None}, status_code=500)

    return endpoint


def mistake(error: PdfgenError, server: Server) -> JSONResponse:
    """A mistake (400), a handout sent before or a plan's name taken (409: asked again, it is
    done), or a mail server or printer that did not take it (502), each with the command
    line's line and exit code."""
    again = isinstance(error, (MailSentBeforeError, PlanExistsError))
    status = 409 if again else 400 if error.exit_code == 2 else 502
    line = said(error, server.work.scratch)
    field = field_of(error, server.work.scratch)
    if isinstance(error, MailSentBeforeError):  # the API's own word for the option
        line = line.replace("add --resend", 'ask again with "resend": true')
    elif isinstance(error, PlanExistsError):
        line, field = line.replace("replace it", 'ask again with "replace": true'), "name"
    return JSONResponse({"error": line, "field": field, "exit_code": error.exit_code},
                        status_code=status)


def _true_or_false(body: dict[str, Any], name: str) -> None:
    """A field that is true or false, or not given ("yes", 1 or 0 were taken as false)."""
    value = body.get(name)
    if value is not None and not isinstance(value, bool):
        raise FieldError(f"{name} {value!r}: expected true or false"[:200], name)


async def _json(request: Request) -> Any:
    if request.method != "POST":
        return None
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json":
        raise FieldError("the request: expected a JSON body (Content-Type: application/json)",
                         None)
    size = int(request.headers.get("content-length") or 0)
    if size > MAX_BODY:
        raise FieldError(f"the request: {size:,} bytes; at most {MAX_BODY:,}", None)
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > MAX_BODY:
            raise FieldError(f"the request: more than {MAX_BODY:,} bytes", None)
    try:
        body = json.loads(data or b"null")
    except RecursionError:  # ([[[[... 100,000 deep: Python's own limit, not a bug)
        raise FieldError(f"the request: lists and fields nest more than {MOST_NESTED} deep",
                         None) from None
    except (ValueError, UnicodeDecodeError) as error:
        raise FieldError(f"the request: not valid JSON ({error})", None) from None
    if _deeper_than(body, MOST_NESTED):
        raise FieldError(f"the request: lists and fields nest more than {MOST_NESTED} deep",
                         None)
    return body


# Deeper than this, a body would reach Python's own limit where its fields are read (a field
# nested past a plan file's 32 is named by the plan's own check).
MOST_NESTED = 100


def _deeper_than(value: object, most: int) -> bool:
    """Whether lists and objects in `value` nest more than `most` deep (looked at without
    recursion: a body 900 deep would reach Python's own limit)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, list | dict):
            if depth > most:
                return True
            stack.extend((child, depth + 1)
                         for child in (item.values() if isinstance(item, dict) else item))
    return False


def _sentence(note: str) -> str:
    """A note as the page shows it: "The plan: …" (a file's name, as it is written)."""
    return note[:1].upper() + note[1:] if note.startswith("the ") else note


@api
async def handout(request: Request, body: Any) -> Response:
    asked, _ = read_body(body)
    made = await server_of(request).work.handout(asked)
    return Response(made.pdf, media_type="application/pdf", headers={
        "content-disposition": f'attachment; filename="{made.path.name}"',
        "x-pdfgen-pages": str(made.pages)})


@api
async def preview(request: Request, body: Any) -> Response:
    asked, _ = read_body(body)
    made, pictures = await server_of(request).work.preview(asked)
    # (As the command line says them: no warning signs, exercises not yet reviewed, ...)
    plan = f"content/plans/{asked.saved}" if asked.saved else "the plan" if asked.plan else None
    notes = [_sentence(line.removeprefix("note: ")) for line in handout_notes(
        made, plan, asked.choices.get("date") not in (None, ""),
        server_of(request).clinic.path.resolve())]
    return JSONResponse({"pages": made.pages, "file": made.path.name, "notes": notes,
                         "images": ["data:image/png;base64," + base64.b64encode(p).decode(
                             "ascii") for p in pictures]})


@api
async def email(request: Request, body: Any) -> Response:
    asked, extra = read_body(body, ("to", "mode", "resend"))
    _true_or_false(extra, "resend")
    modes: dict[object, MailMode] = {"send": "send", "draft": "draft", "dry-run": "dry-run"}
    mode = modes.get(extra["mode"] or "send")
    if mode is None:
        raise FieldError(f"mode {extra['mode']!r}: expected send, draft or dry-run", "mode")
    done = await server_of(request).work.email(asked, _address(extra["to"]), mode,
                                               extra["resend"] is True)
    return JSONResponse({"to": done.to, "file": done.handout.path.name, "mode": mode,
                         "server": done.server, "subject": done.subject,
                         "draft": done.draft.name if done.draft else None})


def _address(to: object) -> str:
    """The patient's address as the body gives it: one string."""
    if to is None or to == "":
        raise FieldError("--to: the patient's e-mail address is needed", "to")
    if not isinstance(to, str):
        raise FieldError(f"--to: expected one e-mail address as a string, got {to!r}"[:200],
                         "to")
    return to


@api
async def draft(request: Request, body: Any) -> Response:
    """The e-mail as a draft to download and send from the clinic's own mail program (no
    mail server needed), saved as `pdfgen email --draft` saves it: the PDF in out/ and the
    draft beside it."""
    asked, extra = read_body(body, ("to",))
    done = await server_of(request).work.email(asked, _address(extra["to"]), "draft", False)
    assert done.draft is not None  # (a draft's delivery always has one)
    return Response(done.draft.read_bytes(), media_type="message/rfc822", headers={
        "content-disposition": f'attachment; filename="{done.draft.name}"'})


@api
async def print_(request: Request, body: Any) -> Response:
    asked, extra = read_body(body, ("printer", "copies", "one_sided"))
    _true_or_false(extra, "one_sided")
    done = await server_of(request).work.print(asked, extra["printer"], extra["copies"],
                                               extra["one_sided"])
    return JSONResponse({"printer": done.job.printer, "job": done.job.job,
                         "file": done.handout.path.name,
                         "said": f"Printed on {done.options.describe(done.job.printer)}: "
                                 f"job {done.job.job}"})


@api
async def plans_list(request: Request, body: Any) -> Response:
    work = server_of(request).work
    return JSONResponse({"plans": await work.locked(plan_names, work.plans)})


@api
async def plans_open(request: Request, body: Any) -> Response:
    name = only_fields(body, ("name",), '{"name": ...}').get("name")
    work = server_of(request).work
    return JSONResponse({"fields": await work.locked(open_plan, work.plans, name)})


@api
async def plans_save(request: Request, body: Any) -> Response:
    shape = '{"name": ..., "fields": {...}, "replace": false}'
    body = only_fields(body, ("name", "fields", "replace"), shape)
    if not isinstance(body.get("fields"), dict):
        raise FieldError(f"fields: expected the handout's fields, as in {shape}", "fields")
    _true_or_false(body, "replace")
    read_body(body["fields"])  # the same fields as a handout's, or a mistake naming one
    server = server_of(request)
    saved = await server.work.locked(
        lambda: save_plan(server.clinic.project, server.work.plans, body.get("name"),
                          body["fields"], replace=body.get("replace") is True,
                          demo=server.clinic.is_demo))
    return JSONResponse({"saved": f"content/plans/{saved.name}", "name": saved.name})


@api
async def batch_start(request: Request, body: Any) -> Response:
    body = only_fields(body, ("name", "csv", "mode"), '{"name": ..., "csv": ..., "mode": ...}')
    server = server_of(request)
    ident = await server.work.locked(server.batches.start, body.get("name"), body.get("csv"),
                                     body.get("mode", "build"))
    return JSONResponse({"batch": ident}, status_code=202)


@api
async def batch_state(request: Request, body: Any) -> Response:
    state = server_of(request).batches.state(request.path_params["ident"])
    if state is None:
        return JSONResponse({"error": "no such batch", "field": None}, status_code=404)
    return JSONResponse(state)


@api
async def schema(request: Request, body: Any) -> Response:
    from pdfgen.serve.api_schema import api_schema

    return JSONResponse(api_schema())
