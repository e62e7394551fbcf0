"""The OpenAI-compatible backend against a scripted server: negotiation, retries, faults, usage, images."""

from __future__ import annotations

import logging

import numpy as np
import pytest
from scripted_server import Reply, ScriptedServer, error, ok

from embodia.models import BackendConfig, ImagePart, Message, ModelError, make_backend, parse_spec
from embodia.models.openai_backend import OpenAIBackend
from embodia.models.replies import extract_json, validate
from embodia.types import EmbodiaError

SCHEMA = {"type": "object", "properties": {"colour": {"type": "string", "enum": ["red", "blue"]}},
          "required": ["colour"], "additionalProperties": False}
ASK = [Message.text("system", "answer in JSON"), Message.text("user", "which colour?")]


def backend(server: ScriptedServer, **kw: object) -> OpenAIBackend:
    cfg = dict(timeout_s=5.0, retries=3, backoff_s=0.01, max_backoff_s=0.05)
    cfg.update(kw)
    return OpenAIBackend(BackendConfig("openai", "scripted", server.url, None, **cfg))  # type: ignore[arg-type]


def test_json_schema_first_and_usage_counted(scripted: ScriptedServer) -> None:
    scripted.script(ok({"colour": "red"}))
    c = backend(scripted).complete(ASK, SCHEMA)
    assert c.data == {"colour": "red"} and c.error is None
    assert (c.prompt_tokens, c.completion_tokens) == (11, 7) and c.latency_s > 0
    fmt = scripted.requests[0]["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["schema"] == SCHEMA


def test_server_without_json_schema_gets_json_object_then_text(scripted: ScriptedServer) -> None:
    scripted.script(error(400, "response_format json_schema not supported"),
                    error(400, "response_format json_object not supported"), ok('Sure: {"colour": "blue"}'))
    b = backend(scripted)
    c = b.complete(ASK, SCHEMA)
    assert c.data == {"colour": "blue"} and c.structured == "text"
    kinds = [r.get("response_format", {}).get("type") for r in scripted.requests]
    assert kinds == ["json_schema", "json_object", None]
    assert scripted.requests[1]["response_format"]["schema"] == SCHEMA  # llama.cpp server style
    scripted.script(ok({"colour": "red"}))
    b.complete(ASK, SCHEMA)
    assert "response_format" not in scripted.requests[0]  # remembered per server


def test_429_then_success_is_retried(scripted: ScriptedServer) -> None:
    scripted.script(error(429, "slow down", **{"retry-after": "0"}), ok({"colour": "red"}))
    c = backend(scripted).complete(ASK, SCHEMA)
    assert c.data == {"colour": "red"} and c.attempts == 2 and len(scripted.requests) == 2


def test_500s_are_retried_then_reported_in_one_line(scripted: ScriptedServer) -> None:
    scripted.script(error(500), error(502), ok({"colour": "blue"}))
    assert backend(scripted).complete(ASK, SCHEMA).data == {"colour": "blue"}
    scripted.script(fallback=lambda body: error(503, "overloaded"))
    with pytest.raises(ModelError, match="HTTP 503 after 3 attempt") as exc:
        backend(scripted, retries=2).complete(ASK, SCHEMA)
    assert "\n" not in str(exc.value) and len(scripted.requests) == 3


def test_timeout_then_success_and_timeout_exhausted(scripted: ScriptedServer) -> None:
    scripted.script(ok({"colour": "red"}), ok({"colour": "blue"}))
    scripted.queue[0].delay_s = 1.0
    c = backend(scripted, timeout_s=0.3).complete(ASK, SCHEMA)
    assert c.data == {"colour": "blue"} and c.attempts == 2
    scripted.script(fallback=lambda body: Reply(content="{}", delay_s=1.0))
    with pytest.raises(ModelError, match="no answer .* within 0.3 s"):
        backend(scripted, timeout_s=0.3, retries=1).complete(ASK, SCHEMA)


def test_malformed_json_and_unknown_values_come_back_as_errors(scripted: ScriptedServer) -> None:
    scripted.script(ok('{"colour": "red"'), ok({"colour": "purple"}), ok("I'm sorry, I can't help with that."))
    b = backend(scripted)
    assert "no JSON object" in b.complete(ASK, SCHEMA).error
    err = b.complete(ASK, SCHEMA).error
    assert "unknown value \"purple\"" in err and '"red", "blue"' in err
    assert "no JSON object" in b.complete(ASK, SCHEMA).error


def test_server_down_is_one_clear_line() -> None:
    from embodia.models.llamacpp import free_port

    b = OpenAIBackend(BackendConfig("vllm", "m", f"http://127.0.0.1:{free_port()}/v1", None, retries=1,
                                    backoff_s=0.01, timeout_s=2))
    with pytest.raises(ModelError, match="cannot reach the model server at http://127.0.0.1") as exc:
        b.complete(ASK, SCHEMA)
    assert "\n" not in str(exc.value)


def test_images_sent_as_data_urls_and_dropped_when_rejected(scripted: ScriptedServer,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    img = np.zeros((448, 448, 3), np.uint8)
    img[:, :224] = 255
    msgs = [ASK[0], Message("user", ("look:", ImagePart("front", img), "which colour?"))]
    scripted.script(ok({"colour": "red"}))
    backend(scripted, image_px=224).complete(msgs, SCHEMA)
    parts = scripted.requests[0]["messages"][1]["content"]
    url = [p for p in parts if p["type"] == "image_url"][0]["image_url"]["url"]
    assert url.startswith("data:image/jpeg;base64,")
    import base64
    import io

    from PIL import Image
    assert Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1]))).size == (224, 224)
    scripted.script(error(400, "image_url content parts are not supported"), ok({"colour": "red"}))
    b = backend(scripted)
    with caplog.at_level(logging.WARNING, logger="embodia.models"):
        assert b.complete(msgs, SCHEMA).data == {"colour": "red"}
    assert not b.capabilities.images and isinstance(scripted.requests[1]["messages"][1]["content"], str)
    assert "scene graph alone" in caplog.text


def test_api_key_comes_from_env_and_never_into_the_record(scripted: ScriptedServer,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHSCOPE_API_KEY", "sk-do-not-leak-42")
    b = make_backend(f"qwen:qwen-vl-max@{scripted.url}")
    scripted.script(ok({"colour": "red"}))
    c = b.complete(ASK, SCHEMA)
    assert scripted.headers[0]["authorization"] == "Bearer sk-do-not-leak-42"
    assert "sk-do-not-leak-42" not in repr(c) and "sk-do-not-leak-42" not in repr(b.__dict__.get("config"))
    monkeypatch.delenv("DASHSCOPE_API_KEY")
    with pytest.raises(EmbodiaError, match="DASHSCOPE_API_KEY is not set"):
        make_backend("qwen:qwen-vl-max")


@pytest.mark.parametrize("spec,message", [
    ("gpt9:x", "unknown brain 'gpt9:x'; valid: builtin, qwen:MODEL"),
    ("vllm:some-model", "vllm brain needs a server URL"),
    ("openai:m,colour=red", "unknown brain option 'colour=red'; valid: timeout=..."),
    ("openai:m,structured=yaml", "unknown structured-output mode 'yaml'; valid: json_schema, json_object, text"),
    ("llamacpp:/nope/model.gguf", "GGUF model file '/nope/model.gguf' does not exist"),
])
def test_bad_specs_are_one_line_errors(spec: str, message: str) -> None:
    with pytest.raises(EmbodiaError) as exc:
        make_backend(spec)
    assert message in str(exc.value) and "\n" not in str(exc.value)


def test_spec_defaults_per_server() -> None:
    q = parse_spec("qwen:qwen2.5-vl-72b-instruct").config
    assert q.base_url.endswith("/compatible-mode/v1") and q.structured == "json_schema" and q.grounding == "qwen2.5"
    v = parse_spec("vllm:Qwen/Qwen3-VL-8B-Instruct@localhost:8000,image_px=336,timeout=5").config
    assert v.base_url == "http://localhost:8000/v1" and v.image_px == 336 and v.timeout_s == 5
    assert v.grounding == "qwen3"
    ll = parse_spec("llamacpp:/m.gguf").config
    assert (ll.images, ll.structured, ll.tools) == (False, "json_object", False)
    assert parse_spec("ollama:llava").config.base_url == "http://localhost:11434/v1"


def test_extract_json_and_validator() -> None:
    assert extract_json('```json\n{"a": 1}\n```') == {"a": 1}
    assert extract_json('The answer is {"a": [1, 2]} as asked.') == {"a": [1, 2]}
    schema = {"type": "object", "properties": {"x": {"anyOf": [{"const": 1}, {"type": "string", "enum": ["a"]}]}},
              "required": ["x"]}
    assert validate({"x": 1}, schema) is None and validate({"x": "a"}, schema) is None
    assert "valid: \"a\"" in validate({"x": "b"}, schema)
    assert "missing required key 'x'" in validate({}, schema)


def test_models_check_reports_capabilities_in_one_screen(scripted: ScriptedServer) -> None:
    import json
    import subprocess
    import sys

    def answer(body: dict) -> Reply:
        if body.get("response_format", {}).get("type") == "json_schema":
            return error(400, "response_format json_schema is not supported")
        return error(400, "tools are not supported") if "tools" in body else ok({"ok": True})

    scripted.script(fallback=answer)
    args = [sys.executable, "-m", "embodia.cli", "models", "check", "--brain", f"vllm:qwen@{scripted.url}"]
    proc = subprocess.run([*args, "--json"], capture_output=True, text=True, timeout=120)
    rep = json.loads(proc.stdout)
    assert proc.returncode == 0 and rep["reachable"] and rep["structured"] == "json_object"
    caps = rep["capabilities"]
    assert caps["images"] == "yes" and caps["json_schema"].startswith("no") and caps["tools"].startswith("no")
    screen = subprocess.run(args, capture_output=True, text=True, timeout=120).stdout
    assert "reachable   yes" in screen and len(screen.splitlines()) < 15
