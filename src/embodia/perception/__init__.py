"""Perception: observations -> SceneGraph (objects, poses, predicate atoms), privileged or from cameras."""

from embodia.perception.camera import CameraProvider
from embodia.perception.graph import DrawerNode, GripperState, ObjectNode, SceneGraph
from embodia.perception.provider import PerceptionProvider, PrivilegedProvider

__all__ = ["CameraProvider", "DrawerNode", "GripperState", "ObjectNode", "PerceptionProvider", "PrivilegedProvider",
           "SceneGraph"]
