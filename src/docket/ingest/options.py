"""Limits and choices of one ingest run (kept apart from the pipeline so it imports quickly)."""

from __future__ import annotations

from dataclasses import dataclass, field

from docket.ingest.containers import ContainerLimits


@dataclass(frozen=True)
class IngestOptions:
    max_size: int = 4 << 30
    max_depth: int = 5
    workers: int = 0  # processes that read files in large batches; 0 reads in-process
    container_limits: ContainerLimits = field(default_factory=ContainerLimits)
