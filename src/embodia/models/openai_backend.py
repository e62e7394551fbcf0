"""The OpenAI-compatible HTTP backend (DashScope compatible mode, vLLM, SGLang, Ollama, llama.cpp server).

Structured output is negotiated per server: `json_schema` where the server takes it, `json_object` with a
`schema` (llama.cpp server), else plain text; a server that rejects a mode (HTTP 400/422) is asked again
with the next one, and images are dropped (with a warning) for servers that reject image parts. Replies
are always validated here. 429, 5xx, timeouts and connection errors are retried with backoff and jitter.
"""

from __future__ import annotations

import logging
import random
import time
from typing import Any

import openai

from embodia.models.base import STRUCTURED_MODES, Capabilities, Completion, ImagePart, Message, ModelError
from embodia.models.config import BackendConfig
from embodia.models.images import data_url
from embodia.models.replies import parse_and_validate

log = logging.getLogger("embodia.models")
RETRYABLE = (openai.RateLimitError, openai.InternalServerError, openai.APITimeoutError, openai.APIConnectionError)
_IMAGE_HINTS = ("image", "multimodal", "vision", "content part", "array")
_FORMAT_HINTS = ("response_format", "json_schema", "json_object", "schema", "grammar")


def response_format(mode: str, schema: dict) -> dict[str, Any] | None:
    if mode == "json_schema":
        return {"type": "json_schema", "json_schema": {"name": "answer", "schema": schema, "strict": False}}
    if mode == "json_object":
        return {"type": "json_object", "schema": schema}
    return None


def _status_text(exc: Exception) -> str:
    msg = str(getattr(exc, "message", "") or exc).replace("\n", " ")
    return msg if len(msg) <= 160 else msg[:157] + "..."


class OpenAIBackend:
    """One model on one OpenAI-compatible server."""

    def __init__(self, config: BackendConfig, sleep: Any = time.sleep, name: str | None = None) -> None:
        self.config = config
        self.name = name or f"{config.provider}:{config.model}"
        self._client = openai.OpenAI(base_url=config.base_url, api_key=config.api_key(),
                                     timeout=config.timeout_s, max_retries=0)
        self._mode = config.structured
        self._images = config.images
        self._sleep = sleep
        if not self._images:
            log.warning("embodia: warning: %s takes no images; the brain works from the scene graph alone",
                        self.name)

    @property
    def capabilities(self) -> Capabilities:
        return Capabilities(images=self._images, structured=self._mode, tools=self.config.tools)

    def close(self) -> None:
        self._client.close()

    # -- requests -------------------------------------------------------------------------------------
    def _wire(self, messages: list[Message]) -> list[dict[str, Any]]:
        out = []
        for m in messages:
            images = [p for p in m.content if isinstance(p, ImagePart)] if self._images else []
            if not images:
                out.append({"role": m.role, "content": m.plain})
                continue
            parts: list[dict[str, Any]] = []
            for p in m.content:
                if isinstance(p, str):
                    parts.append({"type": "text", "text": p})
                else:
                    url = data_url(p.pixels, self.config.image_px, self.config.image_format)
                    parts.append({"type": "image_url", "image_url": {"url": url}})
            out.append({"role": m.role, "content": parts})
        return out

    def _request(self, messages: list[Message], schema: dict | None) -> dict[str, Any]:
        kw: dict[str, Any] = {"model": self.config.model, "messages": self._wire(messages),
                              "max_tokens": self.config.max_tokens, "temperature": self.config.temperature}
        fmt = response_format(self._mode, schema) if schema is not None else None
        if fmt is not None:
            kw["response_format"] = fmt
        if self.config.extra_body:
            kw["extra_body"] = dict(self.config.extra_body)
        return kw

    def _redacted(self, messages: list[Message], schema: dict | None) -> dict[str, Any]:
        return {"model": self.config.model, "structured": self._mode if schema is not None else "text",
                "images": self._images, "messages": [m.redacted() for m in messages]}

    def _delay(self, attempt: int, exc: Exception) -> float:
        base = min(self.config.max_backoff_s, self.config.backoff_s * 2 ** attempt)
        response = getattr(exc, "response", None)
        after = response.headers.get("retry-after") if response is not None else None
        if after:
            try:
                base = min(self.config.max_backoff_s, max(base, float(after)))
            except ValueError:
                pass
        return base + random.uniform(0, base / 2)

    def _downgrade(self, exc: openai.APIStatusError, had_images: bool, structured: bool) -> bool:
        """After a 400/422: step the structured mode down or drop images. False if nothing is left to try."""
        text = _status_text(exc).lower()
        about_format = any(h in text for h in _FORMAT_HINTS)
        can_step = structured and self._mode != "text"
        if can_step and (about_format or not had_images or not any(h in text for h in _IMAGE_HINTS)):
            nxt = STRUCTURED_MODES[STRUCTURED_MODES.index(self._mode) + 1]
            log.info("%s rejected response_format %s; trying %s", self.name, self._mode, nxt)
            self._mode = nxt
            return True
        if had_images and self._images:
            self._images = False
            log.warning("embodia: warning: %s rejected image input (%s); continuing from the scene graph alone",
                        self.name, _status_text(exc))
            return True
        if can_step:
            self._mode = STRUCTURED_MODES[STRUCTURED_MODES.index(self._mode) + 1]
            return True
        return False

    def _rejects_format(self, exc: Exception, structured: bool) -> bool:
        text = _status_text(exc).lower()
        return (structured and isinstance(exc, openai.InternalServerError) and "response_format" in text
                and ("validation" in text or "not supported" in text or "unsupported" in text))

    def complete(self, messages: list[Message], schema: dict | None = None) -> Completion:
        t0 = time.perf_counter()
        attempt = retries = 0
        while True:
            attempt += 1
            had_images = self._images and any(isinstance(p, ImagePart) for m in messages for p in m.content)
            kw = self._request(messages, schema)
            try:
                resp = self._client.chat.completions.create(**kw)
            except RETRYABLE as exc:
                if self._rejects_format(exc, "response_format" in kw) and attempt <= 4:
                    self._downgrade(exc, False, True)  # llama-cpp-python answers 500 to an unknown format type
                    continue
                if retries >= self.config.retries:
                    raise ModelError(self._failure(exc, attempt)) from None
                self._sleep(self._delay(retries, exc))
                retries += 1
                continue
            except (openai.BadRequestError, openai.UnprocessableEntityError) as exc:
                if attempt <= 4 and self._downgrade(exc, had_images, "response_format" in kw):
                    continue
                raise ModelError(f"{self.name} rejected the request: {_status_text(exc)}") from None
            except openai.APIStatusError as exc:  # 401, 403, 404, ...: not worth retrying
                raise ModelError(self._failure(exc, attempt)) from None
            return self._completion(resp, messages, schema, t0, attempt)

    def _completion(self, resp: Any, messages: list[Message], schema: dict | None, t0: float,
                    attempts: int) -> Completion:
        choice = resp.choices[0] if getattr(resp, "choices", None) else None
        msg = choice.message if choice is not None else None
        text = (msg.content if msg is not None else None) or ""
        refusal = getattr(msg, "refusal", None) if msg is not None else None
        data, error = (None, None)
        if schema is not None:
            data, error = parse_and_validate(text, schema) if text else (None, f"the model refused: {refusal}"
                                                                          if refusal else "the reply is empty")
        usage = getattr(resp, "usage", None)
        return Completion(
            text=text, data=data, error=error,
            prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
            completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
            latency_s=round(time.perf_counter() - t0, 4), attempts=attempts,
            structured=self._mode if schema is not None else "text",
            request=self._redacted(messages, schema))

    def _failure(self, exc: Exception, attempts: int) -> str:
        where = self.config.base_url or "the default endpoint"
        tries = f" after {attempts} attempt(s)"
        if isinstance(exc, openai.APITimeoutError):
            return f"{self.name}: no answer from {where} within {self.config.timeout_s:g} s{tries}"
        if isinstance(exc, openai.APIConnectionError):
            return (f"cannot reach the model server at {where}{tries} (is it running? check with "
                    f"'embodia models check --brain {self.config.spec or self.name}')")
        if isinstance(exc, openai.AuthenticationError):
            env = self.config.api_key_env or "the API key variable"
            return f"{self.name}: the server refused the API key (HTTP 401); check {env}"
        if isinstance(exc, openai.NotFoundError):
            return f"{self.name}: not found at {where} (HTTP 404); check the model name and the base URL"
        code = getattr(exc, "status_code", "?")
        return f"{self.name}: server error HTTP {code}{tries}: {_status_text(exc)}"
