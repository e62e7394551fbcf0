"""The perception modes the server offers (`--perception`): the perception layer's modes, default and factory."""

from __future__ import annotations

from embodia.perception.modes import DEFAULT_MODE as DEFAULT
from embodia.perception.modes import MODES, make_provider

__all__ = ["DEFAULT", "MODES", "make_provider"]

