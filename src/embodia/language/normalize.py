"""Text -> sentences of tokens: lower case, contractions, spellings and filler rewritten (vocab.rewrites),
'-ing' forms to their verb, and typos within one edit (insert, delete, replace, swap) of a known
word corrected when the word itself is unknown. Sentences end at '.', '!', '?', a line break and a
step marker ('1)', '2.', 'step 3:'); arrows read as 'to', dashes as ':'; a question's leading modal
('can the red block go ...') is dropped."""

from __future__ import annotations

import re
import string

from embodia.language.vocab import Vocabulary, gerund

TOKEN = re.compile(r"[a-z0-9']+|[.,;:/]|\S")
SYMBOLS = (("->", " to "), ("=>", " to "), ("\u2192", " to "), ("\u2014", " : "), ("\u2013", " : "), (" - ", " : "),
           ("\n", " . "), ("\u2019", "'"), ("\u2018", "'"), ("&", " and "), ("+", " and "),
           ("*", " . "), ("\u2022", " . "))
MODALS = ("can", "could", "would", "will", "should", "shall", "may")
# step markers: '1)', '(2)', '3.' before a word, 'step 4', 'step 5:'
STEP = re.compile(r"\bstep\s+\d+\s*[).:]?|\(?\b\d+\s*\)|(?:^|(?<=\s))\d+\.(?=\s+[a-z])")


class Normalizer:
    def __init__(self, vocab: Vocabulary, keywords: set[str]) -> None:
        self.known = set(keywords)
        verbs = {w for phrases in vocab.verbs.values() for p in phrases for w in p.split()[:1]}
        self.gerunds = {gerund(v): v for v in verbs if gerund(v) not in keywords}
        self.verbs = verbs  # 'if you put X in Y': the subject before a verb is dropped
        self.rewrites = {tuple(k.split()): v.split() for k, v in vocab.rewrites.items()}
        self.longest = max(len(k) for k in self.rewrites)
        for k in vocab.rewrites:
            self.known |= set(k.split())
        self.unsupported = set(vocab.words["unsupported"])
        self.targets = {w for w in self.known if len(w) >= 3 and w.isalpha()} - self.unsupported
        self.known |= self.unsupported | set(self.gerunds)

    def sentences(self, text: str) -> list[list[str]]:
        t = text.lower()
        for a, b in SYMBOLS:
            t = t.replace(a, b)
        t = STEP.sub(" . ", t.replace("-", " ")).replace("(", " , ").replace(")", " , ")  # '(bottom to top)'
        t = re.sub(r"[!?]+", ".", t)
        tokens = [self._fix(w) for w in TOKEN.findall(t)]
        tokens = [w for w in tokens if not (w.endswith("ly") and len(w) > 4 and w not in self.known)]  # adverbs
        tokens = [self.gerunds.get(w, w) for w in tokens]
        tokens = self._rewrite(self._rewrite(tokens))  # contractions first, then the filler they reveal
        out, cur = [], []
        for w in tokens + ["."]:
            if w != ".":
                cur.append(w)
                continue
            while cur and cur[0] in (",", "and", ":"):
                cur.pop(0)
            if len(cur) > 1 and cur[0] in MODALS:
                cur.pop(0)  # 'can the red block go on the blue one?'
            cur = [w for k, w in enumerate(cur) if not (w == "you" and k + 1 < len(cur) and cur[k + 1] in self.verbs)]
            if len(cur) > 1 and cur[0] == "to" and cur[1] in self.verbs:
                cur.pop(0)  # 'please to put ...'
            out += [cur] if cur else []
            cur = []
        return out

    def _rewrite(self, tokens: list[str]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(tokens):
            for n in range(min(self.longest, len(tokens) - i), 0, -1):
                rep = self.rewrites.get(tuple(tokens[i:i + n]))
                if rep is not None:
                    out += rep
                    i += n
                    break
            else:
                out.append(tokens[i])
                i += 1
        return out

    def _fix(self, w: str) -> str:
        """The known word one edit away from an unknown `w` (missing letter first, then swapped,
        replaced, extra letter), or `w` itself. A replaced letter needs a word of 5 letters or more:
        short words one letter apart are mostly other words ('bear' is not 'tear', 'pot' is not 'not')."""
        if w in self.known or not w.isalpha() or len(w) < 2:
            return w
        ranked: list[tuple[int, str]] = []
        letters = string.ascii_lowercase
        n = len(w)
        for i in range(n + 1):
            ranked += [(0, w[:i] + c + w[i:]) for c in letters]
        for i in range(n - 1):
            ranked.append((1, w[:i] + w[i + 1] + w[i] + w[i + 2:]))
        for i in range(n):
            ranked += [(2, w[:i] + c + w[i + 1:]) for c in letters if c != w[i] and n >= 5]
            ranked.append((3, w[:i] + w[i + 1:]))
        hits = sorted((r, c) for r, c in ranked if c in self.targets)
        return hits[0][1] if hits else w
