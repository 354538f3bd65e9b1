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

import difflib
import math
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from studyapp.banks import model as m
from studyapp.generators import network as nw


@dataclass(frozen=True)
class Distractor:
    value: float
    why: str  # the mistake that produces it, in the learner's terms
    label: str = ""  # the option text, when the answer is not a number (a path, a choice)


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
    answer_label: str = ""  # set when the answer is not a number: the question is choice only

    def to_question(self, question_id: str, *, choice: bool = False) -> m.Question:
        """A numeric fill-in question, or (``choice=True``, or a labelled answer) single choice."""
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
        if not choice and not self.answer_label:
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
        values = [
            (
                self.answer_label or _fmt(self.answer, self.unit),
                "Correct. " + self.explanation.split("\n")[0],
            )
        ] + [(d.label or _fmt(d.value, self.unit), d.why) for d in self.distractors[:3]]
        order = list(range(len(values)))
        random.Random(self.seed).shuffle(order)
        options = []
        answer_id = ""
        for letter, k in zip("abcd", order, strict=False):
            text, why = values[k]
            options.append({"id": letter, "text": text, "rationale": why})
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
        if d.label:
            if all(k.label != d.label for k in kept):
                kept.append(d)
            continue
        if not math.isfinite(d.value) or abs(d.value - answer) <= 2 * tolerance:
            continue
        if any(abs(d.value - k.value) <= 2 * tolerance for k in kept):
            continue
        kept.append(d)
    return tuple(kept)


Raw = tuple[str, float, float, str, str, list[Distractor], dict[str, float]]
"""What a generator function returns: stem, answer, tolerance, unit, explanation, distractors,
and the values it drew (for tests and for the worked solution)."""


@dataclass(frozen=True)
class Param:
    """A number a generator draws, with the range it uses unless a bank narrows or moves it."""

    low: float
    high: float
    minimum: float  # the widest range a bank may ask for
    maximum: float
    step: float = 1
    help: str = ""

    def problem(self, low: float, high: float) -> str | None:
        """Why ``[low, high]`` is not an acceptable range for this parameter, or None."""
        if not (math.isfinite(low) and math.isfinite(high)):
            return "the range must be two finite numbers"
        if low > high:
            return f"the low end {low:g} is above the high end {high:g}"
        if low < self.minimum or high > self.maximum:
            return f"the range must lie within {self.minimum:g}–{self.maximum:g}"
        return None


class Draw(random.Random):
    """A seeded random source that also draws the generator's declared parameters."""

    def __init__(
        self,
        seed: str,
        params: Mapping[str, Param],
        ranges: Mapping[str, tuple[float, float]] | None = None,
    ) -> None:
        super().__init__(seed)
        self._params = params
        self._ranges = {name: (p.low, p.high) for name, p in params.items()}
        self._ranges.update(ranges or {})

    def value(self, name: str) -> float:
        """A value of parameter ``name``, on its step grid within the range in force."""
        low, high = self._ranges[name]
        step = self._params[name].step
        steps = math.floor((high - low) / step + 1e-9)
        return round(low + self.randint(0, max(steps, 0)) * step, 9)

    def range(self, name: str) -> tuple[float, float]:
        """The range in force for ``name``, for generators that draw many values from it."""
        return self._ranges[name]

    def integer(self, name: str) -> int:
        return round(self.value(name))

    def pct(self, name: str) -> float:
        """A percentage parameter as a fraction (``25`` → ``0.25``)."""
        return round(self.value(name) / 100, 6)


# ---------------------------------------------------------------------------- earned value

EVM_TASKS = ("PMP26.PRO.9", "PMP26.PRO.6")


EVM_PARAMS = {
    "bac": Param(100_000, 900_000, 10_000, 100_000_000, 10_000, "budget at completion, USD"),
    "planned_pct": Param(30, 80, 10, 90, 1, "planned % complete at the status date"),
}


def _evm_values(rng: Draw) -> dict[str, float]:
    bac = rng.integer("bac")
    planned = rng.pct("planned_pct")
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


def evm_cpi(rng: Draw) -> Raw:
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


def evm_spi(rng: Draw) -> Raw:
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


def evm_cv(rng: Draw) -> Raw:
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


def evm_sv(rng: Draw) -> Raw:
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


def evm_eac_typical(rng: Draw) -> Raw:
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


def evm_eac_atypical(rng: Draw) -> Raw:
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


def evm_tcpi_bac(rng: Draw) -> Raw:
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


def pert_beta(rng: Draw) -> Raw:
    o = rng.integer("optimistic")
    ml = o + rng.integer("likely_extra")
    p = ml + rng.integer("pessimistic_extra")
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


def pert_sd(rng: Draw) -> Raw:
    o = rng.integer("optimistic")
    ml = o + rng.integer("likely_extra")
    p = ml + rng.integer("pessimistic_extra")
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


def comm_channels_added(rng: Draw) -> Raw:
    n = rng.integer("stakeholders")
    k = rng.integer("joining")
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


def risk_emv(rng: Draw) -> Raw:
    p1 = rng.pct("threat_pct")
    i1 = rng.integer("threat_impact")
    p2 = rng.pct("opportunity_pct")
    i2 = rng.integer("opportunity_benefit")
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


def finance_present_value(rng: Draw) -> Raw:
    fv = rng.integer("amount")
    r = rng.pct("rate_pct")
    n = rng.integer("years")
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


def contract_pta(rng: Draw) -> Raw:
    target_cost = rng.integer("target_cost")
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


def evm_eac_cpi_spi(rng: Draw) -> Raw:
    v = _evm_values(rng)
    cpi, spi = v["EV"] / v["AC"], v["EV"] / v["PV"]
    eac = round(v["AC"] + (v["BAC"] - v["EV"]) / (cpi * spi))
    return (
        _evm_stem(
            v,
            "Both the cost and the schedule performance so far are expected to weigh on the "
            "remaining work. What is the estimate at completion (EAC) in USD?",
        ),
        eac,
        max(1.0, 0.002 * eac),
        "USD",
        f"EAC = AC + (BAC − EV) / (CPI × SPI). CPI = {cpi:.3f}, SPI = {spi:.3f}; EAC = "
        f"{v['AC']:,.0f} + ({v['BAC']:,.0f} − {v['EV']:,.0f}) / ({cpi:.3f} × {spi:.3f}) = "
        f"{eac:,.0f} USD.",
        [
            Distractor(round(v["BAC"] / cpi), "That is BAC ÷ CPI: it leaves out the schedule."),
            Distractor(round(v["AC"] + v["BAC"] - v["EV"]), "That is the atypical formula."),
            Distractor(
                round(v["BAC"] / (cpi * spi)),
                "Divides the whole budget by CPI × SPI, not the work left.",
            ),
            Distractor(
                round(v["AC"] + (v["BAC"] - v["EV"]) * cpi * spi),
                "Multiplies the remaining work by CPI × SPI instead of dividing.",
            ),
        ],
        v,
    )


def evm_etc(rng: Draw) -> Raw:
    v = _evm_values(rng)
    cpi = v["EV"] / v["AC"]
    eac = v["BAC"] / cpi
    etc = round(eac - v["AC"])
    return (
        _evm_stem(
            v,
            "The cost performance so far is expected to continue. How much more money will the "
            "remaining work cost (the estimate to complete, ETC) in USD?",
        ),
        etc,
        max(1.0, 0.005 * etc),
        "USD",
        f"EAC = BAC / CPI = {v['BAC']:,.0f} / {cpi:.3f} = {eac:,.0f}; "
        f"ETC = EAC − AC = {eac:,.0f} − {v['AC']:,.0f} = {etc:,.0f} USD.",
        [
            Distractor(round(eac), "That is the EAC; the ETC leaves out what was already spent."),
            Distractor(v["BAC"] - v["EV"], "That is the remaining work at the budgeted rate."),
            Distractor(
                round(v["BAC"] - v["AC"]), "That is the budget left, not the cost to finish."
            ),
        ],
        v,
    )


def evm_vac(rng: Draw) -> Raw:
    v = _evm_values(rng)
    cpi = v["EV"] / v["AC"]
    eac = v["BAC"] / cpi
    vac = round(v["BAC"] - eac)
    return (
        _evm_stem(
            v,
            "The cost performance so far is expected to continue. What is the variance at "
            "completion (VAC) in USD?",
        ),
        vac,
        max(1.0, 0.005 * abs(vac)),
        "USD",
        f"EAC = BAC / CPI = {eac:,.0f}; VAC = BAC − EAC = {v['BAC']:,.0f} − {eac:,.0f} = "
        f"{vac:,.0f} USD ({'over' if vac < 0 else 'under'} budget at completion).",
        [
            Distractor(round(eac - v["BAC"]), "Swapped operands: VAC is BAC − EAC."),
            Distractor(
                v["EV"] - v["AC"], "That is today's cost variance, not the one at completion."
            ),
            Distractor(round(v["BAC"] - v["AC"]), "That is the budget left today."),
        ],
        v,
    )


def evm_tcpi_eac(rng: Draw) -> Raw:
    v = _evm_values(rng)
    eac = round(v["AC"] + (v["BAC"] - v["EV"]) * rng.choice([1.05, 1.1, 1.15]), -3)
    v["EAC"] = eac
    tcpi = round((v["BAC"] - v["EV"]) / (eac - v["AC"]), 2)
    return (
        _evm_stem(
            v,
            f"The sponsor approved a new estimate at completion (EAC) of {eac:,.0f} USD. What cost "
            "performance must the remaining work achieve to finish within that EAC (TCPI)? "
            "Round to two decimals.",
        ),
        tcpi,
        0.01,
        "",
        f"TCPI (to EAC) = (BAC − EV) / (EAC − AC) = ({v['BAC']:,.0f} − {v['EV']:,.0f}) / "
        f"({eac:,.0f} − {v['AC']:,.0f}) = {tcpi:.2f}.",
        [
            Distractor(
                round((v["BAC"] - v["EV"]) / (v["BAC"] - v["AC"]), 2),
                "That is the TCPI to the original BAC, not to the approved EAC.",
            ),
            Distractor(
                round((eac - v["AC"]) / (v["BAC"] - v["EV"]), 2),
                "Swapped numerator and denominator.",
            ),
            Distractor(round(v["EV"] / v["AC"], 2), "That is the CPI achieved so far."),
        ],
        v,
    )


def _evm_whole_percents(rng: Draw) -> dict[str, float]:
    """Earned-value figures whose planned and actual % complete are whole numbers (as a stem
    states them), with PV and EV recomputed from those percentages."""
    v = _evm_values(rng)
    planned = round(100 * v["PV"] / v["BAC"])
    done = round(100 * v["EV"] / v["BAC"])
    v["PV"], v["EV"] = round(v["BAC"] * planned / 100), round(v["BAC"] * done / 100)
    v["planned_pct"], v["done_pct"] = planned, done
    return v


def evm_earned_value(rng: Draw) -> Raw:
    v = _evm_whole_percents(rng)
    planned, done = round(v["planned_pct"]), round(v["done_pct"])
    return (
        f"A data-platform project has a budget at completion of {v['BAC']:,.0f} USD. By the "
        f"status date the plan called for {planned} % of the work to be done; {done} % is "
        f"actually done, and {v['AC']:,.0f} USD has been spent. What is the earned value (EV) in "
        "USD?",
        v["EV"],
        1.0,
        "USD",
        f"EV = BAC × actual % complete = {v['BAC']:,.0f} × {done} % = {v['EV']:,.0f} USD.",
        [
            Distractor(v["PV"], "That is the planned value: BAC × planned % complete."),
            Distractor(v["AC"], "That is the actual cost: what was spent, not what was earned."),
            Distractor(
                round(v["AC"] * done / 100), "Applies the % complete to the spend, not the BAC."
            ),
            Distractor(v["BAC"] - v["EV"], "That is the budgeted value of the work remaining."),
        ],
        v,
    )


def evm_planned_value(rng: Draw) -> Raw:
    v = _evm_whole_percents(rng)
    planned, done = round(v["planned_pct"]), round(v["done_pct"])
    return (
        f"An ERP upgrade has a budget at completion of {v['BAC']:,.0f} USD. The schedule baseline "
        f"says {planned} % of the work should be complete by the end of this month; the team "
        f"reports {done} % complete. What is the planned value (PV) for the end of this month in "
        "USD?",
        v["PV"],
        1.0,
        "USD",
        f"PV = BAC × planned % complete = {v['BAC']:,.0f} × {planned} % = {v['PV']:,.0f} USD.",
        [
            Distractor(v["EV"], "That is the earned value: BAC × actual % complete."),
            Distractor(
                v["BAC"] - v["PV"], "That is the budget of the work planned for later months."
            ),
            Distractor(v["EV"] - v["PV"], "That is the schedule variance (EV − PV)."),
        ],
        v,
    )


def evm_eac_bottom_up(rng: Draw) -> Raw:
    v = _evm_values(rng)
    etc = round((v["BAC"] - v["EV"]) * rng.choice([0.9, 1.1, 1.2, 1.3]), -3)
    eac = v["AC"] + etc
    v["ETC"] = etc
    return (
        _evm_stem(
            v,
            "The original estimates are no longer valid, so the team re-estimated the remaining "
            f"work bottom-up at {etc:,.0f} USD. What is the estimate at completion (EAC) in USD?",
        ),
        eac,
        1.0,
        "USD",
        f"With a new bottom-up estimate: EAC = AC + bottom-up ETC = {v['AC']:,.0f} + "
        f"{etc:,.0f} = {eac:,.0f} USD.",
        [
            Distractor(etc, "That is only the estimate to complete; add what was already spent."),
            Distractor(v["BAC"] + etc, "Adds the new estimate to the whole budget, not to AC."),
            Distractor(
                v["AC"] + v["BAC"] - v["EV"],
                "That is the atypical formula, which ignores the team's new estimate.",
            ),
            Distractor(
                round(v["BAC"] * v["AC"] / v["EV"]), "That is BAC ÷ CPI, which ignores it too."
            ),
        ],
        v,
    )


def evm_percent_complete(rng: Draw) -> Raw:
    v = _evm_values(rng)
    pct = round(100 * v["EV"] / v["BAC"], 1)
    return (
        _evm_stem(v, "What percentage of the work is complete? Round to one decimal."),
        pct,
        0.1,
        "%",
        f"% complete = EV / BAC = {v['EV']:,.0f} / {v['BAC']:,.0f} = {pct:.1f} %.",
        [
            Distractor(round(100 * v["PV"] / v["BAC"], 1), "That is the share planned, not done."),
            Distractor(
                round(100 * v["AC"] / v["BAC"], 1), "That is the share of the budget spent."
            ),
            Distractor(round(100 * v["EV"] / v["PV"], 1), "That is the SPI as a percentage."),
        ],
        v,
    )


def triangular(rng: Draw) -> Raw:
    o = rng.integer("optimistic")
    ml = o + rng.integer("likely_extra")
    p = ml + rng.integer("pessimistic_extra")
    e = round((o + ml + p) / 3, 2)
    return (
        f"Configuring the new service-desk tool is estimated at {o} days optimistic, {ml} days "
        f"most likely and {p} days pessimistic. Using a triangular distribution, what is the "
        "expected duration in days? Round to two decimals.",
        e,
        0.01,
        "days",
        f"Triangular: (O + M + P) / 3 = ({o} + {ml} + {p}) / 3 = {e:.2f} days.",
        [
            Distractor(round((o + 4 * ml + p) / 6, 2), "That is the beta (PERT) mean."),
            Distractor(round((o + p) / 2, 2), "Averages only the two extremes."),
            Distractor(round((o + ml + p) / 6, 2), "Divides by 6 as in PERT, without weighting M."),
            Distractor(round((o + 4 * ml + p) / 3, 2), "Weights M by 4 but divides by 3."),
        ],
        {"O": o, "M": ml, "P": p},
    )


def path_sd(rng: Draw) -> Raw:
    acts = []
    for _ in range(3):
        o = rng.integer("optimistic")
        p = o + rng.integer("pessimistic_extra")
        acts.append((o, p))
    sds = [(p - o) / 6 for o, p in acts]
    total = round(math.sqrt(sum(x * x for x in sds)), 2)
    rows = "\n".join(f"| {n} | {o} | {p} |" for n, (o, p) in zip("ABC", acts, strict=True))
    return (
        "Activities A, B and C form the critical path of a data migration. Their estimates in "
        "days are:\n\n| Activity | Optimistic | Pessimistic |\n| --- | --- | --- |\n"
        f"{rows}\n\nWhat is the standard deviation of the path in days (PERT)? Round to two "
        "decimals.",
        total,
        0.01,
        "days",
        "σ of each activity = (P − O) / 6: "
        + ", ".join(f"{x:.2f}" for x in sds)
        + f". Path σ = √(Σσ²) = {total:.2f} days.",
        [
            Distractor(round(sum(sds), 2), "Adds the standard deviations; variances add, not σ."),
            Distractor(round(sum(x * x for x in sds), 2), "That is the path variance, not σ."),
            Distractor(round(sum(sds) / 3, 2), "Averages the activities' σ."),
        ],
        {"sigma_sum_sq": sum(x * x for x in sds)},
    )


def comm_channels(rng: Draw) -> Raw:
    n = rng.integer("people")
    c = n * (n - 1) // 2
    return (
        f"The rollout of a new HR system involves {n} people, the project manager included. How "
        "many communication channels are there?",
        float(c),
        0.0,
        "",
        f"Channels = n(n − 1) / 2 = {n}×{n - 1} / 2 = {c}.",
        [
            Distractor(float(n * (n - 1)), "Forgets to divide by 2."),
            Distractor(float((n - 1) * (n - 2) // 2), "Leaves the project manager out."),
            Distractor(float(n * (n + 1) // 2), "Uses n + 1 instead of n − 1."),
        ],
        {"n": n},
    )


def decision_tree(rng: Draw) -> Raw:
    build = rng.integer("build_cost")
    build_risk_p = rng.randint(20, 50) / 100
    build_overrun = _money(rng, 40_000, 150_000, 10_000)
    buy = rng.integer("buy_cost")
    buy_risk_p = rng.randint(5, 30) / 100
    buy_overrun = _money(rng, 20_000, 80_000, 10_000)
    emv_build = build + build_risk_p * build_overrun
    emv_buy = buy + buy_risk_p * buy_overrun
    best = round(min(emv_build, emv_buy))
    choice = "build" if emv_build <= emv_buy else "buy"
    return (
        f"A team must choose how to get a reporting module. Building it costs {build:,.0f} USD, "
        f"with a {build_risk_p:.0%} chance of a {build_overrun:,.0f} USD overrun. Buying it costs "
        f"{buy:,.0f} USD, with a {buy_risk_p:.0%} chance of {buy_overrun:,.0f} USD of extra "
        "integration work. Using expected monetary value, what is the expected cost of the better "
        "option in USD?",
        best,
        1.0,
        "USD",
        f"Build: {build:,.0f} + {build_risk_p:.2f}×{build_overrun:,.0f} = {emv_build:,.0f}. "
        f"Buy: {buy:,.0f} + {buy_risk_p:.2f}×{buy_overrun:,.0f} = {emv_buy:,.0f}. "
        f"The better option is to {choice}: {best:,.0f} USD.",
        [
            Distractor(
                round(max(emv_build, emv_buy)), "That is the expected cost of the worse option."
            ),
            Distractor(float(min(build, buy)), "Ignores the risks: compares the base costs only."),
            Distractor(
                round(min(build + build_overrun, buy + buy_overrun)),
                "Adds the whole overrun instead of weighting it by its probability.",
            ),
        ],
        {"emv_build": emv_build, "emv_buy": emv_buy},
    )


def finance_npv(rng: Draw) -> Raw:
    invest = rng.integer("investment")
    r = rng.pct("rate_pct")
    flows = [rng.integer("cash_flow") for _ in range(3)]
    npv = round(-invest + sum(f / (1 + r) ** (t + 1) for t, f in enumerate(flows)))
    return (
        f"A cloud move needs an investment of {invest:,.0f} USD now and returns "
        f"{flows[0]:,.0f}, {flows[1]:,.0f} and {flows[2]:,.0f} USD at the end of years 1, 2 and "
        f"3. With a discount rate of {r:.0%}, what is the net present value (NPV) in USD?",
        npv,
        max(1.0, 0.001 * abs(npv)),
        "USD",
        "NPV = −investment + Σ cash flow / (1 + r)^t = "
        + f"−{invest:,.0f} + "
        + " + ".join(f"{f:,.0f}/{1 + r:.2f}^{t + 1}" for t, f in enumerate(flows))
        + f" = {npv:,.0f} USD.",
        [
            Distractor(float(sum(flows) - invest), "Ignores discounting."),
            Distractor(
                round(sum(f / (1 + r) ** (t + 1) for t, f in enumerate(flows))),
                "Leaves out the initial investment.",
            ),
            Distractor(
                round(-invest + sum(f / (1 + r) ** t for t, f in enumerate(flows))),
                "Discounts each flow one year too few.",
            ),
        ],
        {"invest": invest, "r": r, "f1": flows[0], "f2": flows[1], "f3": flows[2]},
    )


def finance_bcr(rng: Draw) -> Raw:
    cost = rng.integer("cost")
    benefit = round(cost * rng.choice([0.8, 1.2, 1.5, 1.8, 2.2, 2.5]))
    bcr = round(benefit / cost, 2)
    return (
        f"A help-desk upgrade costs {cost:,.0f} USD and is expected to deliver {benefit:,.0f} USD "
        "of benefits (both in present value). What is its benefit-cost ratio (BCR)? Round to two "
        "decimals.",
        bcr,
        0.01,
        "",
        f"BCR = benefits / costs = {benefit:,.0f} / {cost:,.0f} = {bcr:.2f} "
        f"({'worth doing' if bcr > 1 else 'costs more than it returns'}).",
        [
            Distractor(round(cost / benefit, 2), "Swapped: BCR is benefits ÷ costs."),
            Distractor(round((benefit - cost) / cost, 2), "That is the ROI, not the BCR."),
            Distractor(round(benefit / cost * 100, 2), "Gives a percentage instead of a ratio."),
        ],
        {"cost": cost, "benefit": benefit},
    )


def finance_payback(rng: Draw) -> Raw:
    invest = rng.integer("investment")
    yearly = rng.integer("yearly_saving")
    years = round(invest / yearly, 2)
    return (
        f"An automation project costs {invest:,.0f} USD and saves {yearly:,.0f} USD a year. "
        "What is its payback period in years (ignoring discounting)? Round to two decimals.",
        years,
        0.01,
        "years",
        f"Payback = investment / yearly net saving = {invest:,.0f} / {yearly:,.0f} = "
        f"{years:.2f} years.",
        [
            Distractor(
                round(yearly / invest, 2), "Swapped: payback is investment ÷ yearly saving."
            ),
            Distractor(float(math.ceil(invest / yearly)), "Rounds up to whole years."),
            Distractor(round(invest / yearly * 12, 2), "Gives months, not years."),
            Distractor(round(100 * yearly / invest, 2), "That is the yearly return in percent."),
        ],
        {"invest": invest, "yearly": yearly},
    )


def finance_roi(rng: Draw) -> Raw:
    cost = rng.integer("cost")
    gain = round(cost * rng.choice([1.1, 1.25, 1.4, 1.6, 2.0]))
    roi = round(100 * (gain - cost) / cost, 1)
    return (
        f"A mobile app cost {cost:,.0f} USD to build and returned {gain:,.0f} USD in its first "
        "two years. What is the return on investment (ROI) in percent? Round to one decimal.",
        roi,
        0.1,
        "%",
        f"ROI = (gain − cost) / cost = ({gain:,.0f} − {cost:,.0f}) / {cost:,.0f} = {roi:.1f} %.",
        [
            Distractor(
                round(100 * gain / cost, 1), "Gain ÷ cost is the BCR-style ratio, not the ROI."
            ),
            Distractor(
                round(100 * (gain - cost) / gain, 1), "Divides by the gain instead of the cost."
            ),
            Distractor(round(100 * cost / gain, 1), "Inverts the ratio."),
        ],
        {"cost": cost, "gain": gain},
    )


NETWORK_PARAMS = {
    "activities": Param(6, 8, 5, 9, 1, "number of activities in the network"),
    "duration": Param(2, 9, 1, 60, 1, "range of the activity durations, days"),
}
SETTINGS = (
    "A team is planning the network upgrade of a regional office.",
    "A project manager is scheduling the cutover of a payroll system to a new cloud provider.",
    "A team is planning the rollout of multi-factor authentication across a company.",
    "A project manager is scheduling the redesign of a company intranet.",
)


def _draw_network(rng: Draw) -> nw.Network:
    low, high = rng.range("duration")
    return nw.random_network(rng, rng.integer("activities"), round(low), round(high))


def _net_values(net: nw.Network, p: nw.Passes) -> dict[str, float]:
    values: dict[str, float] = {"length": float(p.ef[net.end])}
    for n in net.order:
        values[f"d_{n}"] = net.durations[n]
    return values


def schedule_total_float(rng: Draw) -> Raw:
    net = _draw_network(rng)
    p = nw.passes(net)
    inner = net.order[1:-1]
    candidates = [n for n in inner if p.total(n) > 0] or inner
    act = rng.choice(candidates)
    tf = p.total(act)
    end = p.ef[net.end]
    return (
        nw.stem(net, rng.choice(SETTINGS), f"What is the total float of activity {act} in days?"),
        float(tf),
        0.0,
        "days",
        f"Forward pass: ES({act}) = {p.es[act]}, EF({act}) = {p.ef[act]}. Backward pass from the "
        f"project end at day {end}: LF({act}) = {p.lf[act]}, LS({act}) = {p.ls[act]}. Total "
        f"float = LS − ES = {p.ls[act]} − {p.es[act]} = {tf} day{'' if tf == 1 else 's'}.",
        [
            Distractor(
                float(p.free[act]),
                "That is the free float: the delay that does not move the next activity's early "
                "start. Total float is the delay that does not move the project end.",
            ),
            Distractor(float(tf + net.durations[act]), "Adds the activity's own duration."),
            Distractor(
                float(end - p.ef[act]),
                "Subtracts the early finish from the project end (LF was "
                "needed, not the project end).",
            ),
            Distractor(0.0, "Only activities on the critical path have zero total float."),
        ],
        {**_net_values(net, p), "tf": tf},
    )


def schedule_free_float(rng: Draw) -> Raw:
    net = _draw_network(rng)
    p = nw.passes(net)
    inner = net.order[1:-1]
    candidates = (
        [n for n in inner if p.free[n] != p.total(n)]
        or [n for n in inner if p.total(n) > 0]
        or inner
    )
    act = rng.choice(candidates)
    ff = p.free[act]
    succ = net.succs(act)
    return (
        nw.stem(
            net,
            rng.choice(SETTINGS),
            f"What is the free float of activity {act} in days: how long can it slip without "
            "delaying the early start of any activity that follows it?",
        ),
        float(ff),
        0.0,
        "days",
        f"Forward pass: EF({act}) = {p.ef[act]}. Its successors start early at "
        + ", ".join(f"ES({s}) = {p.es[s]}" for s in succ)
        + f". Free float = earliest ES of the successors − EF = {min(p.es[s] for s in succ)} − "
        f"{p.ef[act]} = {ff} day{'' if ff == 1 else 's'}. (Its total float is {p.total(act)}.)",
        [
            Distractor(
                float(p.total(act)),
                "That is the total float: the delay that leaves the project end unchanged.",
            ),
            Distractor(
                float(max(p.es[s] for s in succ) - p.ef[act]),
                "Uses the latest successor's early start; the earliest one sets the limit.",
            ),
            Distractor(float(ff + net.durations[act]), "Adds the activity's own duration."),
            Distractor(0.0, "Zero would mean the activity drives a successor's early start."),
            Distractor(
                float(p.ef[net.end] - p.ef[act]),
                "Measures up to the project end; free float stops at the next activity's start.",
            ),
            Distractor(
                float(p.lf[act] - p.es[act]),
                "LF − ES mixes late and early dates and includes the activity's own duration.",
            ),
        ],
        {**_net_values(net, p), "ff": ff},
    )


def schedule_project_duration(rng: Draw) -> Raw:
    net = _draw_network(rng)
    p = nw.passes(net)
    length = p.ef[net.end]
    lengths = sorted((net.length(path) for path in net.paths()), reverse=True)
    shortest, second = lengths[-1], lengths[1]
    return (
        nw.stem(
            net,
            rng.choice(SETTINGS),
            "What is the shortest time to finish the project (the length of the critical path) "
            "in days?",
        ),
        float(length),
        0.0,
        "days",
        "Forward pass: "
        + ", ".join(f"EF({n}) = {p.ef[n]}" for n in net.order)
        + f". The critical path is the longest path, {' → '.join(nw.critical_path(net))}: "
        f"{length} days.",
        [
            Distractor(
                float(sum(net.durations.values())),
                "Adds every activity, as if all of them ran in sequence.",
            ),
            Distractor(float(shortest), "Follows the shortest path instead of the longest."),
            Distractor(float(length - net.durations[net.end]), "Stops before the last activity."),
            Distractor(
                float(second), "That is the second-longest path; the critical path is the longest."
            ),
            Distractor(
                float(length - net.durations[net.order[0]]), "Leaves out the first activity."
            ),
        ],
        _net_values(net, p),
    )


def schedule_critical_path(rng: Draw) -> Labelled:
    net = _draw_network(rng)
    p = nw.passes(net)
    paths = sorted(net.paths(), key=net.length, reverse=True)
    critical = paths[0]
    others = paths[1:]
    most_steps = max(others, key=len) if others else []
    distractors = []
    for path in others[:1] + others[-1:] + [most_steps]:
        why = (
            f"This path takes {net.length(path)} days; the critical path is the longest one, "
            f"{net.length(critical)} days."
        )
        if path is most_steps and len(path) > len(critical):
            why = (
                f"This path has the most activities, but it takes only {net.length(path)} days; "
                f"the critical path is the longest in time ({net.length(critical)} days)."
            )
        distractors.append(Distractor(float(net.length(path)), why, " → ".join(path)))
    listing = "; ".join(f"{' → '.join(path)} = {net.length(path)}" for path in paths)
    raw: Raw = (
        nw.stem(net, rng.choice(SETTINGS), "Which path is the critical path?"),
        float(net.length(critical)),
        0.0,
        "days",
        f"List every path with its length in days: {listing}. The critical path is the longest, "
        f"{' → '.join(critical)} ({net.length(critical)} days); every activity on it has zero "
        "total float.",
        distractors,
        {**_net_values(net, p), "paths": float(len(paths))},
    )
    return Labelled(raw, " → ".join(critical))


@dataclass(frozen=True)
class Labelled:
    """A generator result whose answer is a label (a path, a name), so choice form only."""

    raw: Raw
    answer_label: str


@dataclass(frozen=True)
class Spec:
    fn: Callable[[Draw], Raw | Labelled]
    tasks: tuple[str, ...]
    title: str
    params: Mapping[str, Param] = field(default_factory=dict)
    choice_only: bool = False


def _p(low: float, high: float, minimum: float, maximum: float, step: float, help: str) -> Param:
    return Param(low, high, minimum, maximum, step, help)


PERT_PARAMS = {
    "optimistic": _p(2, 8, 1, 200, 1, "optimistic estimate, days"),
    "likely_extra": _p(2, 8, 0, 200, 1, "most likely − optimistic, days"),
    "pessimistic_extra": _p(4, 16, 1, 400, 1, "pessimistic − most likely, days"),
}
MONEY = 100_000_000

REGISTRY: dict[str, Spec] = {
    "evm.cpi": Spec(evm_cpi, EVM_TASKS, "Cost performance index", EVM_PARAMS),
    "evm.spi": Spec(evm_spi, EVM_TASKS, "Schedule performance index", EVM_PARAMS),
    "evm.cv": Spec(evm_cv, EVM_TASKS, "Cost variance", EVM_PARAMS),
    "evm.sv": Spec(evm_sv, EVM_TASKS, "Schedule variance", EVM_PARAMS),
    "evm.eac_typical": Spec(evm_eac_typical, EVM_TASKS, "EAC, typical variances", EVM_PARAMS),
    "evm.eac_atypical": Spec(evm_eac_atypical, EVM_TASKS, "EAC, atypical variance", EVM_PARAMS),
    "evm.eac_cpi_spi": Spec(evm_eac_cpi_spi, EVM_TASKS, "EAC, cost and schedule", EVM_PARAMS),
    "evm.etc": Spec(evm_etc, EVM_TASKS, "Estimate to complete", EVM_PARAMS),
    "evm.vac": Spec(evm_vac, EVM_TASKS, "Variance at completion", EVM_PARAMS),
    "evm.tcpi_bac": Spec(evm_tcpi_bac, EVM_TASKS, "TCPI to the BAC", EVM_PARAMS),
    "evm.tcpi_eac": Spec(evm_tcpi_eac, EVM_TASKS, "TCPI to the EAC", EVM_PARAMS),
    "evm.earned_value": Spec(evm_earned_value, EVM_TASKS, "Earned value", EVM_PARAMS),
    "evm.planned_value": Spec(evm_planned_value, EVM_TASKS, "Planned value", EVM_PARAMS),
    "evm.eac_bottom_up": Spec(evm_eac_bottom_up, EVM_TASKS, "EAC, bottom-up estimate", EVM_PARAMS),
    "evm.percent_complete": Spec(evm_percent_complete, EVM_TASKS, "Percent complete", EVM_PARAMS),
    "estimating.pert_beta": Spec(
        pert_beta, ("PMP26.PRO.8",), "PERT expected duration", PERT_PARAMS
    ),
    "estimating.pert_sd": Spec(
        pert_sd,
        ("PMP26.PRO.8",),
        "PERT standard deviation",
        {
            "optimistic": _p(3, 10, 1, 200, 1, "optimistic estimate, days"),
            "likely_extra": _p(2, 6, 0, 200, 1, "most likely − optimistic, days"),
            "pessimistic_extra": _p(6, 18, 1, 400, 1, "pessimistic − most likely, days"),
        },
    ),
    "estimating.triangular": Spec(triangular, ("PMP26.PRO.8",), "Triangular estimate", PERT_PARAMS),
    "estimating.path_sd": Spec(
        path_sd,
        ("PMP26.PRO.8",),
        "Path standard deviation",
        {
            "optimistic": _p(2, 8, 1, 200, 1, "optimistic estimate of each activity, days"),
            "pessimistic_extra": _p(6, 24, 1, 400, 1, "pessimistic − optimistic, days"),
        },
    ),
    "comms.channels": Spec(
        comm_channels,
        ("PMP26.PEO.8",),
        "Communication channels",
        {"people": _p(6, 60, 2, 1000, 1, "people on the project, the PM included")},
    ),
    "comms.channels_added": Spec(
        comm_channels_added,
        ("PMP26.PEO.8",),
        "Communication channels added",
        {
            "stakeholders": _p(5, 14, 2, 500, 1, "stakeholders before, the PM included"),
            "joining": _p(2, 6, 1, 200, 1, "stakeholders who join"),
        },
    ),
    "risk.emv": Spec(
        risk_emv,
        ("PMP26.BUS.5",),
        "Expected monetary value",
        {
            "threat_pct": _p(10, 40, 1, 99, 1, "probability of the threat, %"),
            "threat_impact": _p(10_000, 80_000, 1000, MONEY, 1000, "impact of the threat, USD"),
            "opportunity_pct": _p(10, 40, 1, 99, 1, "probability of the opportunity, %"),
            "opportunity_benefit": _p(5_000, 40_000, 1000, MONEY, 1000, "its benefit, USD"),
        },
    ),
    "risk.decision_tree": Spec(
        decision_tree,
        ("PMP26.BUS.5",),
        "Decision tree (EMV)",
        {
            "build_cost": _p(100_000, 300_000, 10_000, MONEY, 10_000, "cost to build, USD"),
            "buy_cost": _p(150_000, 350_000, 10_000, MONEY, 10_000, "cost to buy, USD"),
        },
    ),
    "finance.present_value": Spec(
        finance_present_value,
        ("PMP26.PRO.6",),
        "Present value",
        {
            "amount": _p(50_000, 500_000, 1000, MONEY, 5000, "future saving, USD"),
            "rate_pct": _p(4, 10, 1, 30, 1, "discount rate, %"),
            "years": _p(2, 5, 1, 30, 1, "years until the saving"),
        },
    ),
    "finance.npv": Spec(
        finance_npv,
        ("PMP26.PRO.6",),
        "Net present value",
        {
            "investment": _p(100_000, 400_000, 10_000, MONEY, 10_000, "investment now, USD"),
            "rate_pct": _p(5, 10, 1, 30, 1, "discount rate, %"),
            "cash_flow": _p(40_000, 200_000, 5000, MONEY, 5000, "each yearly cash flow, USD"),
        },
    ),
    "finance.bcr": Spec(
        finance_bcr,
        ("PMP26.PRO.6",),
        "Benefit-cost ratio",
        {"cost": _p(100_000, 500_000, 10_000, MONEY, 10_000, "cost, USD")},
    ),
    "finance.payback": Spec(
        finance_payback,
        ("PMP26.PRO.6",),
        "Payback period",
        {
            "investment": _p(100_000, 600_000, 10_000, MONEY, 10_000, "investment, USD"),
            "yearly_saving": _p(30_000, 200_000, 5000, MONEY, 5000, "saving a year, USD"),
        },
    ),
    "finance.roi": Spec(
        finance_roi,
        ("PMP26.PRO.6",),
        "Return on investment",
        {"cost": _p(50_000, 400_000, 10_000, MONEY, 10_000, "cost, USD")},
    ),
    "contracts.pta": Spec(
        contract_pta,
        ("PMP26.PRO.5",),
        "Point of total assumption",
        {"target_cost": _p(200_000, 800_000, 10_000, MONEY, 10_000, "target cost, USD")},
    ),
    "schedule.duration": Spec(
        schedule_project_duration, ("PMP26.PRO.8",), "Critical path length", NETWORK_PARAMS
    ),
    "schedule.critical_path": Spec(
        schedule_critical_path,
        ("PMP26.PRO.8",),
        "Critical path on a network",
        NETWORK_PARAMS,
        choice_only=True,
    ),
    "schedule.total_float": Spec(
        schedule_total_float, ("PMP26.PRO.8",), "Total float", NETWORK_PARAMS
    ),
    "schedule.free_float": Spec(
        schedule_free_float, ("PMP26.PRO.8",), "Free float", NETWORK_PARAMS
    ),
}


#: Draws tried for one seed before a generator gives up (degenerate numbers are redrawn).
DRAWS = 20


def param_problems(name: str, ranges: Mapping[str, tuple[float, float]]) -> dict[str, str]:
    """What is wrong with the parameter ranges a bank asks of generator ``name``, by parameter."""
    spec = REGISTRY[name]
    problems: dict[str, str] = {}
    for key, (low, high) in ranges.items():
        param = spec.params.get(key)
        if param is None:
            close = difflib.get_close_matches(key, list(spec.params), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            known = ", ".join(spec.params) or "none"
            problems[key] = (
                f"generator {name!r} has no parameter {key!r}{hint}; its parameters: {known}"
            )
            continue
        why = param.problem(low, high)
        if why:
            problems[key] = f"parameter {key!r}: {why}"
    return problems


def generate(
    name: str, seed: int, params: Mapping[str, tuple[float, float]] | None = None
) -> Generated:
    """The question of generator ``name`` for ``seed`` (the same every time).

    ``params`` narrows or moves the ranges the generator draws from, e.g.
    ``{"bac": (1_000_000, 5_000_000)}``; a range outside the parameter's limits is refused.
    """
    try:
        spec = REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(REGISTRY))
        raise KeyError(f"unknown generator {name!r}; known: {known}") from None
    ranges = dict(params or {})
    problems = param_problems(name, ranges)
    if problems:
        raise ValueError("; ".join(problems.values()))
    out: Raw | Labelled | None = None
    for attempt in range(DRAWS):
        # A draw can land on a degenerate case (AC equal to BAC, a zero denominator...): draw
        # again from a seed derived from this one, so the question stays the same every time.
        key = f"{name}|{seed}" if attempt == 0 else f"{name}|{seed}|{attempt}"
        rng = Draw(key, spec.params, ranges)
        try:
            out = spec.fn(rng)
        except (ZeroDivisionError, OverflowError, ValueError):
            continue
        raw_answer = out.raw[1] if isinstance(out, Labelled) else out[1]
        if math.isfinite(raw_answer):
            break
        out = None
    if out is None:
        raise ValueError(f"generator {name!r} found no usable numbers for seed {seed}")
    label = out.answer_label if isinstance(out, Labelled) else ""
    raw = out.raw if isinstance(out, Labelled) else out
    stem, answer, tol, unit, explanation, distractors, values = raw
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
        answer_label=label,
    )
