"""Quality models: the reference temperature uses exactly the nominal shelf life."""

from __future__ import annotations

import numpy as np
import pytest

from coldchain import load_catalogue
from coldchain.quality import ModelKind, QualityModel, life_used
from network import InputError


@pytest.mark.parametrize("product_id", sorted(load_catalogue()))
def test_reference_temperature_uses_exactly_the_shelf_life(product_id: str) -> None:
    model = load_catalogue()[product_id].quality
    steps = 24 * 10
    temps = np.full(round(model.shelf_life_days * steps), model.ref_temp_c)
    assert life_used(model, temps, 1.0 / steps) == pytest.approx(1.0, abs=1e-9)


def test_croaker_matches_its_measured_shelf_lives() -> None:
    croaker = load_catalogue()["croaker"].quality
    # facts.md 1a/1b: 17 d (408 h) at 0 °C and 10.5 d (252 h) at 5 °C [S13]
    assert float(croaker.shelf_life_days_at(0.0)) == pytest.approx(17.0)
    assert float(croaker.shelf_life_days_at(5.0)) == pytest.approx(10.5, rel=0.01)


def test_species_differ_in_temperature_sensitivity() -> None:
    croaker = load_catalogue()["croaker"].quality
    sea_bass = QualityModel(ModelKind.EXP_RRS, 0.0, 14.0, a_per_c=float(np.log(4.7) / 5))
    assert float(sea_bass.relative_rate(5.0)) == pytest.approx(4.7)
    assert float(sea_bass.relative_rate(5.0)) > 2.5 * float(croaker.relative_rate(5.0))


def test_live_product_survives_nominally_inside_its_band_only() -> None:
    abalone = load_catalogue()["abalone"].quality
    assert float(abalone.relative_rate(10.0)) == 1.0
    assert float(abalone.relative_rate(21.0)) > 2.0
    assert float(abalone.relative_rate(6.0)) > 1.0


def test_warmer_is_never_slower_for_produce() -> None:
    for product in load_catalogue().values():
        if product.quality.kind is not ModelKind.LIVE:
            rates = product.quality.relative_rate(np.linspace(-5, 35, 41))
            assert np.all(np.diff(rates) >= 0), product.id


def test_bad_shelf_life_names_the_field() -> None:
    with pytest.raises(InputError, match="shelf_life_days"):
        QualityModel(ModelKind.Q10, 0.0, -3.0)
