"""Generators of the bundled synthetic example data, one module per domain (fixed seed)."""
