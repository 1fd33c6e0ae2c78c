"""A real SMTP server on loopback for the tests (aiosmtpd), recording what it accepts."""

import asyncio
import logging
import socket
import threading
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller

# aiosmtpd logs every SMTP command at INFO.
logging.getLogger("mail.log").setLevel(logging.WARNING)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Sink:
    """The server's handler: keeps every accepted message; can refuse or hold some.

    ``refuse`` maps an address to the SMTP reply its RCPT gets. ``hold_at`` makes the server
    stop answering the DATA of that message (1-based) until ``release`` is set, and then
    answer 451 (not accepted): the sending worker can be killed in the middle of its batch.
    """

    def __init__(self, *, refuse=None, hold_at=None):
        self.refuse = refuse or {}
        self.hold_at = hold_at
        self.holding = threading.Event()
        self.release = threading.Event()
        self.messages = []
        self.connections = 0
        self._data_count = 0
        self._lock = threading.Lock()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        with self._lock:
            self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            self._data_count += 1
            held = self._data_count == self.hold_at
        if held:
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.02)
            return "451 4.3.0 Try again later"
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted"

    @property
    def recipients(self) -> list[str]:
        with self._lock:
            return sorted(message["To"] for message in self.messages)

    @property
    def message_ids(self) -> list[str]:
        with self._lock:
            return [message["Message-ID"] for message in self.messages]


class SmtpServer:
    def __init__(self, sink: Sink, port: int | None = None):
        self.sink = sink
        self.port = port or free_port()
        self.controller = Controller(sink, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.sink.release.set()
        self.controller.stop()

    @property
    def mailers(self) -> dict:
        """A MAILERS setting that sends here."""
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": self.port, "timeout": 5},
            }
        }
