"""Scrubbing partner identities out of free text: names, the variants a partnership uses, addresses.

Pure: no file is read here. :func:`name_variants` lists what one partner may be called (its name,
the name without "NHS Trust", "Council", "Ltd" and the like, the name cut after "Council" or
"Trust", the name without the place, acronyms, and aliases from a partners file);
:class:`Scrubber` replaces every variant of every partner by its pseudonym, and every email
address and UK telephone number by a placeholder. Matching is case-insensitive and on word
boundaries, longest variant first, so "Thameside Council Adult Social Care" becomes "Partner C",
not "Partner C Adult Social Care". Generated acronyms are matched only in capitals: in lower case
they are often words ("CAT", "ACE"). What no list gives (a person's own name) cannot be found.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from maturitykit.sheets.vocabulary import partner_key

EMAIL_PLACEHOLDER = "[email address]"
PHONE_PLACEHOLDER = "[telephone number]"
WEB_PLACEHOLDER = "[web address]"
AMBIGUOUS = "a partner"  # a variant two partners share: naming either would be a guess

# Legal forms and NHS styles: "the name without them" is what partners write in rationales.
_SUFFIXES = ("NHS Foundation Trust", "Foundation Trust", "NHS Trust", "Community Interest Company", "CIC", "Limited",
             "Ltd", "plc", "LLP", "Council", "Trust", "Charity", "Inc")
# Words after which a long name is often cut: "Thameside Council Adult Social Care" -> "Thameside Council".
_CUT_AFTER = ("Council", "Trust", "Federation", "Collaborative", "Hospital", "Hospitals", "Partnership", "ICB")
# Words left out of an acronym ("Carers of Thameside" -> "CT"), as acronyms are usually formed.
_SMALL_WORDS = {"of", "and", "the", "for", "in", "on", "at", "to", "&"}
_MIN_ACRONYM = 3  # two letters ("AT", "GP") are too often something else
_SEPARATOR = r"[\s_\-]+"  # "Voluntary Action", "voluntary-action.csv", "voluntary_action"


@dataclass(frozen=True)
class PartnerIdentity:
    """What a partner may be called and reached at: the name and what a partners file adds."""

    name: str
    aliases: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    sector: str = ""  # not scrubbed: a sector names many partners (shown only for big enough groups)


def _words(text: str) -> list[str]:
    return text.replace("(", " ").replace(")", " ").split()


def _strip_suffixes(words: list[str]) -> list[str]:
    changed = True
    while changed:
        changed = False
        for suffix in _SUFFIXES:
            tail = suffix.split()
            if len(words) > len(tail) and [w.casefold() for w in words[-len(tail):]] == [t.casefold() for t in tail]:
                words = words[:-len(tail)]
                changed = True
    return words


def _acronyms(words: list[str]) -> set[str]:
    kept = [w for w in words if w.casefold() not in _SMALL_WORDS and any(c.isalpha() for c in w)]
    letters = "".join(w[0] for w in kept).upper()
    # An acronym inside a name ("GP" in "Thameside GP Federation") is kept whole in the second form.
    whole = "".join(w if w.isupper() and len(w) > 1 else w[0] for w in kept).upper()
    return {a for a in (letters, whole) if len(a) >= _MIN_ACRONYM and a.isalnum()}


def name_variants(name: str, places: Iterable[str] = ()) -> tuple[set[str], set[str]]:
    """(word variants, acronyms) of one partner's name.

    A generated word variant has at least two words: one word ("Thameside") is usually the place
    or a common word, so it is scrubbed only when a partners file lists it as an alias.
    """
    words = _words(name)
    inner = re.findall(r"\(([^()]*)\)", name)
    place_words = [p.split() for p in places if p.strip()]
    forms: list[list[str]] = [words]
    outside = _words(re.sub(r"\([^()]*\)", " ", name))
    forms.append(outside)
    for form in list(forms):
        stripped = _strip_suffixes(form)
        forms.append(stripped)
        forms.append([w for w in form if w.upper() != "NHS"])
        for index, word in enumerate(form[:-1]):
            if word.casefold() in {c.casefold() for c in _CUT_AFTER} and index >= 1:
                forms.append(form[:index + 1])
    for form in list(forms):
        for place in place_words:
            if [w.casefold() for w in form[:len(place)]] == [p.casefold() for p in place]:
                forms.append(form[len(place):])
    variants = {" ".join(f) for f in forms if len(f) >= 2}
    acronyms: set[str] = set()
    for form in forms:
        if len(form) >= 2:
            acronyms |= _acronyms(form)
    for text in inner:  # "South Thames Community Health NHS Trust (STCH)": a bracketed capital word is its acronym
        token = text.strip()
        if token.isupper() and len(token) >= 2 and " " not in token:
            acronyms.add(token)
    return variants, acronyms


def _canonical(text: str) -> str:
    return partner_key(re.sub(_SEPARATOR, " ", text.replace("&", " and ")))


def _word_pattern(variant: str) -> str:
    parts = [r"(?:&|and)" if w.casefold() in ("&", "and") else re.escape(w) for w in variant.split()]
    return _SEPARATOR.join(parts)


_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# UK numbers: +44 20 7946 0018, +44 (0)20 7946 0018, 020 7946 0018, (020) 7946 0018, 07700 900123.
_PHONE = re.compile(r"(?<![\w+])(?:\+44[\s-]?(?:\(0\)[\s-]?)?|\(0|0)\d[\d\s\-)]{7,14}\d(?!\w)")


def _phone(match: re.Match[str]) -> str:
    text = match.group(0)
    digits = re.sub(r"\D", "", text)
    national = digits[2:].lstrip("0") if text.startswith("+44") else digits[1:]
    return PHONE_PLACEHOLDER if 9 <= len(national) <= 10 else text


@dataclass
class Scrubber:
    """Replace each partner's variants by its pseudonym, and addresses by placeholders, in any text."""

    pseudonyms: Mapping[str, str]  # partner name -> pseudonym
    identities: Sequence[PartnerIdentity] = ()
    places: Sequence[str] = ()
    _pattern: re.Pattern[str] | None = field(default=None, init=False, repr=False)
    _path_pattern: re.Pattern[str] | None = field(default=None, init=False, repr=False)
    _lookup: dict[str, str] = field(default_factory=dict, init=False, repr=False)
    _domains: re.Pattern[str] | None = field(default=None, init=False, repr=False)
    _texts: list[str] = field(default_factory=list, init=False, repr=False)

    def __post_init__(self) -> None:
        by_key = {partner_key(name): alias for name, alias in self.pseudonyms.items()}
        extra = {partner_key(i.name): i for i in self.identities}
        targets: dict[str, set[str]] = {}  # canonical variant -> pseudonyms it may stand for
        literal: dict[str, bool] = {}  # variant text -> matched case-insensitively
        names = {*self.pseudonyms, *(i.name for i in self.identities)}
        for name in names:
            alias = by_key.get(partner_key(name), AMBIGUOUS)
            identity = extra.get(partner_key(name))
            words, acronyms = name_variants(name, self.places)
            words.add(" ".join(name.split()))
            if identity is not None:
                words |= {" ".join(a.split()) for a in identity.aliases if a.strip()}
            for variant in words:
                targets.setdefault(_canonical(variant), set()).add(alias)
                literal[variant] = True
            for variant in acronyms:
                targets.setdefault(_canonical(variant), set()).add(alias)
                literal.setdefault(variant, False)
        self._texts = sorted(literal)
        self._lookup = {k: (next(iter(v)) if len(v) == 1 else AMBIGUOUS) for k, v in targets.items()}
        if literal:
            ordered = sorted(literal, key=lambda v: (-len(v), v))
            # Look-arounds, not \b: a name may start or end with punctuation ("Carers' Voice (CIC)").
            alternatives = [(f"(?i:{_word_pattern(v)})" if literal[v] else re.escape(v)) for v in ordered]
            self._pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")
            # File names are slugs in lower case ("tva-return.csv"): there an acronym is matched in any case.
            self._path_pattern = re.compile(r"(?<![^\W_])(?:" + "|".join(_word_pattern(v) for v in ordered)
                                            + r")(?![^\W_])", re.IGNORECASE)
        domains = {d.strip().lstrip("@").casefold() for i in self.identities for d in i.domains if d.strip()}
        domains |= {e.rsplit("@", 1)[1].casefold() for i in self.identities for e in i.emails if "@" in e}
        if domains:
            self._domains = re.compile(r"(?<![\w-])(?:https?://)?(?:[\w-]+\.)*(?:"
                                       + "|".join(map(re.escape, sorted(domains, key=len, reverse=True)))
                                       + r")(?:/[^\s]*)?(?![\w-])", re.IGNORECASE)

    def __call__(self, text: str) -> str:
        return self.scrub(text)

    def scrub(self, text: str) -> str:
        """The text with every partner variant, email address, telephone number and partner web address replaced."""
        if not text:
            return text
        text = _EMAIL.sub(EMAIL_PLACEHOLDER, text)
        if self._domains is not None:
            text = self._domains.sub(WEB_PLACEHOLDER, text)
        text = _PHONE.sub(_phone, text)
        if self._pattern is not None:
            text = self._pattern.sub(lambda m: self._lookup.get(_canonical(m.group(0)), AMBIGUOUS), text)
        return text

    def path(self, text: str) -> str:
        """A file name or path scrubbed like text, with acronyms in any case and "_" as a word boundary."""
        text = self.scrub(text)
        if self._path_pattern is not None:
            text = self._path_pattern.sub(lambda m: self._lookup.get(_canonical(m.group(0)), AMBIGUOUS), text)
        return text

    def pseudonym(self, name: str) -> str:
        """A partner's pseudonym, or "a partner" for a name this scrubber was not given."""
        return self._lookup.get(_canonical(name), AMBIGUOUS)

    def variants(self) -> list[str]:
        """Every variant it scrubs (for tests and for `--explain`-style listings)."""
        return list(self._texts)
