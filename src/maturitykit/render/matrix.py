"""The printable matrix of a framework: items as rows, levels as columns."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from maturitykit.framework.model import Framework, Item, Level
from maturitykit.render.env import environment, render_template


@dataclass(frozen=True)
class MatrixRow:
    item: Item
    cells: list[list[str]]
    priority_label: str | None
    short_term: bool


@dataclass(frozen=True)
class MatrixSection:
    group: str | None
    domain: str
    domain_description: str | None
    rows: list[MatrixRow]
    levels: list[Level]  # the columns: the scale every row of this section is scored on
    continues: bool = False  # same domain as the section before, on another scale: no second heading
    scale_note: str | None = None  # the note of this section's own scale, when it is not the framework's


def matrix_sections(framework: Framework) -> list[MatrixSection]:
    sections: list[MatrixSection] = []
    default_note = framework.default_scale.note
    for item in framework.items():
        # Items on another scale (or with an answer set) start a table of their own, with their own columns.
        scale = framework.scale_for(item)
        levels = scale.levels
        group = item.group.title if item.group else None
        # Nested sub-domains head their table with the path below the domain (Domain › Practice › Stream).
        heading = " › ".join([item.domain.title, *(parent.title for parent in item.parents)])
        same_domain = bool(sections) and sections[-1].domain == heading and sections[-1].group == group
        if not same_domain or _columns(sections[-1].levels) != _columns(levels):
            # The framework's note is printed under the scale line; another scale's note goes above its table.
            note = scale.note if scale.note and scale.note != default_note else None
            description = item.parents[-1].description if item.parents else item.domain.description
            sections.append(MatrixSection(group, heading, description, [], levels,
                                          continues=same_domain, scale_note=note))
        priority = framework.priority(item.node.priority)
        sections[-1].rows.append(
            MatrixRow(
                item=item,
                cells=[item.descriptor(framework, level.value) for level in levels],
                priority_label=priority.label if priority else None,
                short_term=bool(priority and priority.short_term),
            )
        )
    return sections


def _columns(levels: list[Level]) -> list[tuple[object, str]]:
    return [(level.value, level.label) for level in levels]


def render_matrix(framework: Framework, fmt: str, templates: str | Path | None = None) -> str:
    env = environment(templates)
    template_name = f"matrix.{'html' if fmt == 'html' else 'md'}.j2"
    scale = framework.default_scale
    return render_template(env, template_name, fw=framework, sections=matrix_sections(framework), levels=scale.levels, scale=scale)
