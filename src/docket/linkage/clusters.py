"""Clusters from scored pairs and reviewers' judgements: "same as" edges, never a merge.

Edges are taken strongest first; two groups join unless a reviewer judged some member of one
different from some member of the other. A "same" judgement is an edge stronger than any score;
a "different" one keeps the two records apart even where other links would chain them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

__all__ = ["cluster"]


def cluster(
    ids: Iterable[int],
    edges: Iterable[tuple[int, int, float]],
    *,
    same: Sequence[tuple[int, int]] = (),
    different: Sequence[tuple[int, int]] = (),
) -> list[list[int]]:
    """Every id in exactly one cluster; clusters and their members sorted by id."""
    parent: dict[int, int] = {i: i for i in ids}
    apart: dict[int, set[int]] = {i: set() for i in parent}
    for a, b in different:
        if a in parent and b in parent:
            apart[a].add(b)
            apart[b].add(a)
    members: dict[int, set[int]] = {i: {i} for i in parent}

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    ordered = [(a, b, 2.0) for a, b in same] + sorted(edges, key=lambda e: (-e[2], e[0], e[1]))
    for a, b, _weight in ordered:
        if a not in parent or b not in parent:
            continue
        ra, rb = root(a), root(b)
        if ra == rb:
            continue
        if apart[ra] & members[rb]:
            continue
        if len(members[ra]) < len(members[rb]):
            ra, rb = rb, ra
        parent[rb] = ra
        members[ra] |= members.pop(rb)
        apart[ra] |= apart.pop(rb)
    groups = [sorted(group) for group in members.values()]
    return sorted(groups, key=lambda group: group[0])
