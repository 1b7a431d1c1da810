"""Adapters for pipelines people already run (datatrove, Ray Data). Thin shells around clean()."""
