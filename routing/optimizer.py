"""Route planning by column generation, local search and an integer master.

`solve` starts from the greedy plan and prices paths on the time-expanded network with the LP
duals (routing.colgen has the formulation and the bound, routing.master the LP). Column
generation runs first with only the linking rows worth a share of the LP value (a fast LP),
then with a ten times smaller share (a tighter LP), within shares of the time limit. After
each phase the LP solution is rounded and improved by local search, make-room moves, sub-MIP
re-packing of full departures and ruin-and-recreate on the column pool (routing.improve,
routing.eject, routing.repack, routing.lns); at the end CP-SAT solves the integer master over a
reduced column set hinted with the best plan (routing.mip), and the searches polish its plan.
The bound is the best Lagrangian bound of any round: valid for the whole problem, not only for
the generated columns, whichever rows the master has.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from routing import colgen, eject, lns, repack
from routing import timeexpanded as tx
from routing.greedy import greedy_routes
from routing.improve import PoolPlan, load, local_search, round_lp
from routing.master import Master
from routing.mip import reduced_set, solve_integer
from routing.network import Network
from routing.paths import Path, cheapest
from routing.plan import Plan, make_plan
from routing.reasons import unplanned_reasons
from routing.shipments import Demand, check_against

Progress = Callable[[float, float, float, float], None]
#: Ends of the phases as shares of the time left after the greedy: coarse, fine linking rows;
#: the fine phase of a large batch (``LARGE`` shipments or more) ends at LARGE_FINE_SHARE
#: (on 10,000 congested shipments the bound still rises then; on 500 the searches need the
#: time). docs/routing.md has the measurements behind these figures.
COARSE_SHARE, FINE_SHARE, LARGE_FINE_SHARE = 0.35, 0.55, 0.70
LARGE = 5_000
#: A linking row enters only when F_d * (x_sd - y_d) exceeds this share of the LP value (on
#: 2,000 shipments 450 rows instead of 3,270 for an LP value 0.04% lower); the fine share adds
#: rows the coarse one left out.
COARSE_LINKING, FINE_LINKING = 1e-4, 1e-5
#: Shares of the time left given to the searches after the coarse and the fine phase (a
#: large batch's second search: LARGE_SECOND_SEARCH).
FIRST_SEARCH, SECOND_SEARCH, LARGE_SECOND_SEARCH = 0.10, 0.15, 0.12
#: Shares of a search's time: make-room moves, then sub-MIP re-packing of what is left, then
#: ruin-and-recreate to the end.
EJECT_SHARE, REPACK_SHARE = 0.3, 0.6
#: A phase also ends once the bound is this close to the LP value (relative) and the LP-bound
#: difference is under a tenth of the gap to the best plan: more columns could lower the LP by
#: at most that much, and the rows still being added raise it by little (congested instances),
#: while the searches need the time. Small instances, near the bound, run to convergence.
CONVERGED = 1e-4
#: A master LP solve starts only with SKIP of the last solve's time left in the phase, and
#: may run to OVERRUN times that time (routing.optimizer._Run._solve_lp).
SKIP, OVERRUN = 0.5, 1.5
#: Weight of the best-bound duals in the pricing duals (Wentges smoothing).
SMOOTHING = 0.5
#: Share of the last step's time given to CP-SAT over the integer master; the searches (with
#: re-packing) polish its plan in the rest, which lowered it more per second than CP-SAT.
MIP_SHARE = 0.3


@dataclass(frozen=True)
class Result:
    routes: list[Path | None]
    objective: float
    bound: float


class _Run:
    """The state of one optimisation: master, best plan, best bound, clock and progress."""

    def __init__(
        self,
        te: tx.TimeExpanded,
        b: tx.Batch,
        co2e_price: float,
        start: float,
        progress: Progress | None,
        seed: int,
    ) -> None:
        self.te, self.b, self.co2e, self.start = te, b, co2e_price, start
        self.progress, self.seed = progress, seed
        self.master = Master(te, b, co2e_price)
        self.best: list[Path | None] = [None] * len(b.shipments)
        self.incumbent = float(b.unplanned.sum())
        self.bound = -np.inf
        self.duals: colgen.Duals | None = None
        self.center: colgen.Duals | None = None
        self.lp_s = 0.0
        self.end = np.inf

    def report(self) -> None:
        if self.progress is not None:
            self.progress(
                self.incumbent,
                self.bound,
                colgen.relative_gap(self.incumbent, self.bound),
                time.monotonic() - self.start,
            )

    def offer(self, routes: Sequence[Path | None]) -> None:
        """Keep `routes` if cheaper than the best plan; add its paths to the pool."""
        for s, path in enumerate(routes):
            if path is not None:
                self.master.add_column(s, path)
        value = colgen.routes_objective(self.te, self.b, routes, self.co2e)
        if value < self.incumbent:
            self.best, self.incumbent = list(routes), value

    def closed(self) -> bool:
        return colgen.relative_gap(self.incumbent, self.bound) <= 1e-6

    def generate(self, until: float) -> bool:
        """Pricing rounds until convergence (True) or `until`; the bound improves as it goes.

        Wentges smoothing: paths are priced at SMOOTHING * (the duals of the best bound so far)
        + (1 - SMOOTHING) * (the LP duals), which damps the oscillation of LP duals; a column
        enters when its reduced cost under the LP duals is negative. When smoothed pricing finds
        none (a mispricing) the next round prices at the LP duals themselves, and only a round
        at the LP duals that finds no column and no violated row ends the phase.
        """
        te, b, master = self.te, self.b, self.master
        smoothing = SMOOTHING
        while True:
            lp = self._solve_lp(until)
            if lp is None:
                return False
            current = master.duals()
            self.duals = current
            cuts = master.separate()
            priced = current if self.center is None else colgen.mix(self.center, current, smoothing)
            sp, paths = cheapest(te, b, colgen.pricing_prices(te, self.co2e, priced))
            value = colgen.lagrangian_bound(te, b, sp, priced, master.big_k)
            if value > self.bound:
                self.bound, self.center = value, priced
            added = 0
            for s, path in enumerate(paths):
                if path is None:
                    continue
                cost = colgen.column_cost(te, b, s, path, self.co2e)
                if colgen.reduced_cost(te, b, s, path, cost, current) < -1e-6 * max(
                    1.0, abs(current.pi[s])
                ):
                    added += master.add_column(s, path)
            self.report()
            exact = priced is current
            smoothing = SMOOTHING if added else 0.0
            if cuts == 0 and exact and (added == 0 or lp - self.bound <= 1e-9 * abs(lp)):
                return True
            if lp - self.bound <= min(CONVERGED * abs(lp), 0.1 * (self.incumbent - self.bound)):
                return True
            if self.closed() or time.monotonic() > until:
                return False

    def _solve_lp(self, until: float) -> float | None:
        """The master LP's value, or None when the phase should end: a solve cut off by its
        limit is lost time (10,000 congested shipments: 13-20 s per solve, and a cut-off
        solve at the end of the fine phase cost one round's rise of the bound, 2 M CNY), so a
        solve is not started with less than SKIP of the last one's time left, and one that
        has started may run to OVERRUN times the last one's time, never past the run's end."""
        began = time.monotonic()
        left = until - began
        if left <= 0 or left < SKIP * self.lp_s:
            return None
        lp = self.master.solve_lp(min(max(left, OVERRUN * self.lp_s), self.end - began))
        self.lp_s = time.monotonic() - began
        return lp

    def improve(self, deadline: float, from_lp: bool = True) -> None:
        """Round the last LP solution (when `from_lp`), fill gaps with greedy paths,
        local-search it; then local-search, make room, re-pack and ruin-and-recreate the best
        plan until the deadline; keep the best."""
        master = self.master
        if from_lp and master.xv.size:
            closed = {d for d, v in master.yv.items() if v < 0.5}
            xv = np.concatenate([master.xv, np.zeros(len(master.cols) - master.xv.size)])
            plan = round_lp(self._pool(), xv, closed)
            self._fill(plan)
            share = time.monotonic() + 0.2 * max(0.0, deadline - time.monotonic())
            self.offer(local_search(plan, share, self.seed).routes())
        plan = load(self._pool(), [self._column(s, p) for s, p in enumerate(self.best)])
        plan = local_search(plan, deadline, self.seed + 1)
        plan = eject.search(plan, time.monotonic() + EJECT_SHARE * (deadline - time.monotonic()))
        plan = repack.search(
            plan, time.monotonic() + REPACK_SHARE * (deadline - time.monotonic()), self.seed + 3
        )
        plan = lns.search(
            plan, self.te, self.b, self.co2e, master.add_column, deadline, self.seed + 2
        )
        self.offer(plan.routes())
        self.report()

    def _pool(self) -> PoolPlan:
        return PoolPlan(self.te, self.b, self.master.cols, self.master.of_shipment)

    def _column(self, s: int, path: Path | None) -> int | None:
        return None if path is None else self.master.keys[s, path]

    def _fill(self, plan: PoolPlan) -> None:
        """Greedy paths on the remaining capacity for unplanned shipments, kept if cheaper."""
        rest = [s for s, j in enumerate(plan.choice) if j is None]
        if not rest:
            return
        used_kg = np.array(plan.load_kg)
        used_m3 = np.array(plan.load_m3)
        sub = tx.subset(self.b, rest)
        for k, path in enumerate(greedy_routes(self.te, sub, self.co2e, used_kg, used_m3)):
            if path is not None:
                self.master.add_column(rest[k], path)
                plan.remove(rest[k])
                plan.insert(rest[k], plan.best(rest[k]))

    def integer(self, time_limit_s: float, solver_name: str) -> None:
        """The integer master (CP-SAT by default) over the MIP_COLUMNS cheapest columns in
        reduced cost per shipment, those with a positive LP value and the best plan's, hinted
        with the best plan; `optimize` polishes the result with the searches."""
        master = self.master
        best = {master.keys[s, p] for s, p in enumerate(self.best) if p is not None}
        keep = reduced_set(
            self.te, self.b, master.cols, master.of_shipment, master.xv, best, self.duals
        )
        routes = solve_integer(
            self.te, self.b, master.cols, keep, self.best, time_limit_s, self.seed, solver_name
        )
        if routes is not None:
            self.offer(routes)


def optimize(
    te: tx.TimeExpanded,
    b: tx.Batch,
    co2e_price: float,
    *,
    time_limit_s: float,
    seed: int = 0,
    progress: Progress | None = None,
    mip_solver: str = "CP_SAT",
    started: float | None = None,
) -> Result:
    """Column generation, local search and the integer master; routes index the batch."""
    start = time.monotonic() if started is None else started
    deadline = start + time_limit_s
    run = _Run(te, b, co2e_price, start, progress, seed)
    end = run.end = deadline - 0.08 * time_limit_s
    run.offer(greedy_routes(te, b, co2e_price))
    run.report()
    began, left = time.monotonic(), max(0.0, deadline - time.monotonic())
    large = len(b.shipments) >= LARGE
    fine = LARGE_FINE_SHARE if large else FINE_SHARE
    second = LARGE_SECOND_SEARCH if large else SECOND_SEARCH
    run.master.linking, run.master.link_share = True, COARSE_LINKING
    run.generate(began + COARSE_SHARE * left)
    if not run.closed():
        run.improve(began + (COARSE_SHARE + FIRST_SEARCH) * left)
        run.master.link_share = FINE_LINKING
        run.generate(began + fine * left)
    if not run.closed():
        run.improve(began + (fine + second) * left)
    remaining = end - time.monotonic()
    if not run.closed() and remaining > 0.5:
        run.integer(MIP_SHARE * remaining, mip_solver)
        run.improve(end, from_lp=False)
    run.bound = min(run.bound, run.incumbent)
    run.report()
    return Result(run.best, run.incumbent, float(run.bound))


def solve(
    network: Network,
    demand: Demand,
    *,
    time_limit_s: float = 30.0,
    seed: int = 0,
    progress: Progress | None = None,
    mip_solver: str = "CP_SAT",
) -> Plan:
    """Plan every shipment of `demand` on `network` within `time_limit_s` seconds.

    progress(incumbent, bound, gap, elapsed_s) is called after each pricing round and at the
    end. The plan's status is `optimal` only when proven within a relative gap of 1e-6.
    """
    start = time.monotonic()
    check_against(demand, network)
    te = tx.build(network)
    b = tx.batch(te, demand.shipments, demand.objective)
    co2e_price = demand.objective.co2e_cost_per_kg
    result = optimize(
        te,
        b,
        co2e_price,
        time_limit_s=time_limit_s,
        seed=seed,
        progress=progress,
        mip_solver=mip_solver,
        started=start,
    )
    return to_plan(network, demand, te, b, result, time.monotonic() - start)


def to_plan(
    network: Network,
    demand: Demand,
    te: tx.TimeExpanded,
    b: tx.Batch,
    result: Result,
    solve_s: float,
) -> Plan:
    routes = {
        demand.shipments[s].id: [te.departures[d] for d in path]
        for s, path in enumerate(result.routes)
        if path is not None
    }
    missing = [s for s, path in enumerate(result.routes) if path is None]
    reasons = unplanned_reasons(te, b, missing, demand.objective.co2e_cost_per_kg)
    return make_plan(
        network,
        demand,
        routes,
        {demand.shipments[s].id: r for s, r in reasons.items()},
        lower_bound=result.bound,
        solve_s=solve_s,
    )
