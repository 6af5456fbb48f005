"""The columns of every table maturitykit writes: name, type in words, and meaning.

One source for each output's columns: the modules that build the records take their column lists
from here, `docs/data-dictionary.md` is generated from here (tools/docsgen.py), and a test fails
when a record carries a column this file does not describe. Types are in words, as an analyst
loading the file into Excel, Power BI or pandas needs them; Parquet columns have these types.
"""

from __future__ import annotations

from dataclasses import dataclass

# Bumped when a column is removed or changes meaning (adding a column does not bump it): JSON
# outputs carry it so a downstream script can refuse a file it was not written for.
FORMAT_VERSION = "2"

TEXT, INTEGER, NUMBER, BOOLEAN, DATE = "text", "integer", "number", "true/false", "date (YYYY-MM-DD)"


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # in words; "or blank" where a value may be missing (never 0)
    meaning: str


@dataclass(frozen=True)
class Output:
    key: str
    title: str
    written_by: str
    columns: tuple[Column, ...]
    # Columns that repeat once per partner or round, named by a pattern (e.g. "score: <partner>").
    repeated: tuple[Column, ...] = ()

    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _c(name: str, type_: str, meaning: str) -> Column:
    return Column(name, type_, meaning)


_PLACE = _c("place", TEXT, "Place (system) the score belongs to; blank when no sheet named one.")
_ROUND = _c("round", TEXT, "Assessment round label, e.g. baseline; blank when no sheet named one.")
_ITEM = _c("item", TEXT, "Item id in the framework (stable across versions unless renamed).")
_CODE = _c("code", TEXT, "The framework's short code for the item, or blank.")
_TITLE = _c("title", TEXT, "Item title as the framework gives it.")
_GROUP = _c("group", TEXT, "Id of the item's top-level group, or blank in a framework without groups.")
_DOMAIN = _c("domain", TEXT, "Id of the item's domain (its parent in the framework).")
_PRIORITY = _c("priority", TEXT, "The framework's priority flag for the item (e.g. short-term), or blank.")
_N = _c("n", INTEGER, "Partners who scored the item (not-applicable and blank excluded).")

MERGED = Output("merged", "Merged scores", "`maturity score merge -o`", (
    _PLACE, _ROUND,
    _c("round_date", DATE + " or blank", "Date of the round, from the workspace's maturity.toml; blank outside one."),
    _c("partner", TEXT, "Partner organisation as written in its return (one spelling per partner), or "
                        "`consensus` for the agreed position."),
    _c("is_consensus", BOOLEAN, "true on the agreed (consensus) position's rows, which are kept as rows."),
    _c("framework", TEXT, "Framework id the returns were read with."),
    _c("framework_version", TEXT, "Version of that framework."),
    _ITEM,
    _c("item_title", TEXT, "Item title, so the file reads without the framework beside it."),
    _GROUP, _DOMAIN,
    _c("score", NUMBER + " or blank", "The level given, on the item's own scale; blank when not scored or not "
                                      "applicable (never 0)."),
    _c("label", TEXT, "The level's label (e.g. Maturing); `N/A` when marked not applicable; blank when not scored."),
    _c("rationale", TEXT, "Why the partner gave the score, as written (formula-neutralised)."),
    _c("evidence", TEXT, "Evidence or examples given, as written (formula-neutralised). For a checklist return "
                         "(`score template --checklist`), followed by `Checklist (RULE): level L: ✓ statement; level "
                         "L: ✗ statement; ...`: every statement with its tick, which the derived score rests on."),
    _c("source_file", TEXT, "The return the score came from, relative to the working folder (or to the folder "
                            "of the returns when they are elsewhere), never an absolute path."),
    _c("source_row", INTEGER + " or blank", "Row of that file (1-based, as a spreadsheet numbers it)."),
))

SUMMARY = Output("summary", "Per-item summary", "`maturity score merge --summary`", (
    _PLACE, _ROUND, _ITEM, _CODE, _TITLE, _GROUP, _DOMAIN, _PRIORITY, _N,
    _c("missing", INTEGER, "Partners in the round who left the item blank."),
    _c("median", NUMBER + " or blank", "Median score."),
    _c("mean", NUMBER + " or blank", "Mean score."),
    _c("sd", NUMBER + " or blank", "Sample standard deviation (n - 1); blank below two scores."),
    _c("min", NUMBER + " or blank", "Lowest score."),
    _c("max", NUMBER + " or blank", "Highest score."),
    _c("range", NUMBER + " or blank", "max - min."),
    _c("iqr", NUMBER + " or blank", "Interquartile range."),
    _c("ad", NUMBER + " or blank", "Average deviation from the median (Burke and Dunlap), in levels."),
    _c("rwg", NUMBER + " or blank", "Within-group agreement rwg (James, Demaree and Wolf); blank below three scores."),
    _c("consensus", NUMBER + " or blank", "Tastle-Wierman consensus, 0 (split) to 1 (all the same)."),
    _c("divergent", BOOLEAN, "true when the divergence rule in force flags the item (docs/statistics.md)."),
    _c("divergence_reasons", TEXT, "Why it is flagged, in words; `; ` between reasons."),
    _c("outliers", TEXT, "Partners far from the median (an agenda hint, not a flag); `; ` between them."),
    _c("agreed", NUMBER + " or blank", "The recorded consensus position, if any."),
    _c("agreed_label", TEXT, "Label of the agreed level."),
    _c("notes", TEXT, "Cautions about the figures (e.g. too few partners for rwg)."),
))

DIVERGENCE = Output("divergence", "Divergence (workshop agenda)", "`maturity score divergence --format csv`", (
    _c("rank", INTEGER, "Agenda order: divergent short-term priorities first."),
    _ITEM, _CODE, _TITLE, _GROUP, _DOMAIN, _PRIORITY, _N,
    _c("median", NUMBER + " or blank", "Median score."),
    _c("mean", NUMBER + " or blank", "Mean score."),
    _c("sd", NUMBER + " or blank", "Sample standard deviation."),
    _c("min", NUMBER + " or blank", "Lowest score."),
    _c("max", NUMBER + " or blank", "Highest score."),
    _c("range", NUMBER + " or blank", "max - min."),
    _c("iqr", NUMBER + " or blank", "Interquartile range."),
    _c("ad", NUMBER + " or blank", "Average deviation from the median, in levels."),
    _c("rwg", NUMBER + " or blank", "Within-group agreement rwg; blank below three scores."),
    _c("consensus", NUMBER + " or blank", "Tastle-Wierman consensus, 0 to 1."),
    _c("agreed", NUMBER + " or blank", "The recorded consensus position, if any."),
    _c("divergent", BOOLEAN, "true when the divergence rule flags the item."),
    _c("reasons", TEXT, "Why it is flagged, in words."),
    _c("outliers", TEXT, "Partners far from the median (agenda hint)."),
    _c("notes", TEXT, "Cautions about the figures."),
), repeated=(_c("score: <partner>", NUMBER + " or blank", "That partner's score (pseudonym under --anonymise)."),))

DELTA = Output("delta", "Change between two rounds", "`maturity score delta --format csv`", (
    _ITEM, _CODE, _TITLE, _GROUP, _DOMAIN, _PRIORITY,
    _c("baseline", NUMBER + " or blank", "Position at baseline (agreed level, else median)."),
    _c("followup", NUMBER + " or blank", "Position at follow-up."),
    _c("basis", TEXT, "What the positions are: consensus, median or mean, one word when both rounds agree, "
                      "else baseline/followup (e.g. consensus/median)."),
    _c("change", NUMBER + " or blank", "followup - baseline, in the item's levels."),
    _c("mixed_basis", BOOLEAN, "True when one position is a recorded consensus and the other a median "
                             "(or mean) of partner scores: the change compares two different things."),
    _c("median_change", NUMBER + " or blank", "For a mixed-basis change, the change between the medians of the "
                                              "partners' own scores, in levels; blank otherwise."),
    _c("status", TEXT, "improved, declined, unchanged, uncertain, too few partners, or missing "
                       "(definitions in docs/statistics-change.md)."),
    _c("ad_baseline", NUMBER + " or blank", "Average deviation of partners' scores, baseline."),
    _c("ad_followup", NUMBER + " or blank", "Average deviation of partners' scores, follow-up."),
    _c("convergence", TEXT, "converged (AD fell), drifted (AD rose) or steady; blank without both."),
    _c("partners_up", INTEGER, "Partners who scored it in both rounds and moved up."),
    _c("partners_same", INTEGER, "Partners in both rounds who gave the same level."),
    _c("partners_down", INTEGER, "Partners in both rounds who moved down."),
    _c("partners_median_change", NUMBER + " or blank", "Median of the paired partners' changes."),
    _c("n_baseline", INTEGER, "Partners who scored it at baseline."),
    _c("n_followup", INTEGER, "Partners who scored it at follow-up."),
    _c("match", TEXT, "How the item was found in the baseline: same, renamed, merged or split."),
    _c("matched_from", TEXT, "Baseline item ids it was matched from; `; ` between them."),
    _c("status_reason", TEXT, "Why the status was given, in words."),
))

TREND = Output("trend", "Positions across rounds (long)", "`maturity score trend --format csv`", (
    _ITEM, _CODE, _TITLE, _GROUP, _DOMAIN, _PRIORITY,
    _c("round", TEXT, "Round label, in the order the rounds were given (one row per item and round)."),
    _c("round_order", INTEGER, "1 for the first round given, 2 for the next, ..."),
    _c("position", NUMBER + " or blank", "The item's position in that round (agreed level, else median)."),
    _c("basis", TEXT, "consensus or median; blank when the item was not scored."),
    _c("n", INTEGER, "Partners who scored it in that round."),
))

PLAN = Output("plan", "Improvement plan", "`maturity plan`", (
    _ITEM, _CODE, _TITLE, _GROUP, _DOMAIN, _PRIORITY,
    _c("basis", TEXT, "Where the current level comes from: consensus or median."),
    _c("current", NUMBER + " or blank", "Current level."),
    _c("current_label", TEXT, "Label of the current level."),
    _c("target", NUMBER + " or blank", "Target level (targets file, option or framework)."),
    _c("target_label", TEXT, "Label of the target level."),
    _c("gap", NUMBER + " or blank", "target - current, in levels."),
    _c("next_level", NUMBER + " or blank", "The level above the current one."),
    _c("next_level_descriptor", TEXT, "What the framework says that level looks like."),
    _c("action", TEXT, "To fill in: the action agreed."),
    _c("owner", TEXT, "To fill in: who leads it."),
    _c("due", TEXT, "To fill in: when."),
    _c("measure", TEXT, "To fill in: how progress will be seen."),
    _c("status", TEXT, "To fill in: not started, in progress, done or dropped (a dropdown in the XLSX)."),
))

OUTPUTS: tuple[Output, ...] = (MERGED, SUMMARY, DIVERGENCE, DELTA, TREND, PLAN)


def column_type(name: str) -> str | None:
    """The documented type of a column (without "or blank"), the same in every output that has it, or None
    for a column no output describes. Parquet columns are typed by this, not by the values they hold."""
    if name.startswith("score: "):
        return NUMBER
    for output in OUTPUTS:
        for column in output.columns:
            if column.name == name:
                return column.type.removesuffix(" or blank")
    return None
