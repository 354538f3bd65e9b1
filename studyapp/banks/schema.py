"""JSON Schema of the bank format, for editors that autocomplete YAML."""

from __future__ import annotations

import json
from typing import Any

from studyapp.banks.model import FORMAT_VERSION, Bank


def bank_json_schema() -> dict[str, Any]:
    schema = Bank.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://studyapp.invalid/schema/bank-v{FORMAT_VERSION}.json",
        "title": f"StudyApp question bank (format {FORMAT_VERSION})",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def bank_json_schema_text() -> str:
    return json.dumps(bank_json_schema(), indent=2, ensure_ascii=False) + "\n"


def glossary_json_schema_text() -> str:
    from studyapp.banks.glossary import Glossary

    schema = Glossary.model_json_schema()
    full = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://studyapp.invalid/schema/glossary-v{FORMAT_VERSION}.json",
        "title": f"StudyApp glossary (format {FORMAT_VERSION})",
        **{k: v for k, v in schema.items() if k != "title"},
    }
    return json.dumps(full, indent=2, ensure_ascii=False) + "\n"
