"""Formula generators: deterministic, correct by an independent calculation, useful distractors."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.banks import model as m
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
    if name == "evm.earned_value":
        return v["BAC"] * v["done_pct"] / 100
    if name == "evm.planned_value":
        return v["BAC"] * v["planned_pct"] / 100
    if name == "evm.eac_bottom_up":
        return v["AC"] + v["ETC"]
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
    if name == "schedule.total_float":
        return v["tf"]
    if name == "schedule.free_float":
        return v["ff"]
    if name in ("schedule.duration", "schedule.critical_path"):
        return v["length"]
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
        values = [d.label or d.value for d in g.distractors]
        for d in g.distractors:
            assert d.label != g.answer_label if d.label else abs(d.value - g.answer) > g.tolerance
            assert d.why.strip()
        assert len(set(values)) == len(values)
        assert "=" in g.explanation  # a worked solution, not just the number


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_generated_questions_are_valid_bank_questions(name: str) -> None:
    tasks = {t.code for o in load_outlines().values() for _, t in o.tasks()}
    g = generate(name, 11)
    assert set(g.tasks) <= tasks
    numeric = g.to_question(f"gen-{name}-11")
    if REGISTRY[name].choice_only:
        assert numeric.type == "single"  # a path is not typed in
    else:
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

    from studyapp.generators import network as nw

    for seed in range(150):
        rng = random.Random(seed)
        net = nw.random_network(rng, rng.randint(5, 9), 1, rng.randint(1, 12))
        p = nw.passes(net)
        paths = net.paths()
        assert len(paths) >= 3, seed  # enough paths for a four-option critical-path question
        lengths = sorted((net.length(path) for path in paths), reverse=True)
        assert lengths[0] > lengths[1], seed  # one critical path, so one right answer
        assert p.ef[net.end] == lengths[0] == net.length(nw.critical_path(net))
        for act in net.order:
            through = max(net.length(path) for path in paths if act in path)
            assert p.total(act) == lengths[0] - through, (seed, act)
            succ = net.succs(act)
            if succ:  # free float: room before the earliest successor starts
                slack = min(p.es[s] for s in succ) - p.ef[act]
                assert p.free[act] == slack >= 0 and p.free[act] <= p.total(act)
        svg = nw.svg(net)
        assert svg.count("<rect") == len(net.order) + 1  # a box per activity, plus the background
        assert "script" not in svg and "href" not in svg.replace("url(#arrow)", "")


def test_critical_path_question_shows_the_network_and_asks_for_a_path() -> None:
    g = generate("schedule.critical_path", 8)
    assert "](data:image/svg+xml;base64," in g.stem
    assert "![Activity network: A " in g.stem and " after A" in g.stem  # text alternative
    q = g.to_question("cp-8", choice=True)
    assert isinstance(q, m.SingleQuestion)
    right = next(o for o in q.options if o.id == q.answer)
    assert right.text == g.answer_label and " → " in right.text
    assert all(" → " in o.text for o in q.options)


def test_bank_ranges_move_the_numbers_and_bad_ranges_are_refused() -> None:
    for seed in range(40):
        g = generate("evm.cpi", seed, {"bac": (2_000_000, 3_000_000), "planned_pct": (50, 50)})
        assert 2_000_000 <= g.values["BAC"] <= 3_000_000
        assert g.values["PV"] == round(g.values["BAC"] * 0.5)
        net = generate("schedule.duration", seed, {"activities": (9, 9), "duration": (10, 12)})
        durations = [v for k, v in net.values.items() if k.startswith("d_")]
        assert len(durations) == 9 and all(10 <= d <= 13 for d in durations)
    assert generate("evm.cpi", 4, {"bac": (2_000_000, 3_000_000)}) == generate(
        "evm.cpi", 4, {"bac": (2_000_000, 3_000_000)}
    )
    with pytest.raises(ValueError, match=r"did you mean 'bac'"):
        generate("evm.cpi", 1, {"bca": (1, 2)})
    with pytest.raises(ValueError, match=r"'planned_pct': the range must lie within 10–90"):
        generate("evm.cpi", 1, {"planned_pct": (5, 50)})
    with pytest.raises(ValueError, match=r"low end 9 is above the high end 6"):
        generate("schedule.duration", 1, {"activities": (9, 6)})


@settings(max_examples=150, deadline=None)
@given(data=st.data(), name=st.sampled_from(sorted(REGISTRY)), seed=st.integers(0, 10**6))
def test_any_allowed_range_gives_a_valid_question(
    data: st.DataObject, name: str, seed: int
) -> None:
    ranges = {}
    for key, p in REGISTRY[name].params.items():
        if data.draw(st.booleans()):
            a = data.draw(st.integers(int(p.minimum), int(min(p.maximum, p.minimum + 10**6))))
            b = data.draw(st.integers(a, int(min(p.maximum, a + 10**6))))
            ranges[key] = (float(a), float(b))
    g = generate(name, seed, ranges)
    assert math.isfinite(g.answer)
    for choice in (False, True):
        q = g.to_question("q-1", choice=choice)
        assert grade(q, correct_response(q)).correct
        assert len(getattr(q, "options", [None, None])) >= 2 or q.type == "numeric"


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


def test_a_family_gives_one_instance_per_session_and_per_mock(tmp_path: object) -> None:
    """Instances of a generator family are interchangeable: never two in one session or mock."""
    import datetime as dt
    from pathlib import Path

    from studyapp.clock import ManualClock
    from studyapp.engine import StudyEngine

    folder = Path(str(tmp_path))
    bank = folder / "banks" / "b.yaml"
    bank.parent.mkdir()
    good = (Path(__file__).parent.parent / "data" / "good.yaml").read_text(encoding="utf-8")
    bank.write_text(
        good
        + "generators:\n"
        + "".join(
            f"  - id: fam-{n}\n    generator: {n}\n    tasks: [PMP26.PEO.8]\n"
            for n in ("comms.channels", "comms.channels_added", "evm.cpi")
        ),
        encoding="utf-8",
    )
    clock = ManualClock(dt.datetime(2026, 11, 26, 9, tzinfo=dt.UTC))
    with StudyEngine.open(folder / "d", banks=[bank], clock=clock) as engine:
        assert sum(q.family is not None for q in engine.questions()) == 24
        for _ in range(3):
            picks = engine.next_session(20, beyond_goal=True)
            families = [p.question.family for p in picks if p.question.family]
            assert len(families) == len(set(families)) == 3
            for p in picks:  # formulas wrong, so each instance falls due again
                q = p.question
                engine.record_answer(q.id, -1.0 if q.family else q.correct_response(), 30)
            clock.advance(2 * 86400)
        reviews = [p for p in engine.next_session(20, beyond_goal=True) if p.question.family]
        assert reviews and all(p.reason == "due review (new numbers)" for p in reviews)
        assert all(engine.question(p.question.id) for p in reviews)
        mock = engine.start_mock("mini", questions=6)
        fam = [mock.question(i).family for i in range(len(mock))]
        fam = [f for f in fam if f]
        assert len(fam) == len(set(fam)) >= 1


def test_shipped_families_give_a_question_for_every_seed() -> None:
    """Instances are drawn for ever higher seeds as a learner answers: no seed may fail. A
    degenerate draw (AC equal to BAC made TCPI divide by zero) is redrawn from a derived seed."""
    from studyapp.banks import load_bank_file
    from studyapp.paths import builtin_banks_dir

    entries = []
    for exam in ("pmp", "capm"):
        bank = load_bank_file(builtin_banks_dir() / exam / "formulas.yaml").bank
        assert bank is not None
        entries += bank.generators
    for entry in entries:
        seeds = range(2000) if entry.generator.startswith("evm.tcpi") else range(300)
        for seed in seeds:
            g = generate(entry.generator, seed, entry.ranges())
            assert math.isfinite(g.answer), (entry.id, seed)
    assert generate("evm.tcpi_eac", 5) == generate("evm.tcpi_eac", 5)  # still reproducible
