"""The main run's subsidy section: what parity costs the special fund each year.

When the economics section ran, the local price of an upward parcel is the village sender's
tariff it set per carrier (the whole way's full cost plus the carrier's margin, or the county's
own tariff table) and the benchmark its comparable areas' price; the subsidy library caps the
gap per parcel and charges the fund line (``[subsidy.policy]``). Otherwise the local price is the
carrier's cost per parcel plus a margin (``margin_yuan``, default 0), from routing's
``parcel_costs`` table, else ``costs`` in the config, else a default cost per parcel, against
``benchmark_yuan`` (below).

Default figures without the economics section (facts.md 3b; estimates, set your own):
- ``benchmark_yuan = 1.20``: what the same pickup leg costs a sender in comparable (urban) areas,
  taken as the courier piece rate there (1.2 yuan/parcel, S122; ~1 yuan, S123). Sorting and
  line-haul are the same for both and cancel out.
- ``default_cost_per_parcel_up_yuan = 2.60``: the middle of the estimated rural last-mile labour
  cost, 1.9-3.3 yuan/parcel (facts.md 3b, EST).
- the policy: 0.50 yuan per-parcel cap (facts.md 3e, S138) and the county's 10,000,000-yuan fund
  in five lines, unless ``[subsidy.policy]`` overrides them (keys of ``subsidy.policy_from_toml``;
  a ``fund_lines`` table replaces all five lines).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, field_validator

from network.errors import InputError
from network.model import Tier
from network.money import format_yuan, to_fen
from network.texts import N_, Message
from scenarios.checks import Check
from scenarios.context import Json, Row, RunContext
from scenarios.sections.economics import EconomicsOutcome
from scenarios.sections.routing import RoutingOutcome
from subsidy import (
    FundLine,
    ParityPlan,
    ParityRule,
    Policy,
    parity_from_costs,
    policy_from_mapping,
)

KEY = "subsidy"

CostSource = Literal["economics", "routing", "config", "default"]


class CostRow(BaseModel):
    """Per-parcel cost of one village with one carrier (routing's ``parcel_costs`` columns)."""

    model_config = ConfigDict(extra="forbid")

    village_id: str
    township_id: str = ""
    carrier: str
    parcels_up_per_day: Decimal
    cost_per_parcel_up_yuan: Decimal


class Config(BaseModel):
    """The ``[subsidy]`` table."""

    model_config = ConfigDict(extra="forbid")

    policy: dict[str, Any] = {}
    benchmark_yuan: Decimal = Decimal("1.20")
    benchmark_by_carrier_yuan: dict[str, Decimal] = {}
    margin_yuan: Decimal = Decimal("0.00")
    costs: list[CostRow] = []
    default_cost_per_parcel_up_yuan: Decimal = Decimal("2.60")
    default_carrier: str = "shared"
    days_per_year: int = 365

    @field_validator("policy")
    @classmethod
    def _policy_is_valid(cls, value: dict[str, Any]) -> dict[str, Any]:
        """Check the overrides when the scenario loads, not only when the run reaches them."""
        try:
            policy_from_mapping({"carriers": [], **value})
        except InputError as err:
            raise err from None  # an InputError is a ValueError: pydantic keeps it
        return value


def run(ctx: RunContext, config: Config) -> SubsidyOutcome:
    """Parity cost per village and carrier, yearly draw per fund line, months until exhausted."""
    ctx.progress("subsidy", 0.0, None)
    rows, source = _cost_rows(ctx, config)
    policy = _policy(config, rows)
    benchmark = {"*": config.benchmark_yuan, **config.benchmark_by_carrier_yuan}
    margin = config.margin_yuan
    econ = ctx.outcome(EconomicsOutcome)
    if source == "economics" and econ is not None and econ.benchmark_up_yuan is not None:
        benchmark, margin = {"*": econ.benchmark_up_yuan}, Decimal(0)
    rule = policy.parity or ParityRule(per_parcel_cap_yuan=Decimal(0))
    plan = parity_from_costs(
        rows,
        benchmark,
        rule=rule,
        margin_yuan=margin,
        days_per_year=config.days_per_year,
        fund_lines=policy.fund_lines,
        rounding=policy.rounding,
    )
    ctx.progress("subsidy", 1.0, None)
    parcels_up = sum((Decimal(str(r["parcels_up_per_day"])) for r in rows), Decimal(0))
    parcels_up *= config.days_per_year
    line = next((f for f in policy.fund_lines if f.name == rule.fund_line), None)
    return SubsidyOutcome(plan, source, benchmark["*"], margin, rule, line, parcels_up)


@dataclass(frozen=True)
class SubsidyOutcome:
    """What parity costs the fund (``plan``), where the costs came from (``cost_source``:
    ``routing``, ``config`` or ``default``), and the benchmark price and margin used."""

    plan: ParityPlan
    cost_source: CostSource
    benchmark_yuan: Decimal
    margin_yuan: Decimal
    rule: ParityRule | None = None
    fund_line: FundLine | None = None
    parcels_up_per_year: Decimal = Decimal(0)

    @property
    def per_up_parcel_yuan(self) -> Decimal:
        """The year's draw over the year's upward parcels, to the fen."""
        if self.parcels_up_per_year <= 0:
            return Decimal("0.00")
        return to_fen(self.plan.annual_parity_yuan / self.parcels_up_per_year)

    @property
    def checks(self) -> tuple[Check, ...]:
        """The subsidy per upward parcel against the cap, the year's draw against its line."""
        checks = []
        if self.rule is not None:
            checks.append(
                Check(
                    "subsidy.per_up_parcel_yuan",
                    self.per_up_parcel_yuan,
                    Decimal(0),
                    self.rule.per_parcel_cap_yuan,
                    "yuan/parcel",
                    N_("the policy's per-parcel cap (facts 3e: 0.5 yuan per upward parcel)"),
                )
            )
        if self.fund_line is not None:
            checks.append(
                Check(
                    "subsidy.annual_parity_yuan",
                    self.plan.annual_parity_yuan,
                    Decimal(0),
                    self.fund_line.total_yuan,
                    "yuan/yr",
                    Message(
                        "the policy's fund line '{line}' (its programme total)",
                        line=Message(self.fund_line.title or self.fund_line.name),
                    ),
                )
            )
        return tuple(checks)

    def summary(self) -> dict[str, Json]:
        """``plan.json`` ``subsidy``."""
        plan = self.plan
        return {
            "annual_parity_yuan": format_yuan(plan.annual_parity_yuan),
            "draw_by_line_yuan": {k: format_yuan(v) for k, v in plan.draw_by_line_yuan.items()},
            "months_until_exhausted": {
                k: None if v is None else float(v) for k, v in plan.months_until_exhausted.items()
            },
            "annual_by_carrier_yuan": {
                k: format_yuan(v) for k, v in plan.annual_by_carrier_yuan.items()
            },
            "cost_source": self.cost_source,
            "benchmark_yuan": format_yuan(self.benchmark_yuan),
            "margin_yuan": format_yuan(self.margin_yuan),
            "per_up_parcel_yuan": format_yuan(self.per_up_parcel_yuan),
        }

    def tables(self) -> dict[str, Sequence[Row]]:
        """``subsidy``: the parity needed per village and carrier."""
        return {"subsidy": [n.row() for n in self.plan.needs]}

    def geojson(self) -> dict[str, Mapping[str, Json]]:
        """None."""
        return {}


def _cost_rows(ctx: RunContext, config: Config) -> tuple[list[Mapping[str, object]], CostSource]:
    """The economics section's tariffs, else routing's rows, else the config's, else the
    default cost for every village."""
    econ = ctx.outcome(EconomicsOutcome)
    if econ is not None and not config.costs:
        return econ.parity_rows(), "economics"
    routing = ctx.outcome(RoutingOutcome)
    if routing is not None:
        return list(routing.parcel_costs()), "routing"
    if config.costs:
        return [row.model_dump() for row in config.costs], "config"
    rows: list[Mapping[str, object]] = [
        {
            "village_id": v.id,
            "township_id": v.parent or "",
            "carrier": config.default_carrier,
            "parcels_up_per_day": v.parcels_up_per_day,
            "cost_per_parcel_up_yuan": config.default_cost_per_parcel_up_yuan,
        }
        for v in ctx.network.of_tier(Tier.VILLAGE)
    ]
    return rows, "default"


def _policy(config: Config, rows: Sequence[Mapping[str, object]]) -> Policy:
    """The configured policy; carriers default to those in the cost rows."""
    data = {"carriers": sorted({str(r["carrier"]) for r in rows}), **config.policy}
    return policy_from_mapping(data)


def check(ctx: RunContext, config: Config) -> None:
    """The checks :func:`run` makes before computing (``validate`` runs them): the policy
    loads for the carriers of the cost rows (routing's carriers come from its config)."""
    rows, _ = _cost_rows(ctx, config)
    _policy(config, rows)
