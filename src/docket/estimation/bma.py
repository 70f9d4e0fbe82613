"""Bayesian model averaging over decomposable graphical models (Madigan & York 1997,
*Biometrika* 84(1):19–31), the method of HRDAG's dga package.

A decomposable graph on the lists says which lists may depend on each other. Under a
hyper-Dirichlet prior the marginal likelihood of the complete table (observed cells plus a value
of the unobserved one) is closed-form: the product over the graph's cliques of Dirichlet-multinomial
terms of their marginal tables, divided by the same terms of the separators. The prior of each
clique's marginal gives each of its cells δ·2^(J−|C|), so that every margin carries the same total
prior weight δ·2^J. Each (graph, N) pair gets a posterior weight; the posterior of N sums over the
graphs.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .histories import CaptureHistories

Clique = frozenset[int]
LogPrior = Callable[[npt.NDArray[np.float64]], npt.NDArray[np.float64]]

MAX_LISTS = 5
# Posterior mass allowed beyond the end of the grid of unobserved counts before a warning.
TAIL_MASS = 1e-3
# At most this many (graph, N) weights are held at once.
GRID_CELLS = 8_000_000


@dataclass(frozen=True)
class Graph:
    """A decomposable graph: its edges, its cliques and the separators of a junction tree."""

    edges: frozenset[frozenset[int]]
    cliques: tuple[Clique, ...]
    separators: tuple[Clique, ...]

    def name(self, lists: Sequence[str]) -> str:
        """Cliques in bracket notation, e.g. ``[A*B][C]``."""
        ordered = sorted(self.cliques, key=lambda clique: (-len(clique), sorted(clique)))
        return "".join("[" + "*".join(lists[i] for i in sorted(c)) + "]" for c in ordered)


@dataclass(frozen=True)
class BmaPosterior:
    """The joint posterior weights of graphs and N on a grid of unobserved counts."""

    graphs: tuple[Graph, ...]
    missing: npt.NDArray[np.int64]
    weights: npt.NDArray[np.float64]
    """One row per graph, one column per value in ``missing``; sums to 1."""
    documented: int
    truncated: bool
    """True when the grid ends where the posterior still has mass."""

    @property
    def totals(self) -> npt.NDArray[np.int64]:
        return self.documented + self.missing

    @property
    def posterior_n(self) -> npt.NDArray[np.float64]:
        return np.asarray(self.weights.sum(axis=0), dtype=np.float64)

    @property
    def model_weights(self) -> npt.NDArray[np.float64]:
        return np.asarray(self.weights.sum(axis=1), dtype=np.float64)

    def quantile(self, level: float) -> int:
        cumulative = np.cumsum(self.posterior_n)
        index = int(np.searchsorted(cumulative, level * cumulative[-1]))
        return int(self.totals[min(index, len(self.totals) - 1)])

    @property
    def median(self) -> int:
        return self.quantile(0.5)

    def interval(self, level: float = 0.95) -> tuple[int, int]:
        tail = (1.0 - level) / 2.0
        return self.quantile(tail), self.quantile(1.0 - tail)

    @property
    def mode(self) -> int:
        return int(self.totals[int(np.argmax(self.posterior_n))])

    @property
    def mean(self) -> float:
        return float(np.sum(self.totals * self.posterior_n))

    @property
    def relative_loss_estimate(self) -> float:
        """The Bayes estimate under relative squared error, E[1/N] / E[1/N²] (dga's N̂)."""
        totals = self.totals.astype(np.float64)
        return float(np.sum(self.posterior_n / totals) / np.sum(self.posterior_n / totals**2))

    def top_models(self, count: int = 5) -> list[tuple[Graph, float]]:
        order = np.argsort(-self.model_weights, kind="stable")[:count]
        return [(self.graphs[i], float(self.model_weights[i])) for i in order]


def decomposable_graphs(size: int) -> tuple[Graph, ...]:
    """Every decomposable (chordal) graph on ``size`` vertices, with cliques and separators."""
    pairs = [frozenset(pair) for pair in itertools.combinations(range(size), 2)]
    graphs = []
    for mask in range(1 << len(pairs)):
        edges = frozenset(pair for bit, pair in enumerate(pairs) if mask >> bit & 1)
        decomposition = _junction_tree(size, edges)
        if decomposition is not None:
            graphs.append(Graph(edges, *decomposition))
    return tuple(graphs)


def _junction_tree(
    size: int, edges: frozenset[frozenset[int]]
) -> tuple[tuple[Clique, ...], tuple[Clique, ...]] | None:
    """Cliques and separators by maximum cardinality search; None if the graph is not chordal.

    Visiting vertices in MCS order, each vertex's earlier neighbours must form a clique (Tarjan &
    Yannakakis 1984); a new clique starts whenever that set is not the whole previous clique, and
    its separator is the set of earlier neighbours. Empty separators join components and count
    nothing in the marginal likelihood, so they are kept out.
    """
    neighbours = {v: {w for e in edges if v in e for w in e if w != v} for v in range(size)}
    order: list[int] = []
    weight = dict.fromkeys(range(size), 0)
    while len(order) < size:
        vertex = max((v for v in range(size) if v not in order), key=lambda v: (weight[v], -v))
        order.append(vertex)
        for other in neighbours[vertex]:
            if other not in order:
                weight[other] += 1
    cliques: list[set[int]] = []
    separators: list[Clique] = []
    previous_size = -1
    for position, vertex in enumerate(order):
        earlier = neighbours[vertex] & set(order[:position])
        if any(b not in neighbours[a] for a, b in itertools.combinations(earlier, 2)):
            return None
        if cliques and len(earlier) > previous_size:
            cliques[-1].add(vertex)
        else:
            cliques.append(earlier | {vertex})
            if earlier:
                separators.append(frozenset(earlier))
        previous_size = len(earlier)
    return tuple(frozenset(c) for c in cliques), tuple(separators)


def _marginal_counts(
    cells: npt.NDArray[np.float64], size: int, subset: Clique
) -> npt.NDArray[np.float64]:
    """The marginal table of a subset of lists (cell 0 first: recorded by none of them)."""
    table = cells.reshape((2,) * size)
    others = tuple(axis for axis in range(size) if axis not in subset)
    return np.asarray(table.sum(axis=others).reshape(-1), dtype=np.float64)


def posterior(
    histories: CaptureHistories,
    *,
    delta: float | None = None,
    missing: npt.NDArray[np.int64] | None = None,
    log_prior: LogPrior | None = None,
    graphs: tuple[Graph, ...] | None = None,
) -> BmaPosterior:
    """Posterior weights of every decomposable graph and every unobserved count in ``missing``.

    δ defaults to 2^−J (one prior observation in all); the prior on N to 1/N; the grid of unobserved
    counts to 0 .. 10·n, in steps of 1 unless that would hold too many weights (``truncated`` says
    if the grid cut off posterior mass).
    """
    from scipy import special

    size = histories.size
    delta = 2.0**-size if delta is None else delta
    documented = histories.documented
    graphs = decomposable_graphs(size) if graphs is None else graphs
    if missing is None:
        # Uniform steps keep the weights proportional to the density; coarser ones bound memory.
        step = max(1, math.ceil(len(graphs) * (10 * documented + 1) / GRID_CELLS))
        grid = np.arange(0, 10 * documented + 1, step, dtype=np.int64)
    else:
        grid = missing
    cells = np.asarray(histories.cells, dtype=np.float64)
    nmissing = grid.astype(np.float64)
    totals = documented + nmissing
    total_alpha = delta * 2.0**size

    components: dict[Clique, npt.NDArray[np.float64]] = {}

    def component(subset: Clique) -> npt.NDArray[np.float64]:
        # Dirichlet-multinomial log marginal likelihood of a subset's margin, for every grid value.
        if subset not in components:
            margin = _marginal_counts(cells, size, subset)
            alpha = delta * 2.0 ** (size - len(subset))
            rest = float(np.sum(special.gammaln(margin[1:] + alpha) - special.gammaln(alpha)))
            first = special.gammaln(margin[0] + nmissing + alpha) - special.gammaln(alpha)
            normaliser = special.gammaln(total_alpha) - special.gammaln(totals + total_alpha)
            components[subset] = first + rest + normaliser
        return components[subset]

    log_weights = np.empty((len(graphs), len(grid)))
    for row, graph in enumerate(graphs):
        value = np.zeros(len(grid))
        for clique in graph.cliques:
            value += component(clique)
        for separator in graph.separators:
            value -= component(separator)
        log_weights[row] = value
    coefficient = (
        special.gammaln(totals + 1.0)
        - float(np.sum(special.gammaln(cells[1:] + 1.0)))
        - special.gammaln(nmissing + 1.0)
    )
    prior = -np.log(totals) if log_prior is None else log_prior(totals)
    log_weights += coefficient + prior
    log_weights -= np.max(log_weights)
    weights = np.exp(log_weights)
    weights /= weights.sum()
    tail = float(weights[:, -max(1, len(grid) // 100) :].sum())
    return BmaPosterior(
        graphs=graphs,
        missing=grid,
        weights=weights,
        documented=documented,
        truncated=missing is None and tail > TAIL_MASS,
    )


def negative_binomial_prior(a: float, b: float) -> LogPrior:
    """dga's negative-binomial prior on N: log p(N) = N log b − (N + a) log(1 + b) + log Γ(N + a)
    − log Γ(N + 1) − log Γ(a)."""

    def log_prior(totals: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        from scipy import special

        return np.asarray(
            totals * math.log(b)
            - (totals + a) * math.log1p(b)
            + special.gammaln(totals + a)
            - special.gammaln(totals + 1.0)
            - special.gammaln(a),
            dtype=np.float64,
        )

    return log_prior
