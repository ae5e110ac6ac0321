"""Who may use the server: the sign-in token, sessions with their CSRF token, the Host
header, and the security headers every response carries."""

from __future__ import annotations

import hmac
import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "pdfgen_session"
MAX_SESSIONS = 500  # a clinic has a few browsers; the oldest session is dropped first
SESSION_SECONDS = 12 * 3600  # a working day, then sign in again
# Only the page's own scripts and styles; the preview's pages are data: pictures.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}


@dataclass
class Session:
    """One browser's session: its CSRF token, and whether it gave the sign-in token."""

    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    signed_in: bool = False
    started: float = field(default_factory=time.monotonic)
    returned: bool = False  # its cookie came back: a browser's, not a request's that forgot


class Guard:
    """The server's token (None on loopback without PDFGEN_SERVE_TOKEN) and its sessions."""

    def __init__(self, token: str | None, hosts: set[str] | None) -> None:
        self.token = token
        self.hosts = hosts  # the Host headers answered (None: any, the token guards)
        self.sessions: OrderedDict[str, Session] = OrderedDict()

    def session(self, sid: str | None) -> Session | None:
        found = self.sessions.get(sid or "")
        if found is None or time.monotonic() - found.started > SESSION_SECONDS:
            return None
        found.returned = True
        return found

    def new_session(self, signed_in: bool = False) -> tuple[str, Session]:
        sid = secrets.token_urlsafe(32)
        self.sessions[sid] = made = Session(signed_in=signed_in or self.token is None)
        if len(self.sessions) > MAX_SESSIONS:
            # The oldest that no browser came back with goes first: requests without a
            # cookie (500 of them, from any page's pictures) signed every clinic out.
            unused = next((old for old, kept in self.sessions.items()
                           if not kept.returned and old != sid), None)
            if unused is not None:
                del self.sessions[unused]
            else:
                self.sessions.popitem(last=False)
        return sid, made

    def drop(self, sid: str | None) -> None:
        self.sessions.pop(sid or "", None)

    def token_matches(self, given: str | None) -> bool:
        return (self.token is not None and given is not None
                and hmac.compare_digest(given.encode(), self.token.encode()))

    def bearer(self, authorization: str | None) -> bool:
        """Whether an API call carries `Authorization: Bearer <the token>` (the scheme's
        name in any capitals, as HTTP reads it: curl users write `bearer` too)."""
        scheme, _, given = (authorization or "").strip().partition(" ")
        return scheme.lower() == "bearer" and self.token_matches(given.strip() or None)

    def host_allowed(self, host: str | None) -> bool:
        # On loopback without a token, a page elsewhere could point its own name at
        # 127.0.0.1 (DNS rebinding): only the server's own names are answered.
        return self.hosts is None or (host or "").lower() in self.hosts

    @staticmethod
    def csrf_matches(session: Session | None, given: str | None) -> bool:
        return (session is not None and given is not None
                and hmac.compare_digest(given.encode(), session.csrf.encode()))


def cookie_header(sid: str, secure: bool = False) -> str:
    """The session cookie: never readable by scripts, never sent by another site."""
    return (f"{COOKIE}={sid}; Path=/; HttpOnly; SameSite=Strict; Max-Age={SESSION_SECONDS}"
            + ("; Secure" if secure else ""))


class SecurityHeaders:
    """ASGI middleware: refuses a foreign Host header, and adds the security headers (and
    never a CORS header) to every response."""

    def __init__(self, app: ASGIApp, guard: Guard) -> None:
        self.app, self.guard = app, guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
        if not self.guard.host_allowed(host):
            await _plain(send, 421, b"This server answers only to its own address.")
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, with_headers)


async def _plain(send: Send, status: int, body: bytes) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            *((k.encode(), v.encode()) for k, v in HEADERS.items())]})
    await send({"type": "http.response.body", "body": body})
