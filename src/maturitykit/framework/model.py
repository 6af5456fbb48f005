"""The framework model: pydantic classes that are also the published JSON Schema.

A framework is metadata, scales, a hierarchy (optional groups -> domains -> optional
sub-domains) and, on every scored leaf, descriptors per level (or an answer set) and flags.
The models forbid unknown fields so that a typo in a hand-written file is an error, not
silence; `x-` fields are the exception (see framework/base.py).

Each item is scored on the nearest scale declared on it, its domain, its group or the
framework (`Framework.scale_for`); a scale is written in place or named from `scales`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Annotated, ClassVar, Literal

from pydantic import BeforeValidator, Discriminator, Field, Tag, WithJsonSchema

from maturitykit.framework.base import Strict
from maturitykit.framework.scales import Answer, Level, LevelKey, LevelValue, Scale, Value, answer_scale

__all__ = ["SCHEMA_VERSION", "SLUG_PATTERN", "Answer", "Citation", "Domain", "Framework", "Group", "Item", "Level",
           "LevelValue", "PriorityValue", "Scale", "Status", "SubDomain", "json_schema", "rollup_value", "walk_subdomains"]

SCHEMA_VERSION = 1
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

# Pseudo-segments pydantic adds to error locations for the branches of ScaleRef; the loader drops them.
UNION_TAGS = frozenset({"Scale", "scale-name"})


def _as_list(value: object) -> object:
    # Authors write one-line descriptors as a plain string; keep the stored form uniform.
    if isinstance(value, str):
        return [value]
    return value


_STATEMENTS_DOC = "Statements that describe this level; a single string is read as a one-item list."
Statements = Annotated[
    list[str],
    BeforeValidator(_as_list),
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
                    "description": _STATEMENTS_DOC}),
]
Descriptors = Annotated[
    dict[LevelKey, Statements],
    WithJsonSchema({"type": "object", "propertyNames": {"pattern": r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)\s*$"},
                    "additionalProperties": {"anyOf": [{"type": "string"},
                                                       {"type": "array", "items": {"type": "string"}}]}}),
]


def _scale_branch(value: object) -> str:
    return "scale-name" if isinstance(value, str) else "Scale"


# A scale written in place, or the name of one declared under the framework's `scales`.
ScaleRef = Annotated[
    Annotated[Scale, Tag("Scale")] | Annotated[str, Tag("scale-name")],
    Discriminator(_scale_branch),
]

Rollup = Literal["mean", "median", "min", "sum", "weighted-mean", "staircase"]
ROLLUP_DOC = ("How a parent's position is computed from its children's: mean (default), median, min, sum, "
              "weighted-mean (children's `weight`), or staircase (the highest level every child reaches).")
_NEW_NODE_FIELDS = frozenset({"scale", "weight", "rollup", "answers", "depends_on"})


class Citation(Strict):
    title: str = Field(description="Title of the source document as published.")
    publisher: str | None = Field(default=None, description="The organisation or organisations that published the source.")
    date: str | None = Field(default=None, description="Publication date as printed (e.g. '2025-08' or 'August 2025').")
    url: str | None = Field(default=None, description="Where the source can be found, when known.")
    note: str | None = Field(default=None, description="Anything a reader needs to know about how the source was used.")


class PriorityValue(Strict):
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


class _Node(Strict):
    id: str = Field(description="Stable identifier, a slug unique in the framework; sheets and rounds refer to it.")
    code: str | None = Field(default=None, description="Code as printed in the source (e.g. 'A', '1'), if any.")
    title: str = Field(description="Title as used in the source.")
    description: str | None = Field(default=None, description="Condensed description in the author's own words.")
    source: str | None = Field(default=None, description="Where in the source this node comes from (page, table, slide).")
    aliases: list[str] = Field(
        default_factory=list,
        description="Other names the source uses for this node; accepted when reading score sheets.",
    )
    scale: ScaleRef | None = Field(
        default=None,
        description="Scale for the items in (or at) this node: a scale, or the name of one under `scales`. "
                    "The nearest declared scale applies.",
    )
    weight: float | None = Field(
        default=None, ge=0, description="Weight of this node in its parent's roll-up (only with `rollup: weighted-mean`).")

    omit_when_default: ClassVar[frozenset[str]] = _NEW_NODE_FIELDS


class _Scorable(_Node):
    descriptors: Descriptors = Field(
        default_factory=dict,
        description="For each level value, the statements that describe the item at that level. May be sparse.",
    )
    answers: list[Answer] = Field(
        default_factory=list,
        description="An answer set instead of levels (question-style models): the item is scored on these answers, "
                    "and a cell holding an answer's text reads as its value.",
    )
    depends_on: list[str] = Field(
        default_factory=list, description="Ids of items that should be in place before this one.")
    priority: str | None = Field(
        default=None, description="One of the framework's declared `priorities` ids, or absent when not prioritised."
    )
    status: Status = Field(
        default=Status.active,
        description="'not-yet-developed' marks an item the source names but has not yet described.",
    )
    tags: list[str] = Field(default_factory=list, description="Free tags for filtering and reporting.")
    target: Value | None = Field(default=None, description="Target level value for this item, if one is set.")
    replaces: list[str] = Field(
        default_factory=list,
        description="Ids of items in the previous framework version that this item renames or merges.",
    )


class SubDomain(_Scorable):
    """A node under a domain: a scored leaf, or (with `subdomains` of its own) a parent, to any depth."""

    omit_when_default: ClassVar[frozenset[str]] = _NEW_NODE_FIELDS | {"subdomains"}

    rollup: Rollup | None = Field(default=None, description=ROLLUP_DOC)
    subdomains: list[SubDomain] = Field(
        default_factory=list,
        description="Sub-domains of this sub-domain (nesting to any depth, e.g. function > practice > stream); "
                    "when present they are the scored items and this node is not scored.",
    )


class Domain(_Scorable):
    rollup: Rollup | None = Field(default=None, description=ROLLUP_DOC)
    subdomains: list[SubDomain] = Field(
        default_factory=list,
        description="Sub-domains; when present they are the scored items and the domain itself is not scored.",
    )


class Group(_Node):
    rollup: Rollup | None = Field(default=None, description=ROLLUP_DOC)
    domains: list[Domain] = Field(description="Domains in this group, in source order.")


class Framework(Strict):
    omit_when_default: ClassVar[frozenset[str]] = frozenset({"scales", "rollup", "checklist"})

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
    scales: dict[Annotated[str, Field(pattern=SLUG_PATTERN)], Scale] = Field(
        default_factory=dict, description="Named scales, keyed by a slug that `scale` fields may refer to.",
        json_schema_extra={"additionalProperties": False})  # the schema refuses a name that is not a slug, too
    scale: ScaleRef = Field(
        description="The scale items are scored on unless a group, domain or item declares its own: a scale, or "
                    "the name of one under `scales`.")
    rollup: Rollup | None = Field(default=None, description=ROLLUP_DOC)
    checklist: Literal["staircase", "best-fit"] | None = Field(
        default=None,
        description="How a checklist return (`score template --checklist`: a level's statements as tick boxes) "
                    "gives an item's level: staircase (default; the highest level whose statements, and every lower "
                    "level's, are all ticked) or best-fit (the level with the largest share of its statements ticked; on a tie, the higher).")
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
                for sub, parents in _leaves(domain.subdomains, ()):
                    yield Item(order, sub, group, domain, sub, parents)
                    order += 1
            else:
                yield Item(order, domain, group, domain, None)
                order += 1

    def items(self) -> list[Item]:
        return list(self.iter_items())

    def item_by_id(self, item_id: str) -> Item:
        for item in self.iter_items():
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def _domains_with_group(self) -> Iterator[tuple[Group | None, Domain]]:
        for group in self.groups:
            for domain in group.domains:
                yield group, domain
        for domain in self.domains:
            yield None, domain

    def domains_with_group(self) -> list[tuple[Group | None, Domain]]:
        return list(self._domains_with_group())

    # --- scales -----------------------------------------------------------------------
    def resolve_scale(self, ref: Scale | str | None) -> Scale | None:
        """A scale written in place, or the named one; None for no scale or an unknown name."""
        if ref is None or isinstance(ref, Scale):
            return ref
        return self.scales.get(ref)

    @property
    def default_scale(self) -> Scale:
        """The framework's own scale (lint reports an unknown name; a loaded framework has passed lint)."""
        scale = self.resolve_scale(self.scale)
        if scale is None:
            raise LookupError(f"scale {self.scale!r} is not declared under scales")
        return scale

    def declared_scale(self, item: Item) -> Scale | str:
        """The nearest `scale` written on the item, its domain, its group or the framework (not resolved)."""
        for node in (item.subdomain, *reversed(item.parents), item.domain, item.group):
            if node is not None and node.scale is not None:
                return node.scale
        return self.scale

    def scale_for(self, item: Item) -> Scale:
        """The scale an item is scored on: its answer set, else the nearest declared scale."""
        if item.node.answers:
            base = self.resolve_scale(self.declared_scale(item))
            return answer_scale(item.node.answers, base.allow_not_applicable if base else True)
        scale = self.resolve_scale(self.declared_scale(item))
        if scale is None:
            raise LookupError(f"{item.id!r}: scale {self.declared_scale(item)!r} is not declared under scales")
        return scale

    def uniform_scale(self) -> bool:
        """True when every item is scored on the framework's own levels (the same values and labels)."""
        def levels(scale: Scale) -> list[tuple[LevelValue, str]]:
            return [(level.value, level.label) for level in scale.levels]

        default = levels(self.default_scale)
        return all(levels(self.scale_for(item)) == default for item in self.iter_items())

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
    parents: tuple[SubDomain, ...] = field(default=())  # sub-domains between the domain and the leaf, outermost first

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

    def descriptor(self, framework: Framework, value: LevelValue) -> list[str]:
        """Statements for a level: the item's own, else the scale's generic description."""
        own = self.node.descriptors.get(value)
        if own:
            return list(own)
        for level in framework.scale_for(self).levels:
            if level.value == value and level.description:
                return [level.description]
        return []


def _leaves(subs: list[SubDomain], parents: tuple[SubDomain, ...]) -> Iterator[tuple[SubDomain, tuple[SubDomain, ...]]]:
    """Scored sub-domains under `subs`, depth first, each with the sub-domains it sits in."""
    for sub in subs:
        if sub.subdomains:
            yield from _leaves(sub.subdomains, (*parents, sub))
        else:
            yield sub, parents


def walk_subdomains(subs: list[SubDomain]) -> Iterator[SubDomain]:
    """Every sub-domain under `subs`, parents before their children."""
    for sub in subs:
        yield sub
        yield from walk_subdomains(sub.subdomains)


def rollup_value(item: Item, value: LevelValue | None) -> float | None:
    """What a score counts for when items are rolled up: its answer's `weight` when set, else the score."""
    if value is None:
        return None
    for answer in item.node.answers:
        if answer.value == value and answer.weight is not None:
            return answer.weight
    return float(value)


def json_schema() -> dict[str, object]:
    schema = Framework.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    # A name, not an address: editors find the file through `maturity framework schema --path`.
    schema["$id"] = f"urn:maturitykit:framework-schema:{SCHEMA_VERSION}"
    schema["title"] = "maturitykit framework"
    return schema
