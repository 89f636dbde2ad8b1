"""``validate``: every input check that ``plan`` makes, without solving anything.

It loads the network and distances as the plan does (every file, the cross-file checks: a
village and a county node, a ferry for every island, numeric bounds), then runs each section's
``check(ctx, config)`` as ``plan`` does before its first solve (:mod:`scenarios.section_checks`:
fleets, schedule, policy, cold-chain catalogue, facilities and supply lanes). The one check
left to ``plan`` is whether the reefer fleet carries each peak-day landing, which needs the
simulated season.
"""

from __future__ import annotations

from network.model import Tier
from network.texts import Message
from scenarios.registry import SECTION_KEYS
from scenarios.runner import base_context, load_plan_inputs, stepped_aside, warn_unreachable
from scenarios.schema import Scenario
from scenarios.section_checks import check_sections

NEEDS_A_SOLVE = (
    Message("coldchain: the reefer fleet against each peak-day landing (simulated season)"),
)
"""Input checks that only ``plan`` can make, named in ``validate``'s output."""


def check_scenario(scenario: Scenario) -> Message:
    """Run every input check of ``plan`` (InputError on the first problem); a one-line summary
    (render it in the reader's language)."""
    whole, network, matrix, unreachable = load_plan_inputs(scenario)
    warn_unreachable(whole, unreachable)  # what plan would set aside, as warnings
    skipped = stepped_aside(scenario, network, SECTION_KEYS)
    ctx = base_context(scenario, network, matrix, seed=scenario.solver.seed)
    checked = check_sections(scenario, ctx, set(SECTION_KEYS) - set(skipped))
    aside = Message("; stepping aside: {sections}", sections=", ".join(skipped)) if skipped else ""
    return Message(
        "{network}; sections checked: {checked}{aside}; left to plan (needs a solve): {later}",
        network=Message(
            "Network({name!r}: {county} county, {township} township, {village} village)",
            name=whole.name,
            county=len(whole.of_tier(Tier.COUNTY)),
            township=len(whole.of_tier(Tier.TOWNSHIP)),
            village=len(whole.of_tier(Tier.VILLAGE)),
        ),
        checked=", ".join(checked) or Message("none"),
        aside=aside,
        later=_joined(NEEDS_A_SOLVE),
    )


def _joined(messages: tuple[Message, ...]) -> Message:
    """Messages one after the other, ``; `` between them, each in the reader's language."""
    joined = messages[0]
    for message in messages[1:]:
        joined = Message("{first}; {then}", first=joined, then=message)
    return joined
