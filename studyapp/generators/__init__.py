"""Formula questions generated from parameters: named, tested functions (banks never carry code).

Each generator takes a seeded random source and returns a :class:`Generated` question: the stem,
the exact answer with a tolerance, distractors built from the mistakes learners really make
(a wrong formula, swapped operands, a forgotten step) each with the reason it is wrong, and a
worked solution. The same name and seed always give the same question, so a question can be
re-created from ``(generator, seed)`` alone and the scheduler can draw fresh instances of a
family whenever it wants.

    >>> g = generate("evm.cpi", seed=7)
    >>> g.answer == round(g.values["EV"] / g.values["AC"], 2)
    True
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from studyapp.banks import model as m


@dataclass(frozen=True)
class Distractor:
    value: float
    why: str  # the mistake that produces it, in the learner's terms


@dataclass(frozen=True)
class Generated:
    name: str
    seed: int
    stem: str
    answer: float
    tolerance: float
    unit: str
    explanation: str
    distractors: tuple[Distractor, ...]
    tasks: tuple[str, ...]
    values: dict[str, float] = field(default_factory=dict)

    def to_question(self, question_id: str, *, choice: bool = False) -> m.Question:
        """A numeric fill-in question, or (``choice=True``) a single-choice one."""
        common = {
            "id": question_id,
            "stem": self.stem,
            "explanation": self.explanation,
            "tasks": list(self.tasks),
            "approach": "predictive",
            "difficulty": 2,
            "references": ["PMBOK Guide 8th ed., Finance performance domain"],
            "tags": ["formula", self.name],
        }
        if not choice:
            return m.NumericQuestion.model_validate(
                {
                    **common,
                    "type": "numeric",
                    "answer": {
                        "value": self.answer,
                        "tolerance": self.tolerance,
                        "unit": self.unit,
                    },
                }
            )
        values = [(self.answer, "Correct. " + self.explanation.split("\n")[0])] + [
            (d.value, d.why) for d in self.distractors[:3]
        ]
        order = list(range(len(values)))
        random.Random(self.seed).shuffle(order)
        options = []
        answer_id = ""
        for letter, k in zip("abcd", order, strict=False):
            value, why = values[k]
            options.append({"id": letter, "text": _fmt(value, self.unit), "rationale": why})
            if k == 0:
                answer_id = letter
        return m.SingleQuestion.model_validate(
            {**common, "type": "single", "options": options, "answer": answer_id}
        )


def _fmt(value: float, unit: str) -> str:
    text = f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
    return f"{text} {unit}".strip()


def _money(rng: random.Random, low: int, high: int, step: int = 1000) -> int:
    return rng.randrange(low // step, high // step + 1) * step


def _distinct(
    answer: float, tolerance: float, candidates: list[Distractor]
) -> tuple[Distractor, ...]:
    """Distractors that differ from the answer and from each other by more than the tolerance."""
    kept: list[Distractor] = []
    for d in candidates:
        if not math.isfinite(d.value) or abs(d.value - answer) <= 2 * tolerance:
            continue
        if any(abs(d.value - k.value) <= 2 * tolerance for k in kept):
            continue
        kept.append(d)
    return tuple(kept)


# ---------------------------------------------------------------------------- earned value

EVM_TASKS = ("PMP26.PRO.9", "PMP26.PRO.6")


def _evm_values(rng: random.Random) -> dict[str, float]:
    bac = _money(rng, 100_000, 900_000, 10_000)
    planned = rng.randint(30, 80) / 100
    actual = max(0.1, min(0.95, planned + rng.choice([-1, 1]) * rng.randint(3, 15) / 100))
    ev = round(bac * actual)
    pv = round(bac * planned)
    ac = round(ev * rng.choice([0.8, 0.85, 0.9, 1.1, 1.15, 1.2, 1.25]))
    return {"BAC": bac, "PV": pv, "EV": ev, "AC": ac}


def _evm_stem(v: dict[str, float], ask: str) -> str:
    return (
        f"A software project has a budget at completion (BAC) of {v['BAC']:,.0f} USD. At the "
        f"latest status date the planned value (PV) is {v['PV']:,.0f} USD, the earned value (EV) "
        f"is {v['EV']:,.0f} USD and the actual cost (AC) is {v['AC']:,.0f} USD. {ask}"
    )


def evm_cpi(
    rng: random.Random,
) -> tuple[str, float, float, str, str, list[Distractor], dict[str, float]]:
    v = _evm_values(rng)
    cpi = round(v["EV"] / v["AC"], 2)
    return (
        _evm_stem(v, "What is the cost performance index (CPI)? Round to two decimals."),
        cpi,
        0.01,
        "",
        f"CPI = EV / AC = {v['EV']:,.0f} / {v['AC']:,.0f} = {cpi:.2f}.\n"
        + (
            "Below 1: each dollar spent earns less than a dollar of work."
            if cpi < 1
            else "At or above 1: work costs no more than planned."
        ),
        [
            Distractor(
                round(v["AC"] / v["EV"], 2), "Swapped operands: CPI is EV ÷ AC, not AC ÷ EV."
            ),
            Distractor(
                round(v["EV"] / v["PV"], 2), "That is the SPI (EV ÷ PV), a schedule measure."
            ),
            Distractor(round(v["PV"] / v["AC"], 2), "Uses planned value instead of earned value."),
        ],
        v,
    )


def evm_spi(
    rng: random.Random,
) -> tuple[str, float, float, str, str, list[Distractor], dict[str, float]]:
    v = _evm_values(rng)
    spi = round(v["EV"] / v["PV"], 2)
    return (
        _evm_stem(v, "What is the schedule performance index (SPI)? Round to two decimals."),
        spi,
        0.01,
        "",
        f"SPI = EV / PV = {v['EV']:,.0f} / {v['PV']:,.0f} = {spi:.2f}.",
        [
            Distractor(round(v["PV"] / v["EV"], 2), "Swapped operands: SPI is EV ÷ PV."),
            Distractor(round(v["EV"] / v["AC"], 2), "That is the CPI (EV ÷ AC), a cost measure."),
            Distractor(round(v["AC"] / v["PV"], 2), "Compares actual cost with planned value."),
        ],
        v,
    )


def evm_cv(
    rng: random.Random,
) -> tuple[str, float, float, str, str, list[Distractor], dict[str, float]]:
    v = _evm_values(rng)
    cv = v["EV"] - v["AC"]
    return (
        _evm_stem(v, "What is the cost variance (CV) in USD?"),
        cv,
        1.0,
        "USD",
        f"CV = EV − AC = {v['EV']:,.0f} − {v['AC']:,.0f} = {cv:,.0f} USD "
        f"({'over' if cv < 0 else 'under'} budget).",
        [
            Distractor(
                v["AC"] - v["EV"],
                "Swapped operands: CV is EV − AC; a negative CV means over budget.",
            ),
            Distractor(v["EV"] - v["PV"], "That is the schedule variance (EV − PV)."),
            Distractor(v["PV"] - v["AC"], "Uses planned value instead of earned value."),
        ],
        v,
    )


def evm_sv(
    rng: random.Random,
) -> tuple[str, float, float, str, str, list[Distractor], dict[str, float]]:
    v = _evm_values(rng)
    sv = v["EV"] - v["PV"]
    return (
        _evm_stem(v, "What is the schedule variance (SV) in USD?"),
        sv,
        1.0,
        "USD",
        f"SV = EV − PV = {v['EV']:,.0f} − {v['PV']:,.0f} = {sv:,.0f} USD.",
        [
            Distractor(v["PV"] - v["EV"], "Swapped operands: SV is EV − PV."),
            Distractor(v["EV"] - v["AC"], "That is the cost variance (EV − AC)."),
            Distractor(v["AC"] - v["PV"], "Compares actual cost with planned value."),
        ],
        v,
    )


def evm_eac_typical(
    rng: random.Random,
) -> tuple[str, float, float, str, str, list[Distractor], dict[str, float]]:
    v = _evm_values(rng)
    cpi = v["EV"] / v["AC"]
    eac = round(v["BAC"] / cpi)
    return (
        _evm_stem(
            v,
            "The cost performance so far is expected to continue. What is the estimate at "
            "completion (EAC) in USD?",
        ),
        eac,
        max(1.0, 0.005 * eac),
        "USD",
        f"Typical variances: EAC = BAC / CPI. CPI = {v['EV']:,.0f} / {v['AC']:,.0f} = {cpi:.3f}; "
        f"EAC = {v['BAC']:,.0f} / {cpi:.3f} = {eac:,.0f} USD.",
        [
            Distractor(
                round(v["AC"] + v["BAC"] - v["EV"]),
                "That is the atypical formula AC + (BAC − EV), for variances that will not recur.",
            ),
            Distractor(round(v["BAC"] * cpi), "Multiplies by the CPI instead of dividing."),
            Distractor(
                round(v["BAC"] / (v["EV"] / v["PV"])), "Divides by the SPI instead of the CPI."
            ),
        ],
        v,
    )


def evm_eac_atypical(
    rng: random.Random,
) -> tuple[str, float, float, str, str, list[Distractor], dict[str, float]]:
    v = _evm_values(rng)
    eac = v["AC"] + v["BAC"] - v["EV"]
    cpi = v["EV"] / v["AC"]
    return (
        _evm_stem(
            v,
            "The overrun so far came from a one-off event and the remaining work is expected to "
            "go as planned. What is the estimate at completion (EAC) in USD?",
        ),
        eac,
        1.0,
        "USD",
        f"Atypical variance: EAC = AC + (BAC − EV) = {v['AC']:,.0f} + ({v['BAC']:,.0f} − "
        f"{v['EV']:,.0f}) = {eac:,.0f} USD.",
        [
            Distractor(
                round(v["BAC"] / cpi), "That is BAC ÷ CPI, for variances expected to continue."
            ),
            Distractor(
                v["BAC"] - v["EV"],
                "That is only the remaining work at budget rate, without the AC already spent.",
            ),
            Distractor(v["AC"] + v["BAC"] - v["PV"], "Uses planned value instead of earned value."),
        ],
        v,
    )


def evm_tcpi_bac(
    rng: random.Random,
) -> tuple[str, float, float, str, str, list[Distractor], dict[str, float]]:
    v = _evm_values(rng)
    tcpi = round((v["BAC"] - v["EV"]) / (v["BAC"] - v["AC"]), 2)
    return (
        _evm_stem(
            v,
            "What cost performance must the remaining work achieve to finish within the BAC "
            "(the to-complete performance index, TCPI)? Round to two decimals.",
        ),
        tcpi,
        0.01,
        "",
        f"TCPI (to BAC) = (BAC − EV) / (BAC − AC) = ({v['BAC']:,.0f} − {v['EV']:,.0f}) / "
        f"({v['BAC']:,.0f} − {v['AC']:,.0f}) = {tcpi:.2f}.",
        [
            Distractor(
                round((v["BAC"] - v["AC"]) / (v["BAC"] - v["EV"]), 2),
                "Swapped numerator and denominator.",
            ),
            Distractor(
                round(v["EV"] / v["AC"], 2),
                "That is the CPI achieved so far, not the one needed from now on.",
            ),
            Distractor(round(v["AC"] / v["EV"], 2), "Inverts the CPI achieved so far."),
            Distractor(
                round((v["BAC"] - v["PV"]) / (v["BAC"] - v["AC"]), 2),
                "Uses planned value instead of earned value.",
            ),
        ],
        v,
    )


# ---------------------------------------------------------------------------- estimating


def pert_beta(
    rng: random.Random,
) -> tuple[str, float, float, str, str, list[Distractor], dict[str, float]]:
    o = rng.randint(2, 8)
    ml = o + rng.randint(2, 8)
    p = ml + rng.randint(4, 16)
    e = round((o + 4 * ml + p) / 6, 2)
    return (
        f"The team estimates that migrating the customer database will take {o} days at best, "
        f"{ml} days most likely and {p} days at worst. Using a beta (PERT) distribution, what is "
        "the expected duration in days? Round to two decimals.",
        e,
        0.01,
        "days",
        f"Beta (PERT): (O + 4M + P) / 6 = ({o} + 4×{ml} + {p}) / 6 = {e:.2f} days.",
        [
            Distractor(
                round((o + ml + p) / 3, 2), "That is the triangular average (O + M + P) / 3."
            ),
            Distractor(
                round((p - o) / 6, 2), "That is the standard deviation (P − O) / 6, not the mean."
            ),
            Distractor(float(ml), "The most likely estimate ignores the spread of the other two."),
            Distractor(
                round((o + 4 * ml + p) / 4, 2),
                "Divides by 4 instead of 6: the weights 1 + 4 + 1 add up to 6.",
            ),
        ],
        {"O": o, "M": ml, "P": p},
    )


def pert_sd(
    rng: random.Random,
) -> tuple[str, float, float, str, str, list[Distractor], dict[str, float]]:
    o = rng.randint(3, 10)
    ml = o + rng.randint(2, 6)
    p = ml + rng.randint(6, 18)
    sd = round((p - o) / 6, 2)
    return (
        f"An activity is estimated at {o} days optimistic, {ml} days most likely and {p} days "
        "pessimistic. What is its standard deviation in days (PERT)? Round to two decimals.",
        sd,
        0.01,
        "days",
        f"σ = (P − O) / 6 = ({p} − {o}) / 6 = {sd:.2f} days.",
        [
            Distractor(
                round((o + 4 * ml + p) / 6, 2), "That is the expected duration, not the spread."
            ),
            Distractor(round(((p - o) / 6) ** 2, 2), "That is the variance (σ²)."),
            Distractor(round((p - o) / 3, 2), "Divides by 3 instead of 6."),
        ],
        {"O": o, "M": ml, "P": p},
    )


# ---------------------------------------------------------------------------- communication


def comm_channels_added(
    rng: random.Random,
) -> tuple[str, float, float, str, str, list[Distractor], dict[str, float]]:
    n = rng.randint(5, 14)
    k = rng.randint(2, 6)
    before = n * (n - 1) // 2
    after = (n + k) * (n + k - 1) // 2
    return (
        f"A project has {n} stakeholders, the project manager included. {k} more join when the "
        "cloud migration starts. How many more communication channels are there now?",
        float(after - before),
        0.0,
        "",
        f"Channels = n(n − 1) / 2. Before: {n}×{n - 1}/2 = {before}. After: "
        f"{n + k}×{n + k - 1}/2 = {after}. Increase: {after} − {before} = {after - before}.",
        [
            Distractor(float(after), "That is the total after the change, not the increase."),
            Distractor(
                float((n + k) * (n + k - 1) - n * (n - 1)),
                "Forgets to divide by 2: each channel links two people once.",
            ),
            Distractor(float(k * (k - 1) // 2), "Counts only channels among the newcomers."),
        ],
        {"n": n, "k": k},
    )


# ---------------------------------------------------------------------------- risk and finance


def risk_emv(
    rng: random.Random,
) -> tuple[str, float, float, str, str, list[Distractor], dict[str, float]]:
    p1 = rng.randint(10, 40) / 100
    i1 = _money(rng, 10_000, 80_000, 1000)
    p2 = rng.randint(10, 40) / 100
    i2 = _money(rng, 5_000, 40_000, 1000)
    emv = round(-p1 * i1 + p2 * i2)
    return (
        f"The risk register of an app release lists a threat with a {p1:.0%} probability and an "
        f"impact of {i1:,.0f} USD, and an opportunity with a {p2:.0%} probability and a benefit "
        f"of {i2:,.0f} USD. What is the combined expected monetary value (EMV) in USD?",
        emv,
        1.0,
        "USD",
        f"EMV = Σ probability × impact, threats negative: −{p1:.2f}×{i1:,.0f} + "
        f"{p2:.2f}×{i2:,.0f} = {emv:,.0f} USD.",
        [
            Distractor(round(p1 * i1 + p2 * i2), "Adds the threat instead of subtracting it."),
            Distractor(round(-i1 + i2), "Ignores the probabilities."),
            Distractor(round(-p1 * i1), "Leaves out the opportunity."),
        ],
        {"p1": p1, "i1": i1, "p2": p2, "i2": i2},
    )


def finance_present_value(
    rng: random.Random,
) -> tuple[str, float, float, str, str, list[Distractor], dict[str, float]]:
    fv = _money(rng, 50_000, 500_000, 5000)
    r = rng.choice([0.04, 0.05, 0.06, 0.08, 0.1])
    n = rng.randint(2, 5)
    pv = round(fv / (1 + r) ** n)
    return (
        f"A new self-service portal is expected to save {fv:,.0f} USD in year {n}. With a "
        f"discount rate of {r:.0%}, what is the present value of that saving in USD?",
        pv,
        max(1.0, 0.0005 * pv),
        "USD",
        f"PV = FV / (1 + r)^n = {fv:,.0f} / (1 + {r:.2f})^{n} = {pv:,.0f} USD.",
        [
            Distractor(round(fv * (1 + r) ** n), "Compounds forward instead of discounting."),
            Distractor(round(fv / (1 + r * n)), "Uses simple instead of compound discounting."),
            Distractor(round(fv / (1 + r)), "Discounts one year only, not n years."),
            Distractor(
                round(fv * (1 - r) ** n),
                "Subtracts the rate each year instead of dividing by (1 + r).",
            ),
        ],
        {"FV": fv, "r": r, "n": n},
    )


def contract_pta(
    rng: random.Random,
) -> tuple[str, float, float, str, str, list[Distractor], dict[str, float]]:
    target_cost = _money(rng, 200_000, 800_000, 10_000)
    fee = round(target_cost * rng.choice([0.08, 0.1, 0.12]))
    target_price = target_cost + fee
    ceiling = round(target_price * rng.choice([1.1, 1.12, 1.15, 1.2]))
    share = rng.choice([0.6, 0.7, 0.75, 0.8])
    pta = round((ceiling - target_price) / share + target_cost)
    return (
        f"A fixed-price-incentive-fee contract for a data-centre move has a target cost of "
        f"{target_cost:,.0f} USD, a target price of {target_price:,.0f} USD, a ceiling price of "
        f"{ceiling:,.0f} USD and a buyer's share of {share:.0%} of overruns. What is the point of "
        "total assumption (PTA) in USD?",
        pta,
        1.0,
        "USD",
        f"PTA = (ceiling price − target price) / buyer's share + target cost = ({ceiling:,.0f} − "
        f"{target_price:,.0f}) / {share:.2f} + {target_cost:,.0f} = {pta:,.0f} USD.",
        [
            Distractor(
                round((ceiling - target_price) / (1 - share) + target_cost),
                "Divides by the seller's share instead of the buyer's.",
            ),
            Distractor(
                round((ceiling - target_cost) / share + target_cost),
                "Uses the target cost instead of the target price in the numerator.",
            ),
            Distractor(
                round((ceiling - target_price) / share + target_price),
                "Adds the target price instead of the target cost.",
            ),
        ],
        {
            "target_cost": target_cost,
            "target_price": target_price,
            "ceiling": ceiling,
            "share": share,
        },
    )


Raw = tuple[str, float, float, str, str, list[Distractor], dict[str, float]]


@dataclass(frozen=True)
class Spec:
    fn: Callable[[random.Random], Raw]
    tasks: tuple[str, ...]
    title: str


REGISTRY: dict[str, Spec] = {
    "evm.cpi": Spec(evm_cpi, EVM_TASKS, "Cost performance index"),
    "evm.spi": Spec(evm_spi, EVM_TASKS, "Schedule performance index"),
    "evm.cv": Spec(evm_cv, EVM_TASKS, "Cost variance"),
    "evm.sv": Spec(evm_sv, EVM_TASKS, "Schedule variance"),
    "evm.eac_typical": Spec(evm_eac_typical, EVM_TASKS, "EAC, typical variances"),
    "evm.eac_atypical": Spec(evm_eac_atypical, EVM_TASKS, "EAC, atypical variance"),
    "evm.tcpi_bac": Spec(evm_tcpi_bac, EVM_TASKS, "TCPI to the BAC"),
    "estimating.pert_beta": Spec(pert_beta, ("PMP26.PRO.8",), "PERT expected duration"),
    "estimating.pert_sd": Spec(pert_sd, ("PMP26.PRO.8",), "PERT standard deviation"),
    "comms.channels_added": Spec(comm_channels_added, ("PMP26.PEO.8",), "Communication channels"),
    "risk.emv": Spec(risk_emv, ("PMP26.BUS.5",), "Expected monetary value"),
    "finance.present_value": Spec(finance_present_value, ("PMP26.PRO.6",), "Present value"),
    "contracts.pta": Spec(contract_pta, ("PMP26.PRO.5",), "Point of total assumption"),
}


def generate(name: str, seed: int) -> Generated:
    """The question of generator ``name`` for ``seed`` (the same every time)."""
    try:
        spec = REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(REGISTRY))
        raise KeyError(f"unknown generator {name!r}; known: {known}") from None
    rng = random.Random(f"{name}|{seed}")
    stem, answer, tol, unit, explanation, distractors, values = spec.fn(rng)
    return Generated(
        name=name,
        seed=seed,
        stem=stem,
        answer=answer,
        tolerance=tol,
        unit=unit,
        explanation=explanation,
        distractors=_distinct(answer, tol, distractors),
        tasks=spec.tasks,
        values=dict(values),
    )
