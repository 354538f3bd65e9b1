"""StudyApp: prepare for PMI's CAPM and PMP exams."""

# The single source of the version: the package metadata reads it from here (pyproject.toml).
# A constant rather than importlib.metadata, which costs 40 ms and 5 MiB at every start.
__version__ = "0.1.0"

__all__ = ["__version__"]
