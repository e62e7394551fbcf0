"""The MuJoCo tabletop world. Importing this package selects the headless GL backend first."""

from embodia.sim import gl  # noqa: F401  (must run before mujoco is imported anywhere)
