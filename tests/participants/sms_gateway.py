"""A real HTTP server on 127.0.0.1 standing in for the SMS gateway of docs/sms-gateway.md.

Each test sets the answer (status, headers, body, delay) and reads back every request it received.
"""

import json
import socket
import threading
import time
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class ReceivedRequest:
    method: str
    path: str
    headers: Message
    body: bytes

    def json(self):
        return json.loads(self.body)


@dataclass
class FakeSmsGateway:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b'{"id": "gw-7f3a91", "status": "queued"}'
    delay: float = 0.0
    requests: list[ReceivedRequest] = field(default_factory=list)
    port: int = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def answer(self, status: int, body: bytes | dict = b"", headers: dict[str, str] | None = None) -> None:
        self.status = status
        self.body = json.dumps(body).encode() if isinstance(body, dict) else body
        self.headers = headers or {}


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # The timeout test hangs up before the answer is written: the broken pipe is expected.
        pass


def start_gateway() -> tuple[FakeSmsGateway, ThreadingHTTPServer]:
    gateway = FakeSmsGateway()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _record_and_answer(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            gateway.requests.append(ReceivedRequest(self.command, self.path, self.headers, body))
            if gateway.delay:
                time.sleep(gateway.delay)
            self.send_response(gateway.status)
            for name, value in gateway.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(gateway.body)))
            self.end_headers()
            self.wfile.write(gateway.body)

        do_POST = _record_and_answer
        do_GET = _record_and_answer

        def log_message(self, format, *args):
            pass

    server = _QuietServer(("127.0.0.1", 0), Handler)
    gateway.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    return gateway, server


def closed_port() -> int:
    """A local port nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
