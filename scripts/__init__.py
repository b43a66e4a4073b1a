"""Operational scripts: the ops CLI (scripts.cli) and benchmarks."""
