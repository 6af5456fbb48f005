"""Survey-tool exports (Microsoft Forms, Google Forms, SurveyMonkey, Qualtrics, SmartSurvey, Snap) read with no hand-editing.

`normalise` turns an export into the wide layout `_Reader.read_wide` reads: one header row (at the export's
last header row), item columns headed by the item id, `rationale for <id>` beside them, a `partner` column,
and metadata columns blanked, header and cells. Rows and columns keep their places, so every problem points
at the cell in the file as exported.
"""

from maturitykit.sheets.surveys.build import normalise
from maturitykit.sheets.surveys.detect import SOURCES
from maturitykit.sheets.surveys.mapping import SurveyMap

__all__ = ["SOURCES", "SurveyMap", "normalise"]
