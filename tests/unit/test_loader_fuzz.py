"""Whatever bytes a bank file holds, loading returns problems with locations, never raises."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studyapp.banks import load_bank_file

SEED = (Path(__file__).parent.parent / "data" / "good.yaml").read_text(encoding="utf-8")

_TMP = Path(tempfile.mkdtemp(prefix="studyapp-fuzz-"))


def _check(data: bytes) -> None:
    path = _TMP / "fuzz.yaml"
    path.write_bytes(data)
    loaded = load_bank_file(path)
    for p in loaded.problems:
        assert p.line >= 1 and p.col >= 1 and p.message
    if loaded.bank is None:
        assert any(p.is_error for p in loaded.problems)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes(data: bytes) -> None:
    _check(data)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_mutated_good_bank(data: st.DataObject) -> None:
    text = SEED
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(text)))
        j = data.draw(st.integers(i, min(len(text), i + 12)))
        text = text[:i] + data.draw(st.text(max_size=8)) + text[j:]
    _check(text.encode("utf-8", "surrogatepass"))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["format_version", "bank", "questions", "scenarios", "x"]), json_values
    )
)
def test_random_structures(doc: dict[str, object]) -> None:
    _check(yaml.safe_dump(doc).encode())


def test_seed_is_a_good_bank() -> None:
    path = _TMP / "seed.yaml"
    path.write_text(SEED, encoding="utf-8")
    assert load_bank_file(path).ok
