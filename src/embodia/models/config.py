"""What a backend needs to know about its server: endpoint, credentials (by variable name), limits."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from embodia.models.base import STRUCTURED_MODES
from embodia.types import EmbodiaError


@dataclass(frozen=True)
class BackendConfig:
    provider: str  # qwen | openai | vllm | ollama | llamacpp | local
    model: str
    base_url: str | None = None
    api_key_env: str | None = None  # the variable that holds the key; the key itself is never stored
    key_required: bool = False
    timeout_s: float = 60.0
    retries: int = 3  # extra attempts on 429, 5xx, timeouts and connection errors
    backoff_s: float = 0.5  # first retry delay; doubles each time, plus jitter
    max_backoff_s: float = 8.0
    max_tokens: int = 512
    temperature: float = 0.0
    image_px: int = 448  # longer side of images as sent
    image_format: str = "jpeg"
    images: bool = True  # whether the server takes image_url parts
    structured: str = "json_schema"  # first structured-output mode to try (see STRUCTURED_MODES)
    tools: bool = True  # whether the server is known to take `tools`
    grounding: str = "qwen2.5"  # coordinate convention for point/box answers (see models.grounding)
    extra_body: dict[str, Any] = field(default_factory=dict)
    spec: str = ""  # the spec the user typed, for messages

    def __post_init__(self) -> None:
        if self.structured not in STRUCTURED_MODES:
            raise EmbodiaError(f"unknown structured-output mode '{self.structured}'; "
                               f"valid: {', '.join(STRUCTURED_MODES)}")
        if self.timeout_s <= 0 or self.retries < 0 or self.max_tokens < 1 or self.image_px < 28:
            raise EmbodiaError("backend limits out of range: timeout > 0, retries >= 0, max_tokens >= 1, "
                               "image_px >= 28")

    def api_key(self) -> str:
        """The key from its environment variable (a placeholder for servers that take none)."""
        if self.api_key_env:
            value = os.environ.get(self.api_key_env, "").strip()
            if value:
                return value
            if self.key_required:
                raise EmbodiaError(f"{self.api_key_env} is not set; export your API key in it to use "
                                   f"the {self.provider} brain")
        return "not-needed"
