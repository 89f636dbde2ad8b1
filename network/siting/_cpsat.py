"""Running CP-SAT the project's way: explicit workers, seed, time limit, optional work limit."""

from __future__ import annotations

import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from network.errors import InputError
from network.texts import Message


@dataclass(frozen=True, slots=True)
class CpSatSettings:
    """CP-SAT settings for the siting models.

    Attributes:
        time_limit_s: wall-clock limit per solve.
        seed: random seed.
        workers: CP-SAT search workers (8 works well even on 2 cores).
        deterministic: one worker with CP-SAT's full LP relaxation (``linearization_level``
            2) instead of ``workers`` racing: the same seed then gives the same solution
            whatever the timing. Covering models solve about as fast this way (the LP bound
            does the work); parallel workers pay off on the hardest MCLP instances. Models
            of more than :data:`INTERLEAVE_ABOVE` variables run ``workers`` subsolvers
            interleaved in one thread (CP-SAT's ``interleave_search``, deterministic too):
            on a county of 3,200 natural villages one worker stopped at its 30 s limit with
            a 93 % gap and seven times the optimal cost, the interleaved search proved the
            optimum.
        work_limit: deterministic-time limit (CP-SAT's ``max_deterministic_time``), or None.
    """

    time_limit_s: float = 30.0
    seed: int = 0
    workers: int = 8
    deterministic: bool = True
    work_limit: float | None = None

    def __post_init__(self) -> None:
        if not self.time_limit_s > 0:
            raise InputError(
                Message(
                    "time_limit_s must be positive, got {time_limit_s}",
                    time_limit_s=self.time_limit_s,
                ),
                field="time_limit_s",
            )
        if self.workers < 1:
            raise InputError(
                Message("workers must be >= 1, got {workers}", workers=self.workers),
                field="workers",
            )


DEFAULT_SETTINGS = CpSatSettings()

#: Above this many variables a deterministic solve interleaves ``workers`` subsolvers.
INTERLEAVE_ABOVE = 2_000


@dataclass(frozen=True, slots=True)
class CpSatSolution:
    """A finished solve: the solver (for values), its status name, objective, bound, time."""

    solver: cp_model.CpSolver
    status: str
    objective: float | None
    bound: float | None
    wall_s: float


def solve(model: cp_model.CpModel, settings: CpSatSettings) -> CpSatSolution:
    """Solve with the settings; objective/bound are None without a solution."""
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = 1 if settings.deterministic else settings.workers
    params.random_seed = settings.seed
    params.max_time_in_seconds = settings.time_limit_s
    # CP-SAT's own Ctrl-C handler, once the solve ends, leaves SIGINT at the system default,
    # so a later Ctrl-C killed the process with no cleanup (a half-written output folder,
    # workers left running). The caller's handling of Ctrl-C stays in charge instead.
    params.catch_sigint_signal = False
    if settings.deterministic:
        params.linearization_level = 2
        if len(model.proto.variables) > INTERLEAVE_ABOVE and settings.workers > 1:
            params.num_workers = settings.workers
            params.interleave_search = True
    if settings.work_limit is not None:
        params.max_deterministic_time = settings.work_limit
    start = time.perf_counter()
    code = solver.solve(model)
    wall_s = time.perf_counter() - start
    status = solver.status_name(code)
    found = code in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    return CpSatSolution(
        solver=solver,
        status=status,
        objective=solver.objective_value if found else None,
        bound=solver.best_objective_bound if found else None,
        wall_s=wall_s,
    )


def gap_pct(objective: float | None, bound: float | None, status: str) -> float | None:
    """Relative gap |objective - bound| / max(|objective|, 1) in percent (0 when proven)."""
    if status == "OPTIMAL":
        return 0.0
    if objective is None or bound is None:
        return None
    return round(100.0 * abs(objective - bound) / max(abs(objective), 1.0), 3)
