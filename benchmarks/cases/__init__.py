"""Benchmark cases, each run in a fresh process by worker.py."""
