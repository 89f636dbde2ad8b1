"""Parity cost of a route design: hand-worked figures, routing rows and plain numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from network.errors import InputError
from subsidy import Budget, ParityRule, parity_from_costs


def rows() -> list[dict[str, object]]:
    # routing's parcel_costs shape: yuan as strings rounded to the fen
    return [
        {"village_id": "v1", "township_id": "t1", "carrier": "ems", "parcels_down_per_day": 40,
         "parcels_up_per_day": 20, "cost_per_parcel_down_yuan": "2.10",
         "cost_per_parcel_up_yuan": "1.50"},
        {"village_id": "v2", "township_id": "t1", "carrier": "ems", "parcels_down_per_day": 10,
         "parcels_up_per_day": 10, "cost_per_parcel_down_yuan": "3.90",
         "cost_per_parcel_up_yuan": "2.40"},
        {"village_id": "v2", "township_id": "t1", "carrier": "zto", "parcels_down_per_day": 5,
         "parcels_up_per_day": 4, "cost_per_parcel_down_yuan": "1.00",
         "cost_per_parcel_up_yuan": "1.00"},
    ]  # fmt: skip


def test_parity_cost_per_village_and_year() -> None:
    # benchmark 1.20, margin 0.10: v1 gap 0.40; v2/ems gap 1.30 capped at 0.50; v2/zto none
    plan = parity_from_costs(
        rows(), Decimal("1.20"), margin_yuan=Decimal("0.10"), days_per_year=360
    )
    per = {(n.village_id, n.carrier): n for n in plan.needs}
    assert per["v1", "ems"].gap_yuan == Decimal("0.40")
    assert per["v2", "ems"].subsidy_per_parcel_yuan == Decimal("0.50")
    assert per["v2", "zto"].gap_yuan == 0
    # v1: 20 x 0.40 x 360 = 2880; v2: 10 x 0.50 x 360 = 1800
    assert [n.annual_need_yuan for n in plan.needs] == [Decimal(2880), Decimal(1800), Decimal(0)]
    assert plan.annual_by_carrier_yuan == {"ems": Decimal("4680.00"), "zto": Decimal("0.00")}
    assert plan.annual_parity_yuan == Decimal("4680.00")
    assert plan.draw_by_line_yuan["logistics"] == Decimal("4680.00")
    assert plan.draw_by_line_yuan["training"] == 0
    # 5,000,000 / (4680 / 12) = 12820.5 months
    assert plan.months_until_exhausted["logistics"] == Decimal("12820.5")
    assert plan.months_until_exhausted["training"] is None
    assert plan.needs[0].row()["annual_need_yuan"] == "2880.00"


def test_monthly_cap_budget_and_plain_numbers() -> None:
    costs = [{"village_id": "v1", "carrier": "ems", "parcels_up_per_day": 1000.0,
              "cost_per_parcel_up_yuan": 2.0}]  # fmt: skip
    rule = ParityRule(per_parcel_cap_yuan=Decimal(1), monthly_cap_per_carrier_yuan=Decimal(6000))
    budget = Budget(paid_fen={"logistics": 4_964_000 * 100})
    plan = parity_from_costs(costs, {"*": Decimal("1.50")}, rule=rule, budget=budget)
    # need 1000 x 0.50 x 365 / 12 = 15208.33 a month, capped at 6000 -> 72,000 a year
    assert plan.needs[0].annual_need_yuan == Decimal("182500.00")
    assert plan.annual_parity_yuan == Decimal("72000.00")
    assert plan.months_until_exhausted["logistics"] == Decimal("6.0")  # 36,000 left / 6,000


def test_bad_cost_rows_name_row_and_field() -> None:
    with pytest.raises(InputError, match="row 1, field cost_per_parcel_up_yuan"):
        parity_from_costs([{"village_id": "v", "carrier": "c", "parcels_up_per_day": 1,
                            "cost_per_parcel_up_yuan": "-2"}], Decimal(1))  # fmt: skip
    with pytest.raises(InputError, match="field parcels_up_per_day"):
        parity_from_costs([{"village_id": "v", "carrier": "c"}], Decimal(1))
    with pytest.raises(InputError, match="no benchmark price for carrier 'c'"):
        parity_from_costs([{"village_id": "v", "carrier": "c", "parcels_up_per_day": 1,
                            "cost_per_parcel_up_yuan": 2}], {"ems": Decimal(1)})  # fmt: skip
