"""What a lint rule is: the base class, the registry, and the context a rule may look at.

Rules (lint/rules/) import this module, never the engine, so the engine can import every rule
without a cycle.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import ClassVar, Literal

from maturitykit.diagnostics import Location, Severity
from maturitykit.framework.loader import LoadedFramework
from maturitykit.framework.model import Domain, Framework, Group, Item, Scale, SubDomain
from maturitykit.io.yamlsafe import PathKey, YamlDocument

NodeKind = Literal["group", "domain", "subdomain"]


@dataclass(frozen=True)
class NodeRef:
    kind: NodeKind
    node: Group | Domain | SubDomain
    path: PathKey
    parent: PathKey | None  # path of the parent node; siblings share it

    @property
    def scored(self) -> bool:
        """Whether this node is a leaf that partners score."""
        return isinstance(self.node, Domain | SubDomain) and not self.node.subdomains


@dataclass
class LintContext:
    """Everything a rule may look at; rules read nothing from disk themselves."""

    loaded: LoadedFramework
    framework: Framework
    document: YamlDocument
    first_line: str = ""  # the file's first non-blank line, as text (for the schema-comment rule)

    def loc(self, path: PathKey) -> Location:
        return self.document.locate(path)

    def nodes(self) -> Iterator[NodeRef]:
        fw = self.framework
        for gi, group in enumerate(fw.groups):
            gpath: PathKey = ("groups", gi)
            yield NodeRef("group", group, gpath, ())
            for di, domain in enumerate(group.domains):
                yield from self._domain(domain, (*gpath, "domains", di), gpath)
        for di, domain in enumerate(fw.domains):
            yield from self._domain(domain, ("domains", di), ())

    def _domain(self, domain: Domain, path: PathKey, parent: PathKey) -> Iterator[NodeRef]:
        yield NodeRef("domain", domain, path, parent)
        yield from self._subdomains(domain.subdomains, path)

    def _subdomains(self, subs: list[SubDomain], parent: PathKey) -> Iterator[NodeRef]:
        for si, sub in enumerate(subs):
            path: PathKey = (*parent, "subdomains", si)
            yield NodeRef("subdomain", sub, path, parent)
            yield from self._subdomains(sub.subdomains, path)

    def scored(self) -> Iterator[NodeRef]:
        return (ref for ref in self.nodes() if ref.scored)

    def view(self, ref: NodeRef) -> Item | None:
        """The node as an item view (its place in the hierarchy), for domains and sub-domains."""
        fw = self.framework
        for group, domain in fw.domains_with_group():
            if domain is ref.node:
                return Item(0, domain, group, domain, None)
            found = _find(domain.subdomains, ref.node, ())
            if found is not None:
                return Item(0, found[0], group, domain, found[0], found[1])
        return None

    def scale_of(self, ref: NodeRef) -> Scale | None:
        """The scale a domain or sub-domain is scored on; None when it names an undeclared scale (MK016)."""
        item = self.view(ref)
        if item is None:
            return None
        try:
            return self.framework.scale_for(item)
        except (LookupError, ValueError):
            return None

    def declared_scales(self) -> Iterator[tuple[PathKey, Scale]]:
        """Every scale written in the file, with its path: the framework's, the named ones, and nodes' own."""
        fw = self.framework
        if isinstance(fw.scale, Scale):
            yield ("scale",), fw.scale
        for name, scale in fw.scales.items():
            yield ("scales", name), scale
        for ref in self.nodes():
            if isinstance(ref.node.scale, Scale):
                yield (*ref.path, "scale"), ref.node.scale


def _find(subs: list[SubDomain], node: object,
          parents: tuple[SubDomain, ...]) -> tuple[SubDomain, tuple[SubDomain, ...]] | None:
    for sub in subs:
        if sub is node:
            return sub, parents
        found = _find(sub.subdomains, node, (*parents, sub))
        if found is not None:
            return found
    return None


class Rule:
    """Base class of lint rules. Subclasses set code, name, severity and implement check()."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]

    def check(self, ctx: LintContext) -> Iterable[tuple[PathKey, str] | tuple[PathKey, str, Severity]]:
        raise NotImplementedError


RULES: dict[str, type[Rule]] = {}  # code -> rule class, filled by @register as lint/rules/ is imported


def register(cls: type[Rule]) -> type[Rule]:
    if cls.code in RULES:
        raise RuntimeError(f"rule code {cls.code} registered twice")
    RULES[cls.code] = cls
    return cls


