"""A mail server scripted line by line, to misbehave as a real one might."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import suppress

import pytest


class Scripted:
    """An SMTP server that answers each command as `answer` says (a reply, or None for the
    usual one), one connection at a time, and writes down every command it was sent. A
    reply "STALL 250" (or a `greeting` "STALL 220") sends "250-please wait" every half
    second, never a last line; "CLOSE" hangs up. The message after DATA is read to its dot,
    and `answer(".")` replies to it."""

    def __init__(self, answer: Callable[[str], str | None], greeting: str = "220 scripted"
                 ) -> None:
        self.answer, self.greeting, self.heard = answer, greeting, []
        self.messages = 0  # messages read to their final dot
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen()
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            with suppress(OSError), conn, conn.makefile("rb") as lines:
                if not self._say(conn, self.greeting):
                    continue
                for raw in lines:
                    line = raw.decode("utf-8", "replace").rstrip("\r\n")
                    self.heard.append(line)
                    said = self.answer(line)
                    verb = line.split(" ")[0].upper()
                    if said is None:
                        said = {"EHLO": "250-scripted\r\n250-STARTTLS\r\n250 AUTH PLAIN",
                                "DATA": "354 go ahead", "QUIT": "221 bye"}.get(verb, "250 OK")
                    if not self._say(conn, said) or said.startswith("221"):
                        break
                    if verb == "DATA" and said.startswith("354"):
                        for body in lines:  # the message, to its final dot
                            if body.rstrip(b"\r\n") == b".":
                                break
                        self.messages += 1
                        if not self._say(conn, self.answer(".") or "250 kept"):
                            break

    @staticmethod
    def _say(conn: socket.socket, said: str) -> bool:
        """Reply; False when the conversation is over (hung up, or stalled until the other
        end went away)."""
        if said == "CLOSE":
            return False
        if said.startswith("STALL "):
            code = said.split()[1]
            while True:
                try:
                    conn.sendall(f"{code}-please wait\r\n".encode())
                except OSError:
                    return False
                time.sleep(0.5)
        conn.sendall(said.encode() + b"\r\n")
        return True

    def close(self) -> None:
        self.listener.close()


@pytest.fixture
def scripted() -> Iterator[Callable[[Callable[[str], str | None]], Scripted]]:
    made: list[Scripted] = []

    def make(answer: Callable[[str], str | None], greeting: str = "220 scripted"
             ) -> Scripted:
        made.append(Scripted(answer, greeting))
        return made[-1]

    yield make
    for server in made:
        server.close()
