"""Temperature-dependent quality loss: the relative rate of spoilage (RRS) of a product.

Every model says how fast a product uses up its shelf life at a temperature, relative to its
reference temperature (facts.md 1b [S41]: RRS is additive over a time-temperature history).
The fraction of shelf life used per day at ``temp_c`` is ``relative_rate(temp_c) /
shelf_life_days``, so a product held at its reference temperature uses exactly its nominal
shelf life.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from network.errors import InputError
from network.texts import Message

FloatArray = npt.NDArray[np.float64]


class ModelKind(StrEnum):
    """The shape of the temperature dependence."""

    Q10 = "q10"  # produce and made products: rate x Q10 per +10 °C (facts.md 1b [S48])
    SQRT_RRS = "sqrt_rrs"  # chilled fish: sqrt(RRS) linear in T above t_min_c (facts.md 1b [S42])
    EXP_RRS = "exp_rrs"  # ln RRS = a (T - T_ref) (facts.md 1b [S43], croaker [S13])
    LIVE = "live"  # live seafood: nominal survival inside a band, faster mortality outside


@dataclass(frozen=True, slots=True)
class QualityModel:
    """Shelf life at a reference temperature and how it shortens with temperature.

    Attributes:
        kind: the model shape.
        ref_temp_c: temperature at which ``shelf_life_days`` was measured.
        shelf_life_days: nominal shelf life (or survival time, for live products) at
            ``ref_temp_c``.
        q10: rate factor per +10 °C (``q10`` models).
        t_min_c: theoretical minimum temperature of growth (``sqrt_rrs``); below
            ``t_min_c + 1`` the rate is held at its value there (the model is not valid lower).
        a_per_c: ln RRS per °C (``exp_rrs``), or above the band (``live``).
        band_low_c, band_high_c: survival band of a live product (``live``).
        cold_a_per_c: ln RRS per °C below the band (``live``: cold shock).
        source: the facts.md row and source keys the parameters come from.
    """

    kind: ModelKind
    ref_temp_c: float
    shelf_life_days: float
    q10: float = 2.0
    t_min_c: float = -10.0
    a_per_c: float = 0.1
    band_low_c: float = 0.0
    band_high_c: float = 0.0
    cold_a_per_c: float = 0.1
    source: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", ModelKind(self.kind))
        if not self.shelf_life_days > 0:
            raise InputError(
                Message("{shelf_life_days} must be > 0 days", shelf_life_days=self.shelf_life_days),
                field="shelf_life_days",
            )
        if self.kind is ModelKind.Q10 and not self.q10 >= 1.0:
            raise InputError(Message("{q10} must be >= 1", q10=self.q10), field="q10")
        if self.kind is ModelKind.SQRT_RRS and not self.t_min_c < self.ref_temp_c - 1.0:
            raise InputError(
                Message(
                    "{t_min_c} must be more than 1 °C below ref_temp_c {ref_temp_c}",
                    t_min_c=self.t_min_c,
                    ref_temp_c=self.ref_temp_c,
                ),
                field="t_min_c",
            )
        if self.kind is ModelKind.LIVE and not (
            self.band_low_c <= self.ref_temp_c <= self.band_high_c
        ):
            raise InputError(
                Message(
                    "ref_temp_c {ref_temp_c} must lie in the survival band "
                    "{band_low_c}..{band_high_c}",
                    ref_temp_c=self.ref_temp_c,
                    band_low_c=self.band_low_c,
                    band_high_c=self.band_high_c,
                ),
                field="ref_temp_c",
            )
        if self.a_per_c < 0 or self.cold_a_per_c < 0:
            raise InputError(Message("temperature coefficients must be >= 0"), field="a_per_c")

    def relative_rate(self, temp_c: npt.ArrayLike) -> FloatArray:
        """RRS at ``temp_c``: how many days of reference shelf life one day uses."""
        t = np.asarray(temp_c, dtype=np.float64)
        if self.kind is ModelKind.Q10:
            return np.asarray(self.q10 ** ((t - self.ref_temp_c) / 10.0), dtype=np.float64)
        if self.kind is ModelKind.SQRT_RRS:
            floor = self.t_min_c + 1.0
            ratio = (np.maximum(t, floor) - self.t_min_c) / (self.ref_temp_c - self.t_min_c)
            return np.asarray(ratio**2, dtype=np.float64)
        if self.kind is ModelKind.EXP_RRS:
            return np.exp(self.a_per_c * (t - self.ref_temp_c))
        above = np.maximum(t - self.band_high_c, 0.0)
        below = np.maximum(self.band_low_c - t, 0.0)
        return np.exp(self.a_per_c * above + self.cold_a_per_c * below)

    def life_used_per_day(self, temp_c: npt.ArrayLike) -> FloatArray:
        """Fraction of the shelf life used per day at ``temp_c``."""
        return self.relative_rate(temp_c) / self.shelf_life_days

    def shelf_life_days_at(self, temp_c: npt.ArrayLike) -> FloatArray:
        """Shelf life (days) of fresh product kept at ``temp_c`` throughout."""
        return self.shelf_life_days / self.relative_rate(temp_c)


def life_used(model: QualityModel, temps_c: npt.ArrayLike, step_days: float) -> float:
    """Fraction of shelf life used by a temperature history sampled every ``step_days``."""
    return float(np.sum(model.life_used_per_day(temps_c)) * step_days)
