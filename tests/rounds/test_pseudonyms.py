"""Salted, stable pseudonyms (rounds/anonymise.py), the key file, and the partners file (rounds/partners.py)."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from maturitykit.errors import InputError
from maturitykit.rounds.anonymise import format_key, new_key, parse_key, pseudonym_key
from maturitykit.rounds.partners import read_partners_file
from maturitykit.sheets.vocabulary import partner_key

NAMES = ["Thameside Primary Care Collaborative", "Thameside Council Adult Social Care",
         "South Thames Community Health NHS Trust", "Thameside University Hospital", "Thameside Voluntary Action",
         "Thameside GP Federation"]
SALTS = [bytes([n]) * 32 for n in range(1, 21)]


def _order(key: dict[str, str]) -> list[str]:
    return [name for name, _ in sorted(key.items(), key=lambda kv: kv[1])]


def test_letters_follow_the_salted_hmac_not_the_names():
    salt = SALTS[0]
    key = pseudonym_key(NAMES, salt)
    expected = sorted(NAMES, key=lambda n: hmac.new(salt, partner_key(n).encode(), hashlib.sha256).hexdigest())
    assert _order(key) == expected
    assert sorted(key.values()) == [f"Partner {c}" for c in "ABCDEF"]


def test_different_salts_give_different_orders_that_are_not_alphabetical():
    orders = [tuple(_order(pseudonym_key(NAMES, salt))) for salt in SALTS]
    alphabetical = tuple(sorted(NAMES, key=partner_key))
    assert len(set(orders)) > 10  # the salt, not the names, decides
    assert sum(order == alphabetical for order in orders) <= 1
    assert orders[0] != alphabetical and len({order[0] for order in orders}) >= 4  # who is "Partner A" varies


def test_a_fresh_salt_is_random():
    assert new_key().salt != new_key().salt and len(new_key().salt) == 32


def test_the_same_key_file_keeps_letters_across_rounds():
    first = new_key(SALTS[3]).extend(NAMES[:4])
    reread = parse_key(format_key(first), "key.csv")
    assert reread.salt == first.salt and reread.pseudonyms == first.pseudonyms
    second = reread.extend(["thameside  university hospital", NAMES[1], NAMES[5], NAMES[4]])  # spacing differs
    for name in NAMES[:4]:
        assert second.pseudonyms[name] == first.pseudonyms[name]  # kept, whoever is missing this round
    assert {second.pseudonyms[NAMES[4]], second.pseudonyms[NAMES[5]]} == {"Partner E", "Partner F"}
    assert len(second.pseudonyms) == 6


def test_key_file_round_trips_formula_like_names():
    key = new_key(SALTS[1]).extend(["=Evil Org", "Plain, With Comma"])
    text = format_key(key)
    assert "'=Evil Org" in text  # formula-safe in a spreadsheet
    assert parse_key(text, "k.csv").pseudonyms == key.pseudonyms


@pytest.mark.parametrize(("text", "words"), [
    ("partner,pseudonym\nA,Partner A\n", "first line holds the salt"),
    ("# maturitykit pseudonym key: keep it apart from the reports; salt=zz\npartner,pseudonym\n", "hexadecimal"),
    ("# maturitykit pseudonym key: keep it apart from the reports; salt=00ff\npartner,pseudonym\n", "too short"),
    ("# maturitykit pseudonym key: keep it apart from the reports; salt=" + "ab" * 32 + "\nname,alias\n", "columns"),
    ("# maturitykit pseudonym key: keep it apart from the reports; salt=" + "ab" * 32
     + "\npartner,pseudonym\nA,Partner A\nB,Partner A\n", "twice"),
])
def test_bad_key_files_are_refused(text, words):
    with pytest.raises(InputError, match=words):
        parse_key(text, "key.csv")


def test_partners_file(tmp_path):
    path = tmp_path / "partners.csv"
    path.write_text("Contact list\n\nName,Aliases,Email,Email domain,Phone\n"
                    "Riverside Surgery, Riverside ; The Hill Practice ,pm@riverside.nhs.uk,riverside.nhs.uk,0161\n"
                    "Acme Trust,,,,\n\n", encoding="utf-8")
    got = read_partners_file(path)
    assert [p.name for p in got] == ["Riverside Surgery", "Acme Trust"]
    assert got[0].aliases == ("Riverside", "The Hill Practice") and got[0].emails == ("pm@riverside.nhs.uk",)
    assert got[0].domains == ("riverside.nhs.uk",) and got[1].aliases == ()


@pytest.mark.parametrize(("text", "words"), [
    ("organisation,aliases\nAcme,\n", "name column"),
    ("name,aliases\nAcme Trust,\nacme  trust,\n", "listed twice"),
    ("name,aliases\n,Acme\n", "no name"),
    ("name,aliases\n", "names no partner"),
])
def test_bad_partners_files_are_refused(tmp_path, text, words):
    path = tmp_path / "p.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=words):
        read_partners_file(path)
