"""A request must come whole within its deadline: a client sending half a request, or a byte
now and then, is cut off; a whole one is answered however long its handout takes."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import serve_helpers
import uvicorn
from uvicorn.protocols.http.auto import AutoHTTPProtocol

from pdfgen.serve.deadline import REQUEST_SECONDS, Deadlines

start = serve_helpers.start  # `pdfgen serve` of the test's own

SECONDS = 1.0  # this test's deadline (the server's own is REQUEST_SECONDS)


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Answers with the body it was sent; /slow thinks for longer than the deadline first."""
    if scope["type"] != "http":
        return
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    if scope["path"] == "/slow":
        await asyncio.sleep(SECONDS * 2.5)
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-length", str(len(body) + 2).encode())]})
    await send({"type": "http.response.body", "body": b"ok" + body})


@pytest.fixture
def port() -> Iterator[int]:
    """A uvicorn server of the app above, its connections guarded as pdfgen serve's are."""
    deadlines = Deadlines(SECONDS)
    config = uvicorn.Config(deadlines.app(app), log_level="warning",
                            http=deadlines.protocol(AutoHTTPProtocol))
    server = uvicorn.Server(config)
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[listening])))
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield listening.getsockname()[1]
    server.should_exit = True
    thread.join(30)
    assert not thread.is_alive()


def connect(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=15)


def answer(client: socket.socket) -> bytes:
    """One whole answer: its head, and as much body as its Content-Length says."""
    said = b""
    while b"\r\n\r\n" not in said:
        said += client.recv(1000) or b"(closed)\r\n\r\n"
    head, body = said.split(b"\r\n\r\n", 1)
    length = int(next(line.split(b":")[1] for line in head.split(b"\r\n")
                      if line.lower().startswith(b"content-length:")))
    while len(body) < length:
        body += client.recv(1000) or b"(closed)"
    return head + b"\r\n\r\n" + body


def cut_off_after(client: socket.socket, pieces: list[bytes], every: float) -> float:
    """Send the pieces `every` seconds apart until the server closes the connection: the
    seconds it took (a server that waits for good fails the socket's 15 s timeout)."""
    start = time.monotonic()
    for piece in pieces:
        try:
            client.sendall(piece)
        except (BrokenPipeError, ConnectionResetError):
            return time.monotonic() - start
        time.sleep(every)
    with contextlib.suppress(ConnectionResetError):
        assert client.recv(1000) == b"", "answered a request that never came whole"
    return time.monotonic() - start


@pytest.mark.parametrize("pieces", [
    [b"GET / HTTP/1.1\r\nHost: clinic\r\n"],  # a head never ended
    [b"G", b"E", b"T", b" ", b"/", b" ", b"H", b"T"],  # a byte now and then (keep-alive
    # starts again at each)
    [b"POST / HTTP/1.1\r\nHost: clinic\r\nContent-Length: 40\r\n\r\n", b"1234", b"5678"],
    []])  # nothing at all
def test_a_request_that_does_not_come_whole_in_time_is_cut_off(
        port: int, pieces: list[bytes]) -> None:
    with connect(port) as client:
        took = cut_off_after(client, pieces, 0.3)
    assert took < SECONDS + 3, took


def test_a_whole_request_is_answered_however_long_its_answer_takes(port: int) -> None:
    with connect(port) as client:
        client.sendall(b"POST /slow HTTP/1.1\r\nHost: clinic\r\nContent-Length: 4\r\n\r\nJane")
        said = answer(client)
    assert said.startswith(b"HTTP/1.1 200") and said.endswith(b"okJane"), said


def test_each_request_of_a_kept_connection_has_its_own_time(port: int) -> None:
    """Two requests on one connection, each within its time though the two together are
    not; then half a third, which is cut off."""
    with connect(port) as client:
        for body in (b"one", b"two"):
            time.sleep(SECONDS * 0.6)
            client.sendall(b"POST / HTTP/1.1\r\nHost: clinic\r\nContent-Length: 3\r\n\r\n"
                           + body)
            assert answer(client).endswith(b"ok" + body)
        took = cut_off_after(client, [b"GET / HTTP/1.1\r\n"], 0.3)
    assert took < SECONDS + 3, took



def test_pdfgen_serve_cuts_off_half_a_request_and_answers_the_others(start) -> None:
    """The real server: half a request is cut off once REQUEST_SECONDS pass (it was held
    for good), and the clinic's page is answered all the while."""
    server = start()
    port = int(server.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=REQUEST_SECONDS + 15) as half:
        sent = time.monotonic()
        half.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        status, page, _ = server.post("/api/handout", {"level": 2})
        assert status == 200 and page.startswith(b"%PDF-"), page[:200]
        cut_off_after(half, [], 0)
        took = time.monotonic() - sent
    assert REQUEST_SECONDS - 2 < took < REQUEST_SECONDS + 10, took
