"""Choose the headless GL backend before mujoco is imported: EGL by default, OSMesa as fallback."""

from __future__ import annotations

import ctypes.util
import os

from embodia.types import EmbodiaError

_LIBS = {"egl": ("EGL", "OpenGL"), "osmesa": ("OSMesa",), "glfw": ("glfw",)}
_INSTALL = "apt-get install libegl1 libegl-mesa0 libgl1-mesa-dri libopengl0 (or libosmesa6 for osmesa)"


def choose_backend() -> str:
    """Set MUJOCO_GL (and PYOPENGL_PLATFORM) if unset; return the chosen backend."""
    wanted = os.environ.get("MUJOCO_GL")
    if wanted:
        os.environ.setdefault("PYOPENGL_PLATFORM", wanted if wanted != "glfw" else "")
        return wanted
    for backend in ("egl", "osmesa"):
        if all(ctypes.util.find_library(lib) for lib in _LIBS[backend]):
            os.environ["MUJOCO_GL"] = backend
            os.environ["PYOPENGL_PLATFORM"] = backend
            return backend
    os.environ["MUJOCO_GL"] = "egl"
    os.environ["PYOPENGL_PLATFORM"] = "egl"
    return "none"


def missing_backend_error(detail: str) -> EmbodiaError:
    backend = os.environ.get("MUJOCO_GL", "egl")
    return EmbodiaError(
        f"no headless GL backend usable (MUJOCO_GL={backend}: {detail}); valid: MUJOCO_GL=egl or osmesa, "
        f"set before mujoco is first imported; install with: {_INSTALL}"
    )


BACKEND = choose_backend()
