"""Checking any guidance text for its legal basis: its normative statements, the legal
references in and around them, which of them the text gives as its basis, and the verdict
of the graph's SHACL shapes on each statement."""

from graph.check.check import CHECK_BASE, check, check_text
from graph.check.inputs import MAX_CHECK_BYTES, read_input
from graph.check.results import CheckResult

__all__ = ["CHECK_BASE", "MAX_CHECK_BYTES", "CheckResult", "check", "check_text", "read_input"]
