"""Rules about the shape of the hierarchy."""

from __future__ import annotations

from collections.abc import Iterator

from maturitykit.framework.model import Domain, Group, Status, SubDomain
from maturitykit.lint.rule import LintContext, Rule, Severity, register

Result = tuple[tuple[object, ...], str] | tuple[tuple[object, ...], str, Severity]


def _leaves(node: Group | Domain | SubDomain) -> list[object]:
    if isinstance(node, Group):
        return [leaf for domain in node.domains for leaf in _leaves(domain)]
    return [leaf for sub in node.subdomains for leaf in _leaves(sub)] if node.subdomains else [node]


@register
class EmptyContainer(Rule):
    """A group has no domains, the framework has no scored items, or every item under a
    group or domain is marked not-yet-developed (a warning: nothing there can be scored yet).

    Fails:

    ```yaml
    groups:
      - {id: vision, title: Vision, domains: []}
    ```

    Passes:

    ```yaml
    groups:
      - id: vision
        title: Vision
        domains: [{id: a, title: A, descriptors: {1: x, 2: y}}]
    ```
    """

    code = "MK012"
    name = "empty-container"
    severity = "error"

    def check(self, ctx: LintContext) -> Iterator[Result]:
        fw = ctx.framework
        if not fw.groups and not fw.domains:
            yield ("id",), "the framework has no groups and no domains: nothing can be scored"
        if fw.groups and fw.domains:
            yield ("domains",), "use either `groups` or top-level `domains`, not both"
        for ref in ctx.nodes():
            if ref.kind == "subdomain" and not ref.node.subdomains:  # type: ignore[union-attr]
                continue
            leaves = _leaves(ref.node)  # type: ignore[arg-type]
            if not leaves:
                yield (*ref.path, "id"), f"{ref.kind} {ref.node.id!r} has no scored items"
            elif (ref.kind == "group" or ref.node.subdomains) and all(  # type: ignore[union-attr]
                getattr(leaf, "status", None) == Status.not_yet_developed for leaf in leaves
            ):
                yield (*ref.path, "id"), f"every item under {ref.kind} {ref.node.id!r} is not yet developed", "warning"


@register
class SchemaComment(Rule):
    """The file does not start with a `yaml-language-server` schema comment.

    With the comment, editors that speak the YAML language server validate the file as the
    author types, against the committed JSON Schema.

    Fails:

    ```yaml
    id: my-framework
    ```

    Passes:

    ```yaml
    # yaml-language-server: $schema=../schema/framework.schema.json
    id: my-framework
    ```
    """

    code = "MK015"
    name = "schema-comment"
    severity = "info"

    def check(self, ctx: LintContext) -> Iterator[Result]:
        if "yaml-language-server: $schema=" not in ctx.first_line:
            yield (), "add '# yaml-language-server: $schema=...' as the first line so editors validate the file"
