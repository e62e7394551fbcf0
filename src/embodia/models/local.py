"""Local transformers backend for Qwen2.5-VL / Qwen3-VL weights on disk (optional extra: embodia[local]).

Loads the processor and the model from a local folder only (never from a hub), renders the chat with the
processor's chat template, generates greedily and validates the decoded text against the schema.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from embodia.models.base import Capabilities, Completion, Message
from embodia.models.config import BackendConfig
from embodia.models.images import resized
from embodia.models.replies import parse_and_validate
from embodia.types import EmbodiaError

EXTRA = "install embodia[local] (pip install 'embodia[local]')"


def _import() -> tuple[Any, Any]:
    try:
        import torch
        import transformers
    except ImportError:
        raise EmbodiaError(f"the local brain needs transformers and torch; {EXTRA}") from None
    return torch, transformers


class LocalBackend:
    """A vision-language model loaded in this process from a local folder."""

    def __init__(self, config: BackendConfig) -> None:
        self.torch, tf = _import()
        path = Path(config.model).expanduser()
        if not (path / "config.json").is_file():
            raise EmbodiaError(f"'{path}' holds no model (config.json missing); give local:PATH to a "
                               "Qwen2.5-VL or Qwen3-VL folder")
        self.config = config
        self.name = f"local:{path.name}"
        try:  # tokenizer + image processor, not AutoProcessor: its video half would need torchvision
            self.tokenizer = tf.AutoTokenizer.from_pretrained(str(path), local_files_only=True)
            self.images = tf.AutoImageProcessor.from_pretrained(str(path), local_files_only=True, backend="pil")
            self.model = tf.AutoModelForImageTextToText.from_pretrained(str(path), local_files_only=True)
        except (OSError, ValueError, KeyError, ImportError) as exc:
            raise EmbodiaError(f"could not load the model in '{path}': {str(exc).strip().splitlines()[0][:160]}") \
                from None
        if not getattr(self.tokenizer, "chat_template", None):
            found = [path / n for n in ("chat_template.jinja", "chat_template.json") if (path / n).is_file()]
            if not found:
                raise EmbodiaError(f"'{path}' has no chat template (tokenizer_config.json or chat_template.jinja)")
            raw = found[0].read_text()
            self.tokenizer.chat_template = json.loads(raw)["chat_template"] if found[0].suffix == ".json" else raw
        self.model.eval()
        self._images = config.images

    @property
    def capabilities(self) -> Capabilities:
        return Capabilities(images=self._images, structured="text", tools=False)

    def close(self) -> None:
        self.model = None

    def _chat(self, messages: list[Message]) -> list[dict[str, Any]]:
        out = []
        for m in messages:
            parts: list[dict[str, Any]] = []
            for p in m.content:
                if isinstance(p, str):
                    parts.append({"type": "text", "text": p})
                elif self._images:
                    parts.append({"type": "image", "image": resized(p.pixels, self.config.image_px)})
            out.append({"role": m.role, "content": parts})
        return out

    def complete(self, messages: list[Message], schema: dict | None = None) -> Completion:
        if self.model is None:
            raise EmbodiaError(f"{self.name} is closed")
        t0 = time.perf_counter()
        chat = self._chat(messages)
        if schema is not None:  # no constrained decoding here: the schema goes in the prompt, validation after
            chat[-1]["content"].append({"type": "text", "text": "JSON schema: " + json.dumps(schema)})
        inputs = self._encode(chat)
        n_in = int(inputs["input_ids"].shape[1])
        with self.torch.inference_mode():
            out = self.model.generate(**inputs, max_new_tokens=self.config.max_tokens, do_sample=False)
        new = out[0, n_in:]
        text = self.tokenizer.decode(new, skip_special_tokens=True)
        data, error = parse_and_validate(text, schema) if schema is not None else (None, None)
        return Completion(text=text, data=data, error=error, prompt_tokens=n_in, completion_tokens=int(new.numel()),
                          latency_s=round(time.perf_counter() - t0, 4), structured="text",
                          request={"model": self.name, "structured": "text", "images": self._images,
                                   "messages": [m.redacted() for m in messages]})

    def _encode(self, chat: list[dict[str, Any]]) -> dict[str, Any]:
        """Prompt tokens with each image's placeholder expanded to its vision tokens, plus pixel values."""
        text = self.tokenizer.apply_chat_template(chat, add_generation_prompt=True, tokenize=False)
        pictures = [c["image"] for m in chat for c in m["content"] if c["type"] == "image"]
        extra: dict[str, Any] = {}
        if pictures:
            extra = dict(self.images(images=pictures, return_tensors="pt"))
            merge = int(getattr(self.images, "merge_size", 2)) ** 2
            pad = "<|image_pad|>"
            pieces = text.split(pad)
            if len(pieces) - 1 != len(pictures):
                raise EmbodiaError(f"the chat template placed {len(pieces) - 1} image(s) for {len(pictures)}")
            counts = [int(g.prod()) // merge for g in extra["image_grid_thw"]]
            text = pieces[0] + "".join(pad * n + rest for n, rest in zip(counts, pieces[1:], strict=True))
        enc = self.tokenizer(text, return_tensors="pt", add_special_tokens=False)
        return {**dict(enc), **extra}


