"""Benchmarks, run as modules (`python -m bench.images`); see the Makefile."""
