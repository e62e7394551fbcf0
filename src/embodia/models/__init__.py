"""Model backends behind one protocol: OpenAI-compatible HTTP servers, a self-started llama.cpp server and
local transformers. `make_backend(spec)` builds one from a user spec such as `qwen:qwen-vl-max`."""

from __future__ import annotations

from embodia.models.base import Capabilities, Completion, ImagePart, Message, ModelBackend, ModelError
from embodia.models.config import BackendConfig
from embodia.models.specs import PREFIXES, BrainSpec, parse_spec, valid_specs

__all__ = ["BackendConfig", "BrainSpec", "Capabilities", "Completion", "ImagePart", "Message", "ModelBackend",
           "ModelError", "PREFIXES", "make_backend", "parse_spec", "valid_specs"]


def make_backend(spec: BrainSpec | str) -> ModelBackend:
    """The backend for a parsed (or raw) spec; llamacpp: starts its server, local: loads the weights."""
    from dataclasses import replace

    from embodia.models.openai_backend import OpenAIBackend

    bs = parse_spec(spec) if isinstance(spec, str) else spec
    cfg = bs.config
    if cfg.provider == "local":
        from embodia.models.local import LocalBackend

        return LocalBackend(cfg)
    if cfg.provider == "llamacpp":
        from embodia.models.llamacpp import LlamaCppServer

        server = LlamaCppServer(cfg.model)
        backend = OpenAIBackend(replace(cfg, base_url=server.base_url), name=f"llamacpp:{server.model.name}")
        backend.server = server  # type: ignore[attr-defined]
        closer = backend.close

        def close() -> None:
            closer()
            server.stop()
        backend.close = close  # type: ignore[method-assign]
        return backend
    return OpenAIBackend(cfg)
