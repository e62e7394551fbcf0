"""A scripted OpenAI-compatible HTTP server on loopback: the test chooses every answer."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """One scripted answer: a chat completion with `content`, or an HTTP error `status` with `body`."""

    content: str | None = None
    status: int = 200
    body: dict | None = None
    delay_s: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    prompt_tokens: int = 11
    completion_tokens: int = 7


def ok(data: Any) -> Reply:
    return Reply(content=data if isinstance(data, str) else json.dumps(data))


def error(status: int, message: str = "scripted error", delay_s: float = 0.0, **headers: str) -> Reply:
    return Reply(status=status, body={"error": {"message": message, "type": "scripted", "code": status}},
                 delay_s=delay_s, headers=headers)


Script = Callable[[dict], Reply]


class ScriptedServer:
    """Answers POST /v1/chat/completions from a queue of Replies (then from `fallback`); records requests."""

    def __init__(self) -> None:
        self.queue: list[Reply] = []
        self.fallback: Script | None = None
        self.requests: list[dict] = []
        self.headers: list[dict[str, str]] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, status: int, body: dict, headers: dict[str, str] | None = None) -> None:
                raw = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                try:
                    self.wfile.write(raw)
                except OSError:
                    pass  # the client gave up (timeout tests)

            def do_GET(self) -> None:
                if self.path.rstrip("/").endswith("/models"):
                    self._send(200, {"object": "list", "data": [{"id": "scripted", "object": "model"}]})
                else:
                    self._send(404, {"error": {"message": "not found"}})

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                reply = server._next(body, {k.lower(): v for k, v in self.headers.items()})
                if reply.delay_s:
                    time.sleep(reply.delay_s)
                if reply.status != 200:
                    self._send(reply.status, reply.body or {}, reply.headers)
                    return
                self._send(200, {
                    "id": "chatcmpl-scripted", "object": "chat.completion", "created": 0,
                    "model": body.get("model", "scripted"),
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": reply.content}}],
                    "usage": {"prompt_tokens": reply.prompt_tokens, "completion_tokens": reply.completion_tokens,
                              "total_tokens": reply.prompt_tokens + reply.completion_tokens}})

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()

    def _next(self, body: dict, headers: dict[str, str]) -> Reply:
        with self._lock:
            self.requests.append(body)
            self.headers.append(headers)
            if self.queue:
                return self.queue.pop(0)
        if self.fallback is None:
            return error(500, "script exhausted")
        return self.fallback(body)

    def script(self, *replies: Reply, fallback: Script | None = None) -> ScriptedServer:
        self.queue = list(replies)
        self.fallback = fallback
        self.requests.clear()
        self.headers.clear()
        return self

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def user_text(request: dict) -> str:
    """All text of a recorded request's last user message."""
    content = [m for m in request["messages"] if m["role"] == "user"][-1]["content"]
    if isinstance(content, str):
        return content
    return "\n".join(p.get("text", "") for p in content if p.get("type") == "text")
