"""The framework model: pydantic classes that are also the published JSON Schema.

A framework is metadata, a scale, a hierarchy (optional groups -> domains -> optional
sub-domains) and, on every scored leaf, descriptors per level and flags. The models
forbid unknown fields so that a typo in a hand-written file is an error, not silence.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

SCHEMA_VERSION = 1
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, populate_by_name=True)


Statements = Annotated[
    list[str],
    Field(description="Statements that describe this level; a single string is read as a one-item list."),
]


def _as_list(value: object) -> object:
    # Authors write one-line descriptors as a plain string; keep the stored form uniform.
    if isinstance(value, str):
        return [value]
    return value


class Citation(_Strict):
    title: str = Field(description="Title of the source document as published.")
    publisher: str | None = Field(default=None, description="Organisation(s) that published the source.")
    date: str | None = Field(default=None, description="Publication date as printed (e.g. '2025-08' or 'August 2025').")
    url: str | None = Field(default=None, description="Where the source can be found, when known.")
    note: str | None = Field(default=None, description="Anything a reader needs to know about how the source was used.")


class Level(_Strict):
    value: int = Field(description="Integer value of the level; values must increase down the list but need not start at 1.")
    label: str = Field(description="Name of the level as printed in the source (e.g. 'Emerging', 'Planting').")
    description: str | None = Field(
        default=None,
        description="Generic description that applies to every item at this level (used when items have no own descriptors).",
    )


class Scale(_Strict):
    levels: list[Level] = Field(min_length=2, description="Ordered levels from least to most mature.")
    allow_not_applicable: bool = Field(
        default=True,
        description="Whether a partner may mark an item 'not applicable' (recorded as missing, never as zero).",
    )
    note: str | None = Field(default=None, description="How the scale was chosen or should be read.")

    def values(self) -> list[int]:
        return [level.value for level in self.levels]

    def label_for(self, value: int) -> str | None:
        for level in self.levels:
            if level.value == value:
                return level.label
        return None

    def level_count(self) -> int:
        return len(self.levels)


class PriorityValue(_Strict):
    id: str = Field(pattern=SLUG_PATTERN, description="Value used in an item's `priority` field (a slug).")
    label: str = Field(description="Human label for reports (e.g. 'Shorter-term priority').")
    description: str | None = Field(default=None, description="What this priority means in the source.")
    short_term: bool = Field(
        default=False,
        description="True when items with this priority are to be addressed first (they lead agendas and plans).",
    )


class Status(str, Enum):
    active = "active"
    not_yet_developed = "not-yet-developed"


class _Node(_Strict):
    id: str = Field(description="Stable identifier, a slug unique in the framework; sheets and rounds refer to it.")
    code: str | None = Field(default=None, description="Code as printed in the source (e.g. 'A', '1'), if any.")
    title: str = Field(description="Title as used in the source.")
    description: str | None = Field(default=None, description="Condensed description in the author's own words.")
    source: str | None = Field(default=None, description="Where in the source this node comes from (page, table, slide).")
    aliases: list[str] = Field(
        default_factory=list,
        description="Other names the source uses for this node; accepted when reading score sheets.",
    )


class _Scorable(_Node):
    descriptors: dict[int, Statements] = Field(
        default_factory=dict,
        description="For each level value, the statements that describe the item at that level. May be sparse.",
    )
    priority: str | None = Field(
        default=None, description="One of the framework's declared `priorities` ids, or absent when not prioritised."
    )
    status: Status = Field(
        default=Status.active,
        description="'not-yet-developed' marks an item the source names but has not yet described.",
    )
    tags: list[str] = Field(default_factory=list, description="Free tags for filtering and reporting.")
    target: int | None = Field(default=None, description="Target level value for this item, if one is set.")
    replaces: list[str] = Field(
        default_factory=list,
        description="Ids of items in the previous framework version that this item renames or merges.",
    )

    @field_validator("descriptors", mode="before")
    @classmethod
    def _coerce_statements(cls, value: object) -> object:
        if isinstance(value, dict):
            return {key: _as_list(val) for key, val in value.items()}
        return value


class SubDomain(_Scorable):
    """A scored leaf under a domain."""


class Domain(_Scorable):
    subdomains: list[SubDomain] = Field(
        default_factory=list,
        description="Sub-domains; when present they are the scored items and the domain itself is not scored.",
    )


class Group(_Node):
    domains: list[Domain] = Field(description="Domains in this group, in source order.")


class Framework(_Strict):
    schema_version: int = Field(default=SCHEMA_VERSION, description="Version of the maturitykit framework format.")
    id: str = Field(description="Framework identifier, a slug; sheets record it so they cannot be merged across frameworks.")
    title: str = Field(description="Title of the framework.")
    version: str = Field(description="Version of this framework file; sheets record it.")
    publisher: str | None = Field(default=None, description="Who published the framework.")
    description: str | None = Field(default=None, description="What the framework is for, in the author's own words.")
    licence: str | None = Field(default=None, description="Licence note for the source and for this encoding.")
    source: Citation | None = Field(default=None, description="Citation of the source document.")
    previous_version: str | None = Field(
        default=None, description="Version this one follows; `replaces` on items refers to ids in that version."
    )
    previous_ids: list[str] = Field(
        default_factory=list,
        description="Item ids of the previous version, so `replaces` can be checked without the old file.",
    )
    scale: Scale = Field(description="The scale every item is scored on.")
    priorities: list[PriorityValue] = Field(
        default_factory=list, description="Allowed values of items' `priority` flag, declared so typos are caught."
    )
    groups: list[Group] = Field(default_factory=list, description="Top-level groups of domains (optional).")
    domains: list[Domain] = Field(
        default_factory=list, description="Domains when the framework has no groups (use either this or `groups`)."
    )

    # --- navigation -----------------------------------------------------------------
    def iter_items(self) -> Iterator[Item]:
        """Scored items (leaves) in framework order."""
        order = 0
        for group, domain in self._domains_with_group():
            if domain.subdomains:
                for sub in domain.subdomains:
                    yield Item(order, sub, group, domain, sub)
                    order += 1
            else:
                yield Item(order, domain, group, domain, None)
                order += 1

    def items(self) -> list[Item]:
        return list(self.iter_items())

    def _domains_with_group(self) -> Iterator[tuple[Group | None, Domain]]:
        for group in self.groups:
            for domain in group.domains:
                yield group, domain
        for domain in self.domains:
            yield None, domain

    def domains_with_group(self) -> list[tuple[Group | None, Domain]]:
        return list(self._domains_with_group())

    def priority(self, priority_id: str | None) -> PriorityValue | None:
        for value in self.priorities:
            if value.id == priority_id:
                return value
        return None

    def is_short_term(self, item: Item) -> bool:
        value = self.priority(item.node.priority)
        return bool(value and value.short_term)


@dataclass(frozen=True, eq=False)
class Item:
    """A scored leaf with its place in the hierarchy (a view, not part of the schema)."""

    order: int
    node: _Scorable
    group: Group | None
    domain: Domain
    subdomain: SubDomain | None = field(default=None)

    def __repr__(self) -> str:
        return f"Item({self.node.id!r}, order={self.order})"

    @property
    def id(self) -> str:
        return self.node.id

    @property
    def code(self) -> str | None:
        return self.node.code

    @property
    def title(self) -> str:
        return self.node.title

    @property
    def group_id(self) -> str:
        return self.group.id if self.group else ""

    @property
    def domain_id(self) -> str:
        return self.domain.id

    def descriptor(self, framework: Framework, value: int) -> list[str]:
        """Statements for a level: the item's own, else the scale's generic description."""
        own = self.node.descriptors.get(value)
        if own:
            return list(own)
        for level in framework.scale.levels:
            if level.value == value and level.description:
                return [level.description]
        return []


def json_schema() -> dict[str, object]:
    schema = Framework.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://maturitykit.invalid/schema/framework.schema.json"
    schema["title"] = "maturitykit framework"
    return schema
