"""The printable matrix of a framework: items as rows, levels as columns."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from maturitykit.framework.model import Framework, Item
from maturitykit.render.env import environment


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


def matrix_sections(framework: Framework) -> list[MatrixSection]:
    sections: list[MatrixSection] = []
    for item in framework.items():
        if not sections or sections[-1].domain != item.domain.title or (
            sections[-1].group != (item.group.title if item.group else None)
        ):
            sections.append(
                MatrixSection(item.group.title if item.group else None, item.domain.title, item.domain.description, [])
            )
        priority = framework.priority(item.node.priority)
        sections[-1].rows.append(
            MatrixRow(
                item=item,
                cells=[item.descriptor(framework, level.value) for level in framework.default_scale.levels],
                priority_label=priority.label if priority else None,
                short_term=bool(priority and priority.short_term),
            )
        )
    return sections


def render_matrix(framework: Framework, fmt: str, templates: str | Path | None = None) -> str:
    env = environment(templates)
    template = env.get_template(f"matrix.{'html' if fmt == 'html' else 'md'}.j2")
    return template.render(fw=framework, sections=matrix_sections(framework), levels=framework.default_scale.levels)
