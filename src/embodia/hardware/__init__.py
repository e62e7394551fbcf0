"""The bridge to a physical SO-101 through LeRobot: unit conversion (`units`), limits and the speed cap
(`limits`), the `Robot` that drives LeRobot's follower (`arm`), connecting lazily (`connect`), cameras, the
marker-board extrinsics (`extrinsics`) and the read-only `check`. Nothing here imports LeRobot or OpenCV at
module level: without them, commands end with one line naming what to install."""
