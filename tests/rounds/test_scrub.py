"""The scrubber (rounds/scrub.py): names, variants, acronyms, aliases, addresses; longest first, on word boundaries."""

from __future__ import annotations

import pytest

from maturitykit.rounds.scrub import (
    AMBIGUOUS,
    EMAIL_PLACEHOLDER,
    PHONE_PLACEHOLDER,
    WEB_PLACEHOLDER,
    PartnerIdentity,
    Scrubber,
    name_variants,
)

KEY = {"Thameside Council Adult Social Care": "Partner C", "Thameside Voluntary Action": "Partner A",
       "South Thames Community Health NHS Trust": "Partner B", "Thameside GP Federation": "Partner D",
       "Carers' Voice Thameside CIC": "Partner E"}
SCRUB = Scrubber(KEY, places=["Thameside"])


@pytest.mark.parametrize(("text", "expected"), [
    ("Thameside Council Adult Social Care agreed.", "Partner C agreed."),  # longest first: not "Partner C Adult ..."
    ("thameside  COUNCIL adult social care", "Partner C"),  # case and spacing do not matter
    ("Thameside Council's view", "Partner C's view"),  # the short name a partnership uses
    ("Thameside Councillors met.", "Thameside Councillors met."),  # word boundaries: not a partner
    ("South Thames Community Health said so", "Partner B said so"),  # without "NHS Trust"
    ("South Thames Community Health Trust", "Partner B"),  # without "NHS"
    ("Ask TVA and the GP Federation", "Ask Partner A and the Partner D"),  # acronym; name without the place
    ("TGPF and TGF", "Partner D and Partner D"),  # "GP" whole, or its initial
    ("Carers' Voice Thameside runs it", "Partner E runs it"),  # without "CIC", apostrophe kept
    ("Thameside is the place", "Thameside is the place"),  # one word, the place: never scrubbed
    ("", ""),
])
def test_names_and_variants(text, expected):
    assert SCRUB(text) == expected


def test_generated_acronyms_are_matched_in_capitals_only():
    assert SCRUB("TVA") == "Partner A"
    assert SCRUB("tva means nothing here") == "tva means nothing here"
    assert SCRUB.path("returns/tva-return.csv") == "returns/Partner A-return.csv"  # file names: any case


def test_file_names_with_separators():
    assert SCRUB.path("thameside_voluntary_action.xlsx") == "Partner A.xlsx"
    assert SCRUB("south-thames-community-health.csv") == "Partner B.csv"


def test_variant_two_partners_share_is_neither():
    scrub = Scrubber({"Acme Council Housing": "Partner A", "Acme Council Adult Care": "Partner B"})
    assert scrub("Acme Council and Acme Council Housing") == f"{AMBIGUOUS} and Partner A"


def test_suffixes_and_ampersands():
    scrub = Scrubber({"Bright Futures Ltd": "Partner A", "Carers & Families Limited": "Partner B",
                      "North Acme NHS Foundation Trust": "Partner C", "Greenwich Council": "Partner D"})
    assert scrub("Bright Futures, Carers and Families, North Acme") == "Partner A, Partner B, Partner C"
    assert scrub("Greenwich Council in Greenwich") == "Partner D in Greenwich"  # one word alone is kept


def test_aliases_emails_and_domains_from_a_partners_file():
    scrub = Scrubber({"Riverside Surgery": "Partner A"}, [
        PartnerIdentity("Riverside Surgery", aliases=("Riverside", "The Practice on the Hill"),
                        emails=("pm@riverside.nhs.uk",), domains=("riversidegp.org",))])
    assert scrub("Riverside and the practice on the hill") == "Partner A and Partner A"
    assert scrub("see https://riverside.nhs.uk/a/b and www.riversidegp.org") == f"see {WEB_PLACEHOLDER} and {WEB_PLACEHOLDER}"
    assert scrub("pm@riverside.nhs.uk") == EMAIL_PLACEHOLDER


def test_partner_without_pseudonym_is_a_partner():
    scrub = Scrubber({}, [PartnerIdentity("Absent Trust Org")])
    assert scrub("Absent Trust Org wrote") == f"{AMBIGUOUS} wrote"


@pytest.mark.parametrize("phone", ["020 7946 0018", "(020) 7946 0018", "+44 20 7946 0018", "+44 (0)20 7946 0018",
                                   "07700 900123", "07700-900-123", "+447700900123", "0161 496 0000", "01632960123"])
def test_uk_telephone_numbers(phone):
    assert SCRUB(f"call {phone} today") == f"call {PHONE_PLACEHOLDER} today"


@pytest.mark.parametrize("text", ["2026-03-31", "DSA-17", "v1.2 (Mar 2026)", "12 of 40 groups", "0 1 2", "007",
                                  "ref 123456789012345"])
def test_what_is_not_a_telephone_number(text):
    assert SCRUB(text) == text


def test_emails():
    assert SCRUB("mail jo.bloggs+int@thameside.gov.uk, or a.b@x.nhs.uk.") == \
        f"mail {EMAIL_PLACEHOLDER}, or {EMAIL_PLACEHOLDER}."


def test_name_variants_lists_what_is_scrubbed():
    words, acronyms = name_variants("Thameside Council Adult Social Care", ["Thameside"])
    assert {"Thameside Council Adult Social Care", "Thameside Council", "Council Adult Social Care"} <= words
    assert "Thameside" not in words and "TCASC" in acronyms
    words, acronyms = name_variants("South Thames Community Health NHS Trust (STCH)")
    assert "STCH" in acronyms and "South Thames Community Health" in words


def test_a_one_word_name_is_scrubbed_even_as_a_word():
    assert Scrubber({"Mind": "Partner A"})("Mind said: never mind.") == "Partner A said: never Partner A."
