"""embodia: multimodal foundation models as agents for long-horizon tasks in the physical world.

Importing the package chooses the headless GL backend (before MuJoCo is first imported, whatever is
imported next) and registers every task as a Gymnasium id, so `gym.make("embodia/stack-3-v0")` works.
"""

from embodia.sim import gl as _gl  # noqa: F401  (must run before mujoco is imported anywhere)
from embodia.tasks.env import register_tasks as _register_tasks

__version__ = "0.1.0"

_register_tasks()


def _register_kitchen() -> None:  # FrankaKitchen-v1 tasks (embodia.kitchen): ids, suites, Gymnasium ids
    from embodia.kitchen.gym_env import register_kitchen

    register_kitchen()


_register_kitchen()
