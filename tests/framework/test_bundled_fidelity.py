"""The bundled descriptors keep the meaning of their source cells.

An audit against the five published frameworks found paraphrases that had dropped an
alternative ("not a priority OR not in use"), a condition ("where needed", "explore whether"),
a named actor or a key verb ("feel involved", "hold each other to account"). Each case below
pins a phrase, in maturitykit's own words, that carries the restored meaning, and where the
narrowed wording was distinctive, a phrase that must not come back. A rewrite may change the
wording, but then it must keep the meaning and update the phrase here.
"""

from __future__ import annotations

import re

import pytest

from maturitykit.framework.loader import bundled_paths
from maturitykit.lint import load_framework

# (framework, item id, level, phrase the cell must contain, phrase it must not contain)
RESTORED = [
    ("lloyds-system-maturity", "involvement", 1, "people with lived experience", "those who use them"),
    ("lloyds-system-maturity", "workforce-development", 4, "people are engaged", "with staff engaged"),
    ("leeds-liqh", "shared-purpose", 4, "health and social care leaders", None),
    ("leeds-liqh", "shared-purpose", 5, "health and social care leaders", None),
    ("leeds-liqh", "shared-purpose", 5, "whenever", None),
    ("leeds-liqh", "shared-purpose", 5, "many areas", "several areas"),
    ("leeds-liqh", "liqh-network", 5, "programme participants", None),
    ("leeds-liqh", "liqh-network", 5, "completely understood", "well understood"),
    ("leeds-liqh", "patient-carer-engagement", 2, "for patients and carers rather than with them", None),
    ("leeds-liqh", "patient-carer-engagement", 3, "value of co-production", None),
    ("leeds-liqh", "patient-carer-engagement", 3, "some good local examples", None),
    ("leeds-liqh", "professional-culture", 5, "every professional routinely scrutinises", "all routinely examine"),
    ("leeds-liqh", "evidence-of-impact", 3, "better health", None),
    ("leeds-liqh", "evidence-of-impact", 4, "new knowledge", None),
    ("leeds-liqh", "evidence-of-impact", 4, "expertise", None),
    ("leeds-liqh", "evidence-of-impact", 4, "people working on quality across the city", None),
    ("sel-neighbourhood", "integrated-neighbourhood-teams", 4, "we are adding direct help", "our model addresses"),
    ("sel-neighbourhood", "integrated-neighbourhood-teams", 4, "housing providers", None),
    ("sel-neighbourhood", "reducing-transfers-of-care", 3, "between and across", None),
    ("sel-neighbourhood", "reducing-transfers-of-care", 4, "to explore new ways of working", None),
    ("sel-neighbourhood", "embedding-holistic-and-personalised-care", 4, "feel involved in decisions", None),
    ("sel-neighbourhood", "embedding-holistic-and-personalised-care", 4, "across the partnership", None),
    ("sel-neighbourhood", "shared-accountability", 3, "takes responsibility", None),
    ("sel-neighbourhood", "shared-accountability", 4, "holding the others to account", "feel free to challenge"),
    ("sel-neighbourhood", "shared-accountability", 4, "individually and as organisations", None),
    ("sel-neighbourhood", "wellbeing", 4, "hold one another to account", "share accountability"),
    ("sel-neighbourhood", "wellbeing", 4, "where needed", None),
    ("sel-neighbourhood", "shared-clinical-risk", 3, "we can evidence a strong learning culture", None),
    ("sel-neighbourhood", "shared-clinical-risk", 3, "quality and safety", None),
    ("sel-neighbourhood", "shared-clinical-risk", 4, "where needed", None),
    ("sel-neighbourhood", "integrated-intermediate-care", 2, "supporting patients outside hospital", "avoid admission"),
    ("sel-neighbourhood", "facilitating-data-sharing", 3, "weighing whether", None),
    ("sel-neighbourhood", "building-structures-that-tackle-variation", 1, "anywhere in the partnership",
     "between partners"),
    ("sel-neighbourhood", "integrated-estates-optimisation", 3, "fully enable neighbourhood health", None),
    ("sel-neighbourhood", "parity-of-voice", 1, "primary care, nhs trusts, social care, the vcse and patients", None),
    ("sel-neighbourhood", "parity-of-voice", 4, "sector or organisation", None),
    ("sel-neighbourhood", "one-team-approach", 4, "answer for what they contribute", None),
    ("sel-neighbourhood", "co-production-and-participative-models", 4, "service users", None),
    ("sel-neighbourhood", "collaborative-leadership-development", 2, "and/or peer support", None),
    ("collaborate-preconditions", "issues-systemic", 4, "the person chooses how", None),
    ("collaborate-preconditions", "grounded-in-place", 4, "every day if needed", "daily hot meal"),
    ("collaborate-preconditions", "distributed-leadership", 4, "the council recognises", None),
]


def _cell(framework_id: str, item_id: str, level: int) -> str:
    fw = load_framework(framework_id)
    return " ".join(fw.item_by_id(item_id).descriptor(fw, level)).lower()


@pytest.mark.parametrize(("framework_id", "item_id", "level", "present", "absent"), RESTORED,
                         ids=[f"{f}:{i}:{lv}:{p}" for f, i, lv, p, _ in RESTORED])
def test_restored_meaning_is_kept(framework_id: str, item_id: str, level: int, present: str,
                                  absent: str | None) -> None:
    cell = _cell(framework_id, item_id, level)
    assert present in cell, cell
    if absent:
        assert absent not in cell, cell


def test_lincolnshire_level_0_is_either_not_a_priority_or_not_in_use() -> None:
    # The source's level 0: either condition is enough. Every item falls back to the scale's level 0.
    fw = load_framework("lincolnshire-personalised-care")
    for item in fw.items():
        cell = " ".join(item.descriptor(fw, 0)).lower()
        assert re.search(r"not yet a priority, or .*not put into practice", cell), (item.id, cell)
        assert "neither" not in cell and " nor " not in cell, (item.id, cell)


@pytest.mark.parametrize("framework_id", sorted(bundled_paths()))
def test_header_cites_the_source_by_title_publisher_and_year(framework_id: str) -> None:
    text = bundled_paths()[framework_id].read_text(encoding="utf-8")
    header = "\n".join(line for line in text.splitlines()[:8] if line.startswith("#"))
    citation = re.search(r'^# Source: "([^"]+)", (.+?), (\d{4}|undated)\b', header.replace("\n#  ", ""), re.M)
    assert citation, header
    fw = load_framework(framework_id)
    assert fw.source is not None
    assert citation.group(1) == fw.source.title
    year = re.search(r"\d{4}", str(fw.source.date or ""))
    assert citation.group(3) == (year.group(0) if year else "undated")
    comments = "\n".join(line for line in text.splitlines() if line.lstrip().startswith("#"))
    assert not re.search(r"/(work|tmp|home)/|\bseed\b|\.txt\b", comments, re.I)
