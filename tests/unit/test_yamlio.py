from __future__ import annotations

import pytest

from studyapp.banks.yamlio import Mark, YamlProblem, decode, describe_path, parse


def test_decode_accepts_utf8_with_bom() -> None:
    assert decode("\ufeffa: é\n".encode()) == "a: é\n"


def test_decode_points_at_the_bad_byte() -> None:
    with pytest.raises(YamlProblem) as info:
        decode(b"a: 1\nb: caf\xe9\n")
    assert info.value.mark == Mark(2, 7)
    assert "UTF-8" in info.value.message


def test_decode_refuses_utf16() -> None:
    with pytest.raises(YamlProblem, match="UTF-16"):
        decode("a: 1".encode("utf-16"))


def test_decode_refuses_binary() -> None:
    with pytest.raises(YamlProblem, match="NUL"):
        decode(b"a: 1\n\x00\x01")


def test_tab_indentation_is_named() -> None:
    with pytest.raises(YamlProblem) as info:
        parse("a:\n\tb: 1\n")
    assert info.value.message.startswith("tab character")
    assert info.value.mark == Mark(2, 1)


def test_billion_laughs_is_refused_quickly() -> None:
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, cur in zip("abcdefgh", "bcdefghi", strict=True):
        levels.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    with pytest.raises(YamlProblem, match="billion laughs"):
        parse("\n".join(levels))


def test_small_aliases_are_allowed() -> None:
    doc = parse("refs: &r [PMBOK, APG]\nq1: *r\nq2: *r\n")
    assert doc.data["q2"] == ["PMBOK", "APG"]


def test_duplicate_keys_are_reported_with_their_place() -> None:
    doc = parse("a: 1\nb:\n  c: 1\n  c: 2\n")
    assert doc.duplicate_keys == [(Mark(4, 3), "c")]


def test_deep_nesting_is_a_problem_not_a_crash() -> None:
    with pytest.raises(YamlProblem, match="nesting too deep"):
        parse("[" * 20_000)


def test_several_documents_are_refused() -> None:
    with pytest.raises(YamlProblem, match="more than one YAML document"):
        parse("a: 1\n---\nb: 2\n")


def test_locate_follows_mappings_sequences_and_skips_tags() -> None:
    doc = parse("questions:\n  - id: x\n    options:\n      - {id: a, text: T}\n")
    assert doc.locate(("questions", 0, "single", "options", 0, "text")) == Mark(4, 23)
    assert doc.locate(("questions", 0, "options", 0, "missing")) == Mark(4, 9)
    assert doc.locate(("questions", 0, "options"), key=True) == Mark(3, 5)
    assert doc.locate(("questions", 7)) == Mark(2, 3)


def test_describe_path() -> None:
    assert describe_path(("questions", 3, "options", 0)) == "questions[3].options[0]"
