"""What the engines' scores do not see: adjacency, order and exact diacritics.

No Django here. bm25 (SQLite) and ts_rank (PostgreSQL) score each word of
a query on its own, so a page whose title holds the query's syllables
scattered can outrank one whose body holds them side by side, and a long
page full of "đáng" can outrank one with "Đảng". The best `RERANK`
candidates of the engine's score are therefore ordered again by probes,
each a run of index tokens (`text.index_text`) the database checks on
those candidates only:

- the whole query, folded, its syllables side by side and in order;
- each pair of neighbouring syllables, folded;
- each word typed with diacritics, in its exact form (Telex);
- each run of neighbouring words typed with diacritics, exact, side by side
  (the exact forms are indexed without the plain words between them).

The order, most important first (`value`): the query as typed, side by side
and in order (the folded run and every exact form and exact run present);
how many words typed with diacritics are present exactly; the folded run;
how many neighbouring pairs are side by side; then the engine's own score.
A query without diacritics keeps every spelling equal, as before.

    >>> from toasoan.search.text import parse_query
    >>> plan = Plan.of(parse_query("xây dựng Đảng"))
    >>> [probe.tokens for probe in plan.probes]
    [('xay', 'dung', 'dang'), ('xay', 'dung'), ('dung', 'dang'), ('xaay',), \
('duwngj',), ('ddangr',), ('xaay', 'duwngj', 'ddangr')]
    >>> as_typed = plan.value(set(range(7)))
    >>> exact_apart = plan.value({3, 4, 5})  # every exact form, scattered
    >>> other_tones = plan.value({0, 1, 2})  # side by side, other diacritics
    >>> as_typed > exact_apart > other_tones > plan.value(set())
    True
"""

from dataclasses import dataclass

RERANK = 50  # candidates of the engine's score ordered again
_BASE = 16  # more than any count below (a query has at most 12 words)


@dataclass(frozen=True)
class Probe:
    kind: str  # "run", "pair", "exact", "exact run"
    tokens: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    probes: tuple[Probe, ...]

    @classmethod
    def of(cls, parsed) -> "Plan":
        terms = parsed.terms
        folded = tuple(term.folded for term in terms)
        probes = []
        if len(terms) > 1:
            probes.append(Probe("run", folded))
        if len(terms) > 2:
            probes += [Probe("pair", folded[i : i + 2]) for i in range(len(terms) - 1)]
        probes += [Probe("exact", (term.exact,)) for term in terms if term.exact]
        run = []
        for term in (*terms, None):
            if term is not None and term.exact:
                run.append(term.exact)
                continue
            if len(run) > 1:
                probes.append(Probe("exact run", tuple(run)))
            run = []
        return cls(tuple(probes))

    @property
    def useful(self) -> bool:
        """Whether ordering again can change anything."""
        return bool(self.probes)

    def value(self, matched: set[int]) -> int:
        """The candidate's order, from the indexes of the probes it matched."""
        found = {kind: 0 for kind in ("run", "pair", "exact", "exact run")}
        wanted = dict(found)
        for index, probe in enumerate(self.probes):
            wanted[probe.kind] += 1
            found[probe.kind] += index in matched
        as_typed = all(
            found[kind] == wanted[kind] for kind in ("run", "exact", "exact run")
        )
        value = int(as_typed)
        value = value * _BASE + found["exact"]
        value = value * 2 + min(found["run"], 1)
        return value * _BASE + found["pair"]

    def found_in(self, *texts: str) -> set[int]:
        """The probes found in index texts (`text.index_text`: tokens apart
        by single spaces), as an engine's phrase query would find them.

        >>> from toasoan.search.text import parse_query
        >>> plan = Plan.of(parse_query("xây dựng"))
        >>> sorted(plan.found_in("xaay duwngj xay dung", "dung xay"))
        [0, 1, 2, 3]
        >>> sorted(plan.found_in("duwngj xaay dung xay"))
        [1, 2]
        """
        padded = [f" {text} " for text in texts if text]
        return {
            index
            for index, probe in enumerate(self.probes)
            if any(f" {' '.join(probe.tokens)} " in text for text in padded)
        }

    def order(self, hits, matched: dict) -> list:
        """(pk, score) hits ordered again; each new score is the value plus
        the engine's score squashed below 1, so the order of the engine is
        kept within a value and scores of several types still merge."""
        rescored = [
            (pk, self.value(matched.get(pk, set())) + _squash(score))
            for pk, score in hits
        ]
        return sorted(rescored, key=lambda hit: hit[1], reverse=True)


def _squash(score: float) -> float:
    score = max(float(score or 0), 0.0)
    return score / (1 + score)
