"""Benchmarks (`make bench`): speed goals are measured here, never asserted in tests."""
