"""Formula generators: deterministic, correct by an independent calculation, useful distractors."""

from __future__ import annotations

import math

import pytest

from studyapp.generators import REGISTRY, generate
from studyapp.outlines import load_outlines
from studyapp.scheduler.grading import correct_response, grade

SEEDS = range(60)


def _expected(name: str, v: dict[str, float]) -> float:
    """The textbook formulas, written out again here independently of the generators."""
    if name == "evm.cpi":
        return round(v["EV"] / v["AC"], 2)
    if name == "evm.spi":
        return round(v["EV"] / v["PV"], 2)
    if name == "evm.cv":
        return v["EV"] - v["AC"]
    if name == "evm.sv":
        return v["EV"] - v["PV"]
    if name == "evm.eac_typical":
        return v["BAC"] * v["AC"] / v["EV"]
    if name == "evm.eac_atypical":
        return v["AC"] + (v["BAC"] - v["EV"])
    if name == "evm.tcpi_bac":
        return (v["BAC"] - v["EV"]) / (v["BAC"] - v["AC"])
    if name == "estimating.pert_beta":
        return (v["O"] + 4 * v["M"] + v["P"]) / 6
    if name == "estimating.pert_sd":
        return (v["P"] - v["O"]) / 6
    if name == "comms.channels_added":
        n, k = v["n"], v["k"]
        return (n + k) * (n + k - 1) / 2 - n * (n - 1) / 2
    if name == "risk.emv":
        return -v["p1"] * v["i1"] + v["p2"] * v["i2"]
    if name == "finance.present_value":
        return v["FV"] / math.pow(1 + v["r"], v["n"])
    if name == "contracts.pta":
        return (v["ceiling"] - v["target_price"]) / v["share"] + v["target_cost"]
    if name == "evm.eac_cpi_spi":
        cpi, spi = v["EV"] / v["AC"], v["EV"] / v["PV"]
        return v["AC"] + (v["BAC"] - v["EV"]) / (cpi * spi)
    if name == "evm.etc":
        return v["BAC"] * v["AC"] / v["EV"] - v["AC"]
    if name == "evm.vac":
        return v["BAC"] - v["BAC"] * v["AC"] / v["EV"]
    if name == "evm.tcpi_eac":
        return (v["BAC"] - v["EV"]) / (v["EAC"] - v["AC"])
    if name == "evm.percent_complete":
        return 100 * v["EV"] / v["BAC"]
    if name == "estimating.triangular":
        return (v["O"] + v["M"] + v["P"]) / 3
    if name == "estimating.path_sd":
        return math.sqrt(v["sigma_sum_sq"])
    if name == "comms.channels":
        return v["n"] * (v["n"] - 1) / 2
    if name == "risk.decision_tree":
        return min(v["emv_build"], v["emv_buy"])
    if name == "finance.npv":
        r = v["r"]
        return -v["invest"] + v["f1"] / (1 + r) + v["f2"] / (1 + r) ** 2 + v["f3"] / (1 + r) ** 3
    if name == "finance.bcr":
        return v["benefit"] / v["cost"]
    if name == "finance.payback":
        return v["invest"] / v["yearly"]
    if name == "finance.roi":
        return 100 * (v["gain"] - v["cost"]) / v["cost"]
    if name in ("schedule.total_float", "schedule.duration"):
        return v["tf"] if name == "schedule.total_float" else v["length"]
    raise AssertionError(f"no independent formula for {name}")


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_answers_match_the_textbook_formula(name: str) -> None:
    for seed in SEEDS:
        g = generate(name, seed)
        assert abs(g.answer - _expected(name, g.values)) <= max(g.tolerance, 0.006), (name, seed)


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_same_seed_same_question_other_seed_other_numbers(name: str) -> None:
    assert generate(name, 3) == generate(name, 3)
    stems = {generate(name, s).stem for s in SEEDS}
    assert len(stems) > len(SEEDS) // 2


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_distractors_are_distinct_wrong_and_explained(name: str) -> None:
    for seed in SEEDS:
        g = generate(name, seed)
        assert len(g.distractors) >= 2, (name, seed)
        values = [d.value for d in g.distractors]
        for d in g.distractors:
            assert abs(d.value - g.answer) > g.tolerance
            assert d.why.strip()
        assert len(set(values)) == len(values)
        assert "=" in g.explanation  # a worked solution, not just the number


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_generated_questions_are_valid_bank_questions(name: str) -> None:
    tasks = {t.code for o in load_outlines().values() for _, t in o.tasks()}
    g = generate(name, 11)
    assert set(g.tasks) <= tasks
    numeric = g.to_question(f"gen-{name}-11")
    assert numeric.type == "numeric"
    assert grade(numeric, g.answer).correct
    assert not grade(numeric, g.distractors[0].value).correct
    choice = g.to_question(f"gen-{name}-11-c", choice=True)
    assert choice.type == "single"
    assert grade(choice, correct_response(choice)).correct
    assert len(choice.options) == 1 + min(3, len(g.distractors))


def test_unknown_generator_is_a_clear_error() -> None:
    with pytest.raises(KeyError, match=r"unknown generator 'evm\.nope'"):
        generate("evm.nope", 1)


def test_network_passes_match_a_brute_force_path_search() -> None:
    import random

    from studyapp.generators import _network, _passes

    def paths(preds: dict[str, list[str]], node: str) -> list[list[str]]:
        if not preds[node]:
            return [[node]]
        return [[*p, node] for pred in preds[node] for p in paths(preds, pred)]

    for seed in range(100):
        durations, preds = _network(random.Random(seed))
        p = _passes(durations, preds)
        all_paths = paths(preds, "F")
        longest = max(sum(durations[n] for n in path) for path in all_paths)
        assert p["EF"]["F"] == longest
        for act in durations:
            through = max(sum(durations[n] for n in path) for path in all_paths if act in path)
            assert p["LS"][act] - p["ES"][act] == longest - through, (seed, act)


def test_bank_generator_entries_are_validated(tmp_path: object) -> None:
    from pathlib import Path

    from studyapp.banks import load_bank_file

    good = (Path(__file__).parent.parent / "data" / "good.yaml").read_text(encoding="utf-8")
    text = good + (
        "generators:\n"
        "  - id: fam-a\n    generator: evm.cpi\n"
        "  - id: fam-b\n    generator: evm.nope\n"
        "  - id: good-1\n    generator: evm.spi\n    tasks: [PMP26.PRO.99]\n"
    )
    path = Path(str(tmp_path)) / "b.yaml"
    path.write_text(text, encoding="utf-8")
    problems = [(p.line, p.message) for p in load_bank_file(path).problems]
    assert problems[0][0] == 27 and problems[0][1].startswith("unknown generator 'evm.nope'")
    assert (28, "id 'good-1' is already used in this bank") in problems
    assert (30, "unknown task code 'PMP26.PRO.99' in outline PMP2026") in problems


def test_engine_draws_fresh_instances_from_a_family(tmp_path: object) -> None:
    import datetime as dt
    from pathlib import Path

    from studyapp.clock import ManualClock
    from studyapp.engine import FRESH_INSTANCES, StudyEngine

    folder = Path(str(tmp_path))
    bank = folder / "banks" / "b.yaml"
    bank.parent.mkdir()
    good = (Path(__file__).parent.parent / "data" / "good.yaml").read_text(encoding="utf-8")
    bank.write_text(
        good + "generators:\n  - id: fam\n    generator: comms.channels\n", encoding="utf-8"
    )
    clock = ManualClock(dt.datetime(2026, 11, 26, 9, tzinfo=dt.UTC))
    with StudyEngine.open(folder / "d", banks=[bank], clock=clock) as engine:
        family = [q for q in engine.questions() if q.id.startswith("fam.")]
        assert len(family) == FRESH_INSTANCES
        assert all(q.type == "numeric" and q.task == "PMP26.PEO.8" for q in family)
        for q in family[:5]:
            assert engine.record_answer(q.id, q.correct_response(), 40).correct
        stem = engine.question("fam.2").stem
    with StudyEngine.open(folder / "d", banks=[bank], clock=clock) as again:
        family = [q for q in again.questions() if q.id.startswith("fam.")]
        assert len(family) == 5 + FRESH_INSTANCES  # always fresh ones to draw
        assert again.question("fam.2").stem == stem  # reproducible: history stays linked
