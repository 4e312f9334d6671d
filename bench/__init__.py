"""Benchmarks for `make bench`: speed and memory as ratios against baselines measured in the same
run.
"""

__all__ = ["geo"]
