"""The Jinja2 environment shared by every rendered output.

HTML templates autoescape everything, because partner text is untrusted. Markdown has no
escaping of its own, so Markdown templates pass partner text through `md`, which neutralises
the characters that would break a table or smuggle in raw HTML.
"""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    select_autoescape,
)

from maturitykit.render.numbers import number, p_value

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#!~])")


def md(text: object) -> str:
    """Escape text for a Markdown table cell or paragraph, on one line."""
    if text is None:
        return ""
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", flat)


def environment(templates: str | Path | None = None) -> Environment:
    loaders = []
    if templates is not None:
        loaders.append(FileSystemLoader(str(templates)))
    loaders.append(PackageLoader("maturitykit.render", "templates"))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(enabled_extensions=("html", "htm", "html.j2"), default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md
    env.filters["num"] = number
    env.filters["p"] = p_value
    return env
