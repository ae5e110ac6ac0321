"""Talk to the mail server: connect with verified TLS, log in, send; every way that can fail
becomes one MailError that says what to do."""

from __future__ import annotations

import base64
import re
import smtplib
import socket
import ssl
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from email.message import EmailMessage
from typing import TYPE_CHECKING

from pdfgen.errors import (
    MailAuthError,
    MailConnectError,
    MailRejectedError,
    MailTemporaryError,
    MailTlsError,
    MailUnknownError,
)
from pdfgen.mail.deadline import TIMES_THE_TIMEOUT, Deadline
from pdfgen.mail.settings import PASSWORD, loopback

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

    from pdfgen.mail.settings import Server

# What OpenSSL says when the other end answers a TLS greeting with plain text.
NOT_TLS = {"WRONG_VERSION_NUMBER", "RECORD_LAYER_FAILURE", "UNKNOWN_PROTOCOL",
           "HTTP_REQUEST", "PACKET_LENGTH_TOO_LONG"}


class Connection(smtplib.SMTP):
    """An SMTP connection that calls `before_commit` between the message and the final dot:
    until the dot, the server keeps nothing; after it, the message may be delivered."""

    before_commit: Callable[[], None] | None = None
    # Past the point of no return: "sending" is (about to be) recorded and the final dot
    # follows, so a stop waits for the server's answer (deadline.GRACE) rather than cut it.
    committed = False
    cut = False  # shut down by a stop or the deadline (Deadline._shut): nothing more goes

    def data(self, msg: ReadableBuffer | str) -> tuple[int, bytes]:
        self.committed = False
        self.putcmd("data")
        code, reply = self.getreply()
        if code != 354:
            raise smtplib.SMTPDataError(code, reply)
        if isinstance(msg, str):  # as smtplib does: text gets CRLF line ends, bytes are kept
            msg = re.sub(r"\r\n|\r|\n", "\r\n", msg).encode("ascii")
        body = re.sub(rb"(?m)^\.", b"..", msg)  # a line that starts with a dot gets two
        if not body.endswith(b"\r\n"):
            body += b"\r\n"
        self.send(body)
        # Committed before "sending" is recorded, and `cut` looked at after: a stop (a
        # signal, run between two of these lines) either came first and cut the message
        # off unrecorded, or comes after and lets it finish. Never "sending" recorded for a
        # message whose dot the stop kept from the server.
        self.committed = True
        if self.cut:
            raise smtplib.SMTPServerDisconnected("stopped before the final dot")
        if self.before_commit is not None:
            self.before_commit()
        self.send(b".\r\n")
        code, reply = self.getreply()
        if code != 250:
            raise smtplib.SMTPDataError(code, reply)
        return code, reply


class _Utf8Auth(smtplib.SMTP):
    """AUTH with its answers in UTF-8 (RFC 4616 for PLAIN; what servers take for LOGIN):
    smtplib encodes them as ASCII, and a name or password outside it ended the send with a
    traceback that quoted it."""

    def auth(self, mechanism: str, authobject: Callable[..., str], *,
             initial_response_ok: bool = True) -> tuple[int, bytes]:
        docmd = self.docmd
        mechanism = mechanism.upper()
        # smtplib's LOGIN answers the name or the password by this count of rounds.
        initial = authobject() if initial_response_ok else None
        if initial is not None:
            code, reply = docmd("AUTH", f"{mechanism} {_base64(initial)}")
            self._auth_challenge_count = 1
        else:
            code, reply = docmd("AUTH", mechanism)
            self._auth_challenge_count = 0
        while code == 334:  # the server's next challenge
            self._auth_challenge_count += 1
            if self._auth_challenge_count > 5:
                raise smtplib.SMTPException("the server asked for too many login rounds")
            code, reply = docmd(_base64(authobject(base64.decodebytes(reply))))
        if code in (235, 503):  # accepted, or already logged in
            return code, reply
        raise smtplib.SMTPAuthenticationError(code, reply)


def _base64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


class _Smtp(_Utf8Auth, Connection):
    pass


class _SmtpSsl(_Utf8Auth, Connection, smtplib.SMTP_SSL):
    pass


def send(message: EmailMessage, server: Server, context: ssl.SSLContext | None = None,
         before_commit: Callable[[], None] | None = None) -> None:
    """Send one message over its own connection, all of it within one deadline."""
    with Deadline(server.timeout * TIMES_THE_TIMEOUT) as deadline:
        connection = connect(server, context, deadline)
        polite = True
        try:
            deliver(connection, message, server, before_commit, deadline)
        except BaseException as error:
            # Ctrl-C: no QUIT, whose answer a stalled server would keep it waiting for until
            # the deadline; the socket is closed at once.
            polite = isinstance(error, Exception)
            raise
        finally:
            with _mail_errors(server), suppress(smtplib.SMTPException, OSError):
                if polite and not deadline.ended:
                    connection.quit()
            connection.close()


def connect(server: Server, context: ssl.SSLContext | None = None,
            deadline: Deadline | None = None) -> Connection:
    """An open, secured and logged-in connection, for one message or a batch of them;
    `deadline` shuts it down wherever the conversation is when it comes."""
    # Always verify the server's certificate (smtplib does not without a context).
    context = context or ssl.create_default_context()
    with _mail_errors(server, deadline):
        if server.security == "ssl":
            connection: Connection = _SmtpSsl(timeout=server.timeout, context=context)
        else:
            connection = _Smtp(timeout=server.timeout)
        # The name TLS checks the certificate for (smtplib sets it only when given a host
        # to connect to at once; a private attribute, not in smtplib's stubs).
        connection._host = server.host  # type: ignore[attr-defined]
        if deadline is not None:  # watched from before the first byte: the greeting too
            deadline.watch(connection)
        try:
            code, greeting = connection.connect(server.host, server.port)
            if code != 220:  # as smtplib.SMTP(host) would say
                raise smtplib.SMTPConnectError(code, greeting)
            if server.security == "starttls":
                _secure(connection, context, f"{server.host}:{server.port}")
            if server.username:
                _login(connection, server, f"{server.host}:{server.port}")
        except BaseException:
            connection.close()
            raise
        return connection


def deliver(connection: Connection, message: EmailMessage, server: Server,
            before_commit: Callable[[], None] | None = None,
            deadline: Deadline | None = None) -> None:
    """Send a message over an open connection; a failure is one MailError (MailUnknownError
    when the server had the final dot and never answered).

    `before_commit` runs once the whole message is out and only the final dot is left: what
    it records is true of every message the server may have kept.
    """
    where = f"{server.host}:{server.port}"
    if deadline is not None:
        deadline.watch(connection)
    with _mail_errors(server, deadline, connection):
        connection.ehlo_or_helo_if_needed()
        addresses = [str(message[h]) for h in ("From", "To") if message[h]]
        wide = next((a for a in addresses if not a.isascii()), None)
        if wide and not connection.has_extn("smtputf8"):
            raise MailRejectedError(
                f"{where}: the address {wide!r} has letters outside ASCII, and this server "
                "does not take such addresses (no SMTPUTF8); nothing was sent: ask for another "
                "address, or use a server that offers SMTPUTF8")
        connection.before_commit = before_commit
        try:
            connection.send_message(message)
        finally:
            connection.before_commit = None


@contextmanager
def _mail_errors(server: Server, deadline: Deadline | None = None,
                 connection: smtplib.SMTP | None = None) -> Iterator[None]:
    """Every way sending can fail, as one MailError that says what to do."""
    where = f"{server.host}:{server.port}"
    silent = (f"{where}: the server did not answer in {server.timeout:g} s; try again later, "
              "or check the port and security in [email]")
    try:
        yield
    except Exception as error:
        # The connection ended (closed, cut at the deadline, timed out) rather than the
        # server saying no: smtplib's own errors are OSErrors too.
        ended = isinstance(error, smtplib.SMTPServerDisconnected) or (
            isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException))
        if not ended:
            with _mapped(server, where, silent):
                raise
        if getattr(connection, "committed", False):
            why = ("it was still not done after "
                   f"{deadline.seconds:g} s" if deadline is not None and deadline.expired
                   else "it was stopped" if deadline is not None and deadline.stopped
                   else "it stopped answering" if "timed out" in str(error)
                   or isinstance(error, TimeoutError) else "it closed the connection")
            raise MailUnknownError(
                f"{where}: the server had the whole message, then {why} before it said "
                "whether it kept it: the mail may have been delivered; ask the patient "
                "before sending it again (--resend)") from None
        if deadline is not None and deadline.expired:
            raise MailConnectError(
                f"{where}: the server did not finish in {deadline.seconds:g} s "
                f"({TIMES_THE_TIMEOUT} times PDFGEN_SMTP_TIMEOUT); nothing was sent: try "
                "again later, or check the port and security in [email]") from None
        if deadline is not None and deadline.stopped:
            raise MailConnectError(f"{where}: stopped before the server had the whole "
                                   "message; nothing was sent") from None
        with _mapped(server, where, silent):
            raise


@contextmanager
def _mapped(server: Server, where: str, silent: str) -> Iterator[None]:
    """smtplib's and ssl's failures, in pdfgen's words."""
    try:
        yield
    except socket.gaierror:
        raise MailConnectError(f"{server.host}: unknown mail server; check host in [email] "
                               "or PDFGEN_SMTP_HOST") from None
    except ssl.SSLError as error:
        if server.security == "ssl" and error.reason in NOT_TLS:
            raise MailTlsError(f"{where}: the server does not start a secure connection on "
                               "this port (security = \"ssl\"); use security = \"starttls\" "
                               "(usually port 587), or the server's SSL port (usually 465)"
                               ) from None
        raise MailTlsError(f"{where}: the secure connection failed ({error.reason or error}); "
                           "check the server's name and certificate") from None
    except smtplib.SMTPNotSupportedError:
        # (A test server on this computer takes plain mail: the docs' local way to try it.)
        local = " (or, for a test server on this computer, security = \"none\")" \
            if loopback(server.host) else ""
        raise MailTlsError(f"{where}: the server does not offer STARTTLS; use security = "
                           f"\"ssl\" or another server{local}") from None
    except smtplib.SMTPRecipientsRefused as error:
        code, reply = next(iter(error.recipients.values()))
        raise _refused(where, code, reply, "the recipient") from None
    except smtplib.SMTPResponseException as error:
        raise _refused(where, error.smtp_code, error.smtp_error, "the message") from None
    except smtplib.SMTPServerDisconnected as error:
        # smtplib turns a read that timed out into "Connection unexpectedly closed: timed out".
        if "timed out" in str(error):
            raise MailConnectError(silent) from None
        raise MailConnectError(f"{where}: the server closed the connection; try again, or "
                               "check the port and security") from None
    except TimeoutError:
        raise MailConnectError(silent) from None
    except (ConnectionRefusedError, OSError) as error:
        reason = error.strerror or type(error).__name__
        raise MailConnectError(f"{where}: cannot connect ({reason}); check host and port in "
                               "[email], and the network") from None


def _secure(connection: smtplib.SMTP, context: ssl.SSLContext, where: str) -> None:
    """STARTTLS, or MailTlsError: a server that will not start it now (454) has not made a
    secure connection, whatever its reason."""
    try:
        connection.starttls(context=context)
    except smtplib.SMTPNotSupportedError:
        raise  # said by _mail_errors: the server does not offer STARTTLS
    except smtplib.SMTPResponseException as error:
        said = error.smtp_error.decode(errors="replace") if isinstance(
            error.smtp_error, bytes) else str(error.smtp_error)
        raise MailTlsError(f"{where}: the server did not start a secure connection "
                           f"({error.smtp_code} {said}); nothing was sent: try again later, "
                           "or check security in [email]") from None


def _login(connection: smtplib.SMTP, server: Server, where: str) -> None:
    try:
        connection.ehlo_or_helo_if_needed()
        offered = connection.esmtp_features.get("auth", "").upper().split()
        if "PLAIN" in offered:
            # One attempt: smtplib's login() would try every mechanism in turn, and some
            # servers then hang instead of refusing again.
            connection.user, connection.password = server.username or "", server.password or ""
            connection.auth("PLAIN", connection.auth_plain)
        else:
            connection.login(server.username or "", server.password or "")
    except smtplib.SMTPNotSupportedError:
        raise MailAuthError(f"{where}: the server does not take a login; leave out username "
                            "in [email] and PDFGEN_SMTP_USER") from None
    except smtplib.SMTPServerDisconnected as error:
        if "timed out" in str(error):
            raise  # said by _mail_errors: the server did not answer
        raise MailAuthError(f"{where}: the server refused the login for {server.username!r} "
                            f"(closed); check the user name and {PASSWORD}") from None
    except smtplib.SMTPAuthenticationError as error:
        # Some servers hang up after a refused login instead of saying 535 again.
        raise MailAuthError(f"{where}: the server refused the login for {server.username!r} "
                            f"({error.smtp_code}); check the user name and {PASSWORD}"
                            ) from None
    except UnicodeError:  # CRAM-MD5's digest is of an ASCII password (never quoted here)
        raise MailAuthError(f"{where}: the user name or {PASSWORD} has letters outside "
                            "ASCII, and the login this server offers (CRAM-MD5) cannot take "
                            "them: use a password of ASCII letters, or a server that offers "
                            "PLAIN or LOGIN") from None


def _refused(where: str, code: int, reply: bytes | str, what: str) -> Exception:
    text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
    if 400 <= code < 500:
        return MailTemporaryError(f"{where}: the server refused {what} for now ({code} "
                                  f"{text}); nothing was sent, try again later")
    return MailRejectedError(f"{where}: the server refused {what} ({code} {text}); nothing "
                             "was sent")
