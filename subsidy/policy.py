"""A subsidy policy as data: the rules, the fund lines and how a short fund line cuts back.

Every value is a frozen dataclass that checks itself on construction, raising
:class:`network.InputError` naming the field; :mod:`subsidy.policy_loading` builds them from TOML
text or a mapping and prefixes the key path (``parity.per_parcel_cap_yuan``).
Default figures: 0.50 yuan per upward parcel (facts.md 3e, S138) and the county's
10,000,000-yuan special fund in five lines (issue 5).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from network.errors import InputError
from network.texts import Message
from subsidy.money import ROUNDING_RULES, to_hao

PRODUCT_IDS = frozenset(
    {
        "kelp",
        "laver",
        "sea_cucumber",
        "croaker",
        "abalone",
        "tea",
        "loquat",
        "bamboo_shoot",
        "leafy_veg",
        "rice",
        "other",
    }
)
"""The project's product ids (team brief) plus ``other`` for farm products outside the list."""


class CutBack(StrEnum):
    """How a fund line (or a carrier's monthly cap) that cannot pay every eligible claim cuts.

    ``pro_rata``: every claim is paid the same fraction (shares exact to the hao, the last hao
    by largest remainder). ``first_come``: claims are paid in order of acceptance date, then
    claim date, then input order, until the money runs out. ``priority``: rules are paid in the
    order of :attr:`Policy.priority`, first-come within a rule.
    """

    PRO_RATA = "pro_rata"
    FIRST_COME = "first_come"
    PRIORITY = "priority"


def _check_money(value: Decimal, name: str, *, places: int = 2) -> None:
    if to_hao(value, field=name, places=places) < 0:
        raise InputError(Message("{value} must not be negative", value=value), field=name)


@dataclass(frozen=True)
class FundLine:
    """One line of the special fund and its total for the programme."""

    name: str
    total_yuan: Decimal
    title: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "total_yuan", Decimal(self.total_yuan))
        _check_money(self.total_yuan, "total_yuan")


DEFAULT_FUND_LINES = (
    FundLine("service_system", Decimal(1_500_000), "county e-commerce public service system"),
    FundLine("logistics", Decimal(5_000_000), "logistics and supply chain"),
    FundLine("training", Decimal(1_500_000), "e-commerce training"),
    FundLine("poverty_alleviation", Decimal(1_000_000), "poverty alleviation"),
    FundLine("other", Decimal(1_000_000), "other"),
)


@dataclass(frozen=True)
class ParityRule:
    """Parity subsidy per upward parcel: local price minus benchmark price, when positive.

    Attributes:
        per_parcel_cap_yuan: at most this much per parcel.
        monthly_cap_per_carrier_yuan: at most this much per carrier and statement period
            (None = no cap); cuts back by the policy's rule.
        products: eligible product classes (empty = every known product).
        origins: eligible origin village ids (empty = every village).
        benchmark_yuan: benchmark price by weight band, for claims that carry none.
        fund_line: the fund line charged.
    """

    per_parcel_cap_yuan: Decimal = Decimal("0.50")
    monthly_cap_per_carrier_yuan: Decimal | None = None
    products: frozenset[str] = frozenset()
    origins: frozenset[str] = frozenset()
    benchmark_yuan: Mapping[str, Decimal] = field(default_factory=dict)
    fund_line: str = "logistics"

    def __post_init__(self) -> None:
        object.__setattr__(self, "per_parcel_cap_yuan", Decimal(self.per_parcel_cap_yuan))
        _check_money(self.per_parcel_cap_yuan, "per_parcel_cap_yuan")
        if self.monthly_cap_per_carrier_yuan is not None:
            cap = Decimal(self.monthly_cap_per_carrier_yuan)
            object.__setattr__(self, "monthly_cap_per_carrier_yuan", cap)
            _check_money(cap, "monthly_cap_per_carrier_yuan")
        object.__setattr__(self, "products", frozenset(self.products))
        object.__setattr__(self, "origins", frozenset(self.origins))
        bench = {band: Decimal(v) for band, v in self.benchmark_yuan.items()}
        for band, price in bench.items():
            _check_money(price, f"benchmark_yuan.{band}", places=4)
        object.__setattr__(self, "benchmark_yuan", MappingProxyType(bench))


@dataclass(frozen=True)
class SecondChargeRule:
    """Villages may not be charged twice: a village surcharge in a claim is always flagged,
    and with ``deduct`` it is taken off that claim's subsidy (down to zero)."""

    deduct: bool = True


@dataclass(frozen=True)
class RewardTier:
    """Reach ``threshold`` (parcels, or coverage in %) and receive ``reward_yuan``, once."""

    threshold: Decimal
    reward_yuan: Decimal

    def __post_init__(self) -> None:
        object.__setattr__(self, "threshold", Decimal(self.threshold))
        object.__setattr__(self, "reward_yuan", Decimal(self.reward_yuan))
        _check_money(self.reward_yuan, "reward_yuan")
        if self.threshold < 0:
            raise InputError(
                Message("{threshold} must not be negative", threshold=self.threshold),
                field="threshold",
            )


@dataclass(frozen=True)
class RewardRule:
    """Reward in lieu of subsidy (以奖代补): milestones per carrier or station.

    Each tier is paid once per payee, when a milestone claim reports a value at or above its
    threshold; a claim reaching several new tiers is paid all of them.
    """

    name: str
    metric: str  # "parcels" (volume) or "coverage" (% of villages served)
    tiers: tuple[RewardTier, ...]
    fund_line: str = "service_system"

    def __post_init__(self) -> None:
        object.__setattr__(self, "tiers", tuple(self.tiers))
        if self.metric not in ("parcels", "coverage"):
            raise InputError(
                Message("{metric!r} is not parcels or coverage", metric=self.metric), field="metric"
            )
        if not self.tiers:
            raise InputError(Message("a reward rule needs at least one tier"), field="tiers")
        thresholds = [t.threshold for t in self.tiers]
        if thresholds != sorted(set(thresholds)):
            raise InputError(Message("thresholds must increase"), field="tiers")
        if self.name in ("parity", "shop_fee"):
            raise InputError(
                Message("{name!r} is the name of another rule", name=self.name), field="name"
            )


@dataclass(frozen=True)
class SpecialRule:
    """A special subsidy (专项补贴) for accepted projects, e.g. a village station's fit-out.

    A project claim is paid ``share`` of its accepted cost, at most ``cap_per_project_yuan``
    (None = no cap), once (its claim id settles it).
    """

    name: str
    share: Decimal = Decimal(1)
    cap_per_project_yuan: Decimal | None = None
    fund_line: str = "other"

    def __post_init__(self) -> None:
        object.__setattr__(self, "share", Decimal(self.share))
        if not Decimal(0) <= self.share <= Decimal(1):
            raise InputError(
                Message("{share} is not between 0 and 1", share=self.share), field="share"
            )
        if self.cap_per_project_yuan is not None:
            cap = Decimal(self.cap_per_project_yuan)
            object.__setattr__(self, "cap_per_project_yuan", cap)
            _check_money(cap, "cap_per_project_yuan")


@dataclass(frozen=True)
class ShopFeeRule:
    """Network fee support for registered poor households that open an online shop.

    Attributes:
        per_month_yuan: at most this much per household and month (at most the fee paid).
        cap_yuan: at most this much per household over the whole programme.
        eligible_from, eligible_until: months whose claims are supported (inclusive).
    """

    per_month_yuan: Decimal = Decimal(100)
    cap_yuan: Decimal = Decimal(1200)
    eligible_from: date = date(2020, 1, 1)
    eligible_until: date = date(2030, 12, 31)
    fund_line: str = "poverty_alleviation"

    def __post_init__(self) -> None:
        for name in ("per_month_yuan", "cap_yuan"):
            object.__setattr__(self, name, Decimal(getattr(self, name)))
            _check_money(getattr(self, name), name)
        if self.eligible_until < self.eligible_from:
            raise InputError(Message("ends before eligible_from"), field="eligible_until")


@dataclass(frozen=True)
class Policy:
    """The whole policy.

    Attributes:
        carriers: carriers allowed to claim (claims from others are rejected).
        products: known product classes (claims with others are rejected).
        parity, shop_fee: the rules (None = not in force).
        second_charge: the no-second-charge rule.
        rewards: reward-in-lieu rules, by name.
        specials: special-subsidy rules, by name (names unique among rewards and specials).
        fund_lines: the special fund's lines.
        cut_back: how a short fund line or carrier cap cuts back.
        priority: rule names in payment order for ``cut_back = priority``.
        rounding: the :mod:`decimal` rule used to round totals to the fen.
    """

    carriers: frozenset[str]
    products: frozenset[str] = PRODUCT_IDS
    parity: ParityRule | None = field(default_factory=ParityRule)
    second_charge: SecondChargeRule = field(default_factory=SecondChargeRule)
    rewards: tuple[RewardRule, ...] = ()
    specials: tuple[SpecialRule, ...] = ()
    shop_fee: ShopFeeRule | None = field(default_factory=ShopFeeRule)
    fund_lines: tuple[FundLine, ...] = DEFAULT_FUND_LINES
    cut_back: CutBack = CutBack.PRO_RATA
    priority: tuple[str, ...] = ()
    rounding: str = "ROUND_HALF_UP"

    def __post_init__(self) -> None:
        for name in ("carriers", "products"):
            if isinstance(getattr(self, name), str):  # frozenset("ems") would be {"e", "m", "s"}
                raise InputError(Message("must be a list of names, not one string"), field=name)
        object.__setattr__(self, "carriers", frozenset(self.carriers))
        object.__setattr__(self, "products", frozenset(self.products))
        object.__setattr__(self, "rewards", tuple(self.rewards))
        object.__setattr__(self, "specials", tuple(self.specials))
        object.__setattr__(self, "fund_lines", tuple(self.fund_lines))
        object.__setattr__(self, "priority", tuple(self.priority))
        try:
            object.__setattr__(self, "cut_back", CutBack(self.cut_back))
        except ValueError:
            choices = ", ".join(c.value for c in CutBack)
            raise InputError(
                Message(
                    "{cut_back!r} is not one of {choices}", cut_back=self.cut_back, choices=choices
                ),
                field="cut_back",
            ) from None
        if self.rounding not in ROUNDING_RULES:
            raise InputError(
                Message(
                    "{rounding!r} is not one of {rules}",
                    rounding=self.rounding,
                    rules=ROUNDING_RULES,
                ),
                field="rounding",
            )
        self._check_names()

    def _check_names(self) -> None:
        lines = [f.name for f in self.fund_lines]
        if len(set(lines)) != len(lines):
            raise InputError(Message("fund line names repeat"), field="fund_lines")
        rules = [r.name for r in self.rewards] + [r.name for r in self.specials]
        if len(set(rules)) != len(rules):
            raise InputError(Message("reward and special rule names repeat"), field="rewards")
        for special in self.specials:
            if special.name in ("parity", "shop_fee"):
                raise InputError(
                    Message("{name!r} is the name of another rule", name=special.name),
                    field="specials",
                )
        for where, line in self.charged_lines().items():
            if line not in lines:
                raise InputError(
                    Message("fund line {line!r} is not among {lines}", line=line, lines=lines),
                    field=where,
                )
        for name in self.priority:
            if name not in self.rule_names():
                raise InputError(
                    Message("{name!r} is not a rule of this policy", name=name), field="priority"
                )

    def rule_names(self) -> tuple[str, ...]:
        """Names of the rules in force: ``parity``, ``shop_fee``, each reward and special rule."""
        names = ["parity"] if self.parity else []
        names += ["shop_fee"] if self.shop_fee else []
        return (*names, *(r.name for r in self.rewards), *(r.name for r in self.specials))

    def charged_lines(self) -> dict[str, str]:
        """``"<rule>.fund_line"`` -> fund line, for every rule in force."""
        lines = {"parity.fund_line": self.parity.fund_line} if self.parity else {}
        if self.shop_fee:
            lines["shop_fee.fund_line"] = self.shop_fee.fund_line
        lines.update({f"rewards.{r.name}.fund_line": r.fund_line for r in self.rewards})
        lines.update({f"specials.{r.name}.fund_line": r.fund_line for r in self.specials})
        return lines

    def fund_line_of(self, rule: str) -> str:
        """The fund line a rule charges."""
        lines = self.charged_lines()
        for key in (f"{rule}.fund_line", f"rewards.{rule}.fund_line", f"specials.{rule}.fund_line"):
            if key in lines:
                return lines[key]
        raise InputError(Message("{rule!r} is not a rule of this policy", rule=rule), field="rule")

    def priority_rank(self, rule: str) -> int:
        """Payment rank of a rule under ``priority`` (unlisted rules come last)."""
        return self.priority.index(rule) if rule in self.priority else len(self.priority)
