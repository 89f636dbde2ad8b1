"""Season simulation: mass balance, shelf life at the reference temperature, errors."""

from __future__ import annotations

import numpy as np
import pytest

from coldchain import (
    ColdStore,
    Facility,
    PreCooler,
    ReeferFleet,
    Variation,
    default_facilities,
    facility_from_mapping,
    load_catalogue,
    simulate,
)
from network import InputError, Network, Node, Tier

from .conftest import small_network

NO_NOISE = Variation(daily_cv=0.0, year_cv=0.0, shift_days=0)


@pytest.mark.parametrize("steps_per_day", [1, 6])
def test_mass_balance_to_the_kg_every_day_every_product(net: Network, steps_per_day: int) -> None:
    result = simulate(net, seeds=[3, 4], steps_per_day=steps_per_day)
    flows = result.daily_product_flows()
    balance = (
        np.cumsum(flows["in"], axis=1)
        - np.cumsum(flows["out"], axis=1)
        - np.cumsum(flows["loss"], axis=1)
        - flows["stock"]
    )
    assert np.abs(balance).max() < 1.0
    assert flows["in"].sum() > 1e6 and flows["loss"].sum() > 0 and flows["out"].sum() > 0
    assert set(result.product_ids) == set(load_catalogue())


def _one_lot_network() -> Network:
    return Network(
        [
            Node("dc", "DC", Tier.COUNTY, 120.0, 26.9),
            Node("t1", "T1", Tier.TOWNSHIP, 120.1, 26.9, parent="dc"),
            Node(
                "v1",
                "V1",
                Tier.VILLAGE,
                120.1,
                26.9,
                parent="t1",
                supply_kg_per_day={"croaker": 1000.0},
            ),
        ]
    )


@pytest.mark.parametrize("steps_per_day", [1, 24])
def test_product_at_reference_temperature_is_lost_after_exactly_its_shelf_life(
    steps_per_day: int,
) -> None:
    catalogue = load_catalogue(
        {
            "croaker": {
                "field_temp_c": 0.0,
                "prep": "none",
                "storage_temp_low_c": 0.0,
                "storage_temp_high_c": 0.0,
                "season": {"base": 0.0, "windows": [[10, 10, 10]]},
            }
        }
    )
    facilities: list[Facility] = [
        ColdStore("room", "t1", 1_000.0, 0.0),
        ReeferFleet("fleet", "dc", vehicles=0),
    ]
    result = simulate(
        _one_lot_network(),
        catalogue=catalogue,
        facilities=facilities,
        days=40,
        steps_per_day=steps_per_day,
        variation=NO_NOISE,
    )
    arrived = np.flatnonzero(result.output.arrived[0, :, 0])
    lost = np.flatnonzero(result.output.lost_store[0, :, 0])
    assert len(arrived) == 1 and len(lost) == 1
    assert lost[0] - arrived[0] == 17 * steps_per_day  # facts.md 1a: 17 d at 0 °C [S13]
    assert result.output.lost_store.sum() == pytest.approx(result.output.arrived.sum())


def test_warm_waiting_charges_quality() -> None:
    """A full store makes product wait at field temperature: it is lost much sooner."""
    catalogue = load_catalogue(
        {"croaker": {"prep": "none", "season": {"base": 0.0, "windows": [[10, 10, 10]]}}}
    )
    facilities: list[Facility] = [
        ColdStore("room", "t1", 0.0, 0.0),
        ReeferFleet("fleet", "dc", vehicles=0),
    ]
    result = simulate(
        _one_lot_network(),
        catalogue=catalogue,
        facilities=facilities,
        days=40,
        variation=NO_NOISE,
    )
    lost_day = int(np.flatnonzero(result.output.lost_wait[0, :, 0])[0])
    arrived_day = int(np.flatnonzero(result.output.arrived[0, :, 0])[0])
    at_18c = float(catalogue["croaker"].quality.shelf_life_days_at(18.0))
    assert lost_day - arrived_day == int(np.ceil(at_18c - 1e-9))


def test_negative_capacity_names_the_field() -> None:
    with pytest.raises(InputError, match="throughput_kg_per_day"):
        facility_from_mapping(
            {"kind": "precool", "id": "p", "node_id": "t1", "throughput_kg_per_day": -5}
        )
    with pytest.raises(InputError, match="field volume_m3"):
        ColdStore("room", "t1", -1.0, 0.0)
    with pytest.raises(InputError, match="field vehicles"):
        facility_from_mapping({"kind": "reefer", "id": "r", "node_id": "dc", "vehicles": -1})


def test_set_point_above_ambient_names_the_field(net: Network) -> None:
    facilities = [*default_facilities(net, load_catalogue()), PreCooler("hot", "t1", 10.0, 35.0)]
    with pytest.raises(InputError, match="set_point_c"):
        simulate(net, facilities=facilities, days=5)


def test_unknown_product_names_the_field(net: Network) -> None:
    bad = net.replace_nodes(
        [
            *net.nodes,
            Node(
                "v9",
                "V9",
                Tier.VILLAGE,
                120.1,
                26.9,
                parent="t1",
                supply_kg_per_day={"durian": 5.0},
            ),
        ]
    )
    with pytest.raises(InputError, match=r"supply_durian_kg.*unknown product 'durian'"):
        simulate(bad, days=5)
    with pytest.raises(InputError, match="field products"):
        simulate(net, facilities=[ReeferFleet("r", "dc", 1, products=("durian",))], days=5)
    with pytest.raises(InputError, match="field kind"):
        facility_from_mapping({"kind": "warehouse", "id": "w", "node_id": "dc"})


def test_bad_product_override_names_the_field() -> None:
    with pytest.raises(InputError, match="field density_kg_m3"):
        load_catalogue({"kelp": {"density_kg_m3": 0}})
    with pytest.raises(InputError, match=r"field quality\.q10"):
        load_catalogue({"kelp": {"quality": {"q10": 0.5}}})
    with pytest.raises(InputError, match="field prep"):
        load_catalogue({"kelp": {"prep": "smoke"}})


def test_missing_stage_facility_is_an_input_error(net: Network) -> None:
    with pytest.raises(InputError, match="no reefer facility"):
        simulate(
            net,
            facilities=[
                f
                for f in default_facilities(net, load_catalogue())
                if not isinstance(f, ReeferFleet)
            ],
            days=5,
        )


def test_small_network_fixture_scales() -> None:
    assert small_network(2.0)["v1"].supply_kg_per_day["kelp"] == 40_000


def test_engine_matches_a_plain_python_loop_of_the_same_step() -> None:
    from dataclasses import replace

    from benchmarks.coldchain import bench_network, python_engine
    from coldchain import prepare_season
    from coldchain.engine import run_engine
    from coldchain.inflow import harvest_inflows

    net, facilities = bench_network()
    tight = [f.scaled(0.3) for f in facilities]  # so that product is lost too
    setup = prepare_season(net, facilities=tight, steps_per_day=24, start_doy=85, days=6)
    arrivals = harvest_inflows(
        setup.lanes, setup.products, seeds=[2], days=6, start_doy=85, steps_per_day=24
    )
    data = replace(setup.engine, arrivals_kg=arrivals)
    fast, slow = run_engine(data), python_engine(data)
    lost = (fast.lost_wait + fast.lost_store)[0]
    assert fast.dispatched.sum() > 0 and lost.sum() > 0
    np.testing.assert_allclose(np.array(slow["dispatched"]), fast.dispatched[0], atol=1e-6)
    np.testing.assert_allclose(np.array(slow["lost"]), lost, atol=1e-6)
    np.testing.assert_allclose(np.array(slow["stock"]), (fast.waiting + fast.stored)[0], atol=1e-6)
