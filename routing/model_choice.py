"""Two echelons or flat: which costs less once the hubs' handling is counted.

Both models move every parcel from the county DC to the villages; in the two-echelon model every
parcel passes a township hub and pays its handling (:mod:`routing.economics`), in the flat model
only those served from a hub do. The comparison is the whole way's cost per parcel delivered on
the same day (all stages, so a model that leaves villages out does not look cheaper for it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from network.model import Network
from routing.echelons import ModelResult
from routing.economics import Costs, UnitCosts, whole_way
from routing.flows import day_flows

Model = Literal["two_echelon", "flat"]


@dataclass(frozen=True)
class ModelChoice:
    """The day's whole-way costs of both models and the one used.

    ``by`` is ``"scenario"`` when the scenario named the model, ``"cheaper"`` otherwise.
    """

    two_echelon: Costs
    flat: Costs
    chosen: Model
    by: Literal["scenario", "cheaper"]

    @property
    def cheaper(self) -> Model:
        two, flat = self.two_echelon.cost_per_parcel_yuan, self.flat.cost_per_parcel_yuan
        return "flat" if flat < two else "two_echelon"

    def costs(self, model: Model) -> Costs:
        return self.two_echelon if model == "two_echelon" else self.flat

    def why(self) -> str:
        """Which model is cheaper and which stages make the difference (yuan per parcel)."""
        cheap = self.cheaper
        dear: Model = "flat" if cheap == "two_echelon" else "two_echelon"
        a, b = self.costs(cheap), self.costs(dear)
        sa, sb = a.stages_per_parcel_yuan, b.stages_per_parcel_yuan
        gap = b.cost_per_parcel_yuan - a.cost_per_parcel_yuan
        return (
            f"{cheap} costs {gap} yuan a parcel less than {dear}: line haul "
            f"{sa['line_haul']} vs {sb['line_haul']}, hub handling {sa['hub_handling']} vs "
            f"{sb['hub_handling']}"
        )


def choose_model(
    network: Network,
    two_echelon: ModelResult,
    flat: ModelResult,
    *,
    carriers: Mapping[str, float],
    costs: Mapping[str, UnitCosts] | None = None,
    default: UnitCosts | None = None,
    scenario_choice: Model | None = None,
) -> ModelChoice:
    """Cost both models' day by the whole way; keep the scenario's choice, else the cheaper
    (two echelons on a tie)."""
    two = whole_way(day_flows(network, two_echelon.parts, carriers), costs, default=default)
    one = whole_way(day_flows(network, flat.parts, carriers), costs, default=default)
    draft = ModelChoice(two.total(), one.total(), "two_echelon", "cheaper")
    if scenario_choice is not None:
        return ModelChoice(draft.two_echelon, draft.flat, scenario_choice, "scenario")
    return ModelChoice(draft.two_echelon, draft.flat, draft.cheaper, "cheaper")
