"""A request must come whole within a deadline of its connection (or of the answer before
it): a client that sends half a request, or a byte now and then, holds no connection for ever.

uvicorn has no such limit (its keep-alive timeout starts again at every byte received), so
each connection's protocol is wrapped, and the app tells the wrapper when a request is in.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

# Seconds a request (its head and its body) may take to arrive: a page's JSON or a patient
# list of 1 MB comes in well under a second on a clinic's network.
REQUEST_SECONDS = 20.0

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Message, Receive, Send], Awaitable[None]]


class _Connection:
    """One connection's deadline: armed while a request is on its way, closed when it passes."""

    def __init__(self, transport: asyncio.BaseTransport, seconds: float,
                 loop: asyncio.AbstractEventLoop) -> None:
        self.transport, self.seconds, self.loop = transport, seconds, loop
        self.timer: asyncio.TimerHandle | None = None

    def arm(self) -> None:
        self.disarm()
        self.timer = self.loop.call_later(self.seconds, self.transport.close)

    def disarm(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None


class Deadlines:
    """The open connections' deadlines, by the client's address and port (the ASGI scope's
    "client", which is how the app finds the connection its request came on)."""

    def __init__(self, seconds: float = REQUEST_SECONDS) -> None:
        self.seconds = seconds
        self.open: dict[tuple[str, int], _Connection] = {}

    def protocol(self, inner: type[asyncio.Protocol]) -> type[asyncio.Protocol]:
        """uvicorn's protocol class `inner`, each connection armed until its request is in."""
        deadlines = self

        class Guarded(asyncio.Protocol):
            def __init__(self, **kwargs: Any) -> None:  # uvicorn's own arguments, passed on
                self.inner = inner(**kwargs)
                self.loop = kwargs.get("_loop") or asyncio.get_running_loop()
                self.key: tuple[str, int] | None = None

            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                peer = transport.get_extra_info("peername")
                if isinstance(peer, tuple) and len(peer) >= 2:
                    self.key = (str(peer[0]), int(peer[1]))
                    connection = _Connection(transport, deadlines.seconds, self.loop)
                    deadlines.open[self.key] = connection
                    connection.arm()
                self.inner.connection_made(transport)

            def connection_lost(self, exc: Exception | None) -> None:
                connection = deadlines.open.pop(self.key, None) if self.key else None
                if connection is not None:
                    connection.disarm()
                self.inner.connection_lost(exc)

            def data_received(self, data: bytes) -> None:
                self.inner.data_received(data)

            def eof_received(self) -> bool | None:
                return self.inner.eof_received()

            def pause_writing(self) -> None:
                self.inner.pause_writing()

            def resume_writing(self) -> None:
                self.inner.resume_writing()

        return Guarded

    def app(self, app: App) -> App:
        """The ASGI app, telling its connection when a request is in (its head, and its body
        read whole) and when its answer is out (the next request's time starts)."""

        async def guarded(scope: Message, receive: Receive, send: Send) -> None:
            client = scope.get("client") if scope["type"] == "http" else None
            connection = self.open.get((str(client[0]), int(client[1]))) if client else None
            if connection is None:  # (not served through Deadlines.protocol: a test client)
                await app(scope, receive, send)
                return
            headers = dict(scope.get("headers") or [])
            if headers.get(b"content-length", b"0") == b"0" and \
                    b"transfer-encoding" not in headers:
                connection.disarm()  # no body to wait for: the request is in

            async def receiving() -> Message:
                message = await receive()
                if message["type"] != "http.request" or not message.get("more_body"):
                    connection.disarm()
                return message

            async def sending(message: Message) -> None:
                await send(message)
                if message["type"] == "http.response.body" and not message.get("more_body"):
                    connection.arm()

            await app(scope, receiving, sending)

        return guarded
