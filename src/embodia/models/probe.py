"""`embodia models check`: is the server reachable, and what does it take (images, json_schema, tools)?

Each capability is probed with one tiny request; a 400/422 answer means "not supported".
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from embodia.models.base import ModelBackend
from embodia.models.images import data_url

PROBE_SCHEMA = {"type": "object", "properties": {"ok": {"type": "boolean"}}, "required": ["ok"]}


@dataclass
class Report:
    brain: str
    endpoint: str
    reachable: bool = False
    detail: str = ""
    models: list[str] = field(default_factory=list)
    probes: dict[str, str] = field(default_factory=dict)  # capability -> yes / no (reason) / declared ...
    structured: str = ""
    latency_s: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {"brain": self.brain, "endpoint": self.endpoint, "reachable": self.reachable, "detail": self.detail,
                "models": self.models, "capabilities": self.probes, "structured": self.structured,
                "latency_s": round(self.latency_s, 3)}


def _try(client: Any, model: str, **kw: Any) -> str:
    import openai

    try:
        client.chat.completions.create(model=model, max_tokens=8, temperature=0, **kw)
        return "yes"
    except (openai.BadRequestError, openai.UnprocessableEntityError) as exc:
        msg = str(getattr(exc, "message", exc)).replace("\n", " ")
        return f"no ({msg[:80]})"


def check(backend: ModelBackend) -> Report:
    """Reachability and capabilities of an OpenAI-compatible backend (declared ones for local backends)."""
    cfg = getattr(backend, "config", None)
    base = getattr(cfg, "base_url", None) or ("local" if getattr(cfg, "provider", "") == "local" else "default")
    rep = Report(backend.name, base)
    client = getattr(backend, "_client", None)
    caps = backend.capabilities
    if client is None:  # local transformers: loaded means reachable
        rep.reachable, rep.detail = True, "weights loaded in this process"
        rep.probes = {"images": "yes" if caps.images else "no", "json_schema": "no (validated after decoding)",
                      "json_object": "no", "tools": "no"}
        rep.structured = caps.structured
        return rep
    import openai

    t0 = time.perf_counter()
    try:
        rep.models = [m.id for m in client.models.list().data][:8]
        rep.reachable = True
    except openai.APIStatusError as exc:  # some servers lack /models but still answer chat requests
        rep.detail = f"/models answered HTTP {exc.status_code}"
        rep.reachable = True
    except (openai.APIConnectionError, openai.APITimeoutError) as exc:
        rep.detail = f"cannot reach {base}: {type(exc).__name__}"
        return rep
    rep.latency_s = time.perf_counter() - t0
    model = cfg.model
    user = [{"role": "user", "content": "Answer with the JSON object {\"ok\": true}."}]
    try:
        rep.probes["text"] = _try(client, model, messages=user)
        img = data_url(np.full((32, 32, 3), 128, np.uint8), 32)
        rep.probes["images"] = _try(client, model, messages=[{"role": "user", "content": [
            {"type": "text", "text": "What colour is this image?"},
            {"type": "image_url", "image_url": {"url": img}}]}])
        rep.probes["json_schema"] = _try(client, model, messages=user, response_format={
            "type": "json_schema", "json_schema": {"name": "probe", "schema": PROBE_SCHEMA}})
        rep.probes["json_object"] = _try(client, model, messages=user,
                                         response_format={"type": "json_object", "schema": PROBE_SCHEMA})
        rep.probes["tools"] = _try(client, model, messages=user, tools=[{"type": "function", "function": {
            "name": "noop", "description": "does nothing", "parameters": {"type": "object", "properties": {}}}}])
    except openai.APIError as exc:
        rep.detail = f"probe failed: {type(exc).__name__}: {str(exc)[:100]}"
        rep.reachable = not isinstance(exc, (openai.APIConnectionError, openai.APITimeoutError))
    if not caps.images and rep.probes.get("images") == "yes":
        rep.probes["images"] = "declared no (the server accepts image parts but ignores them)"
    rep.structured = next((m for m in ("json_schema", "json_object") if rep.probes.get(m) == "yes"), "text")
    return rep


def render(rep: Report) -> str:
    rows = [("brain", rep.brain), ("endpoint", rep.endpoint),
            ("reachable", ("yes" if rep.reachable else "NO") + (f" ({rep.detail})" if rep.detail else "")
             + (f", {rep.latency_s * 1000:.0f} ms" if rep.reachable and rep.latency_s else ""))]
    if rep.models:
        rows.append(("models", ", ".join(rep.models)))
    rows += [(k, v) for k, v in rep.probes.items()]
    if rep.reachable:
        rows.append(("structured", f"{rep.structured} (what the brain will request)"))
    return "\n".join(f"{k:<12}{v}" for k, v in rows)
