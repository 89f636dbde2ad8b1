"""Visit frequency: rules, period, visit counts, accumulated loads, balanced days."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from network import InputError, Network, Node, Tier
from routing.frequency import FrequencyRule, every_days_of, schedule_visits
from tests.routing.small_county import small_county


def test_rules_pick_the_lowest_threshold_and_overrides_win() -> None:
    net, _ = small_county()
    rules = [FrequencyRule(2, 20.0), FrequencyRule(3, 10.0)]
    every = every_days_of(net.villages, rules, {"b1": 2})
    # a3 = 10 parcels: not < 10, so the 20-rule; a4 = 6: the 10-rule; b1 overridden
    assert every == {"a1": 1, "a2": 1, "a3": 2, "a4": 3, "b1": 2, "b2": 2}


def test_unknown_override_is_an_input_error() -> None:
    net, _ = small_county()
    with pytest.raises(InputError):
        every_days_of(net.villages, [], {"zz": 2})


def test_period_visits_and_accumulated_loads() -> None:
    net, _ = small_county()
    schedule = schedule_visits(net, {"a1": 1, "a2": 2, "a3": 3, "a4": 3, "b1": 1, "b2": 2})
    assert schedule.period_days == 6
    counts = {v: len(d) for v, d in schedule.days.items()}
    assert counts == {"a1": 6, "a2": 3, "a3": 2, "a4": 2, "b1": 6, "b2": 3}
    day = schedule.days["a3"][0]
    loads = schedule.loads_on(day, net)
    assert loads["t1"]["a3"] == (24.0, 6.0)  # 3 days of 8 down and 2 up
    assert loads["t1"]["a1"] == (40.0, 10.0)
    assert set(loads) == {"t1", "t2"}


def test_every_other_day_villages_alternate_within_a_township() -> None:
    net, _ = small_county()
    schedule = schedule_visits(net, {"a1": 2, "a2": 2, "a3": 1, "a4": 1, "b1": 1, "b2": 1})
    assert schedule.days["a1"] != schedule.days["a2"]


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from([1, 2, 3]), st.floats(1.0, 200.0)), min_size=1, max_size=25),
    st.booleans(),
)
def test_days_are_visited_evenly_and_balanced(
    villages: list[tuple[int, float]], same_step: bool
) -> None:
    if same_step:
        villages = [(3, p) for _, p in villages]
    nodes = [Node("c", "c", Tier.COUNTY, 120, 27), Node("t", "t", Tier.TOWNSHIP, 120, 27)]
    nodes += [
        Node(f"v{k}", "v", Tier.VILLAGE, 120, 27, parent="t", parcels_down_per_day=p)
        for k, (_, p) in enumerate(villages)
    ]
    net = Network(nodes)
    every = {f"v{k}": n for k, (n, _) in enumerate(villages)}
    schedule = schedule_visits(net, every)
    per_day = [0.0] * schedule.period_days
    for vid, days in schedule.days.items():
        step = every[vid]
        assert len(days) == schedule.period_days // step
        assert all(b - a == step for a, b in pairwise(days))
        for d in days:
            per_day[d] += step * net[vid].parcels_per_day
    # with one step for all (no forced collisions between periods), greedy balancing keeps
    # the busiest day within the largest single visit of the mean
    if len(set(every.values())) == 1:
        biggest = max(every[v] * net[v].parcels_per_day for v in every)
        assert max(per_day) <= sum(per_day) / len(per_day) + biggest + 1e-6
    # parcels are conserved over the period
    total = sum(net[v].parcels_per_day for v in every) * schedule.period_days
    assert abs(sum(per_day) - total) < 1e-6 * max(total, 1.0)
