"""The Jinja2 environment shared by every rendered output.

HTML templates autoescape everything, because partner text is untrusted. Markdown has no
escaping of its own, so Markdown templates pass partner text through `md`, which neutralises
the characters that would break a table or smuggle in raw HTML.

Templates run in Jinja's sandbox, the built-in ones as well as a user's `--templates` folder: a
template may read the result object it is given, use the filters below and Jinja's own, and
nothing else (no attribute starting with `_`, no calls that change data, no imports). A broken or
refused template is the user's error (exit 2, file and line), never an internal one.
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
    TemplateError,
    TemplateSyntaxError,
    select_autoescape,
)
from jinja2.sandbox import SandboxedEnvironment

from maturitykit.errors import InputError, Location
from maturitykit.render.numbers import number, p_value
from maturitykit.words import count

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
    env = SandboxedEnvironment(
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
    env.filters["count"] = count
    return env


def render_template(env: Environment, name: str, **context: object) -> str:
    """Render one template; a template that does not parse, names something missing or is refused by
    the sandbox raises InputError naming the template file and line."""
    try:
        return env.get_template(name).render(**context)
    except TemplateSyntaxError as exc:
        raise InputError(f"template {name} does not parse: {exc.message}",
                         Location(exc.filename or name, exc.lineno)) from None
    except TemplateError as exc:
        raise InputError(f"template {name} failed: {exc}", Location(_origin(env, name), _line(exc))) from None


def _origin(env: Environment, name: str) -> str:
    try:
        source = env.loader.get_source(env, name) if env.loader else None
    except TemplateError:
        return name
    return source[1] if source and source[1] else name


def _line(exc: BaseException) -> int | None:
    # The template's own line is in the traceback frame Jinja compiles for it.
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def export_templates() -> dict[str, bytes]:
    """The built-in templates by file name, as a starting point for `--templates` (the caller writes them)."""
    env = environment()
    assert env.loader is not None
    return {name: env.loader.get_source(env, name)[0].encode("utf-8")
            for name in sorted(env.list_templates()) if name.endswith(".j2")}
