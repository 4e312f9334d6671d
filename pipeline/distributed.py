"""Partitions on a Dask distributed cluster: each worker reads its own partition of the input,
extracts it with a model loaded once per worker process and writes its own Parquet parts; the
client only plans partitions, adds up tallies and publishes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from pipeline import ingest, runs

__all__ = ["PARTITIONS_PER_WORKER", "extract", "run"]

PARTITIONS_PER_WORKER = 16  # small pieces: no worker waits long on the last one (4 gave 1.2x)


# Dask starts workers with MALLOC_TRIM_THRESHOLD_=65536, to hand memory back to the OS sooner. Set
# at all, it stops glibc from raising its mmap threshold, so each of spaCy's large per-batch arrays
# is mapped, faulted in and unmapped again: bare spaCy spent 1.7 s of system time per 11 s of CPU
# with it, 0.2-0.8 s without. A worker holds the model and one partition; glibc's default suits it.
# OMP/MKL/OpenBLAS stay at one thread a worker, as Dask sets them (spaCy's matrices go through blis,
# single-threaded, and nothing loads torch). Each worker also samples its task's stack every 10 ms
# for the Dask dashboard's profile, which nobody reads here; it costs more the longer a task waits
# for a core: two workers on 300 articles spent 94 s of CPU with it, 91 s without, on a machine at
# load 4-6, and 133 s against 109 s at load 7-10 (one process: 71-74 s). Every process's event loop
# also wakes each 20 ms to check it is not blocked, and each worker samples its memory every 100 ms
# and the host every 500 ms: a cluster of two idle workers spent 2.3-2.6 s of CPU per 30 s so,
# 0.4 s with the intervals below. A task here runs for seconds; nothing needs finer clocks.
_LOCAL_WORKERS = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
}


@contextmanager
def _client(scheduler: str | None, workers: int):
    """A client of the cluster at `scheduler`, or of a local cluster of `workers` processes."""
    import dask
    from dask.distributed import Client, LocalCluster

    cluster = None
    with dask.config.set(_LOCAL_WORKERS):
        if not scheduler:
            cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            )
        client = Client(scheduler or cluster)
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _plan(client, source: str) -> list[ingest.Partition]:
    """The input cut for the workers the cluster has."""
    n = max(1, len(client.scheduler_info(n_workers=-1)["workers"]))
    return ingest.plan(source, n * PARTITIONS_PER_WORKER)


def extract(
    source: str, scheduler: str | None, workers: int
) -> Iterator[tuple[list[str], runs.Tally]]:
    """Output lines and tally of every partition, in input order."""
    with _client(scheduler, workers) as client:
        futures = client.map(runs.extract_partition, _plan(client, source), pure=False)
        for future in futures:
            yield future.result()
            future.release()


def run(
    source: str, db: str, run_id: str, batch: int, scheduler: str | None, workers: int
) -> Iterator[runs.Tally]:
    """The tally of every partition as it finishes, its rows written by the worker."""
    from dask.distributed import as_completed

    with _client(scheduler, workers) as client:
        futures = [
            client.submit(runs.run_partition, part, db, run_id, i, batch, pure=False)
            for i, part in enumerate(_plan(client, source))
        ]
        for future in as_completed(futures):
            yield future.result()
            future.release()
