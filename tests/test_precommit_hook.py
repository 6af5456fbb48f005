"""The pre-commit hook lints framework files and nothing else, and the README's `rev:` names a tag."""

from __future__ import annotations

import re
import subprocess

import yaml

from conftest import REPO


def _pattern() -> re.Pattern[str]:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["entry"].startswith("maturity framework lint")
    return re.compile(hook["files"])  # pre-commit matches with re.search on the repository-relative path


def test_hook_matches_framework_files_only():
    pattern = _pattern()
    for path in ("frameworks/lloyds-system-maturity.yaml", "framework/ours.yml", "docs/x/frameworks/a.yaml",
                 "thameside.framework.yaml"):
        assert pattern.search(path), path
    for path in (".pre-commit-config.yaml", ".pre-commit-hooks.yaml", ".github/workflows/ci.yml", "mkdocs.yml",
                 "frameworks/README.md", "schema/framework.schema.json"):
        assert not pattern.search(path), path


def test_every_bundled_framework_is_matched():
    pattern = _pattern()
    for path in (REPO / "frameworks").glob("*.yaml"):
        assert pattern.search(path.relative_to(REPO).as_posix())


def test_readme_rev_is_the_package_version_tag():
    from maturitykit import __version__

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    (rev,) = re.findall(r"^\s*rev: (\S+)$", readme, flags=re.M)
    assert rev == f"v{__version__}"
    tags = subprocess.run(["git", "tag", "--list", rev], cwd=REPO, capture_output=True, text=True, check=False)
    if tags.returncode == 0 and (REPO / ".git").exists() and tags.stdout.strip():
        assert tags.stdout.strip() == rev
