"""Starting the server: the token a network address needs, its address printed, the browser
opened, and Ctrl-C ending it cleanly (uvicorn's own signal handling)."""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import logging
import os
import signal
import socket
import threading
import webbrowser
from collections.abc import Callable, Iterator
from typing import Any

from pdfgen.errors import ServeAddressError, ServeTokenError

TOKEN_VARIABLE = "PDFGEN_SERVE_TOKEN"
LEAST_TOKEN = 16


class _StopIsNoError(logging.Filter):
    """A second Ctrl-C cuts the app's shut-down short, which uvicorn logs as a traceback:
    the one a user asked for is no error."""

    def filter(self, record: logging.LogRecord) -> bool:
        import asyncio

        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, asyncio.CancelledError | KeyboardInterrupt):
            return False
        # Starlette passes its shut-down's traceback to uvicorn as text.
        last = str(record.msg).rstrip().rsplit("\n", 1)[-1]
        return last not in ("asyncio.exceptions.CancelledError", "KeyboardInterrupt")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve_token(host: str, environ: dict[str, str] | os._Environ[str] = os.environ
                ) -> str | None:
    """The token pages and calls need: PDFGEN_SERVE_TOKEN, required off loopback."""
    token = environ.get(TOKEN_VARIABLE) or None
    if token is not None and len(token) < LEAST_TOKEN:
        raise ServeTokenError(f"{TOKEN_VARIABLE}: {len(token)} characters; a token needs at "
                              f"least {LEAST_TOKEN} (for example: python3 -c \"import "
                              "secrets; print(secrets.token_urlsafe(24))\")")
    if token is None and not is_loopback(host):
        raise ServeTokenError(f"--host {host}: other computers could reach the clinic's "
                              f"handouts; set {TOKEN_VARIABLE} (at least {LEAST_TOKEN} "
                              "characters) to require it, or serve on 127.0.0.1")
    return token


def own_hosts(host: str, port: int) -> set[str] | None:
    """The Host headers a loopback server answers (None off loopback: the token guards)."""
    if not is_loopback(host):
        return None
    names = {host, "127.0.0.1", "localhost", "[::1]"}
    return {f"{name}:{port}" for name in names} | names


def serve(project: str | None, host: str, port: int, open_browser: bool,
          say: Callable[[str], None] = print) -> None:
    """Serve the clinic folder until Ctrl-C."""
    import uvicorn
    from uvicorn.protocols.http.auto import AutoHTTPProtocol

    from pdfgen.api import ClinicFolder
    from pdfgen.serve.app import make_app
    from pdfgen.serve.deadline import Deadlines

    if not 1 <= port <= 65535:
        raise ServeAddressError(f"--port {port}: expected a port from 1 to 65535")
    token = serve_token(host)
    clinic = ClinicFolder.find(project)
    shown = f"[{host}]" if ":" in host else host
    if host in ("0.0.0.0", "::"):  # every address of this computer: name one a tablet can open
        import socket

        shown = socket.gethostname()
    address = f"http://{shown}:{port}/"
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    logging.getLogger("uvicorn.error").addFilter(_StopIsNoError())
    listening = _listen(host, port)  # before saying where: a port in use is one line
    app = make_app(clinic, token, own_hosts(host, port))
    deadlines = Deadlines()  # (a half-sent request held its connection for good)
    config = uvicorn.Config(deadlines.app(app), host=host, port=port, access_log=False,
                            log_level="warning", server_header=False,
                            timeout_graceful_shutdown=10,
                            http=deadlines.protocol(AutoHTTPProtocol))
    server = _server_class()(config)
    where = "the demo clinic" if clinic.is_demo else str(clinic.path)
    say(f"Serving {where} at {address}" + (" (sign in with PDFGEN_SERVE_TOKEN)" if token
                                             else "") + "; Ctrl-C stops it.")
    if open_browser:
        threading.Timer(0.8, webbrowser.open, args=(address,)).start()
    app.state.server.work.warm_up()  # the first handout asked for comes as fast as the rest
    server.run(sockets=[listening])


def _server_class() -> type:
    import uvicorn
    from uvicorn.server import HANDLED_SIGNALS

    from pdfgen.mail.deadline import stop_all

    class Stopping(uvicorn.Server):
        """Ctrl-C (or SIGTERM) also stops the mails under way in the server's threads at
        once, as pdfgen email's own: else the server waits for a stalled mail server to the
        deadline, 4 times PDFGEN_SMTP_TIMEOUT, before it can end."""

        caught: list[int]

        def handle_exit(self, sig: int, frame: Any) -> None:
            self.caught = [*getattr(self, "caught", []), sig]
            stop_all()
            super().handle_exit(sig, frame)

        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            # Served, uvicorn put asyncio's Ctrl-C handler back, still in the event loop, and
            # raised what it caught: with Ctrl-C held down, the next one raised
            # KeyboardInterrupt in asyncio's clean-up, which then never stopped the idle
            # worker thread a request had started, and the exit waited on it for good (CI,
            # once; the thread's stack read with gdb). Caught once, Ctrl-C is ignored from
            # then on, and the server ends in KeyboardInterrupt, its exit code 130.
            if threading.current_thread() is not threading.main_thread():
                yield
                return
            before = {sig: signal.signal(sig, self.handle_exit) for sig in HANDLED_SIGNALS}
            interrupted = False
            try:
                yield
            finally:
                interrupted = signal.SIGINT in getattr(self, "caught", [])
                for sig, handler in before.items():
                    signal.signal(sig, signal.SIG_IGN if interrupted and sig == signal.SIGINT
                                  else handler)
            for sig in reversed(getattr(self, "caught", [])):
                if sig != signal.SIGINT:  # SIGTERM: its own end, as uvicorn gives it
                    signal.raise_signal(sig)
            if interrupted:
                raise KeyboardInterrupt

    return Stopping


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listening = socket.socket(family, socket.SOCK_STREAM)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listening.bind((host.strip("[]"), port))
    except OSError as error:
        listening.close()
        why = ("in use (another pdfgen serve?); choose another --port"
               if error.errno == errno.EADDRINUSE else
               f"cannot be listened on ({error.strerror}); check --host and --port")
        raise ServeAddressError(f"--port {port}: {host}:{port} {why}") from None
    listening.listen(128)
    listening.set_inheritable(True)
    return listening
