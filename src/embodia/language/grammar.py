"""The instruction grammar (lark, Earley over a keyword lexer). Kept in a Python string so it ships
with the package without package-data configuration.

A text is a sequence of stages separated by '.', ';' or order words (then, after that, finally, ...);
a stage is clauses joined by ',' / 'and'. Unknown words are only accepted where an adjective may
stand, so 'the pink block' parses and then fails to resolve with a clear message.
"""

GRAMMAR = r"""
start: _sep* stage (_sep+ stage)* _sep*

_sep: "." | ";" | _order
_order: ","? "and"? _ordword ","?
_ordword: "then" | "next" | "after" ("that" | "this") | "afterwards" | "afterward" | "finally"
        | "lastly" | "first" | "firstly" | "to" "begin" "with"? | "once" ("done" | "finished")
        | "when" "done" | "at" "the" "end"

stage: clause (_join clause)*
_join: "," | "and" | "," "and"

clause: _pre* _action _post*
_pre: "please" | "now" | "also" | "can" "you" | "could" "you" | "i" "want" "you" "to"
_post: "please" | "too" | "as" "well"

_action: move | putdown | tail | open_c | close_c | pickup | tower | sort | unstack_all

move: _verb items rel dest
    | _verb items bare_in
tail: items rel dest
putdown: _verb items "down" | _verb "down" items
bare_in: "inside" | "in" "there" | "in"
_verb: "put" | "place" | "move" | "set" | "stack" | "drop" | "transfer" | "bring" | "get" | "load"
     | "take" | "remove" | "lift" | "insert" | "pack" | "store" | "stick"

rel: rel_on | rel_in | rel_to | rel_off
rel_on: "on" | "onto" | "on" "to" | "on" "top" "of" | "atop" | "upon"
rel_in: "in" | "into" | "in" "to" | "inside" | "inside" "of" | "within"
rel_to: "to" | "over" "to" | "back" "to"
rel_off: "off" | "off" "of" | "from" | "out" "of" | "away" "from"

dest: np | colour_dest

open_c: "open" np
close_c: ("close" | "shut") np
pickup: "pick" "up" items | "pick" items "up" | ("grab" | "hold" | "grasp") items

// towers: the list is bottom-to-top unless stated otherwise
tower: _tverb _tower_head? tdir? ":"? tlist tdir? with_spec?
_tverb: "build" | "make" | "stack" | "create" | "form" | "assemble" | "construct" | "arrange"
_tower_head: det? (TOWER | items) "of"?
       | det? TOWER "out" "of"
tdir: "from"? "bottom" "to" "top"   -> bottom_up
    | "from"? "top" "to" "bottom"   -> top_down
    | "in" "order" ","?             -> bottom_up
tlist: telem (_join telem)+ noun?
telem: det? adj+ (noun | ONE)? | det? adj* noun
with_spec: "with" telem where
where: ("at" | "on") "the" ("bottom" | "base")  -> at_bottom
     | "as" "the" ("bottom" | "base")          -> at_bottom
     | ("at" "the" "top" | "on" "top")         -> at_top

// sorting by colour
sort: "sort" items ("by" COLOURWORD)? (rel_in (colour_dest | items))?
colour_dest: det? kinds _matching
           | det? "same" COLOURWORD kinds
           | det? "matching" kinds
kinds: noun (("or" | "and" | "/" | ",") det? noun)*
_matching: "of" ("its" | "their") ("own")? COLOURWORD
         | "of" "the" "same" COLOURWORD
         | ("that" | "which") ("matches" | "match") ("its" | "their") COLOURWORD?
         | "matching" ("its" | "their") COLOURWORD?
         | "with" ("its" | "their" | "the" "same") COLOURWORD

unstack_all: "take" det? TOWER "apart" | "take" "apart" det? TOWER
           | ("unstack" | "dismantle" | "disassemble" | "destack") (det? TOWER | items)? (rel_on det "table")?
           | "take" "down" det? TOWER
           | "knock" "down" det? TOWER

items: np (_join np)*
np: PRON                              -> pron
  | quant? det? count? adj* noun      -> desc
  | quant? det? count? adj+ ONE       -> one
  | quant? det? adj (_join adj)+ noun -> coord
  | det? "table"                      -> table
quant: ALL "of"? | NUM "of"
count: NUM
ALL.2: /(all|every|each|both)\b/
det: "the" | "a" | "an" | "this" | "that" | "these" | "those" | "any"
adj: COLOUR | SIZE | WORD
noun: KIND | THING

COLOUR.2: /(red|green|blue|yellow|purple|orange|white|black)\b/
SIZE.2: /(small|little|tiny|large|big|huge)\b/
KIND.2: /(blocks?|cubes?|cylinders?|cans?|bowls?|bins?|box(es)?|drawers?|containers?)\b/
THING.2: /(things?|objects?|items?)\b/
TOWER.2: /(towers?|piles?)\b/
ONE.2: /ones?\b/
PRON.2: /(it|them|they)\b/
NUM.2: /(two|three|four|five|six|seven|eight|\d+)\b/
COLOURWORD.2: /(colou?rs?|colou?red)\b/
WORD: /[a-z]+/
%ignore /\s+/
"""
