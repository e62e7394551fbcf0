"""Clause order words that reorder what was written, and the clean-up of the final stages.

A sentence is cut into segments before the grammar runs; a segment marked `first` happens before the
segment written just ahead of it:
- 'before doing A, B'          -> B | A        'A before you do B' -> A | B
- 'A after/once/when B' (B ends the sentence) -> B | A
- 'A, but B first', 'A, but first B', 'A, but before that B' -> B | A
Segments are parsed and resolved in the order written (so 'it' still finds what it names) and then
arranged. Stage clean-up: a stage that only picks X up, followed by one that places X, is dropped
('grab X, then drop it in the bowl'); a stage equal to the one before it is dropped ('open the drawer,
and once it is open, ...')."""

from __future__ import annotations

from embodia.language.phrases import ParseError
from embodia.types import Literal

TRAILING_FIRST = (("first",), ("first", "of", "all"), ("beforehand",), ("before", "that"), ("before", "anything"),
                  ("before", "anything", "else"), ("to", "begin", "with"), ("to", "start", "with"))
AFTER = ("after", "once", "when", "as soon as")
BOUNDARY = (",", "but", "and", ";")
SUBJECTS = ("you", "we", "i", "having", "have")
STATE = ("is", "are", "has", "have", "been")


class Order:
    def __init__(self, verbs: set[str], order_phrases: set[tuple[str, ...]]) -> None:
        self.verbs = verbs  # first words of every verb phrase
        self.order_phrases = order_phrases  # 'after that', 'when you are done': plain order words

    def segments(self, words: list[str]) -> list[tuple[list[str], bool]]:
        """[(words, first)]: `first` segments go before the segment ahead of them."""
        if words[:1] == ["before"] and "," in words:  # 'before closing the drawer, put ...'
            c = words.index(",")
            return [(self._clause(words[1:c]), False), (self._clause(words[c + 1:]), True)]
        words = self._before_means_then(words)
        rest: list[str] = []
        cut = next((f for f in range(1, len(words) - 1) if words[f] == "first" and words[f + 1] in (",", "and")
                    and any(self._starts_clause(words, k) for k in range(1, f))), None)
        if cut is not None:  # 'put X in the drawer but open it first, and close it after'
            words, rest = words[:cut + 1], self._clause(words[cut + 1:])
        tail = max((t for t in TRAILING_FIRST if tuple(words[-len(t):]) == t), key=len, default=())
        for k in range(len(words) - 1, 0, -1):
            if tail and self._starts_clause(words, k):
                out = [(self._trim(words[:k]), False), (self._clause(words[k:len(words) - len(tail)]), True)]
                return out + ([(rest, False)] if rest else [])
            if words[k] == "but" and tuple(words[k + 1:k + 2]) == ("first",) or tuple(words[k:k + 3]) == (
                    "but", "before", "that"):  # 'A, but first B'
                skip = 2 if words[k + 1] == "first" else 3
                return [(self._trim(words[:k]), False), (self._clause(words[k + skip:]), True)]
        for k in range(1, len(words)):
            marker = next((m for m in AFTER if tuple(words[k:k + len(m.split())]) == tuple(m.split())), "")
            if not marker or "," in words[k:] or words[k - 1] in BOUNDARY:
                continue
            if tuple(words[k:]) in self.order_phrases:
                continue  # 'close it when you are done'
            rest = self._clause(words[k + len(marker.split()):])
            if rest and (rest[0] in self.verbs or any(w in STATE for w in rest)):
                return [(self._trim(words[:k]), False), (rest, True)]  # 'put X in the drawer once it is open'
        return [(words, False)]

    def _before_means_then(self, words: list[str]) -> list[str]:
        out = list(words)
        for k in range(1, len(out) - 1):
            nxt = out[k + 1 + (out[k + 1] in SUBJECTS)] if k + 1 + (out[k + 1] in SUBJECTS) < len(out) else ""
            if out[k] == "before" and nxt in self.verbs:
                out[k] = "then"
                if out[k + 1] in SUBJECTS:
                    out[k + 1] = ""
        return [w for w in out if w]

    def _starts_clause(self, words: list[str], k: int) -> bool:
        """words[k] is a boundary (',', 'but', 'and') followed by a verb: the last clause starts after it."""
        if words[k] not in BOUNDARY:
            return False
        j = k
        while j < len(words) and words[j] in BOUNDARY:
            j += 1
        return j < len(words) and words[j] in self.verbs

    def _clause(self, words: list[str]) -> list[str]:
        while words and (words[0] in BOUNDARY + SUBJECTS):
            words = words[1:]
        return self._trim(words)

    @staticmethod
    def _trim(words: list[str]) -> list[str]:
        while words and words[-1] in BOUNDARY:
            words = words[:-1]
        return words


def arrange(groups: list[tuple[list[tuple[Literal, ...]], bool]]) -> list[tuple[Literal, ...]]:
    """Stages of each segment group, a `first` group placed before the group written ahead of it."""
    blocks: list[list[tuple[Literal, ...]]] = []
    for stages, first in groups:
        blocks.insert(len(blocks) - 1 if first and blocks else len(blocks), stages)
    return tidy([s for b in blocks for s in b])


def tidy(stages: list[tuple[Literal, ...]]) -> list[tuple[Literal, ...]]:
    out: list[tuple[Literal, ...]] = []
    for k, st in enumerate(stages):
        if out and set(out[-1]) == set(st):
            continue
        nxt = stages[k + 1] if k + 1 < len(stages) else ()
        held = [x.args[0] for x in st if x.predicate == "holding"]
        placed = {x.args[0] for x in nxt if x.positive and x.predicate in ("on", "in", "on_table")}
        if held and len(held) == len(st) and set(held) <= placed:
            continue
        out.append(st)
    for st in out:
        held = [x.args[0] for x in st if x.predicate == "holding"]
        if len(held) > 1:
            raise ParseError(f"the gripper holds one object, not {', '.join(held)}", "impossible")
    return out
