"""``validate``: every input check that ``plan`` makes, without solving anything.

It loads the network and distances as the plan does (every file, the cross-file checks: a
village and a county node, a ferry for every island, numeric bounds), then runs each section's
``check(ctx, config)`` as ``plan`` does before its first solve (:mod:`scenarios.section_checks`:
fleets, schedule, policy, cold-chain catalogue, facilities and supply lanes). The one check
left to ``plan`` is whether the reefer fleet carries each peak-day landing, which needs the
simulated season.
"""

from __future__ import annotations

from scenarios.registry import SECTION_KEYS
from scenarios.runner import base_context, load_plan_inputs, stepped_aside, warn_unreachable
from scenarios.schema import Scenario
from scenarios.section_checks import check_sections

NEEDS_A_SOLVE = ("coldchain: the reefer fleet against each peak-day landing (simulated season)",)
"""Input checks that only ``plan`` can make, named in ``validate``'s output."""


def check_scenario(scenario: Scenario) -> str:
    """Run every input check of ``plan`` (InputError on the first problem); a one-line summary."""
    whole, network, matrix, unreachable = load_plan_inputs(scenario)
    warn_unreachable(whole, unreachable)  # what plan would set aside, as warnings
    skipped = stepped_aside(scenario, network, SECTION_KEYS)
    ctx = base_context(scenario, network, matrix, seed=scenario.solver.seed)
    checked = check_sections(scenario, ctx, set(SECTION_KEYS) - set(skipped))
    aside = f"; stepping aside: {', '.join(skipped)}" if skipped else ""
    return (
        f"{whole!r}; sections checked: {', '.join(checked) or 'none'}{aside}; "
        f"left to plan (needs a solve): {'; '.join(NEEDS_A_SOLVE)}"
    )
