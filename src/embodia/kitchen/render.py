"""Video frames of the kitchen, rendered from the env's model and data (read only) by our own renderer: the
package's renderer draws the fingers' 130 000-triangle meshes, about 15 s a frame in software GL; without them
(geom group 0; the fingers' collision shapes still show), shadows and reflections it is about 1 s."""

from __future__ import annotations

import mujoco
import numpy as np

HIDDEN_GROUPS = (0, 4)  # the fingers' visual meshes; the kitchen's collision boxes (invisible in the package too)
CAMERA = {"distance": 2.2, "azimuth": 70.0, "elevation": -35.0, "lookat": (-0.2, 0.5, 2.0)}  # the env's default


class KitchenCamera:
    def __init__(self, model: mujoco.MjModel, data: mujoco.MjData, height: int = 360, width: int = 480) -> None:
        self.data = data
        self.renderer = mujoco.Renderer(model, height, width)
        self.option = mujoco.MjvOption()
        for g in HIDDEN_GROUPS:
            self.option.geomgroup[g] = 0
        self.camera = mujoco.MjvCamera()
        self.camera.distance, self.camera.azimuth = CAMERA["distance"], CAMERA["azimuth"]
        self.camera.elevation = CAMERA["elevation"]
        self.camera.lookat[:] = CAMERA["lookat"]

    def rgb(self) -> np.ndarray:
        self.renderer.update_scene(self.data, self.camera, self.option)
        self.renderer.scene.flags[mujoco.mjtRndFlag.mjRND_SHADOW] = 0
        self.renderer.scene.flags[mujoco.mjtRndFlag.mjRND_REFLECTION] = 0
        return self.renderer.render()

    def close(self) -> None:
        self.renderer.close()
