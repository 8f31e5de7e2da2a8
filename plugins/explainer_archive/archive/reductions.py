"""The archive-wide merges that are per-key folds, run here or on the Dask cluster.

A `Fold` is one merge written as plain pure functions: each record's (key, value) pairs,
an empty accumulator, how a value joins an accumulator, how two accumulators of one key
join, and what each key's accumulator finally becomes.  `LocalFolds` runs folds with a
plain loop on the build machine; `DaskFolds` runs the same functions as dask.bag grouped
reductions (`Bag.foldby`) on the scheduler of `EXPLAINER_DASK_SCHEDULER`.  Both return each
fold's results as a dict sorted by key, so a merge reads the same whichever ran it.

The folds here: each taxonomy topic's matches, best first (`topic_matches`); the key
phrases' tallies (`phrase_tallies`); the events of each date (`date_events`).  What is not
a per-key fold (the actors' alias resolution, the date estimator's rounds, discovery's
TF-IDF, the charts) stays on the build machine; docs/dask.md says which runs where.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from .. import annotate
from ..derive import chronology, topics
from . import executors

__all__ = [
    "DaskFolds",
    "Fold",
    "LocalFolds",
    "date_events",
    "folds_for",
    "phrase_tallies",
    "topic_matches",
]


def _keep(_key, value):
    return value


@dataclass(frozen=True)
class Fold:
    """One per-key merge.  `add` and `join` may extend the accumulator they are given
    (`start` makes a fresh one for every key and partition)."""

    pairs: Callable[[Any], Iterable[tuple[Hashable, Any]]]  # one record's (key, value)s
    start: Callable[[], Any]  # an empty accumulator
    add: Callable[[Any, Any], Any]  # accumulator, value -> accumulator
    join: Callable[[Any, Any], Any]  # accumulator, accumulator (of one key) -> accumulator
    finish: Callable[[Hashable, Any], Any] = _keep  # key, accumulator -> the key's result


def fold_records(fold: Fold, records: Iterable) -> dict:
    """The fold over the records in this process: each key's finished result."""
    folded: dict = {}
    for record in records:
        for key, value in fold.pairs(record):
            folded[key] = fold.add(folded[key] if key in folded else fold.start(), value)
    return {key: fold.finish(key, folded[key]) for key in folded}


def sorted_by_key(results: Iterable[tuple[Hashable, Any]]) -> dict:
    return dict(sorted(results, key=lambda pair: pair[0]))


@dataclass
class Done:
    """Folds finished: their results by job name."""

    results: dict[str, dict]

    def result(self) -> dict[str, dict]:
        return self.results


class LocalFolds:
    """The build machine runs the folds."""

    def run(self, jobs: dict[str, tuple[Fold, list]]) -> dict[str, dict]:
        """Each job's (fold, records) -> its results by key, sorted by key."""
        return self.start(jobs).result()

    def start(self, jobs: dict[str, tuple[Fold, list]]) -> Done:
        """The folds, run now (`result()` gives them)."""
        return Done(
            {
                name: sorted_by_key(fold_records(fold, records).items())
                for name, (fold, records) in jobs.items()
            }
        )


# --- dask.bag -------------------------------------------------------------------------------


def _add_pair(add: Callable, accumulator, pair: tuple):
    return add(accumulator, pair[1])


def _finish_pair(finish: Callable, pair: tuple) -> tuple:
    return pair[0], finish(pair[0], pair[1])


def _pair_key(pair: tuple):
    return pair[0]


def fold_bag(fold: Fold, records: list, partitions: int):
    """The fold as a dask.bag: the records' pairs, folded per key within each partition and
    then across them (Bag.foldby), each key's result finished where it was folded."""
    import dask.bag

    pairs = dask.bag.from_sequence(records, npartitions=partitions).map(fold.pairs).flatten()
    folded = pairs.foldby(
        _pair_key, partial(_add_pair, fold.add), fold.start, fold.join, fold.start
    )
    return folded.map(partial(_finish_pair, fold.finish))


@dataclass
class DaskFolds:
    """The folds run on a Dask scheduler's workers (the cluster that runs the annotation
    map), as one computation for all the folds given together."""

    client: Any
    threads: int

    def run(self, jobs: dict[str, tuple[Fold, list]]) -> dict[str, dict]:
        return self.start(jobs).result()

    def start(self, jobs: dict[str, tuple[Fold, list]]) -> Running:
        """The folds, sent to the cluster: the build machine goes on with other work until
        it asks for their `result()`."""
        names = [name for name, (_fold, records) in jobs.items() if records]
        bags = [
            fold_bag(jobs[name][0], jobs[name][1], self.partitions(len(jobs[name][1])))
            for name in names
        ]
        return Running(self.client, list(jobs), names, self.client.compute(bags) if bags else [])

    def partitions(self, count: int) -> int:
        """Two partitions per worker thread, never an empty one."""
        return max(1, min(count, 2 * self.threads))


@dataclass
class Running:
    """Folds running on the cluster."""

    client: Any
    jobs: list[str]
    names: list[str]  # the jobs that had records, one future each
    futures: list

    def result(self) -> dict[str, dict]:
        computed = self.client.gather(self.futures) if self.futures else []
        results = dict(zip(self.names, map(sorted_by_key, computed), strict=True))
        return {name: results.get(name, {}) for name in self.jobs}


@contextlib.contextmanager
def folds_for(scheduler: str | None, model_name: str | None, connect_timeout: float):
    """LocalFolds, or DaskFolds on the scheduler when one is named (answering within
    `connect_timeout` seconds; its workers checked as the annotation map checks them: the
    same code, or the build stops with one line)."""
    if not scheduler:
        yield LocalFolds()
        return
    client = executors.connect(scheduler, connect_timeout)
    try:
        model = annotate.resolve_model_name(model_name)
        threads = executors.check_workers(client, scheduler, model)
        yield DaskFolds(client, threads)
    finally:
        client.close()


# --- the folds ------------------------------------------------------------------------------


def _append(items: list, item) -> list:
    items.append(item)
    return items


def _extend(items: list, more: list) -> list:
    items.extend(more)
    return items


def _topic_pairs(record: tuple) -> Iterable[tuple[str, tuple]]:
    """(article's place, key, date or "", its assigned matches) -> (topic slug, match)."""
    index, key, date, assigned = record
    for place, (slug, score, _assigned, sentences, phrases) in enumerate(assigned):
        yield slug, (score, date, key, (index, place), list(sentences), list(phrases))


def _best_first(_slug: str, matches: list[tuple]) -> list[list]:
    """A topic's matches as [score, article key, key sentences, matched phrases], best
    first (ties: older first, then by key, then in the order given)."""
    ranked = sorted(matches, key=lambda m: (-m[0], m[1], m[2], m[3]))
    return [[m[0], m[2], m[4], m[5]] for m in ranked]


# Records: (the article's place, its key, its date or "", its assigned topic matches).
topic_matches = Fold(_topic_pairs, list, _append, _extend, _best_first)


def _phrase_pairs(record: tuple) -> Iterable[tuple[str, topics.PhraseTally]]:
    seen, covered_here = record
    return topics.phrase_tallies(seen, covered_here)


def _no_tally() -> topics.PhraseTally:
    return topics.NO_TALLY


# Records: each article's key phrases (seen, covered here), as article_key_phrases gives.
phrase_tallies = Fold(_phrase_pairs, _no_tally, topics.add_tallies, topics.add_tallies)


def _mention_pairs(record: tuple) -> Iterable[tuple[tuple[str, str], tuple]]:
    index, mention = record
    yield chronology.date_block_key(mention), (index, mention)


def _block_events(_key, indexed: list[tuple]) -> list:
    """One date's events, its mentions in canonical order (ties: in the order given)."""
    ranked = sorted(indexed, key=lambda pair: (pair[1].sort_key(), pair[0]))
    return chronology.block_events([mention for _index, mention in ranked])


# Records: (the mention's place among all mentions, an EventMention).
date_events = Fold(_mention_pairs, list, _append, _extend, _block_events)
