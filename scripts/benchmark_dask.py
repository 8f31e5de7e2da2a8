"""Benchmark the Dask executor against the local pool, and project it to large archives.

Usage (from anywhere; not part of the test suite):

    .venv/bin/python scripts/benchmark_dask.py --articles 1000
    .venv/bin/python scripts/benchmark_dask.py --articles 100 --no-write   # quick check
    .venv/bin/python scripts/benchmark_dask.py --curve 1000 2000 5000     # the measured curve

It synthesises N raw articles from the seeds (scripts/synth.py) under --workdir (default
bench/dask/, git-ignored), starts a LocalCluster of --workers single-threaded worker
processes on 127.0.0.1, and runs cold builds of the full site (fresh cache and output each,
`pelican.main()` in a subprocess, as the CLI) alternately with the local pool and with
EXPLAINER_DASK_SCHEDULER pointing at the cluster, --repeat times each (order L D D L …, so
that a drift in the machine's load hits both alike).  It checks that both sites are
byte-identical, and measures inside each build:

  map wall      the time spent waiting for the per-article map (executors.derive_many);
  consume       the time the build machine spends storing each result (SQLite, compacting);
  rest          everything else (Pelican's reader, the merges, pages, export, search);

and, from the scheduler, the compute seconds of the map's tasks per article and the bytes
of their results.  From these it projects a cold build of 10^5 and 10^6 articles on 8, 32
and 128 workers (single-threaded processes of this machine's speed).  Results: printed,
saved as JSON in the workdir, and written as the "Dask executor" section of BENCHMARKS.md
(that block only; the rest of the file belongs to scripts/benchmark.py).

With --curve N1 N2 … it measures instead one cold Dask build at each size (the same cluster
throughout, one archive shape: --shape) and writes the "Dask curve" section: each size's wall
time, the map, and each single-machine stage per article, so that how the single-machine part
grows is read from measurements; the sizes beyond the largest measured are extrapolated along
the power law through the two largest points, and say so.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import pickle
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS_MD = ROOT / "BENCHMARKS.md"
BEGIN = "<!-- dask-benchmark: begin (scripts/benchmark_dask.py) -->"
END = "<!-- dask-benchmark: end -->"
CURVE_BEGIN = "<!-- dask-curve: begin (scripts/benchmark_dask.py --curve) -->"
CURVE_END = "<!-- dask-curve: end -->"
CURVE_MARKS = (CURVE_BEGIN, CURVE_END)
TARGET = 1.1  # Dask build <= 1.1 x the local pool's, 2 workers against 2 processes
PROJECTED_ARTICLES = (100_000, 1_000_000)
PROJECTED_WORKERS = (8, 32, 128)
SMALL = 10  # articles of the build that measures the fixed costs


# --------------------------------------------------------------------------- one build
def step_build(spec: dict) -> dict:
    """Run in a subprocess: one cold `pelican` build, timing the map and what surrounds it."""
    import pelican
    from pelican.plugins.explainer_archive.archive import build as archive_stage
    from pelican.plugins.explainer_archive.archive import executors

    timing = {"map_wall": 0.0, "map_wait": 0.0, "map_results": 0}
    original = executors.derive_many

    def derive_many(*args, **kwargs):
        started = time.perf_counter()
        mark = started
        for result in original(*args, **kwargs):
            timing["map_wait"] += time.perf_counter() - mark
            timing["map_results"] += 1
            yield result  # the caller stores it (SQLite, compacting) before asking again
            mark = time.perf_counter()
        timing["map_wall"] += time.perf_counter() - started

    executors.derive_many = derive_many
    keep = archive_stage.build_archive

    def build_archive(*args, **kwargs):
        archive = keep(*args, **kwargs)
        timing["annotation"] = archive.stats.get("annotation", {})
        return archive

    archive_stage.build_archive = build_archive
    timing["stages"] = time_stages()
    argv = [spec["content"], "-s", str(ROOT / "pelicanconf.py"), "-o", spec["output"]]
    argv += ["-e", f'CACHE_PATH="{spec["cache"]}"']
    started = time.perf_counter()
    code = 0
    try:
        pelican.main(argv)
    except SystemExit as exc:
        code = exc.code or 0
    timing["inner_wall"] = time.perf_counter() - started
    timing["exit"] = code
    # Peak resident memory (Linux reports kB): the build process, and the largest of the
    # children it waited for (Pagefind). The cluster's workers are not among them.
    timing["peak_rss_build"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    timing["peak_rss_children"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return timing


def timed(owner, attr: str, stages: dict, label: str) -> None:
    """Wrap owner.attr so that its calls add their wall time to stages[label]."""
    original = getattr(owner, attr)

    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            stages[label] = stages.get(label, 0.0) + time.perf_counter() - started

    setattr(owner, attr, wrapper)


def time_stages() -> dict:
    """Time the single-machine stages of a build (filled in while it runs)."""
    from pelican.plugins import explainer_archive as plugin_package
    from pelican.plugins.explainer_archive import reader
    from pelican.plugins.explainer_archive.archive import build as archive_stage
    from pelican.plugins.explainer_archive.site import generators

    stages: dict = {}
    timed(reader.RawArticleReader, "read", stages, "reader")
    timed(archive_stage, "build_archive", stages, "archive")
    timed(generators.ExplainerGenerator, "generate_output", stages, "plugin pages")
    timed(plugin_package, "build_search_index", stages, "search")  # the name it calls
    return stages


def run_build(name: str, content: Path, base: Path, scheduler: str | None) -> dict:
    """One cold build in a subprocess (fresh output and cache), with its wall time."""
    output, cache = base / f"out-{name}", base / f"cache-{name}"
    for path in (output, cache):
        shutil.rmtree(path, ignore_errors=True)
    spec = {"content": str(content), "output": str(output), "cache": str(cache)}
    env = dict(os.environ, PYTHONHASHSEED="0", CI="1")
    env.pop("EXPLAINER_DASK_SCHEDULER", None)
    if scheduler:
        env["EXPLAINER_DASK_SCHEDULER"] = scheduler
    load = os.getloadavg()[0]
    before_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--_step", json.dumps(spec)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    after_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after_cpu.ru_utime + after_cpu.ru_stime) - (before_cpu.ru_utime + before_cpu.ru_stime)
    (base / f"{name}.log").write_text(proc.stdout + proc.stderr)
    if proc.returncode != 0:
        raise SystemExit(f"build {name} failed (exit {proc.returncode}); see {base}/{name}.log")
    inner = json.loads(proc.stdout.strip().splitlines()[-1])
    return {
        "name": name,
        "wall": wall,
        "cpu": cpu,  # the build process (and its waited-for children: Pagefind)
        "load_before": load,
        "output": str(output),
        **inner,
    }


def same_tree(a: Path, b: Path) -> bool:
    def files(folder: Path) -> dict[str, bytes]:
        return {
            p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*"))
            if p.is_file()
        }

    return files(a) == files(b)


# --------------------------------------------------------------------------- the cluster
def map_task_totals(client) -> dict:
    """The scheduler's running totals for the map's tasks: compute seconds, count, bytes."""

    def totals(dask_scheduler):
        prefix = dask_scheduler.task_prefixes.get("run_batch")
        if prefix is None:
            return {"compute": 0.0, "tasks": 0, "nbytes": 0}
        return {
            "compute": float(prefix.all_durations.get("compute", 0.0)),
            "tasks": int(prefix.state_counts.get("memory", 0)),
            "nbytes": int(prefix.nbytes_total),
        }

    return client.run_on_scheduler(totals)


def result_bytes_per_article(content: Path, sample: int = 32) -> dict:
    """Pickled bytes of a batch's tasks (sent) and results (returned), per article."""
    from pelican.plugins.explainer_archive.archive import executors
    from pelican.plugins.explainer_archive.derive import actors, topics
    from pelican.plugins.explainer_archive.derive.article import ArchiveArticle
    from pelican.plugins.explainer_archive.text.clean import clean_article

    paths = sorted((content / "raw").glob("*.txt"))[:sample]
    cleaned = [clean_article(p.read_bytes(), source=p.name) for p in paths]
    tasks = [
        (i, ArchiveArticle(f"a{i}", f"Article {i}", "2024-01-01", "metadata", "", article), None)
        for i, article in enumerate(cleaned)
    ]
    matcher = topics.compile_taxonomy(topics.load_taxonomy(None), topics.annotation_lemmatizer())
    worker = executors.Worker(None, 32, actors.load_actor_rules(None), matcher)
    results = worker.run(tasks)
    return {
        "sent": len(pickle.dumps(tasks, protocol=5)) / len(tasks),
        "returned": len(pickle.dumps(results, protocol=5)) / len(tasks),
    }


# --------------------------------------------------------------------------- projection
def rest_of(run: dict) -> float:
    """A build's time outside the map (start-up, reader, merges, pages, search)."""
    return run["wall"] - run["map_wall"]


def stage_times(run: dict) -> dict:
    """A build's single-machine stages, in seconds (the merges without the map)."""
    stages = run["stages"]
    return {
        "reader (clean, date, render)": stages.get("reader", 0.0),
        "archive-wide merges (and storing results)": stages.get("archive", 0.0) - run["map_wait"],
        "plugin pages, export, feeds": stages.get("plugin pages", 0.0),
        "search index (Pagefind)": stages.get("search", 0.0),
    }


def single_machine_costs(n: int, dask: dict, fixed: dict) -> dict:
    """Seconds per article of each single-machine stage (the difference between the
    N-article and the SMALL-article builds, so fixed costs stay out), and the fixed part."""
    span = n - SMALL
    marginal = (rest_of(dask) - rest_of(fixed)) / span
    big, small = stage_times(dask), stage_times(fixed)
    per = {stage: (big[stage] - small[stage]) / span for stage in big}
    per["Pelican's own pages, start-up and the rest"] = marginal - sum(per.values())
    return {"per_article": per, "marginal": marginal, "fixed": rest_of(fixed) - marginal * SMALL}


def projection(n: int, dask: dict, fixed: dict, sizes: dict) -> list[dict]:
    """Linear projection of a cold Dask build from the measured per-article costs."""
    from pelican.plugins.explainer_archive.archive.executors import dask_batch_size

    per_article_compute = dask["task_compute"] / n  # one worker process's seconds
    consume = (dask["map_wall"] - dask["map_wait"]) / n
    costs = single_machine_costs(n, dask, fixed)
    rows = []
    for articles in PROJECTED_ARTICLES:
        for workers in PROJECTED_WORKERS:
            batch = dask_batch_size(articles, workers)
            # The map is bound by the workers or by the build machine storing results;
            # the last round of batches may leave workers idle (one batch each at most).
            compute = articles * per_article_compute / workers
            rows.append(
                {
                    "articles": articles,
                    "workers": workers,
                    "batch": batch,
                    "tasks": -(-articles // batch),
                    "map": max(compute, articles * consume) + batch * per_article_compute,
                    "single": costs["fixed"] + articles * costs["marginal"],
                    "network_gb": articles * (sizes["sent"] + sizes["returned"]) / 1e9,
                }
            )
    return rows


# --------------------------------------------------------------------------- report
def hours(seconds: float) -> str:
    return f"{seconds / 3600:.1f} h" if seconds >= 3600 else f"{seconds / 60:.0f} min"


def report(res: dict) -> str:
    n, loc, dsk = res["n"], res["local"], res["dask"]
    ratio = dsk["wall"] / loc["wall"]
    verdict = "met" if ratio <= TARGET else "NOT MET"
    lines = [
        BEGIN,
        "## Dask executor (issue 15)",
        "",
        f"Measured by `scripts/benchmark_dask.py --articles {n} --repeat {res['repeat']}` "
        f"on {os.cpu_count()} cores shared with other jobs (load average before the builds: "
        f"{res['load']}); {n:,} synthetic articles ({res['raw_words']:,} raw words), cold "
        f"builds (fresh cache and output), alternating local pool and Dask, best of "
        f"{res['repeat']} each. The cluster: a `LocalCluster` of {res['workers']} "
        "single-threaded worker processes on this machine, started before the builds "
        f"({res['cluster_start']:.1f} s, model loaded at start: a cluster is long-lived). "
        f"Both sites byte-identical: **{res['identical']}**.",
        "",
        "| cold build | wall | map (waiting for results) | storing results | the rest |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for label, r in (("local pool, 2 processes", loc), (f"Dask, {res['workers']} workers", dsk)):
        lines.append(
            f"| {label} | {r['wall']:.1f} s | {r['map_wait']:.1f} s | "
            f"{r['map_wall'] - r['map_wait']:.1f} s | {r['wall'] - r['map_wall']:.1f} s |"
        )
    lines += [
        "",
        f"**Dask / local pool = {ratio:.2f} × (target ≤ {TARGET} ×): {verdict}.** All runs: "
        f"local {', '.join(f'{w:.1f}' for w in loc['walls'])} s; "
        f"Dask {', '.join(f'{w:.1f}' for w in dsk['walls'])} s.",
        "",
        f"Per article, measured in the Dask build: {dsk['task_compute'] / n * 1000:.0f} ms of "
        f"a worker process (spaCy + derivation, the scheduler's compute time of "
        f"{dsk['tasks']} tasks of ≤ {dsk['batch']} articles), "
        f"{(dsk['map_wall'] - dsk['map_wait']) / n * 1000:.1f} ms on the build machine to "
        f"store the result, {(dsk['wall'] - dsk['map_wall']) / n * 1000:.0f} ms for "
        f"everything else on the build machine; {res['sizes']['sent'] / 1000:.1f} kB sent and "
        f"{res['sizes']['returned'] / 1000:.1f} kB returned (pickled).",
        "",
        "What stays on the build machine, per article (from the stage times of the Dask "
        f"build; fixed costs {single_machine_costs(n, dsk, res['fixed'])['fixed']:.1f} s, "
        f"from a {SMALL}-article build):",
        "",
        "| single-machine stage | ms per article | at 10^6 articles |",
        "| --- | ---: | ---: |",
        *[
            f"| {stage} | {sec * 1000:.1f} | {hours(sec * 1e6)} |"
            for stage, sec in single_machine_costs(n, dsk, res["fixed"])["per_article"].items()
        ],
        "",
        "### Projection (linear, from the per-article costs above)",
        "",
        "Workers: single-threaded processes as fast as one core here. The map takes the "
        "larger of the workers' share and the build machine's storing, plus one last batch; "
        "everything else stays on the build machine (Pelican's reader: clean, date, render; "
        "the archive-wide merges; pages, export, feeds; Pagefind) and is taken as linear.",
        "",
        "| articles | workers | batch | tasks | map on the cluster | single-machine part |"
        " total | network |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in res["projection"]:
        lines.append(
            f"| {row['articles']:,} | {row['workers']} | {row['batch']} | {row['tasks']:,} | "
            f"{hours(row['map'])} | {hours(row['single'])} | "
            f"{hours(row['map'] + row['single'])} | {row['network_gb']:.0f} GB |"
        )
    lines += ["", *res.get("notes", []), END]
    return "\n".join(lines) + "\n"


def write_section(block: str, begin: str = BEGIN, end: str = END) -> None:
    """Replace (or append) this script's block of BENCHMARKS.md, leaving the rest alone."""
    text = BENCHMARKS_MD.read_text(encoding="utf-8") if BENCHMARKS_MD.exists() else ""
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + block.rstrip("\n") + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block
    BENCHMARKS_MD.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- main
def best_run(runs: list[dict]) -> dict:
    """The fastest of the runs (the one least disturbed by other jobs), with all walls."""
    walls = [r["wall"] for r in runs]
    return {**min(runs, key=lambda r: r["wall"]), "walls": walls}


def bench(args) -> dict:
    sys.path.insert(0, str(ROOT / "scripts"))
    import synth

    base = args.workdir / f"n{args.articles}"
    shutil.rmtree(base, ignore_errors=True)
    content = base / "site"
    synth.write_archive(content / "raw", args.articles, args.seed)
    raw_words = sum(len(p.read_text().split()) for p in (content / "raw").glob("*.txt"))
    cluster, client, cluster_start = start_cluster(args.workers)
    runs: dict[str, list[dict]] = {"local": [], "dask": []}
    order = [("local", "dask"), ("dask", "local")]
    load = os.getloadavg()[0]
    small = base / "small"
    synth.write_archive(small / "raw", SMALL, args.seed)
    try:
        for round_ in range(args.repeat):
            for kind in order[round_ % 2]:
                before = map_task_totals(client)
                scheduler = cluster.scheduler_address if kind == "dask" else None
                run = run_build(f"{kind}{round_}", content, base, scheduler)
                after = map_task_totals(client)
                run["task_compute"] = after["compute"] - before["compute"]
                run["tasks"] = after["tasks"] - before["tasks"]
                runs[kind].append(run)
                (base / "runs.partial.json").write_text(json.dumps(runs, indent=1))
                print(
                    f"  {kind:<5} round {round_}: {run['wall']:.1f} s "
                    f"(map wait {run['map_wait']:.1f} s, load {run['load_before']:.1f})",
                    flush=True,
                )
        fixed = run_build("small", small, base, cluster.scheduler_address)
    finally:
        client.close()
        cluster.close()
    local, dask = best_run(runs["local"]), best_run(runs["dask"])
    from pelican.plugins.explainer_archive.archive.executors import dask_batch_size

    dask["batch"] = dask_batch_size(args.articles, args.workers)
    sizes = result_bytes_per_article(content)
    return {
        "n": args.articles,
        "repeat": args.repeat,
        "workers": args.workers,
        "raw_words": raw_words,
        "load": f"{load:.1f}",
        "cluster_start": cluster_start,
        "identical": same_tree(Path(local["output"]), Path(dask["output"])),
        "local": local,
        "dask": dask,
        "sizes": sizes,
        "fixed": fixed,
        "projection": projection(args.articles, dask, fixed, sizes),
    }


# --------------------------------------------------------------------------- the curve
def start_cluster(workers: int):
    """A LocalCluster of single-threaded worker processes on 127.0.0.1, the model loaded on
    each (as a long-lived cluster would have it), and the seconds that took."""
    from distributed import Client, LocalCluster
    from pelican.plugins.explainer_archive import annotate

    started = time.perf_counter()
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )
    client = Client(cluster)
    model = annotate.resolve_model_name(os.environ.get("EXPLAINER_SPACY_MODEL"))
    client.run(lambda name: bool(annotate.load_pipeline(name)), model)
    return cluster, client, time.perf_counter() - started


def curve_point(n: int, args, cluster, client) -> dict:
    """One cold Dask build of n synthetic articles, with its stages."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import synth

    base = args.workdir / f"curve-{args.shape}-n{n}"
    shutil.rmtree(base, ignore_errors=True)
    content = base / "site"
    synth.write_archive(content / "raw", n, args.seed, shape=args.shape)
    before = map_task_totals(client)
    run = run_build("dask", content, base, cluster.scheduler_address)
    after = map_task_totals(client)
    run["task_compute"] = after["compute"] - before["compute"]
    run["n"] = n
    print(
        f"  n={n:,}: {run['wall']:.1f} s (map wait {run['map_wait']:.1f} s, "
        f"load {run['load_before']:.1f})",
        flush=True,
    )
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)
    return run


def single_machine_part(run: dict) -> float:
    """The build's wall time outside the cluster's share: everything but waiting for the map."""
    return run["wall"] - run["map_wait"]


def peak_rss(run: dict) -> str:
    """The build process's peak resident memory, as GB ("–" for runs that did not record it)."""
    peak = run.get("peak_rss_build")
    return f"{peak / 1e9:.2f} GB" if peak else "–"


def growth(points: list[dict]) -> float:
    """The power-law exponent of the single-machine part between the two largest sizes
    (1.0 is linear, 2.0 quadratic)."""
    small, big = points[-2], points[-1]
    return math.log(single_machine_part(big) / single_machine_part(small)) / math.log(
        big["n"] / small["n"]
    )


def curve_report(res: dict) -> str:
    points = res["points"]
    stages = list(stage_times(points[0]))
    lines = [
        CURVE_BEGIN,
        "## Dask curve (issue 26 item 5)",
        "",
        f"Measured by `scripts/benchmark_dask.py --curve {' '.join(str(p['n']) for p in points)}"
        f" --shape {res['shape']}` on {os.cpu_count()} cores: one cold build per size through a "
        f"`LocalCluster` of {res['workers']} single-threaded worker processes on this machine "
        f"(started once, {res['cluster_start']:.1f} s), synthetic `{res['shape']}` archives "
        f"(seed {res['seed']}). Load average before each build in the table.",
        "",
        "| articles | wall | CPU of the build process | waiting for the map | single-machine part |"
        " " + " | ".join(f"{s}, ms/article" for s in stages) + " | peak RSS of the build process"
        " | load before |",
        "| ---: | ---: | ---: | ---: | ---: | "
        + " | ".join("---:" for _ in stages)
        + " | ---: | ---: |",
    ]
    for p in points:
        per = stage_times(p)
        lines.append(
            f"| {p['n']:,} | {p['wall']:.1f} s | {p['cpu']:.1f} s | {p['map_wait']:.1f} s | "
            f"{single_machine_part(p):.1f} s | "
            + " | ".join(f"{per[s] / p['n'] * 1000:.1f}" for s in stages)
            + f" | {peak_rss(p)} | {p['load_before']:.1f} |"
        )
    if len(points) >= 2:
        exponent = growth(points)
        big = points[-1]
        lines += [
            "",
            f"The single-machine part grows as N^{exponent:.2f} between the two largest sizes "
            f"({points[-2]['n']:,} → {big['n']:,}).",
            "",
            "Extrapolated along that power law (not measured), with the map spread over more "
            "workers of this machine's speed:",
            "",
            "| articles | single-machine part | map on 32 workers | total |",
            "| ---: | ---: | ---: | ---: |",
        ]
        per_article_compute = big["task_compute"] / big["n"]
        for articles in PROJECTED_ARTICLES:
            single = single_machine_part(big) * (articles / big["n"]) ** exponent
            mapped = articles * per_article_compute / 32
            lines.append(
                f"| {articles:,} | {hours(single)} | {hours(mapped)} | {hours(single + mapped)} |"
            )
    lines += ["", CURVE_END]
    return "\n".join(lines) + "\n"


def bench_curve(args) -> dict:
    cluster, client, cluster_start = start_cluster(args.workers)
    try:
        points = [curve_point(n, args, cluster, client) for n in args.curve]
    finally:
        client.close()
        cluster.close()
    return {
        "shape": args.shape,
        "seed": args.seed,
        "workers": args.workers,
        "cluster_start": cluster_start,
        "points": points,
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, default=ROOT / "bench" / "dask")
    parser.add_argument("--no-write", action="store_true", help="leave BENCHMARKS.md alone")
    parser.add_argument(
        "--curve", type=int, nargs="+", help="one cold Dask build at each of these sizes"
    )
    parser.add_argument("--shape", choices=("mixed", "story"), default="mixed")
    parser.add_argument("--keep", action="store_true", help="keep the curve's archives")
    parser.add_argument("--_step", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args._step:
        print(json.dumps(step_build(json.loads(args._step))))
        return
    if args.curve:
        publish(args, bench_curve(args), f"curve-{args.shape}.json", curve_report, CURVE_MARKS)
    else:
        publish(args, bench(args), f"results-n{args.articles}.json", report, (BEGIN, END))


def publish(args, results: dict, name: str, make_report, marks: tuple[str, str]) -> None:
    """Save the results as JSON in the workdir, print their block and (unless --no-write)
    put it in BENCHMARKS.md between the two marks."""
    args.workdir.mkdir(parents=True, exist_ok=True)
    (args.workdir / name).write_text(json.dumps(results, indent=1, default=str))
    block = make_report(results)
    print(block)
    if not args.no_write:
        write_section(block, *marks)


if __name__ == "__main__":
    main()
