"""embodia: multimodal foundation models as agents for long-horizon tasks in the physical world."""

__version__ = "0.1.0"


def _register() -> None:
    from embodia.sim.env import register

    register()
