"""The kitchen Panda's kinematics and its velocity-action controller.

We never write the env's physics state: a private MjData on the env's model serves forward kinematics,
Jacobians and the gravity torques, all evaluated at the *observed* joint values. An action is the joint
velocity in [-1, 1] that the env turns into a position target `q_obs + 2 * a * dt`; the kitchen arm has no
gravity compensation, so the target is offset by the gravity torque over the servo's gain.
"""

from __future__ import annotations

import mujoco
import numpy as np

ARM = 7  # arm joints; then the two finger slides
OPEN, CLOSED = 0.04, 0.0  # finger slide targets (m)
ACTION_GAIN = 2.0  # the env maps action a to a joint velocity 2 a (rad/s or m/s)


def frame(approach, fingers) -> np.ndarray:
    """Hand orientation (site frame) from the approach direction (site z) and the finger-opening axis (site y)."""
    z = np.asarray(approach, float)
    z = z / np.linalg.norm(z)
    y = np.asarray(fingers, float)
    y = y - z * (y @ z)
    y = y / np.linalg.norm(y)
    return np.column_stack([np.cross(y, z), y, z])


def rotation_error(target: np.ndarray, current: np.ndarray) -> np.ndarray:
    """Axis-angle vector (world frame) that rotates `current` onto `target`."""
    err, quat = np.zeros(3), np.zeros(4)
    mujoco.mju_mat2Quat(quat, (target @ current.T).reshape(-1))
    mujoco.mju_quat2Vel(err, quat, 1.0)
    return err


class Kinematics:
    """Forward and inverse kinematics of the hand's grip point (the `end_effector` site between the pads)."""

    def __init__(self, model: mujoco.MjModel, site: str = "end_effector") -> None:
        self.model = model
        self.data = mujoco.MjData(model)
        self.site = model.site(site).id
        self.lo, self.hi = model.jnt_range[:ARM, 0].copy(), model.jnt_range[:ARM, 1].copy()
        self.kp = model.actuator_gainprm[:9, 0].copy()
        self._jp, self._jr = np.zeros((3, model.nv)), np.zeros((3, model.nv))

    def _set(self, q: np.ndarray) -> None:
        self.data.qpos[:ARM] = q[:ARM]
        mujoco.mj_kinematics(self.model, self.data)
        mujoco.mj_comPos(self.model, self.data)

    def fk(self, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        self._set(q)
        return self.data.site_xpos[self.site].copy(), self.data.site_xmat[self.site].reshape(3, 3).copy()

    def ik(self, q0: np.ndarray, pos, rot: np.ndarray | None, iters: int = 60, tol: float = 1e-3,
           rot_weight: float = 0.5, rest: np.ndarray | None = None) -> tuple[np.ndarray, float]:
        """Damped least squares from q0, drawn towards `rest` (if given) in the null space so the posture does not
        drift along a path; returns (joints, remaining position error in m)."""
        q = np.array(q0[:ARM], float)
        pos = np.asarray(pos, float)
        err_p = np.inf
        for i in range(iters):
            if i == iters // 2:
                rest = None  # the posture pull leaks into the task: finish without it
            self._set(q)
            p = self.data.site_xpos[self.site]
            err_p_vec = pos - p
            err_p = float(np.linalg.norm(err_p_vec))
            mujoco.mj_jacSite(self.model, self.data, self._jp, self._jr, self.site)
            if rot is None:
                jac, err = self._jp[:, :ARM], err_p_vec
            else:
                er = rotation_error(rot, self.data.site_xmat[self.site].reshape(3, 3))
                if err_p < tol and np.linalg.norm(er) < 5 * tol:
                    break
                jac = np.vstack([self._jp[:, :ARM], rot_weight * self._jr[:, :ARM]])
                err = np.concatenate([err_p_vec, rot_weight * er])
            if rot is None and err_p < tol:
                break
            inv = jac.T @ np.linalg.inv(jac @ jac.T + 1e-4 * np.eye(len(err)))
            dq = inv @ err
            if rest is not None:
                dq += (np.eye(ARM) - inv @ jac) @ (0.1 * (rest[:ARM] - q))
            step = np.max(np.abs(dq))
            if step > 0.3:
                dq *= 0.3 / step
            q = np.clip(q + dq, self.lo + 1e-3, self.hi - 1e-3)
        return q, err_p

    def gravity(self, q: np.ndarray, load_kg: float = 0.0) -> np.ndarray:
        """Joint torques that hold the arm still at q, with `load_kg` hanging at the grip point."""
        self.data.qpos[:ARM] = q[:ARM]
        self.data.qvel[:] = 0
        mujoco.mj_forward(self.model, self.data)
        torque = self.data.qfrc_bias[:ARM].copy()
        if load_kg:
            mujoco.mj_jacSite(self.model, self.data, self._jp, self._jr, self.site)
            torque += self._jp[:, :ARM].T @ np.array([0.0, 0.0, load_kg * 9.81])
        return torque


class Controller:
    """Turns joint targets into the env's velocity actions."""

    def __init__(self, kin: Kinematics, dt: float) -> None:
        self.kin, self.dt = kin, dt

    def action(self, q_obs: np.ndarray, q_target: np.ndarray, grip: float, load_kg: float = 0.0) -> np.ndarray:
        hold = self.kin.gravity(q_obs, load_kg) / self.kin.kp[:ARM]
        delta = q_target[:ARM] - q_obs[:ARM] + hold
        a = np.zeros(9)
        a[:ARM] = delta / (ACTION_GAIN * self.dt)
        a[ARM:] = (grip - q_obs[ARM:9]) / (ACTION_GAIN * self.dt)
        return np.clip(a, -1.0, 1.0)


class Landmarks:
    """Where the kitchen's handles, knobs and hinges are for observed joint values (the model's geometry
    evaluated at the observation, on a private MjData)."""

    def __init__(self, model: mujoco.MjModel) -> None:
        self.model = model
        self.data = mujoco.MjData(model)

    def at(self, qpos: np.ndarray) -> Landmarks:
        self.data.qpos[:] = qpos
        mujoco.mj_kinematics(self.model, self.data)
        return self

    def site(self, name: str) -> np.ndarray:
        return self.data.site_xpos[self.model.site(name).id].copy()

    def site_frame(self, name: str) -> np.ndarray:
        return self.data.site_xmat[self.model.site(name).id].reshape(3, 3).copy()

    def hinge(self, joint: str) -> tuple[np.ndarray, np.ndarray]:
        """(a point on the joint's axis, the axis) in world coordinates."""
        j = self.model.joint(joint).id
        return self.data.xanchor[j].copy(), self.data.xaxis[j].copy()


def axis_rotation(axis, angle: float) -> np.ndarray:
    quat, m = np.zeros(4), np.zeros(9)
    mujoco.mju_axisAngle2Quat(quat, np.asarray(axis, float), angle)
    mujoco.mju_quat2Mat(m, quat)
    return m.reshape(3, 3)
