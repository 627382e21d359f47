"""report.html and the terminal inspector: what a run removed and why, down to the line."""

from .html import write_report

__all__ = ["write_report"]
