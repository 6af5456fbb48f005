"""The five bundled frameworks: structure as the sources have it, own words, clean lint."""

from __future__ import annotations

import re

import pytest

from conftest import REPO, SEEDS
from maturitykit.framework.loader import bundled_paths
from maturitykit.framework.model import Status
from maturitykit.lint import load_framework
from maturitykit.lint.engine import lint_paths

BUNDLED = {
    "lloyds-system-maturity": "000_a70d6d8bacc28639.txt",
    "collaborate-preconditions": "001_87c0bb4c97c99d26.txt",
    "leeds-liqh": "002_6e0d17b491ca4f5c.txt",
    "lincolnshire-personalised-care": "003_2a6e4237bf04aa19.txt",
    "sel-neighbourhood": "004_7d0ebbde3645099f.txt",
}
RUN = 7  # words: a shared run this long means a sentence was pasted, not condensed


def test_all_five_are_bundled():
    assert sorted(bundled_paths()) == sorted(BUNDLED)


@pytest.mark.parametrize("fid", sorted(BUNDLED))
def test_lint_strict_clean(fid):
    report = lint_paths([REPO / "frameworks" / f"{fid}.yaml"], strict=True)
    assert report.valid, [f.where() + " " + f.message for f in report.findings]
    assert load_framework(fid).id == fid


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.casefold().replace("'", "").replace("’", ""))


def _prose(framework) -> list[tuple[str, str]]:
    out = [("description", framework.description or ""), ("scale.note", framework.scale.note or "")]
    out += [(f"level {lv.value}", lv.description or "") for lv in framework.scale.levels]
    for group, domain in framework.domains_with_group():
        for node in filter(None, [group, domain, *domain.subdomains]):
            out.append((node.id, node.description or ""))
            for level, statements in getattr(node, "descriptors", {}).items():
                out += [(f"{node.id}@{level}", s) for s in statements]
    return out


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source documents (../shared/seeds) are not beside the repo")
@pytest.mark.parametrize("fid", sorted(BUNDLED))
def test_descriptors_are_own_words(fid):
    source = _words((SEEDS / BUNDLED[fid]).read_text(encoding="utf-8"))
    grams = {tuple(source[i : i + RUN]) for i in range(len(source) - RUN + 1)}
    pasted = []
    for where, text in _prose(load_framework(fid)):
        words = _words(text)
        for i in range(len(words) - RUN + 1):
            if tuple(words[i : i + RUN]) in grams:
                pasted.append(f"{where}: {' '.join(words[i:i + RUN])}")
                break
    assert not pasted, pasted


def test_own_words_check_can_fail():
    source = _words("There is no clear shared vision for the future, or there are competing visions.")
    copied = _words("there is no clear shared vision for the future")
    grams = {tuple(source[i : i + RUN]) for i in range(len(source) - RUN + 1)}
    assert any(tuple(copied[i : i + RUN]) in grams for i in range(len(copied) - RUN + 1))


@pytest.mark.parametrize("fid", sorted(BUNDLED))
def test_every_framework_cites_its_source(fid):
    fw = load_framework(fid)
    assert fw.source is not None and fw.source.title
    text = (REPO / "frameworks" / f"{fid}.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/framework.schema.json")


def test_lloyds_structure():
    fw = load_framework("lloyds-system-maturity")
    assert [i.code for i in fw.items()] == [str(n) for n in range(1, 10)]
    assert fw.scale.values() == [1, 2, 3, 4, 5]
    assert fw.scale.levels[0].label.lower() == "just getting started"
    assert fw.scale.levels[-1].label.lower() == "really doing well"
    assert all(set(i.node.descriptors) == {1, 2, 3, 4, 5} for i in fw.items())
    assert [i.title for i in fw.items()][0] == "Vision"


def test_collaborate_structure():
    fw = load_framework("collaborate-preconditions")
    assert [g.id for g in fw.groups] and len(fw.groups) == 2
    codes = [[d.code for d in g.domains] for g in fw.groups]
    assert codes == [list("ABCD"), list("EFGHI")]
    lowest, highest = fw.scale.values()[0], fw.scale.values()[-1]
    for item in fw.items():  # present / absent pictures are the endpoint descriptors
        assert item.node.descriptors.get(lowest) and item.node.descriptors.get(highest)
    assert all(level.description for level in fw.scale.levels)


def test_leeds_structure():
    fw = load_framework("leeds-liqh")
    assert len(fw.items()) == 5
    assert fw.scale.values() == [1, 2, 3, 4, 5]
    assert all(len(i.node.descriptors) == 5 for i in fw.items())
    assert any(len(s) > 1 for i in fw.items() for s in i.node.descriptors.values())


def test_lincolnshire_structure():
    fw = load_framework("lincolnshire-personalised-care")
    assert len(fw.items()) == 4
    assert [(lv.value, lv.label) for lv in fw.scale.levels] == [
        (0, "Not planted"), (1, "Planting"), (2, "Emerging"), (3, "Growing"), (4, "Embedding"), (5, "Thriving"),
    ]
    assert "supply" in (fw.description or "").lower()


def test_sel_structure():
    fw = load_framework("sel-neighbourhood")
    assert [lv.label for lv in fw.scale.levels] == ["Emerging", "Developing", "Maturing", "Thriving"]
    assert [g.id for g in fw.groups] == ["functional", "relational"]
    priorities = {p.id: p for p in fw.priorities}
    assert priorities["short-term"].short_term and not priorities["longer-term"].short_term
    items = fw.items()
    short = [i for i in items if i.node.priority == "short-term"]
    longer = [i for i in items if i.node.priority == "longer-term"]
    assert short and longer and len(short) + len(longer) == len(items)
    nyd = {i.title for i in items if i.node.status == Status.not_yet_developed}
    assert {"Modern General Practice", "Prevention"} <= {t.split(" (")[0] for t in nyd}
