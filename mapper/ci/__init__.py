"""Outputs for CI: GitHub workflow annotations, SARIF, and the risk diff."""
