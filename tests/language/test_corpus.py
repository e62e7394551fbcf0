"""The language corpus: its shape, its independence from the task templates, and the parser's results on it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from embodia.language.chunks import Chunker
from embodia.language.corpus import Entry, Scene, load_corpus, load_entries
from embodia.language.parser import ParseError, language, parse_instruction
from embodia.tasks.families import BUILDERS, SIZES

CORPUS = Path(__file__).parent / "corpus"
SCENES, ENTRIES = load_corpus(CORPUS)


def parse(e: Entry):
    scene = SCENES[e.scene]
    return parse_instruction(e.text, list(scene.objects), set(scene.facts) if scene.facts is not None else None)


def frame(text: str) -> str:
    """The sentence with every object description replaced by X: 'could you put X in X'."""
    words = re.findall(r"[a-z0-9']+", text.lower().replace("-", " "))
    chunked, _ = Chunker(language().lexicon, words).run()
    return " ".join("X" if t[:1] in "@%" else t for t in chunked.split())


def test_corpus_covers_every_family_scene_and_refusal_kind() -> None:
    assert len(ENTRIES) >= 400
    families = {e.family for e in ENTRIES}
    assert {"stack", "sort", "drawer", "clear", "unstack", "chain", "playground", "refusal"} <= families
    assert {e.refusal for e in ENTRIES} >= {"ambiguous", "out_of_scope", "unknown"}
    assert sum(len(e.stages) > 2 for e in ENTRIES) >= 30  # multi-step instructions
    assert 0.2 <= sum(e.held_out for e in ENTRIES) / len(ENTRIES) <= 0.3


def test_corpus_shares_no_sentence_frame_with_the_task_templates() -> None:
    templates = {frame(make(n, seed).instruction) for family, make in BUILDERS.items()
                 for n in SIZES[family] for seed in range(25)}
    assert len(templates) > 50
    sample = [e for e in ENTRIES if not e.refusal][::2]  # every other instruction with a goal
    shared = [e.text for e in sample if frame(e.text) in templates]
    assert not shared, shared


def test_exact_goal_accuracy_on_the_corpus() -> None:
    goals = [e for e in ENTRIES if not e.refusal]
    wrong = []
    for e in goals:
        try:
            got = tuple(frozenset(s) for s in parse(e).stages)
        except ParseError as err:
            got = str(err)
        if got != e.stages:
            wrong.append(e.source)
    assert len(wrong) / len(goals) <= 0.04, wrong  # the benchmark reports the exact figure (target 97 %)


@pytest.mark.parametrize("e", [e for e in ENTRIES if e.refusal], ids=lambda e: e.text[:50])
def test_every_refusal_is_one_useful_line(e: Entry) -> None:
    with pytest.raises(ParseError) as info:
        parse(e)
    err = info.value
    msg = str(err)
    assert "\n" not in msg and err.reason == e.refusal, msg
    for name in e.candidates:  # an ambiguous reference names its candidates, in the line and the object
        assert name in msg and name in err.candidates, msg
    if e.refusal == "out_of_scope":
        assert "I can " in msg and "e.g. '" in msg
    assert err.to_json() == {"refused": True, "reason": e.refusal, "message": msg, "candidates": list(err.candidates)}


def test_scenes_name_their_objects() -> None:
    for name, scene in SCENES.items():
        assert isinstance(scene, Scene) and scene.objects, name
        assert len({o.name for o in scene.objects}) == len(scene.objects)


BLIND = sorted((Path(__file__).parent / "blind").glob("*.txt"))


@pytest.mark.parametrize("path", BLIND, ids=[p.stem for p in BLIND])
def test_blind_sets_stay_understood(path: Path) -> None:
    """A regression guard only: the figures that count are each blind set's first run (docs/language.md)."""
    entries = load_entries(path)
    assert len(entries) >= 60 and "held out" in path.read_text(encoding="utf-8").splitlines()[0].lower()
    wrong = []
    for e in entries:
        try:
            got = tuple(frozenset(s) for s in parse(e).stages)
        except ParseError as err:
            got = err.reason
        if got != (e.refusal or e.stages):
            wrong.append(e.source)
    assert len(wrong) / len(entries) <= 0.03, wrong
