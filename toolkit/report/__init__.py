"""Stage 8, the one-command HTML report. See :mod:`toolkit.report.build`."""

from toolkit.report.build import build_report, run_notebooks

__all__ = ["build_report", "run_notebooks"]
