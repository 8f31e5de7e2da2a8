"""Where the per-article map runs: a local process pool, or a Dask cluster.

The map is one pure function, `Worker.run`: annotate a batch of new texts with spaCy, then
derive each article's mentions, topic matches and event candidates.  An executor only
decides where batches of tasks (an ArchiveArticle and its cached annotation) run; the
build machine writes every result into the one annotation cache, keyed by content, so a
batch computed twice (a worker killed mid-batch, its batch retried elsewhere) is stored
once.  The archive-wide merges, the pages and the search index never leave the build
machine.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import pickle
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from .. import annotate
from ..derive.article import ArchiveArticle, derive_article
from ..fingerprints import code_fingerprint

# One task: (index, article, its cached annotation or None); one result per task:
# (index, new annotation or None, derived plain data, words annotated).
Task = tuple[int, ArchiveArticle, dict | None]
Result = tuple[int, dict | None, dict, int]


# spaCy pipelines are not promised to be thread-safe: a Dask worker running several
# threads annotates one batch at a time (the GIL serialises most of it anyway).
_SPACY_LOCK = threading.Lock()


class Worker:
    """What a process needs for its Tasks: the model name, the loaded actor rules and the
    compiled topic matcher (plain data: no path of the build machine is needed)."""

    def __init__(self, model_name, batch_size, rules, matcher):
        self.model_name = annotate.resolve_model_name(model_name)
        self.batch_size = batch_size
        self.rules = rules
        self.matcher = matcher

    def annotation_key(self, text: str) -> str:
        return annotate.content_key(annotate.cached_fingerprint(self.model_name), text)

    def annotate(self, tasks: list[Task]) -> dict[int, tuple[dict, int]]:
        """(annotation, words) of each task that has no annotation yet, by task index."""
        need = [(index, article) for index, article, annotation in tasks if annotation is None]
        fresh: dict[int, tuple[dict, int]] = {}
        if not need:
            return fresh
        nlp = annotate.load_pipeline(self.model_name)
        with _SPACY_LOCK:
            docs = nlp.pipe([a.annotated_text for _i, a in need], batch_size=self.batch_size)
            for (index, _article), doc in zip(need, docs, strict=True):
                words = sum(1 for t in doc if not (t.is_punct or t.is_space))
                fresh[index] = (annotate.doc_to_data(doc), words)
        return fresh

    def run(self, tasks: list[Task]) -> list[Result]:
        """One Result per task, in task order."""
        fresh = self.annotate(tasks)
        results = []
        for index, article, cached in tasks:
            new, words = fresh.get(index, (None, 0))
            annotation = cached if cached is not None else new
            derived = derive_article(article, annotation, self.rules, self.matcher)
            results.append((index, new, derived, words))
        return results


# A function that yields the batches of the work, given the number of articles per batch.
Batches = Callable[[int], Iterable[list[Task]]]


def derive_many(articles, texts, todo: list[int], store, worker: Worker, executor):
    """Run the per-article work for the articles at `todo` on `executor`, yielding one
    Result per article (in `todo` order locally, as batches finish on a cluster).

    Texts whose annotation is cached (a rules change) are loaded a batch at a time, so an
    archive's annotations never sit in memory together.
    """
    keys = {i: worker.annotation_key(texts[i]) for i in todo}
    present = store.existing(sorted(set(keys.values())))

    def batches(size: int):
        # Built in the calling thread: the SQLite connection is not shared with others.
        for start in range(0, len(todo), size):
            part = todo[start : start + size]
            cached = store.get_many([keys[i] for i in part if keys[i] in present])
            yield [(i, articles[i], cached.get(keys[i])) for i in part]

    new_count = sum(1 for i in todo if keys[i] not in present)
    progress = annotate.Progress(len(todo))
    for result in executor.run(batches, worker, len(todo), new_count):
        progress.advance()
        yield result


# --- the local pool ------------------------------------------------------------------------

# Articles per task sent to a pool process, and the least new articles worth a pool
# (each process loads the model, about two seconds).
TASK_SIZE = 64
MIN_FOR_POOL = 256

_PROCESS_WORKER: list[Worker] = []  # the Worker of a pool process (set by its initializer)


def _init_pool_process(worker: Worker) -> None:
    _PROCESS_WORKER[:] = [worker]


def _run_in_pool_process(tasks: list[Task]) -> list[Result]:
    return _PROCESS_WORKER[0].run(tasks)


@dataclass(frozen=True)
class LocalPool:
    """This machine: `n_process` spawned processes when many articles are new, else this
    process alone."""

    n_process: int = 1

    def run(self, batches: Batches, worker: Worker, count: int, new_count: int):
        if self.n_process <= 1 or new_count < MIN_FOR_POOL:
            for tasks in batches(TASK_SIZE):
                yield from worker.run(tasks)
            return
        context = multiprocessing.get_context("spawn")
        with context.Pool(self.n_process, _init_pool_process, (worker,)) as pool:
            pending = []
            for tasks in batches(TASK_SIZE):
                pending.append(pool.apply_async(_run_in_pool_process, (tasks,)))
                while len(pending) > 2 * self.n_process:
                    yield from pending.pop(0).get()
            for job in pending:
                yield from job.get()


# --- the Dask cluster ----------------------------------------------------------------------

# Seconds to wait for a first worker to join the scheduler (how long to wait for the scheduler
# itself to answer is the EXPLAINER_DASK_CONNECT_TIMEOUT setting).
WORKER_TIMEOUT = 60
# Articles per Dask task: large enough that the scheduler's few milliseconds per task are
# negligible, small enough that each worker thread gets several (load balance, and little
# to redo when a worker dies).
DASK_BATCH_RANGE = (64, 256)
BATCHES_PER_THREAD = 8  # small enough that the last batches do not leave a worker idle
PLUGIN_PREFIX = "explainer-archive-"


class ClusterError(SystemExit):
    """The cluster cannot do the work: stops the build with one line (SystemExit, which
    Pelican's command line does not catch, so Python prints the line and exits with 1)."""

    def __init__(self, message: str):
        super().__init__(f"explainer: {message}")


class WorkerSetupError(RuntimeError):
    """Raised on a Dask worker that cannot run the map (e.g. its model is missing)."""


def dask_batch_size(count: int, threads: int) -> int:
    """Articles per Dask task for `count` articles on `threads` worker threads:
    BATCHES_PER_THREAD per thread within DASK_BATCH_RANGE, but never so large that a
    thread is left without a batch."""
    threads = max(threads, 1)
    low, high = DASK_BATCH_RANGE
    wanted = min(high, max(low, -(-count // (BATCHES_PER_THREAD * threads))))
    return max(1, min(wanted, -(-count // threads)))


def missing_dask_message(scheduler: str) -> str:
    return (
        f"EXPLAINER_DASK_SCHEDULER = {scheduler!r} needs dask.distributed, which is not "
        "installed: pip install 'explainer-archive[dask]' (or unset it to use the local pool)"
    )


def connect(scheduler: str, timeout: float):
    """A Client of the scheduler; ClusterError naming the address when it does not answer
    within `timeout` seconds."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError(missing_dask_message(scheduler)) from None
    try:
        return Client(scheduler, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise ClusterError(
            f"EXPLAINER_DASK_SCHEDULER = {scheduler!r}: no Dask scheduler answers at "
            f"{scheduler} ({reason})"
        ) from None


def probe_worker(model_name: str) -> dict:
    """Run on each Dask worker: can it run the map with this model, and the same code?"""
    try:
        annotate.check_model(model_name)
    except annotate.ModelNotFoundError:
        return {"missing": annotate.MODEL_PACKAGES.get(model_name, model_name.replace("_", "-"))}
    return {
        "model": annotate.cached_fingerprint(model_name),
        "code": code_fingerprint(),
    }


def worker_problem(address: str, answer, model_name: str) -> str | None:
    """One line on what keeps a worker from running the map at all, or None."""
    if isinstance(answer, ModuleNotFoundError | ImportError):
        return (
            f"the Dask worker {address} cannot run the archive's code ({answer}): install "
            "the project there (pip install 'explainer-archive[dask]')"
        )
    if isinstance(answer, BaseException):
        return f"the Dask worker {address} failed to answer ({type(answer).__name__}: {answer})"
    if "missing" in answer:
        return (
            f"the Dask worker {address} has no spaCy model '{model_name}': install the "
            f"package {answer['missing']} there (pip install {answer['missing']})"
        )
    return None


def worker_mismatch(address: str, answer: dict, expected: dict) -> str | None:
    """One line on how a worker's model or code differs from this machine's, or None:
    its results would be stored under this machine's keys, so they must be the same."""
    if answer["model"] != expected["model"]:
        return (
            f"the Dask worker {address} has another spaCy model ({answer['model']}; this "
            f"machine: {expected['model']}): install the same model version there"
        )
    if answer["code"] != expected["code"]:
        return (
            f"the Dask worker {address} runs other code of the plugin ({answer['code']}; "
            f"this machine: {expected['code']}): install the same release of the project there"
        )
    return None


def check_workers(client, scheduler: str, model_name: str) -> int:
    """Stop (ClusterError) unless every worker can run the map; returns their threads."""
    try:
        client.wait_for_workers(1, timeout=WORKER_TIMEOUT)
    except TimeoutError:
        raise ClusterError(
            f"EXPLAINER_DASK_SCHEDULER = {scheduler!r}: no Dask worker joined the scheduler "
            f"within {WORKER_TIMEOUT} s (start some with `dask worker {scheduler}`)"
        ) from None
    answers = client.run(probe_worker, model_name, on_error="return")
    for address in sorted(answers):
        problem = worker_problem(address, answers[address], model_name)
        if problem:
            raise ClusterError(problem)
    expected = {"model": annotate.cached_fingerprint(model_name), "code": code_fingerprint()}
    for address in sorted(answers):
        problem = worker_mismatch(address, answers[address], expected)
        if problem:
            raise ClusterError(problem)
    return sum(client.nthreads().values())


def check_cluster(scheduler: str, model_name: str, connect_timeout: float) -> None:
    """Before any work: the scheduler answers within `connect_timeout` seconds and its
    workers can run the map, or the build stops with one line naming the address (or the
    worker) and what is missing."""
    client = connect(scheduler, connect_timeout)
    try:
        check_workers(client, scheduler, model_name)
    finally:
        client.close()


def _worker_plugin_class():
    from distributed.diagnostics.plugin import WorkerPlugin

    class ArchiveWorkerPlugin(WorkerPlugin):
        """Gives each Dask worker process the Worker and loads its model once, at start."""

        def __init__(self, worker: Worker):
            self.worker = worker
            self.error: str | None = None

        def setup(self, worker):
            try:
                annotate.load_pipeline(self.worker.model_name)
            except annotate.ModelNotFoundError:
                package = annotate.MODEL_PACKAGES.get(
                    self.worker.model_name, self.worker.model_name.replace("_", "-")
                )
                self.error = (
                    f"the Dask worker {worker.address} has no spaCy model "
                    f"'{self.worker.model_name}': install the package {package} there "
                    f"(pip install {package})"
                )

    return ArchiveWorkerPlugin


def run_batch(plugin_name: str, tasks: list[Task]) -> list[Result]:
    """The Dask task: the map over one batch, with the worker's loaded model."""
    from distributed import get_worker

    worker = get_worker()
    plugin = worker.plugins.get(plugin_name)
    if plugin is None:
        raise WorkerSetupError(f"the Dask worker {worker.address} was not set up for the build")
    if plugin.error:
        raise WorkerSetupError(plugin.error)
    return plugin.worker.run(tasks)


@dataclass(frozen=True)
class DaskCluster:
    """A dask.distributed scheduler (answering within `connect_timeout` seconds): batches of
    articles run on its workers."""

    scheduler: str
    connect_timeout: float

    def run(self, batches: Batches, worker: Worker, count: int, new_count: int):
        if count == 0:
            return
        client = connect(self.scheduler, self.connect_timeout)
        name = ""
        try:
            threads = check_workers(client, self.scheduler, worker.model_name)
            plugin = _worker_plugin_class()(worker)
            name = PLUGIN_PREFIX + hashlib.sha256(pickle.dumps(worker)).hexdigest()[:16]
            client.register_plugin(plugin, name=name)
            yield from self._submit(client, name, batches(dask_batch_size(count, threads)))
        finally:
            if name:  # a lost connection must not hide the error that ended the build
                with contextlib.suppress(OSError, TimeoutError, KeyError, ValueError):
                    client.unregister_worker_plugin(name)
            client.close()

    def _submit(self, client, name: str, batches: Iterable[list[Task]]) -> Iterator:
        """Keep about two batches per worker thread in flight; yield results as they come."""
        from distributed import as_completed

        pending = as_completed(loop=client.loop)
        for tasks in batches:
            pending.add(client.submit(run_batch, name, tasks, pure=False))
            while pending.count() >= 2 * max(sum(client.nthreads().values()), 1):
                yield from self._result(next(pending))
        for future in pending:
            yield from self._result(future)

    def _result(self, future) -> list[Result]:
        from distributed import KilledWorker

        try:
            return future.result()
        except WorkerSetupError as exc:
            raise ClusterError(str(exc)) from None
        except KilledWorker as exc:
            raise ClusterError(
                f"a batch of articles killed every Dask worker that tried it ({exc}); "
                "see the workers' logs (memory?)"
            ) from None
        finally:
            future.release()


def executor_for(scheduler: str | None, n_process: int, connect_timeout: float):
    """The Dask cluster when a scheduler is named (waiting `connect_timeout` seconds for it
    to answer), else the local pool."""
    return DaskCluster(scheduler, connect_timeout) if scheduler else LocalPool(n_process)
