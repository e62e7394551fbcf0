"""Phrase tagging: after noun-phrase chunking, every phrase of a vocabulary class becomes one token
('on top of' -> '~rel_on', 'after that' -> '~order'), longest match first, so the LALR grammar sees a
short, unambiguous token stream. A phrase in several classes stays a literal ('stack', 'pile_up'),
which the grammar lists in each of its classes. Context decides a few words: 'in' is a relation
before a noun phrase and 'inside' otherwise; 'first'/'last' after a block name is a tower position;
'on it' is a tower position inside a tower clause but a destination after a put verb; ',' / 'and' before
a verb joins clauses ('~cjoin'). A source ('from the bowl') before a destination is dropped."""

from __future__ import annotations

from embodia.language.chunks import LOOSE_PRONOUNS, PRONOUNS
from embodia.language.phrases import NP

NEEDS_NP = ("rel_on", "rel_in", "rel_to", "rel_off", "rel_next", "rel_under")
TOWER_WORDS = ("v_tower", "tower", "at_bottom", "at_top", "in_middle", "bottom_up", "top_down")
CONTEXT_TOWER = ("above",)
VERB_CLASSES = ("v_put", "v_pickup", "v_tower", "v_sort", "v_unstack", "v_open", "v_close")
SEPARATORS = (".", ";", "~order", "~cjoin")
POSITIONS = ("~at_bottom", "~at_top", "~in_middle", "~above")
ARTICLES = ("the", "a", "this", "that", "your", "my")
NO_JOIN_BEFORE = ("~order", "~cjoin", "~bottom_up", "~top_down", "~except", "with", "where", "having")


class Tagger:
    def __init__(self, classes: dict[str, tuple[str, ...]], before_next: tuple[str, ...] = ()) -> None:
        self.table: dict[tuple[str, ...], list[str]] = {}
        for cls, phrases in classes.items():
            for p in phrases:
                self.table.setdefault(tuple(p.split()), []).append(cls)
        self.longest = max(len(k) for k in self.table)
        # 'pick X up', 'take X apart': two-word verbs with the object in between
        self.split = {tuple(p.split()) for c in VERB_CLASSES for p in classes.get(c, ()) if len(p.split()) == 2}
        self.towers = set(classes.get("tower", ()))
        self.before_next = {tuple(p.split()) for p in before_next}
        self.first_phrase: tuple[str, ...] = ()

    def token(self, phrase: tuple[str, ...], classes: list[str]) -> str:
        return f"~{classes[0]}" if len(classes) == 1 else "_".join(phrase)

    def run(self, words: list[str], phrases: dict[str, list[NP]]) -> tuple[list[str], list[list[str]]]:
        """(tokens, classes of each token)."""
        out, kinds = self._tokens(words, phrases)
        self._joins(out, kinds)
        self._drop_noise(out, kinds)
        return [t for t in out if t], kinds

    def _tokens(self, words: list[str], phrases: dict[str, list[NP]]) -> tuple[list[str], list[list[str]]]:
        """Longest-match tagging with the few context rules; pronouns become phrase placeholders."""
        forced, dropped = self._split_verbs(words)
        out: list[str] = []
        kinds: list[list[str]] = []
        in_tower = towers_seen = put_clause = False
        i = 0
        while i < len(words):
            if i in dropped or (words[i] == "," and i + 1 < len(words) and words[i + 1] == "and"):
                i += 1
                continue
            if i in forced:
                tok, cls, n = self.token(forced[i], self.table[forced[i]]), self.table[forced[i]], 1
            else:
                tok, cls, n = self._match(words, i, in_tower and not put_clause, out)  # 'put X on top of it'
            if cls == ["at_top"] and words[i:i + n] == ["on", "top"] and put_clause and not towers_seen and \
                    out[-1][:1] == "@":
                out.append("~rel_on")  # 'put the red block in the bowl, and put the green block on top': of it
                kinds.append(["rel_on"])
                tok, cls = "it", []
            after_verb = bool(kinds) and any(c in VERB_CLASSES for c in kinds[-1]) and (
                words[i + n:i + n + 1] == [] or words[i + n] not in self.towers)  # but 'unstack that tower'
            if tok in PRONOUNS + ("these", "those") or (tok in LOOSE_PRONOUNS and out and (
                    out[-1].startswith("~rel_") or after_verb)):  # 'on top of that', 'put that in the bowl'
                key = f"%{len(phrases)}"
                phrases[key] = [NP(tok, pronoun=tok)]
                tok, cls = key, []
            if not out:
                self.first_phrase = tuple(words[i:i + n])
            out.append(tok)
            kinds.append(cls)
            in_tower = (in_tower or any(c in TOWER_WORDS for c in cls)) and tok not in SEPARATORS
            towers_seen = towers_seen or any(c in TOWER_WORDS for c in cls)
            put_clause = (put_clause or "v_put" in cls) and tok not in SEPARATORS + (",", "and")
            i += n
        return out, kinds

    def _joins(self, out: list[str], kinds: list[list[str]]) -> None:
        """',' / 'and' before a verb joins clauses ('~cjoin'), before a noun phrase extends a list ('~join')."""
        for k, tok in enumerate(out):
            if tok in (",", "and") and (k == 0 or out[k - 1] in SEPARATORS + ("",)):
                out[k] = ""  # 'After that, open ...'
            elif tok == "," and k and out[k - 1] == "~tower":
                out[k] = ""  # 'make a three block tower, green at the bottom, ...'
            elif tok == "," and k + 1 < len(out) and any(c.startswith("rel_") for c in kinds[k + 1]):
                out[k] = ""  # 'put the red things, except the big block, into the bin'
            elif tok in (",", "and") and k + 1 < len(out):
                if any(c in VERB_CLASSES for c in kinds[k + 1]) or out[k + 1] in ("open", "close", "shut"):
                    out[k] = "~cjoin"
                elif out[k + 1] in NO_JOIN_BEFORE:
                    out[k] = ""
                else:
                    out[k] = "~join"
            elif tok in (",", "and"):
                out[k] = ""
        if out and out[0] == "~order" and self.first_phrase in self.before_next and "~cjoin" in out:
            out[out.index("~cjoin")] = "~order"  # 'after you put X in the bin, put Y ...': X first

    @staticmethod
    def _drop_noise(out: list[str], kinds: list[list[str]]) -> None:
        """Words that add nothing to the goal: floating quantifiers, a copula beside a position, sources."""
        for k, tok in enumerate(out):
            if tok in ("both", "all", "each") and out[k + 1:k + 2] != ["other"]:
                out[k] = ""  # a floating quantifier: 'the red and the green block should both be in the bin'
            if tok == "~copula" and (k + 1 < len(out) and out[k + 1] in POSITIONS or k and out[k - 1] in POSITIONS):
                out[k] = ""  # 'the blue block is at the bottom', 'the bottom should be orange'
            if tok == "~off_tower" and k + 1 < len(out) and any(c.startswith("rel_") for c in kinds[k + 1]):
                out[k] = ""  # 'put all the blocks from the tower onto the table'
            if "rel_off" in kinds[k] and k + 2 < len(out) and out[k + 1][:1] in "@%" and any(
                    c.startswith("rel_") and c != "rel_off" for c in kinds[k + 2]):
                out[k] = out[k + 1] = ""  # 'move X from the bowl to the bin': where it comes from is not a goal

    def _match(self, words: list[str], i: int, in_tower: bool, before: list[str]) -> tuple[str, list[str], int]:
        nxt_np = lambda j: j < len(words) and (words[j][:1] in "@%" or words[j] in PRONOUNS + LOOSE_PRONOUNS)  # noqa: E731
        for n in range(min(self.longest, len(words) - i), 0, -1):
            phrase = tuple(words[i:i + n])
            classes = list(self.table.get(phrase, ()))
            if not classes:
                continue
            if not nxt_np(i + n):
                classes = [c for c in classes if c not in NEEDS_NP]
            if not in_tower:
                classes = [c for c in classes if c not in CONTEXT_TOWER]
            after_np = bool(before) and before[-1][:1] == "@"
            ends = i + n == len(words) or words[i + n] in (",", ".", ";", "and")
            destination = len(before) > 1 and any(c.startswith("rel_") for c in self._classes(before[-2]))
            if phrase in (("first",), ("last",)):  # a tower position after a block, an order word after 'in the bowl'
                keep = ("at_bottom", "at_top") if after_np and ends and not destination else ("order",)
                classes = [c for c in classes if c in keep]
            if phrase == ("in",) and not nxt_np(i + n):
                classes = [c for c in classes if c != "in_middle"]
            if classes:
                return self.token(phrase, classes), classes, n
        return words[i], [], 1

    def _classes(self, token: str) -> list[str]:
        """The classes of an emitted token: '~rel_in' -> ['rel_in'], a shared literal 'on' -> its classes."""
        return [token[1:]] if token[:1] == "~" else self.table.get(tuple(token.split("_")), [])

    def _split_verbs(self, words: list[str]) -> tuple[dict[int, tuple[str, str]], set[int]]:
        forced: dict[int, tuple[str, str]] = {}
        dropped: set[int] = set()
        for k in range(len(words) - 2):
            pair = (words[k], words[k + 2])
            if pair in self.split and (words[k + 1][:1] == "@" or words[k + 1] in PRONOUNS) \
                    and tuple(words[k:k + 2]) not in self.table:
                forced[k], dropped = pair, dropped | {k + 2}
            elif k + 3 < len(words) and (words[k], words[k + 3]) in self.split and words[k + 1] in ARTICLES \
                    and words[k + 2] in self.towers:  # 'take the tower apart'
                forced[k], dropped = (words[k], words[k + 3]), dropped | {k + 3}
        return forced, dropped
