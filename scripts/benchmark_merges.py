"""Time the archive-wide merges locally and with their per-key folds on a Dask cluster.

Usage (not part of the test suite):

    .venv/bin/python scripts/benchmark_merges.py --articles 1000 [--repeat 3] [--workers 2]

It synthesises N raw articles from the seeds (scripts/synth.py) under --workdir (default
bench/merges/, git-ignored), derives them once (spaCy; cached in the workdir, so a second
run starts at once), then times `archive/build.py merge_with` over the same derived
articles, alternately with the local folds and with the folds on a LocalCluster of
--workers single-threaded worker processes on 127.0.0.1 (order L D D L ..., so that a drift
in the machine's load hits both alike).  It checks the merged archives are identical and
prints, per runner, the whole merge's wall time and the part the build machine spends
starting the folds or waiting for them.
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from distributed import Client, LocalCluster
from pelican.plugins.explainer_archive import annotate
from pelican.plugins.explainer_archive.archive import build as archive_stage
from pelican.plugins.explainer_archive.archive import reductions, state
from pelican.plugins.explainer_archive.text import clean
from pelican.plugins.explainer_archive.text import dates as article_date

ROOT = Path(__file__).resolve().parent.parent


class TimedFolds:
    """A folds runner that adds up the seconds the build machine spends in its calls
    (starting folds, and waiting for their results)."""

    def __init__(self, folds):
        self.folds = folds
        self.seconds = 0.0

    def timed(self, call, *args):
        started = time.perf_counter()
        try:
            return call(*args)
        finally:
            self.seconds += time.perf_counter() - started

    def run(self, jobs):
        return self.timed(self.folds.run, jobs)

    def start(self, jobs):
        return TimedRunning(self, self.timed(self.folds.start, jobs))


class TimedRunning:
    def __init__(self, timer: TimedFolds, running):
        self.timer = timer
        self.running = running

    def result(self):
        return self.timer.timed(self.running.result)


def derived_archive(workdir: Path, count: int):
    raw = workdir / f"raw{count}"
    if not raw.exists():
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "synth.py"), "--articles", str(count)]
            + ["--out", str(raw)],
            check=True,
        )
    articles = []
    for path in sorted(raw.glob("*.txt")):
        cleaned = clean.clean_article(path.read_bytes(), f"raw/{path.name}")
        when = article_date.find_article_date(cleaned)
        articles.append(
            archive_stage.ArchiveArticle(
                path.stem, cleaned.title, when.value, when.basis, when.note, cleaned
            )
        )
    config = archive_stage.ArchiveConfig(cache_path=workdir / f"cache{count}", n_process=1)
    texts = [a.annotated_text for a in articles]
    store = annotate.AnnotationCache(config.cache_path)
    try:
        rules = archive_stage.load_rules(config, store)
        keys = [
            state.derived_key(rules.fingerprint, a, t) for a, t in zip(articles, texts, strict=True)
        ]
        derived, _ = archive_stage.derive_all(articles, texts, keys, rules, config, store)
        resolutions = state.load_resolutions(store)
    finally:
        store.close()
    return articles, derived, rules, config, resolutions, keys


def one_merge(folds, articles, derived, rules, config, resolutions, keys):
    timed = TimedFolds(folds)
    started = time.perf_counter()
    merged = archive_stage.merge_with(
        timed, articles, derived, rules, config, copy.deepcopy(resolutions)
    )
    seconds = time.perf_counter() - started
    rows = json.dumps(state.archive_rows(merged, [a.key for a in articles], keys), default=repr)
    return seconds, timed.seconds, rows


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--workdir", type=Path, default=ROOT / "bench" / "merges")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    inputs = derived_archive(args.workdir, args.articles)
    print(f"{args.articles} articles derived in {time.perf_counter() - started:.1f} s")
    times: dict[str, list[tuple[float, float]]] = {"local": [], "dask": []}
    outputs = set()
    with (
        LocalCluster(
            n_workers=args.workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        client.wait_for_workers(args.workers, timeout=120)
        dask_folds = reductions.DaskFolds(client, sum(client.nthreads().values()))
        runners = {"local": reductions.LocalFolds(), "dask": dask_folds}
        order = ["local", "dask", "dask", "local"] * args.repeat
        for name in order[: 2 * args.repeat]:
            seconds, folding, rows = one_merge(runners[name], *inputs)
            times[name].append((seconds, folding))
            outputs.add(rows)
            print(f"{name:5}  merge {seconds:6.2f} s, of which folds {folding:6.2f} s")
    print("identical merged archives:", len(outputs) == 1)
    for name, runs in times.items():
        merge = statistics.median(r[0] for r in runs)
        folds = statistics.median(r[1] for r in runs)
        print(
            f"{name:5}  median merge {merge:.2f} s, folds {folds:.2f} s, rest {merge - folds:.2f} s"
        )


if __name__ == "__main__":
    main()
