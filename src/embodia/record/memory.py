"""Episode memory: every record so far, counters, and a compact text summary for model prompts."""

from __future__ import annotations

from dataclasses import dataclass, field

from embodia.record.steps import (
    Disturbed,
    Planned,
    Record,
    Rejected,
    Replanned,
    SkillFinished,
    Verified,
)


@dataclass
class Memory:
    records: list[Record] = field(default_factory=list)
    stages_reached: int = 0
    skills: int = 0
    replans: int = 0
    rejected: int = 0
    planning_s: float = 0.0

    def add(self, rec: Record) -> Record:
        self.records.append(rec)
        if isinstance(rec, SkillFinished):
            self.skills += 1
        elif isinstance(rec, Replanned):
            self.replans += 1
        elif isinstance(rec, Rejected):
            self.rejected += 1
        elif isinstance(rec, Planned):
            self.planning_s += rec.seconds
        elif isinstance(rec, Verified) and rec.progress:
            self.stages_reached = rec.progress.get("stages_reached", self.stages_reached)
        return rec

    def summary(self, last: int = 12) -> str:
        """The last few events, one line each, oldest first."""
        lines = []
        for r in self.records:
            if isinstance(r, SkillFinished):
                lines.append(f"{r.call}: {'ok' if r.ok else f'FAILED ({r.reason}: {r.detail})'}")
            elif isinstance(r, Verified) and not r.ok:
                lines.append(f"check after {r.call}: mismatch {', '.join(r.mismatches[:4])}")
            elif isinstance(r, Disturbed):
                lines.append(f"disturbance: {r.description}")
            elif isinstance(r, Rejected):
                lines.append(f"rejected {r.call}: {r.reason}")
            elif isinstance(r, Replanned):
                lines.append(f"replanned: {r.reason}")
        head = f"{self.skills} skills run, {self.replans} replans, {self.rejected} rejected"
        return "\n".join([head, *lines[-last:]])
