"""The sections of the weekly report, one module each: its SQL beside its shaping.

Every section module has ``build(ctx) -> dict`` (the values it adds to the report, by name; ``ctx.values`` holds
those of the sections before it) and may have ``drill(values, notices) -> {key: notice ids}`` (the lists behind
its numbers), ``charts(report) -> {name: svg}`` and ``csv(values) -> {name: frame}`` (the tables written beside the
page). SECTIONS is the build order, which is also the order of the drill-down lists (their anchor numbers)."""

from reports.sections import (awards, contracts, coverage, delivery, headline, highlights, largest, matrix, notices,
                              parties, pipeline, regions)

SECTIONS = (notices, headline, matrix, delivery, regions, parties, largest, pipeline, contracts, awards, coverage,
            highlights)
