"""Text normalisation and value parsing: the one place that knows how invoices write things.

Everything that turns printed text into values lives here (STYLE rule 4): NFKC and the OCR
variant map for Japanese (:mod:`.text`), currencies (:mod:`.currency`), amounts in every
grouping style we meet (:mod:`.amounts`), dates in every order, language and calendar
(:mod:`.dates`), Japanese qualified-invoice registration numbers (:mod:`.ids`) and the voicing
marks and small kana OCR misreads in katakana names (:mod:`.kana`). It sits
below ``extract`` and ``validate``, which both parse values.

The ``find_*`` functions report spans into the text they were given. To keep those spans
exact they never run NFKC themselves; they read through a one-character-for-one-character
fold (full-width ASCII, ideographic and no-break spaces, dash variants), so they accept raw
OCR output and ``normalize_text`` output alike.

The parsers raise only :class:`~axocr.errors.AmountParseError` and
:class:`~axocr.errors.DateParseError`; the property tests feed them arbitrary text to keep
it that way.
"""

from axocr.normalize.amounts import (
    AmountMatch,
    find_amounts,
    near_amounts,
    parse_amount,
    to_decimal,
    to_decimal_string,
)
from axocr.normalize.currency import (
    COUNTRY_CURRENCY,
    country_currency,
    detect_currency,
    dollar_country,
    dollar_prefix_lost,
)
from axocr.normalize.dates import (
    TIME_AFTER,
    DateMatch,
    find_dates,
    find_misread_dates,
    find_separator_lost_dates,
    parse_date,
)
from axocr.normalize.ids import (
    capital_i_for_l,
    find_registration_numbers,
    is_vat_id_or_iban,
    registration_check_digit_ok,
)
from axocr.normalize.kana import (
    KANJI_LOOKING_KANA,
    OCR_OLD_FORMS,
    OLD_FORMS,
    fix_voicing_marks,
    read_alike,
)
from axocr.normalize.text import normalize_text, strip_latin_accents

__all__ = [
    "COUNTRY_CURRENCY",
    "KANJI_LOOKING_KANA",
    "OCR_OLD_FORMS",
    "OLD_FORMS",
    "TIME_AFTER",
    "AmountMatch",
    "DateMatch",
    "capital_i_for_l",
    "country_currency",
    "detect_currency",
    "dollar_country",
    "dollar_prefix_lost",
    "find_amounts",
    "find_dates",
    "find_misread_dates",
    "find_registration_numbers",
    "find_separator_lost_dates",
    "fix_voicing_marks",
    "is_vat_id_or_iban",
    "near_amounts",
    "normalize_text",
    "parse_amount",
    "parse_date",
    "read_alike",
    "registration_check_digit_ok",
    "strip_latin_accents",
    "to_decimal",
    "to_decimal_string",
]
