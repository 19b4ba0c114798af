"""Reproducible benchmarks (`make bench`): the engine against zen-engine, the HTTP service."""
