"""Recovery changes its approach: after a failed placement the held block is put down, the retry runs under a
new variation (another grasp yaw, an offset), and the trace says so. Symbolic table (tests/agent/fakes.py)."""

from __future__ import annotations

from dataclasses import dataclass

from fakes import Table, on

from embodia.agent.episode import Episode, EpisodeConfig
from embodia.brains.builtin import OracleBrain
from embodia.record.steps import EpisodeEnded, Recovered, SkillStarted
from embodia.skills import SkillResult
from embodia.skills.variation import NONE, SCHEDULE, current, for_attempt, varied
from embodia.types import Goal, SkillCall

TOWER = Goal(((on("red_block", "blue_block"),), (on("green_block", "red_block"),)))


@dataclass
class FlakyTable(Table):
    """Fails a call its first `times` runs (the hand keeps what it holds) and records each run's variation."""

    flaky: str = ""
    times: int = 1
    seen: list = None

    def run(self, call: SkillCall) -> SkillResult:
        self.seen = (self.seen or []) + [(str(call), current())]
        if str(call) == self.flaky and sum(c == self.flaky for c, _ in self.seen) <= self.times:
            self.runs.append(str(call))
            return SkillResult(False, "dropped", "injected failure", self.skill_s)
        return super().run(call)


def _run(tab: Table, **cfg):
    brain = OracleBrain(TOWER)
    records = list(Episode(brain, EpisodeConfig("stack", judge=TOWER, **cfg), tab.parts(None)).run())
    assert isinstance(records[-1], EpisodeEnded)
    return records, records[-1].summary


def test_failed_placement_puts_the_block_down_and_varies_the_retry() -> None:
    tab = FlakyTable([["red_block"], ["blue_block"], ["green_block"]], flaky="place_on(red_block, blue_block)", times=2)
    records, summary = _run(tab)
    assert summary["success"] and tab.towers[-1] == ["blue_block", "red_block", "green_block"]
    recovered = [r for r in records if isinstance(r, Recovered)]
    assert [r.attempt for r in recovered] == [1, 2]
    assert recovered[0].steps == ["place_on(red_block, table)"] and recovered[0].ok
    # the second failure of a placement on blue_block re-seats it on its support
    assert recovered[1].steps == ["place_on(red_block, table)", "pick(blue_block)", "place_on(blue_block, table)"]
    variations = [v for c, v in tab.seen if c in ("pick(red_block)", "place_on(red_block, blue_block)")]
    assert variations[:2] == [NONE, NONE] and variations[2] == variations[3] == for_attempt(1)
    assert variations[4] == for_attempt(2) and len(set(variations)) == 3  # never the same motion again
    retried = [r for r in records if isinstance(r, SkillStarted) and r.attempt]
    assert retried and all("grasp turned" in r.variation for r in retried)


def test_recovery_off_retries_the_same_motion() -> None:
    tab = FlakyTable([["red_block"], ["blue_block"], ["green_block"]], flaky="place_on(red_block, blue_block)", times=1)
    records, summary = _run(tab, recovery=False)
    assert summary["success"] and not any(isinstance(r, Recovered) for r in records)
    assert all(v == NONE for _, v in tab.seen)


def test_variation_schedule_and_context() -> None:
    assert for_attempt(0) == NONE and current() == NONE
    assert len({(v.grasp_turn, v.place_offset) for v in SCHEDULE}) == len(SCHEDULE)
    assert for_attempt(9).attempt == 9 and for_attempt(9).grasp_turn == SCHEDULE[-1].grasp_turn
    with varied(for_attempt(1)) as v:
        assert current() == v and "grasp turned +1 face" in v.describe()
    assert current() == NONE
