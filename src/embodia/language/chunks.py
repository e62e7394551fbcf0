"""Noun-phrase chunking: a deterministic, table-driven pass that replaces every noun phrase of a
normalised sentence by one placeholder ('@3', pronouns '%3') before the clause grammar runs.
Coordinations that share a noun ('the red and the yellow blocks', 'the cubes red and blue',
'the yellow block and cylinder') become one placeholder standing for several phrases."""

from __future__ import annotations

from dataclasses import dataclass

from embodia.language.grammar import NUMBERS
from embodia.language.phrases import NP
from embodia.language.vocab import Vocabulary

DETS = ("the", "a", "an", "this", "that", "these", "those", "any", "my", "your", "some")
QUANTS = ("all", "every", "each")
PRONOUNS = ("it", "them", "they", "itself", "themselves")
LOOSE_PRONOUNS = ("these", "those", "that", "this")  # pronouns when no noun phrase follows
EVERYTHING = ("everything", "anything", "everyone")
REST_ADJECTIVES = ("remaining", "other", "leftover")
JOINS = (",", "and")
MASS_NOUNS = ("stuff",)


@dataclass
class Lexicon:
    """Word classes the chunker needs, from a Vocabulary; `keywords` are words the grammar uses."""

    nouns: dict[str, tuple[tuple[str, ...], bool]]  # word -> (kinds, plural)
    colours: set[str]
    sizes: dict[str, str]
    keywords: set[str]
    towers: set[str]
    prefixes: list[list[str]]  # 'matching', 'same colour' ... before a container noun
    states: set[str]  # 'the open drawer', 'the empty bowl': words that do not narrow the reference
    suffixes: list[list[str]]  # 'of its colour', 'that matches its colour' ... after it

    @staticmethod
    def of(vocab: Vocabulary, keywords: set[str]) -> Lexicon:
        nouns: dict[str, tuple[tuple[str, ...], bool]] = {}
        for word, kinds in vocab.nouns.items():
            nouns[word] = (kinds, False)
            nouns[word + ("es" if word.endswith(("x", "s", "ch", "sh")) else "s")] = (kinds, True)
        sizes = {w: "small" for w in vocab.words["small"]} | {w: "large" for w in vocab.words["large"]}
        towers = set(vocab.words["tower"]) | {t + "s" for t in vocab.words["tower"]}
        split = [p.split() for p in vocab.words["matching_prefix"]]
        suffixes = sorted((p.split() for p in vocab.words["matching_suffix"]), key=len, reverse=True)
        return Lexicon(nouns, set(vocab.words["colour"]), sizes, keywords, towers, split, set(vocab.words["state"]),
                       suffixes)


class Chunker:
    def __init__(self, lex: Lexicon, tokens: list[str]) -> None:
        self.lex, self.toks, self.i = lex, tokens, 0
        self.out: list[str] = []
        self.phrases: dict[str, list[NP]] = {}

    def run(self) -> tuple[str, dict[str, list[NP]]]:
        while self.i < len(self.toks):
            start = self.i
            nps = self._phrase()
            if nps is None:
                self.i = start
                self.out.append(self.toks[self.i])
                self.i += 1
                continue
            key = ("%" if nps[0].pronoun else "@") + str(len(self.phrases))
            text = " ".join(self.toks[start:self.i])
            for np in nps:
                np.text = np.text or text
            self.phrases[key] = nps
            self.out.append(key)
        return " ".join(self.out), self.phrases

    def _at(self, k: int = 0) -> str:
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else ""

    def _phrase(self) -> list[NP] | None:
        w = self._at()
        if w in PRONOUNS or (w in ("those", "these") and not self._starts_np(1)):
            return None  # pronouns become tokens after phrase tagging ('on top of it')
        if w == "both" and self._at(1) != "the":
            self.i += 1
            first = self._conjunct(NP("", quant="both"))
            return first
        np = NP("")
        if w in QUANTS:
            np.quant = w
            self.i += 1 + (self._at(1) == "of")
        elif w in NUMBERS and self._at(1) == "of":
            np.count = NUMBERS[w]
            self.i += 2
        return self._conjunct(np)

    def _starts_np(self, k: int) -> bool:
        w = self._at(k)
        return w in self.lex.nouns or w in self.lex.colours or w in self.lex.sizes or w in ("one", "ones")

    def _conjunct(self, np: NP) -> list[NP] | None:
        lex = self.lex
        if self._at() in DETS and self._at() not in ("that",) or (self._at() == "that" and self._starts_np(1)):
            np.det = self._at()
            self.i += 1
        if self._at() in ("rest", "others") and np.det == "the" or self._at() in EVERYTHING:
            np.rest = self._at() in ("rest", "others") or self._at(1) == "else"
            np.kinds, np.plural, np.quant = None, True, np.quant or "all"
            self.i += 1 + (self._at(1) == "else")
            if not (np.rest and self._at() == "of" and self._at(1) in DETS):
                self._adjectives(np, unknown=False)
                return [np]
            self.i += 2  # 'the rest of the blocks': the noun follows
        elif self._at() in REST_ADJECTIVES and np.det in ("the", "all", "any", ""):  # 'the remaining blocks'
            np.rest = True  # plural or not from what follows: 'the other one' is one object
            self.i += 1
            if self._at() in ("ones", "one", "others"):
                np.plural = self._at() != "one"
                self.i += 1
                return [np]
        elif self._at() == "one" and self._at(1) in self.lex.nouns and not np.det:
            np.det = "a"  # 'put one block in the bowl': any one
            self.i += 1
        if self._at() in NUMBERS or self._at().isdigit():
            if self._at(1) in lex.towers or self._at(2) in lex.towers:
                return None  # 'a three block tower'
            np.count = NUMBERS.get(self._at(), int(self._at()) if self._at().isdigit() else 0)
            self.i += 1
        matching = self._prefix()
        start = self.i
        self._adjectives(np, unknown=True)
        w = self._at()
        if w in lex.nouns and self._at(1) not in lex.towers:
            np.kinds, np.plural = lex.nouns[w]
            np.plural = np.plural or w in MASS_NOUNS
            self.i += 1
            return self._after_noun(np, matching)
        if w in ("one", "ones") and (np.colours or np.sizes or np.det):
            np.plural = w == "ones"
            self.i += 1
            return [np]
        if w in JOINS and (np.colours or np.sizes) and not np.unknown:
            shared = self._coordination(np)
            if shared:
                return shared
        if w == "table" and not (np.colours or np.sizes or np.unknown):
            self.i += 1
            return [NP("", table=True)]
        if np.unknown and np.det:  # 'the cup', 'the red ball': an unknown noun
            np.noun_unknown = np.unknown.pop()
            return [np]
        if np.unknown or self.i == start and not matching:
            return None
        if matching:
            return None
        np.bare = True  # 'red', 'the blue one' without a noun
        return [np]

    def _adjectives(self, np: NP, unknown: bool) -> None:
        lex = self.lex
        while True:
            w = self._at()
            if w in lex.colours:
                np.colours.append(w)
            elif w in lex.sizes:
                np.sizes.append(lex.sizes[w])
            elif w == "stacked" and self._at(1) in lex.nouns:
                np.stacked = True  # 'the stacked blocks'
            elif w in lex.states and np.det and self._at(1) not in JOINS:
                pass
            elif unknown and w.isalpha() and w not in lex.keywords and w not in lex.nouns:
                np.unknown.append(w)
            else:
                return
            self.i += 1

    def _prefix(self) -> bool:
        for p in self.lex.prefixes:
            if self.toks[self.i:self.i + len(p)] == p:
                self.i += len(p)
                return True
        return False

    def _after_noun(self, np: NP, matching: bool) -> list[NP]:
        lex = self.lex
        # 'the yellow block and cylinder', 'the bowl or bin': one phrase for several kinds
        while self._at() in JOINS + ("or",) and self._at(1) in lex.nouns and self._at(2) not in lex.colours:
            kinds, plural = lex.nouns[self._at(1)]
            np.kinds = tuple(dict.fromkeys((np.kinds or ()) + kinds))
            np.plural = np.plural or plural or np.quant != "" or not np.colours
            np.each_kind = self._at() != "or"
            self.i += 2
        for s in lex.suffixes:
            if self.toks[self.i:self.i + len(s)] == s:
                self.i += len(s)
                matching = True
                break
        if self._at() in ("that", "which") and self._at(1) in ("is", "are") and self._at(2) in lex.colours:
            np.colours.append(self._at(2))
            self.i += 3
        elif self._at() in ("that", "which") and self._at(1) in ("is", "are") and self._at(2) == "stacked":
            np.stacked = True  # 'every block that is stacked'
            self.i += 3
        np.matching = matching
        if self._at() in lex.colours and self._at(1) in JOINS and self._at(2) in lex.colours:
            return self._split_colours(np)  # 'the cubes red and blue'
        return [np]

    def _split_colours(self, np: NP) -> list[NP]:
        out = []
        while self._at() in self.lex.colours:
            one = NP("", colours=[self._at()], sizes=list(np.sizes), kinds=np.kinds)
            one.text = f"the {self._at()} {np.kinds[0] if np.kinds else 'one'}"
            out.append(one)
            self.i += 1
            if self._at() in JOINS and self._at(1) in self.lex.colours:
                self.i += 1
            elif self._at() == "," and self._at(1) == "and" and self._at(2) in self.lex.colours:
                self.i += 2
        return out

    def _coordination(self, first: NP) -> list[NP] | None:
        """'the red and the yellow blocks', 'red, green and blue cubes': adjectives sharing one noun."""
        save = self.i
        parts = [first]
        while self._at() in JOINS:
            self.i += 1 + (self._at() == "," and self._at(1) == "and")
            nxt = NP("")
            if self._at() in DETS:
                nxt.det = self._at()
                self.i += 1
            self._adjectives(nxt, unknown=False)
            if not (nxt.colours or nxt.sizes):
                break
            parts.append(nxt)
            w = self._at()
            if w in self.lex.nouns or w in ("one", "ones"):
                kinds, plural = self.lex.nouns.get(w, (None, w == "ones"))
                self.i += 1
                for p in parts:  # 'the red and blue objects': every red and every blue one, if several
                    p.kinds, p.group_plural = kinds, plural
                    p.text = f"the {' '.join(p.colours + p.sizes)} {w.rstrip('s') if kinds else 'one'}"
                return parts
        self.i = save
        return None
