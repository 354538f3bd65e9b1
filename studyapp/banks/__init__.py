"""Question banks: the YAML format, loading with precise locations, validation and statistics."""

from studyapp.banks.cache import BankCache
from studyapp.banks.loader import LoadedBank, load_bank_file
from studyapp.banks.model import FORMAT_VERSION, Bank
from studyapp.banks.problems import Problem
from studyapp.banks.validate import ValidationReport, validate_paths

__all__ = [
    "FORMAT_VERSION",
    "Bank",
    "BankCache",
    "LoadedBank",
    "Problem",
    "ValidationReport",
    "load_bank_file",
    "validate_paths",
]
