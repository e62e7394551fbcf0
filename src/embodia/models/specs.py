"""Brain specs as users type them, e.g. `qwen:qwen-vl-max`, `vllm:Qwen/Qwen2.5-VL-7B-Instruct@http://gpu:8000/v1`.

Grammar: PREFIX:MODEL[@BASE_URL][,option=value ...]. Options: see OPTIONS.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Any

from embodia.models.config import BackendConfig
from embodia.models.grounding import CONVENTIONS
from embodia.types import EmbodiaError

DASHSCOPE_URL = "https://dashscope-intl.aliyuncs.com/compatible-mode/v1"  # Beijing: dashscope.aliyuncs.com
OLLAMA_URL = "http://localhost:11434/v1"
PREFIXES: dict[str, str] = {
    "qwen": "qwen:MODEL[@BASE_URL] (DashScope compatible mode; key in DASHSCOPE_API_KEY)",
    "openai": "openai:MODEL[@BASE_URL] (key in OPENAI_API_KEY)",
    "vllm": "vllm:MODEL@URL",
    "ollama": "ollama:MODEL[@URL]",
    "llamacpp": "llamacpp:PATH.gguf (starts a local llama.cpp server)",
    "local": "local:PATH (transformers; install embodia[local])",
}
OPTIONS = ("timeout", "retries", "max_tokens", "image_px", "images", "structured", "grounding", "temperature",
           "repairs")
_FLOAT = {"timeout": "timeout_s", "temperature": "temperature"}
_INT = {"retries": "retries", "max_tokens": "max_tokens", "image_px": "image_px"}


@dataclass(frozen=True)
class BrainSpec:
    spec: str
    config: BackendConfig
    repairs: int = 2  # how often a reply that fails validation is sent back with the error
    options: dict[str, Any] = field(default_factory=dict)


def valid_specs() -> str:
    return "builtin, " + ", ".join(PREFIXES.values())


def _url(url: str | None) -> str | None:
    if not url:
        return None
    if "://" not in url:
        url = "http://" + url
    scheme, _, rest = url.partition("://")
    return url if "/" in rest.rstrip("/") else url.rstrip("/") + "/v1"


def _defaults(prefix: str, model: str, url: str | None) -> BackendConfig:
    if prefix == "qwen":
        return BackendConfig("qwen", model, url or os.environ.get("DASHSCOPE_BASE_URL") or DASHSCOPE_URL,
                             "DASHSCOPE_API_KEY", key_required=True, grounding=_qwen_grounding(model))
    if prefix == "openai":
        return BackendConfig("openai", model, url, "OPENAI_API_KEY", key_required=url is None, grounding="none")
    if prefix == "vllm":
        if not url:
            raise EmbodiaError(f"vllm brain needs a server URL: vllm:{model}@http://HOST:8000/v1")
        return BackendConfig("vllm", model, url, "VLLM_API_KEY", grounding=_qwen_grounding(model))
    if prefix == "ollama":
        return BackendConfig("ollama", model, url or OLLAMA_URL, None, grounding=_qwen_grounding(model))
    if prefix == "llamacpp":  # the llama.cpp server: no image parts, json_object with schema, no tools
        return BackendConfig("llamacpp", model, url, None, images=False, structured="json_object", tools=False,
                             max_tokens=160, timeout_s=120.0, grounding="none")
    return BackendConfig("local", model, None, None, structured="text", tools=False,
                         grounding=_qwen_grounding(model), max_tokens=256)


def _qwen_grounding(model: str) -> str:
    m = model.lower().replace("_", ".")
    if "qwen2.5" in m:
        return "qwen2.5"
    if "qwen3" in m:
        return "qwen3"
    if "qwen2-vl" in m:
        return "qwen2"
    return "qwen2.5" if "qwen" in m else "none"  # DashScope qwen-vl-max/plus: set grounding= if it differs


def _bool(name: str, value: str) -> bool:
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise EmbodiaError(f"option {name}={value!r} is not a boolean; valid: true, false")


def parse_spec(spec: str) -> BrainSpec:
    """Parse a model brain spec; errors name what is wrong and list the valid forms."""
    prefix, sep, rest = spec.partition(":")
    if not sep or prefix not in PREFIXES:
        raise EmbodiaError(f"unknown brain '{spec}'; valid: {valid_specs()}")
    head, *opts = rest.split(",")
    model, _, url = head.partition("@") if prefix not in ("llamacpp", "local") else (head, "", "")
    if not model.strip():
        raise EmbodiaError(f"brain '{spec}' names no model; expected {PREFIXES[prefix]}")
    config = _defaults(prefix, model.strip(), _url(url.strip()))
    changes: dict[str, Any] = {}
    repairs = 2
    options: dict[str, Any] = {}
    for opt in opts:
        key, eq, value = opt.partition("=")
        key, value = key.strip(), value.strip()
        if not eq or key not in OPTIONS:
            raise EmbodiaError(f"unknown brain option '{opt}'; valid: {', '.join(o + '=...' for o in OPTIONS)}")
        try:
            if key in _FLOAT:
                changes[_FLOAT[key]] = float(value)
            elif key in _INT:
                changes[_INT[key]] = int(value)
            elif key == "repairs":
                repairs = int(value)
            elif key == "images":
                changes["images"] = _bool(key, value)
            else:
                changes[key] = value
        except ValueError:
            raise EmbodiaError(f"option {key}={value!r} is not a number") from None
        options[key] = value
    if changes.get("grounding", "none") not in (*CONVENTIONS, "none"):
        raise EmbodiaError(f"unknown grounding convention '{changes['grounding']}'; "
                           f"valid: {', '.join(CONVENTIONS)}, none")
    changes["spec"] = spec
    if repairs < 0:
        raise EmbodiaError(f"option repairs={repairs} must be >= 0")
    return BrainSpec(spec, replace(config, **changes), repairs, options)
