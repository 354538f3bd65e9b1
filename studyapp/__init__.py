"""StudyApp: prepare for PMI's CAPM and PMP exams."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("studyapp")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
