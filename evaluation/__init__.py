"""Evaluation on external benchmarks (one script per dataset); see README."""
