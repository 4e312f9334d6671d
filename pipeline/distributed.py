"""Extraction on a Dask distributed cluster: batches of articles go to workers, results come back in
order.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.records import Article, Extraction

__all__ = ["BATCH", "extract"]

BATCH = 32


def _extract_batch(articles: list[Article]) -> list[Extraction]:
    from pipeline import extract

    return list(extract.extract(articles))


def extract(
    articles: list[Article], scheduler: str | None = None, workers: int = 2
) -> Iterator[Extraction]:
    """Extract on the cluster at `scheduler`, or on a local cluster of `workers` processes."""
    from dask.distributed import Client, LocalCluster

    cluster = (
        None
        if scheduler
        else LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
    )
    client = Client(scheduler or cluster)
    try:
        batches = [articles[i : i + BATCH] for i in range(0, len(articles), BATCH)]
        futures = client.map(_extract_batch, batches, pure=False)
        for future in futures:
            yield from future.result()
            future.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
