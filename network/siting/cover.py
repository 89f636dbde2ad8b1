"""The covering models on CP-SAT: minimum cost for all targets, MCLP for a budget, and LSCP.

Formulation (presolve-friendly): one Boolean per kept candidate; one Boolean per group of places
sharing a coverage set, implying that one of its candidates is chosen (``x => OR(y)``); a group
every solution must cover gets the clause ``OR(y)`` with no variable. Targets are linear counts
over the groups; the objective is cost in integer fen (or coverage weight for MCLP).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

import numpy as np
import numpy.typing as npt
from ortools.sat.python import cp_model

from network.coverage import DEFAULT_TARGETS, CoverageTargets
from network.errors import InputError
from network.money import to_fen
from network.siting._cpsat import DEFAULT_SETTINGS, CpSatSettings, CpSatSolution, gap_pct, solve
from network.siting._reduce import Reduced, incidence, reduce
from network.siting.problem import IntArray, SitingProblem
from network.siting.result import (
    CoverageCounts,
    Infeasibility,
    SitingResult,
    UncoveredPlace,
)
from network.texts import Message

ALL_TARGETS = CoverageTargets(
    townships_service_pct=100.0, villages_service_pct=100.0, poor_villages_service_pct=100.0
)
_GROUP_TARGET = {
    "townships": "townships_service",
    "villages": "villages_service",
    "poor_villages": "poor_villages_service",
}


def _group_masks(problem: SitingProblem) -> dict[str, npt.NDArray[np.bool_]]:
    return {
        "townships": problem.seat,
        "villages": problem.village,
        "poor_villages": problem.village & problem.poor,
    }


def needed(pct: float, total: int) -> int:
    """Fewest places out of ``total`` whose share reaches ``pct`` percent (exact)."""
    return math.ceil(Fraction(Decimal(repr(pct))) * total / 100)


def _shortfalls(
    problem: SitingProblem, reduced: Reduced, targets: CoverageTargets
) -> dict[str, tuple[int, int]]:
    coverable = np.zeros(len(problem.place_ids), dtype=np.bool_)
    for members in reduced.members:
        coverable[members] = True
    short = {}
    for group, mask in _group_masks(problem).items():
        need = needed(targets.pct(_GROUP_TARGET[group]), int(mask.sum()))
        can = int((mask & coverable).sum())
        if need > can:
            short[group] = (need, can)
    return short


def min_cost_siting(
    problem: SitingProblem,
    *,
    targets: CoverageTargets = DEFAULT_TARGETS,
    settings: CpSatSettings = DEFAULT_SETTINGS,
    dominance: bool = True,
    hint: Sequence[str] = (),
) -> SitingResult:
    """The cheapest set of points meeting the township, village and poor-village targets at once.

    Infeasible targets (more places needed than any candidate can reach) give a result with
    status ``"INFEASIBLE"`` and :attr:`SitingResult.infeasible` naming the uncoverable places.
    """
    return _min_cost(problem, targets, settings, dominance, "min_cost", hint)


def set_covering(
    problem: SitingProblem, *, settings: CpSatSettings = DEFAULT_SETTINGS, dominance: bool = True
) -> SitingResult:
    """LSCP: the cheapest set of points covering every township seat and village."""
    return _min_cost(problem, ALL_TARGETS, settings, dominance, "lscp", ())


def _min_cost(
    problem: SitingProblem,
    targets: CoverageTargets,
    settings: CpSatSettings,
    dominance: bool,
    name: str,
    hint: Sequence[str],
) -> SitingResult:
    cost = problem.cost_fen()
    reduced = reduce(problem, cost, dominance=dominance)
    short = _shortfalls(problem, reduced, targets)
    if short:
        return _infeasible(problem, reduced, short, name)
    model = cp_model.CpModel()
    y = [model.new_bool_var(f"y{j}") for j in reduced.kept]
    masks = _group_masks(problem)
    counts = {g: [int(mask[m].sum()) for m in reduced.members] for g, mask in masks.items()}
    need = {g: needed(targets.pct(_GROUP_TARGET[g]), int(mask.sum())) for g, mask in masks.items()}
    coverable = {g: sum(c) for g, c in counts.items()}
    forced_groups = {g for g in masks if need[g] == coverable[g] and need[g] > 0}
    terms: dict[str, list[tuple[int, cp_model.IntVar]]] = {g: [] for g in masks}
    for gi, cover in enumerate(reduced.groups):
        clause = [y[int(p)] for p in cover]
        if any(counts[g][gi] for g in forced_groups):
            model.add_bool_or(clause)
            continue
        if not any(counts[g][gi] and need[g] for g in masks):
            continue  # no target counts these places: leave them out of the model
        x = model.new_bool_var(f"x{gi}")
        model.add_bool_or([x.Not(), *clause])
        for g in masks:
            if counts[g][gi]:
                terms[g].append((counts[g][gi], x))
    for g in masks:
        if g in forced_groups or need[g] == 0:
            continue
        forced = sum(
            counts[g][gi]
            for gi in range(len(reduced.groups))
            if _is_forced(gi, counts, forced_groups)
        )
        model.add(sum(c * x for c, x in terms[g]) >= need[g] - forced)
    model.minimize(sum(int(cost[j]) * var for j, var in zip(reduced.kept, y, strict=True)))
    _add_hint(model, problem, reduced, y, hint)
    solved = solve(model, settings)
    return _result(problem, reduced, y, solved, name, targets)


def _is_forced(gi: int, counts: dict[str, list[int]], forced_groups: set[str]) -> bool:
    return any(counts[g][gi] for g in forced_groups)


def _add_hint(
    model: cp_model.CpModel,
    problem: SitingProblem,
    reduced: Reduced,
    y: list[cp_model.IntVar],
    hint: Sequence[str],
) -> None:
    if not hint:
        return
    wanted = set(hint)
    for j, var in zip(reduced.kept, y, strict=True):
        model.add_hint(var, problem.candidates[int(j)].id in wanted)


def max_coverage(
    problem: SitingProblem,
    *,
    budget_yuan: Decimal | None = None,
    max_points: int | None = None,
    weights: npt.ArrayLike | None = None,
    poor_weight: int = 2,
    settings: CpSatSettings = DEFAULT_SETTINGS,
    dominance: bool = True,
) -> SitingResult:
    """MCLP: the most weighted places covered within a budget (yuan and/or number of points).

    Default weights: 1 per village, ``poor_weight`` per registered-poor village, 0 per seat;
    ``weights`` (one integer per place) replaces them. CP-SAT starts from a greedy solution.
    """
    if budget_yuan is None and max_points is None:
        raise InputError(
            Message("max_coverage needs budget_yuan or max_points"), field="budget_yuan"
        )
    w = _weights(problem, weights, poor_weight)
    cost = problem.cost_fen()
    reduced = reduce(problem, cost, dominance=dominance)
    group_w = np.array([int(w[m].sum()) for m in reduced.members], dtype=np.int64)
    kept_cost = cost[reduced.kept]
    budget_fen = (
        None
        if budget_yuan is None
        else int((Decimal(budget_yuan) * 100).to_integral_value(rounding="ROUND_FLOOR"))
    )
    model = cp_model.CpModel()
    y = [model.new_bool_var(f"y{j}") for j in reduced.kept]
    x: dict[int, cp_model.IntVar] = {}
    for g in (int(i) for i in np.flatnonzero(group_w)):
        x[g] = model.new_bool_var(f"x{g}")
        model.add_bool_or([x[g].Not(), *(y[int(j)] for j in reduced.groups[g])])
    if budget_fen is not None:
        model.add(sum(int(c) * var for c, var in zip(kept_cost, y, strict=True)) <= budget_fen)
    if max_points is not None:
        model.add(sum(y) <= max_points)
    model.maximize(sum(int(group_w[gi]) * var for gi, var in x.items()))
    picked, covered = _greedy_cover(
        problem, reduced, w, kept_cost, budget_fen=budget_fen, max_points=max_points
    )
    for var, hint in zip(y, picked, strict=True):
        model.add_hint(var, bool(hint))
    for g, var in x.items():
        model.add_hint(var, bool(covered[reduced.members[g][0]]))
    return _result(problem, reduced, y, solve(model, settings), "mclp", None)


def _greedy_cover(
    problem: SitingProblem,
    reduced: Reduced,
    weight: IntArray,
    cost_fen: IntArray,
    *,
    budget_fen: int | None,
    max_points: int | None,
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Kept points picked greedily by newly covered weight per fen, within budget and count.

    Returns the picked points (per kept candidate) and the covered places. MCLP hints CP-SAT
    with it: on the benchmark's harder 300 x 3,000 instances the proof then comes 3-4x sooner
    (without it CP-SAT's first solution comes late and the LP bound prunes little). The hint
    only guides the search: the proof stays CP-SAT's.
    """
    places_points = incidence(problem)[:, reduced.kept].tocsc()
    picked = np.zeros(len(reduced.kept), dtype=np.bool_)
    covered = np.zeros(len(problem.place_ids), dtype=np.bool_)
    left_fen = math.inf if budget_fen is None else budget_fen
    limit = len(picked) if max_points is None else min(max_points, len(picked))
    for _ in range(limit):
        gain = places_points.T @ np.where(covered, 0.0, weight.astype(np.float64))
        fits = ~picked & (cost_fen <= left_fen) & (gain > 0)
        if not fits.any():
            break
        best = int(np.argmax(np.where(fits, gain / np.maximum(cost_fen, 1), -1.0)))
        picked[best] = True
        left_fen -= int(cost_fen[best])
        covered[places_points[:, best].indices] = True
    return picked, covered


def _weights(problem: SitingProblem, weights: npt.ArrayLike | None, poor_weight: int) -> IntArray:
    if weights is None:
        village = problem.village.astype(np.int64)
        return village + (poor_weight - 1) * (village & problem.poor)
    w = np.asarray(weights)
    if w.shape != (len(problem.place_ids),) or not np.all(w == np.rint(w)) or np.any(w < 0):
        raise InputError(
            Message("weights must be one non-negative integer per place"), field="weights"
        )
    return w.astype(np.int64)


def _chosen(
    problem: SitingProblem, reduced: Reduced, y: list[cp_model.IntVar], solved: CpSatSolution
) -> IntArray:
    if solved.objective is None:
        return np.zeros(0, dtype=np.int64)
    picked = [
        int(j) for j, var in zip(reduced.kept, y, strict=True) if solved.solver.boolean_value(var)
    ]
    return np.asarray(sorted(picked), dtype=np.int64)


def _result(
    problem: SitingProblem,
    reduced: Reduced,
    y: list[cp_model.IntVar],
    solved: CpSatSolution,
    name: str,
    targets: CoverageTargets | None,
) -> SitingResult:
    chosen = _chosen(problem, reduced, y, solved)
    covered, nearest = assign(problem, chosen)
    counts = _counts(problem, covered)
    ids = problem.candidate_ids
    covers: dict[str, list[str]] = {ids[int(j)]: [] for j in chosen}
    for i in np.flatnonzero(covered):
        covers[ids[int(nearest[i])]].append(problem.place_ids[i])
    return SitingResult(
        model=name,
        status=solved.status,
        chosen_ids=tuple(ids[int(j)] for j in chosen),
        existing_ids=tuple(ids[int(j)] for j in chosen if problem.candidates[int(j)].existing),
        covers={k: tuple(v) for k, v in covers.items()},
        cost_yuan=to_fen(sum((problem.candidates[int(j)].cost_yuan for j in chosen), Decimal(0))),
        objective=solved.objective,
        bound=solved.bound,
        gap_pct=gap_pct(solved.objective, solved.bound, solved.status),
        coverage=counts,
        targets_met={} if targets is None else targets_met(counts, targets),
        uncovered=explain_uncovered(problem, covered),
        candidates_removed=len(problem.candidates) - len(reduced.kept),
        wall_s=solved.wall_s,
    )


def assign(problem: SitingProblem, chosen: IntArray) -> tuple[npt.NDArray[np.bool_], IntArray]:
    """Per place: covered by a chosen point, and the nearest chosen point's candidate index."""
    n = len(problem.place_ids)
    if len(chosen) == 0:
        return np.zeros(n, dtype=np.bool_), np.full(n, -1, dtype=np.int64)
    sub = problem.metric[:, chosen]
    best = np.argmin(sub, axis=1)
    covered = sub[np.arange(n), best] <= problem.threshold
    return covered, chosen[best]


def _counts(problem: SitingProblem, covered: npt.NDArray[np.bool_]) -> CoverageCounts:
    masks = _group_masks(problem)
    pairs = {g: (int((m & covered).sum()), int(m.sum())) for g, m in masks.items()}
    return CoverageCounts(pairs["townships"], pairs["villages"], pairs["poor_villages"])


def targets_met(counts: CoverageCounts, targets: CoverageTargets) -> dict[str, bool]:
    """Group -> whether the target holds (exact share, vacuous over an empty group), and all."""
    met = {
        g: covered >= needed(targets.pct(_GROUP_TARGET[g]), total)
        for g, (covered, total) in counts.as_dict().items()
    }
    met["all"] = all(met.values())
    return met


def explain_uncovered(
    problem: SitingProblem, covered: npt.NDArray[np.bool_]
) -> tuple[UncoveredPlace, ...]:
    """For each uncovered place, its nearest candidate and whether that one could reach it."""
    scale, unit = {"m": (1000.0, "km"), "s": (60.0, "min")}.get(problem.unit, (1.0, ""))
    rows = []
    for i in np.flatnonzero(~covered):
        dist = problem.metric[i]
        j = int(np.argmin(dist)) if dist.size else -1
        if j < 0 or not np.isfinite(dist[j]):
            rows.append(UncoveredPlace(problem.place_ids[i], None, None, unit, False))
            continue
        value = float(dist[j])
        rows.append(
            UncoveredPlace(
                problem.place_ids[i],
                problem.candidates[j].id,
                round(value / scale, 3),
                unit,
                value <= problem.threshold,
            )
        )
    return tuple(rows)


def _infeasible(
    problem: SitingProblem, reduced: Reduced, short: dict[str, tuple[int, int]], name: str
) -> SitingResult:
    none = np.zeros(len(problem.place_ids), dtype=np.bool_)
    coverable = none.copy()
    for members in reduced.members:
        coverable[members] = True
    uncoverable = tuple(problem.place_ids[i] for i in np.flatnonzero(~coverable))
    return SitingResult(
        model=name,
        status="INFEASIBLE",
        chosen_ids=(),
        existing_ids=(),
        covers={},
        cost_yuan=to_fen(Decimal(0)),
        objective=None,
        bound=None,
        gap_pct=None,
        coverage=_counts(problem, none),
        targets_met={},
        uncovered=explain_uncovered(problem, none),
        infeasible=Infeasibility(shortfalls=short, uncoverable_ids=uncoverable),
        candidates_removed=len(problem.candidates) - len(reduced.kept),
    )
