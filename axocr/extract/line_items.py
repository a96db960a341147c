"""Invoice lines from the items table: header words give the columns, amounts give the rows.

The table is found by its header row (``Description  Qty  Unit price  Amount`` in any of the
supported languages, stacked over two or three lines where the page does that). Each header
word becomes a column; every line below it is cut into cells by column (see
:mod:`axocr.layout.tables`). A row is anchored on a cell of the amount column that holds one
amount; the quantity, unit price and tax-rate cells nearest in height join it, and the
description is the description cell beside it plus the lines wrapped tightly under it. The
table ends at a total/subtotal/tax row, a section heading or another table's header; a
table that runs to the foot of a page continues on the next page (with or without a
repeated header), and "carried forward" rows are skipped so no amount counts twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from axocr.extract.context import PageText, TextLine
from axocr.lang.labels import (
    ITEM_ADJUSTMENTS,
    ITEM_CARRIED,
    ITEM_HEADINGS,
    ITEM_INCLUDED,
    ITEM_NET_SUMS,
    ITEM_TOTALS,
    LINE_ITEM_ROLES,
)
from axocr.layout.tables import (
    Cell,
    Column,
    Row,
    Token,
    column_zones,
    rows_from_anchors,
    split_into_cells,
)
from axocr.normalize import find_amounts, to_decimal, to_decimal_string
from axocr.types import BBox, Finding, LineItem, TaxBreakdown, Word, join_words

# Header words per role, from the locale packs (lang/labels.py: LINE_ITEM_ROLES), tried in this
# order on a column's (stacked) header text: the first pattern that matches names the column.
_ROLE_PATTERNS: tuple[tuple[str, str], ...] = LINE_ITEM_ROLES
_ROLE_RES = tuple((role, re.compile(p, re.IGNORECASE)) for role, p in _ROLE_PATTERNS)
# Words that name a column, searched in a line to find header candidates.
_HEADER_WORD = re.compile(
    "|".join(f"(?:{p})" for _, p in _ROLE_PATTERNS if _ != "position"), re.IGNORECASE
)
_ITEM_ROLES = {"description", "quantity", "unit_price"}
_AMOUNT_ROLES = ("amount", "amount_gross")
_NUMERIC_ROLES = {"quantity", "unit_price", "tax_rate", "discount", "unit", *_AMOUNT_ROLES}

# Rows that end the table: the totals (when an amount stands on the row: "Tax: 0.2%" under a
# line is a note, not the tax row) and the headings of what follows a table.
_TOTALS_RE = ITEM_TOTALS
_HEADING_RE = ITEM_HEADINGS
# A row that repeats the sum of the previous page: never a line of its own.
_CARRY_RE = ITEM_CARRIED
# Rows inside a table that adjust the sum rather than sell something.
_ADJUST_RE = ITEM_ADJUSTMENTS
# A row saying what the line above already includes ("Incl. Thuiskopieheffing € 4,24").
_INCLUDED_RE = ITEM_INCLUDED
_PERCENT = re.compile(r"([0-9]{1,2}(?:[.,][0-9]{1,2})?)\s*%")
_BARE_RATE = re.compile(r"^\s*([0-9]{1,2}(?:[.,][0-9]{1,2})?)\s*(?:%|％)?\s*[※*軽]?\s*$")
_QTY = re.compile(r"^\s*([0-9]+(?:[.,][0-9]+)?)\s*(.*?)\s*$")
# "Consulting (2 × 150.00)", "Coffee 2 x 3.50", "@ 3.50": quantity and price inside the text
_INLINE_QTY = re.compile(
    r"[(\s]([0-9]+(?:[.,][0-9]+)?)\s*[x×@]\s*([^\s()]+)\s*\)?\s*$", re.IGNORECASE
)
_QTY_LINE = re.compile(
    r"^\s*([0-9]+(?:[.,][0-9]+)?)\s*\.?\s*(?:点|個|コ|本|pcs?|x)?\s*[x×X@＠]\s*[¥￥$€£]?\s*"
    r"([0-9][0-9,.]*)\s*$"
)
_REDUCED = re.compile(r"[※*＊]|軽")
_LETTER = re.compile(r"[^\W\d_]")
_CURRENCY_WORDS = re.compile(r"\b(?:eur|usd|gbp|jpy|aud|chf|rm|myr)\b|[€$£¥円]", re.IGNORECASE)


@dataclass
class _Table:
    page: int
    columns: list[Column]
    top: float  # first body y
    bottom: float = 1.0  # last body y (exclusive)
    ended: bool = False  # a totals row or heading closed it (else it runs off the page)
    header: list[TextLine] = field(default_factory=list)


@dataclass
class ReadLine:
    """A line item with the cells it was read from (for the checks)."""

    item: LineItem
    amount: Decimal
    quantity: Decimal | None = None
    unit_price: Decimal | None = None
    discount_pct: Decimal | None = None
    extra: dict[str, str] = field(default_factory=dict)
    sources: list[TextLine] = field(default_factory=list)


def _tokens(line: TextLine) -> list[Token]:
    return [Token(line.text[s:e], b) for s, e, b in line.spans]


def _rows_of(lines: list[TextLine]) -> list[list[TextLine]]:
    rows: list[list[TextLine]] = []
    for line in sorted(lines, key=lambda ln: ln.bbox.cy):
        if rows and rows[-1][0].bbox.vertical_overlap(line.bbox) >= 0.5:
            rows[-1].append(line)
        else:
            rows.append([line])
    return [sorted(r, key=lambda ln: ln.bbox.x0) for r in rows]


def classify(text: str) -> str | None:
    """The role a column header's text names, or None."""
    for role, pattern in _ROLE_RES:
        if pattern.search(text):
            return role
    return None


@lru_cache(maxsize=8192)
def _header_spans(text: str) -> tuple[tuple[int, int], ...]:
    # The header pattern is a long alternation; the same lines are asked about several times
    # (as seeds, as neighbours of a seed, as possible headers of the next table).
    return tuple(m.span() for m in _HEADER_WORD.finditer(text))


def _header_units(line: TextLine) -> list[tuple[str, BBox]]:
    """A header line cut into units: each header word (with the words of a wording such as
    "Unit price") and each run of other words between them."""
    text = line.text
    matches = _header_spans(text)
    units: list[tuple[int, int]] = []
    last = 0
    for k, (start, end) in enumerate(matches):
        # widen to whole words ("Nettobetrag" holds "betrag"), but not into the next header
        # word run together with it ("EinzelpreisSteuersatz" in a cramped header)
        stop = matches[k + 1][0] if k + 1 < len(matches) else len(text)
        while start > last and not text[start - 1].isspace():
            start -= 1
        while end < stop and not text[end].isspace():
            end += 1
        if text[last:start].strip():
            units.append((last, start))
        units.append((start, end))
        last = end
    if text[last:].strip():
        units.append((last, len(text)))
    out: list[tuple[str, BBox]] = []
    for s, e in units:
        piece = text[s:e].strip()
        if not piece:
            continue
        lead = len(text[s:e]) - len(text[s:e].lstrip())
        box = line.span_bbox(s + lead, s + lead + len(piece))
        if out and box.x0 - out[-1][1].x1 < line.bbox.height:
            # "Total HT", "Taux TVA": words a space apart name one column unless they name
            # two different ones ("Pos Art-Nr Beschreibung" printed as one line)
            prev_piece, prev_box = out[-1]
            a, b = classify(prev_piece), classify(piece)
            if a is None or b is None or a == b:
                out[-1] = (f"{prev_piece} {piece}", prev_box.union(box))
                continue
        out.append((piece, box))
    return out


def _roles_in(line: TextLine) -> set[str]:
    if not _header_spans(line.text):
        return set()
    return {r for piece, _ in _header_units(line) if (r := classify(piece)) is not None}


def _has_amount(line: TextLine) -> bool:
    return any(ch.isdigit() for ch in line.text) and bool(find_amounts(line.text))


def _build_columns(band: list[TextLine]) -> list[Column]:
    """Header units stacked over each other are one column ("Prix" over "unitaire")."""
    units = [u for line in band for u in _header_units(line)]
    stacks: list[list[tuple[str, BBox]]] = []
    for piece, box in sorted(units, key=lambda u: (u[1].y0, u[1].x0)):
        for stack in stacks:
            sb = BBox.enclosing([b for _, b in stack])
            if box.horizontal_overlap(sb) > 0.3 and all(
                b.vertical_overlap(box) < 0.5 for _, b in stack
            ):
                stack.append((piece, box))
                break
        else:
            stacks.append([(piece, box)])
    columns: list[Column] = []
    for stack in stacks:
        text = " ".join(p for p, _ in sorted(stack, key=lambda u: u[1].y0))
        box = BBox.enclosing([b for _, b in stack])
        role = classify(text) or classify(text.replace(" ", "")) or "other"
        columns.append(Column(role, box.x0, box.x1, text))
    return sorted(columns, key=lambda c: c.x0)


def _header_ok(columns: list[Column]) -> bool:
    roles = {c.role for c in columns}
    return bool(roles & set(_AMOUNT_ROLES)) and bool(roles & _ITEM_ROLES)


def find_tables(ctx: PageText) -> list[_Table]:
    """Every items-table header in the document, with the columns it names."""
    tables: list[_Table] = []
    h = ctx.median_height
    for page in sorted({ln.page for ln in ctx.lines}):
        rows = _rows_of(ctx.lines_on(page))
        used_until = -1.0
        for i, row in enumerate(rows):
            if row[0].bbox.cy <= used_until:
                continue
            seed_roles = set().union(*(_roles_in(ln) for ln in row))
            if len(seed_roles & (_ITEM_ROLES | set(_AMOUNT_ROLES) | {"tax_rate"})) < 2:
                continue
            if any(_has_amount(ln) for ln in row):
                continue
            band = list(row)
            seed_box = BBox.enclosing([ln.bbox for ln in row])
            for step in (-1, 1):  # stacked header lines above and below the seed row
                j, edge = i + step, seed_box
                while 0 <= j < len(rows) and abs(j - i) <= 3:
                    cand = rows[j]
                    cbox = BBox.enclosing([ln.bbox for ln in cand])
                    gap = (edge.y0 - cbox.y1) if step < 0 else (cbox.y0 - edge.y1)
                    if gap > 0.8 * h or any(_has_amount(ln) for ln in cand):
                        break
                    if any(len(_spanned(ln, row)) >= 2 for ln in cand):
                        break  # a title over several columns, not a stacked header word
                    band.extend(cand)
                    edge = cbox
                    j += step
            columns = _build_columns(band)
            if not _header_ok(columns):
                continue
            top = max(ln.bbox.y1 for ln in band)
            used_until = top
            tables.append(_Table(page, columns, top, header=band))
    return tables


def table_header_lines(tables: list[_Table]) -> set[int]:
    """The lines (by id) that head these items tables (``find_tables``): a "Total HT" there
    names a column of the lines' amounts, and the amount under it is an item's."""
    return {id(ln) for table in tables for ln in table.header}


def _spanned(line: TextLine, row: list[TextLine]) -> list[tuple[str, BBox]]:
    units = [u for ln in row for u in _header_units(ln)]
    return [
        u
        for u in units
        if u[1].horizontal_overlap(line.bbox) > 0.5 and line.bbox.width > u[1].width * 1.5
    ]


def _is_stop(line: TextLine, ctx: PageText) -> bool:
    if _HEADING_RE.match(line.text):
        return True
    # a total, subtotal or tax label heading its line ("Net Amount", "Sales Tax (7%)")
    totals = _TOTALS_RE.match(line.text) is not None or any(
        h.line is line
        and h.start < 3
        and h.label.field in ("total", "subtotal", "tax")
        and h.label.strength >= 1.0
        for h in ctx.hits
    )
    if not totals:
        return False
    row = [o for o in ctx.lines_on(line.page) if o.bbox.vertical_overlap(line.bbox) >= 0.5]
    return any(find_amounts(o.text) for o in row)


def _is_other_header(line: TextLine, ctx: PageText) -> bool:
    """A row naming two or more columns and holding no amount: the next table's header."""
    if _has_amount(line):
        return False
    row = [
        o
        for o in ctx.lines_on(line.page)
        if o.bbox.vertical_overlap(line.bbox) >= 0.5 and o.bbox.x0 >= line.bbox.x0
    ]
    if any(_has_amount(o) for o in row):
        return False
    roles = set().union(*(_roles_in(o) for o in row))
    return len(roles - {"other", "position", "code"}) >= 2


def _body_lines(ctx: PageText, table: _Table, next_top: float | None) -> list[TextLine]:
    """The lines under the header down to the first totals row or heading."""
    out: list[TextLine] = []
    limit = next_top if next_top is not None else 1.01
    for line in sorted(ctx.lines_on(table.page), key=lambda ln: ln.bbox.cy):
        if line.bbox.cy <= table.top or line.bbox.cy >= limit:
            continue
        if _is_stop(line, ctx) or _is_other_header(line, ctx):
            table.bottom, table.ended = line.bbox.y0, True
            # the lines beside the totals row belong to it, not to the table
            out = [o for o in out if o.bbox.vertical_overlap(line.bbox) < 0.5]
            break
        out.append(line)
    else:
        table.ended = next_top is not None
    return out


def _parse_amount_cell(text: str, decimal_sep: str | None) -> Decimal | None:
    """The amount of a cell that holds one amount and nothing else but a currency."""
    found = find_amounts(text, decimal_sep=decimal_sep)
    if len(found) != 1:
        return None
    rest = text[: found[0].start] + text[found[0].end :]
    if _LETTER.search(_CURRENCY_WORDS.sub("", rest)):
        return None
    return found[0].value


def _parse_number(text: str, decimal_sep: str | None) -> Decimal | None:
    m = _QTY.match(text)
    if not m:
        return None
    raw = m.group(1)
    if "," in raw or "." in raw:
        sep = "," if "," in raw else "."
        head, tail = raw.split(sep)
        if decimal_sep is not None and sep != decimal_sep and len(tail) == 3:
            raw = head + tail  # 1,000 in an English invoice
        else:
            raw = f"{head}.{tail}"
    try:
        return Decimal(raw)
    except InvalidOperation:
        return None


def _parse_rate(text: str) -> Decimal | None:
    m = _PERCENT.search(text) or _BARE_RATE.match(text)
    if not m:
        return None
    try:
        value = Decimal(m.group(1).replace(",", "."))
    except InvalidOperation:
        return None
    return value.normalize() if 0 <= value <= 30 else None


def _nearest(cells: list[Cell], anchor: Cell) -> list[Cell]:
    return sorted(cells, key=lambda c: abs(c.bbox.cy - anchor.bbox.cy))


def _chained(upper: Cell, lower: Cell, h: float) -> bool:
    """``lower`` is the next line of the same wrapped text as ``upper``: tight under it and
    starting at the same x (looser on OCR pages, whose boxes wobble)."""
    ocr = any(isinstance(c.source, TextLine) and c.source.from_ocr for c in (upper, lower))
    ub, lb = upper.bbox, lower.bbox
    gap = lb.y0 - ub.y1
    return (
        upper.page == lower.page
        and -0.3 * h <= gap <= (0.9 if ocr else 0.6) * h
        and abs(lb.x0 - ub.x0) <= (0.03 if ocr else 0.015)
    )


def _descriptions(rows: list[Row], desc_cells: list[Cell], h: float) -> dict[int, list[Cell]]:
    """Each row's description cells: the one beside it (its head), the lines wrapped tightly
    under it, and (for rows printed at the foot of their description) the lines tightly
    above it that no row above claims."""
    # heads: each row takes the description cell nearest its band's middle
    pairs = []
    for i, row in enumerate(rows):
        y0, y1 = row.band
        mid = (y0 + y1) / 2
        for k, cell in enumerate(desc_cells):
            if cell.page != row.anchor.page:
                continue
            d = abs(cell.bbox.cy - mid)
            if d <= max(1.2 * h, (y1 - y0) / 2):
                pairs.append((d, i, k))
    head_of: dict[int, int] = {}  # row -> cell
    taken: set[int] = set()
    for _, i, k in sorted(pairs):
        if i not in head_of and k not in taken:
            head_of[i] = k
            taken.add(k)
    out: dict[int, list[Cell]] = {i: [desc_cells[k]] for i, k in head_of.items()}
    owner_of = {k: i for i, k in head_of.items()}
    order = sorted(
        range(len(desc_cells)), key=lambda k: (desc_cells[k].page, desc_cells[k].bbox.cy)
    )
    # wrapped lines under a head
    for k in order:
        if k in owner_of:
            continue
        cell = desc_cells[k]
        for i, cells in out.items():
            if _chained(cells[-1], cell, h):
                cells.append(cell)
                owner_of[k] = i
                break
    # wrapped lines over a head (numbers printed on the last line of the description)
    for k in reversed(order):
        if k in owner_of:
            continue
        cell = desc_cells[k]
        for i, cells in out.items():
            if _chained(cell, cells[0], h):
                cells.insert(0, cell)
                owner_of[k] = i
                break
    return out


def read_line_items(
    ctx: PageText, decimal_sep: str | None, tables: list[_Table] | None = None
) -> list[ReadLine]:
    """The invoice's lines, top to bottom, across pages. ``tables``: the page's items tables
    when the caller has found them already (``find_tables``)."""
    if tables is None:
        tables = find_tables(ctx)
    if not tables:
        return []
    h = ctx.median_height
    lines_out: list[ReadLine] = []
    # A table that runs off its page continues on the next page when that page has no header.
    spans: list[tuple[_Table, int, float, float | None]] = []  # table, page, top, limit
    for k, table in enumerate(tables):
        nxt = tables[k + 1] if k + 1 < len(tables) else None
        spans.append(
            (table, table.page, table.top, nxt.top if nxt and nxt.page == table.page else None)
        )
    seen_pages = {t.page for t in tables}
    last_page = max(ln.page for ln in ctx.lines)
    for table, page, _top, limit in spans:
        body = _body_lines(ctx, table, limit)
        lines_out.extend(_read_body(body, table, page, h, decimal_sep))
        p = page
        current = table
        while not current.ended and p + 1 <= last_page and p + 1 not in seen_pages:
            p += 1
            cont = _Table(p, table.columns, top=0.0)
            more = _body_lines(ctx, cont, None)
            lines_out.extend(_read_body(more, cont, p, h, decimal_sep))
            current = cont
            seen_pages.add(p)
    return lines_out


def _read_body(
    body: list[TextLine], table: _Table, page: int, h: float, decimal_sep: str | None
) -> list[ReadLine]:
    columns = table.columns
    zones = column_zones(columns)
    cells: list[Cell] = []
    roles = [c.role for c in columns]
    numeric = frozenset(i for i, r in enumerate(roles) if r in _NUMERIC_ROLES and r != "unit")
    for line in body:
        cells.extend(
            split_into_cells(_tokens(line), page, columns, zones, source=line, numeric=numeric)
        )
    amount_role = "amount" if "amount" in roles else "amount_gross"
    amount_cols = [i for i, r in enumerate(roles) if r == amount_role]
    amount_col = amount_cols[-1]
    anchors = []
    others = []
    desc_cells = []
    qty_lines: list[Cell] = []  # "2点×320" printed under a receipt's line
    for cell in cells:
        if cell.column == amount_col and _parse_amount_cell(cell.text, decimal_sep) is not None:
            anchors.append(cell)
        elif roles[cell.column] == "description" and _QTY_LINE.match(cell.text):
            qty_lines.append(cell)
        elif roles[cell.column] == "description":
            desc_cells.append(cell)
        elif roles[cell.column] in _NUMERIC_ROLES:
            others.append(cell)
    if not anchors:
        return []
    rows, _ = rows_from_anchors(anchors, others, 1.2 * h)
    descs = _descriptions(rows, desc_cells, h)
    left_edge = min(c.x0 for c in columns)
    for i, mine in descs.items():
        # a sidebar beside the table shares the rows' height but lies left of every header
        inside = [c for c in mine if c.bbox.x1 > left_edge]
        outside = [c for c in mine if c.bbox.x1 <= left_edge]
        if inside and outside:
            descs[i] = [
                c
                for c in mine
                if c in inside or not any(c.bbox.vertical_overlap(o.bbox) >= 0.5 for o in inside)
            ]
    extra = _qty_lines_by_row(rows, qty_lines, h)
    out: list[ReadLine] = []
    running = Decimal(0)
    for i, row in enumerate(rows):
        read = _read_row(row, descs.get(i, []), roles, decimal_sep, extra.get(i))
        if read is None:
            continue
        if len(out) >= 2 and read.quantity is None and read.amount == running:
            # the sum of the lines above: a total row whose label could not be read
            break
        running += read.amount
        out.append(read)
    return out


def _qty_lines_by_row(rows: list[Row], cells: list[Cell], h: float) -> dict[int, Cell]:
    """Each quantity line ("2点×320", "3 x 1.20") goes to the row just above it."""
    out: dict[int, Cell] = {}
    for cell in cells:
        above = [
            (cell.bbox.y0 - row.band[1], i)
            for i, row in enumerate(rows)
            if row.anchor.page == cell.page and -0.5 * h <= cell.bbox.y0 - row.band[1] <= 1.5 * h
        ]
        if above:
            out.setdefault(min(above)[1], cell)
    return out


@dataclass
class _RowCells:
    """What a row prints in its columns besides the amount (the first cell of each role)."""

    quantity: Decimal | None = None
    unit: str | None = None
    unit_price: Decimal | None = None
    rate: Decimal | None = None
    discount: Decimal | None = None
    extra: dict[str, str] = field(default_factory=dict)


def _read_cell(read: _RowCells, role: str, text: str, decimal_sep: str | None) -> None:
    """Fill ``read`` from one cell; once a role has a value, its later cells are ignored."""
    if role == "quantity" and read.quantity is None:
        read.quantity = _parse_number(text, decimal_sep)
        if read.quantity is not None:
            m = _QTY.match(text)
            rest = m.group(2) if m else ""
            read.unit = read.unit or (rest or None)
    elif role == "unit" and read.unit is None and text.strip():
        read.unit = text.strip()
    elif role == "unit_price" and read.unit_price is None:
        read.unit_price = _parse_amount_cell(text, decimal_sep)
    elif role == "tax_rate" and read.rate is None:
        read.rate = _parse_rate(text)
        if _REDUCED.search(text):
            read.extra["reduced"] = "1"
    elif role == "discount" and read.discount is None:
        read.discount = _parse_rate(text)


def _read_cells(row: Row, roles: list[str], decimal_sep: str | None) -> _RowCells:
    read = _RowCells()
    for col, cells in row.cells.items():
        role = roles[col]
        for cell in _nearest(cells, row.anchor):
            _read_cell(read, role, cell.text, decimal_sep)
    return read


def _quantity_outside_columns(
    read: _RowCells, description: str, qty_line: Cell | None, decimal_sep: str | None
) -> str:
    """A row without quantity and price columns may print them on a line of their own below
    ("2点×320") or inside its description ("Toner 2 x 45.00"); returns the description
    without an inline quantity."""
    if qty_line is not None and read.quantity is None and read.unit_price is None:
        m = _QTY_LINE.match(qty_line.text)
        if m:
            read.quantity = _parse_number(m.group(1), decimal_sep)
            read.unit_price = _parse_amount_cell(m.group(2), decimal_sep)
    if read.quantity is None and read.unit_price is None:
        m = _INLINE_QTY.search(" " + description)
        if m:
            q = _parse_number(m.group(1), decimal_sep)
            p = _parse_amount_cell(m.group(2), decimal_sep)
            if q is not None and p is not None:
                read.quantity, read.unit_price = q, p
                description = description[: max(m.start() - 1, 0)].strip()
    return description


def _is_not_an_item(description: str, read: _RowCells) -> bool:
    """Carried-forward rows, adjustments and included extras print an amount but are no
    line of their own."""
    no_numbers = read.quantity is None and read.unit_price is None
    if _CARRY_RE.search(description):
        return True
    if not description and no_numbers:
        return True
    if _ADJUST_RE.match(description) and no_numbers:
        return True
    return bool(_INCLUDED_RE.match(description) and read.unit_price is None)


def _read_line(
    row: Row, desc: list[Cell], description: str, amount: Decimal, read: _RowCells
) -> ReadLine:
    """The line item of a row that passed the checks, boxed around every cell it used."""
    boxes = [row.anchor.bbox] + [c.bbox for cs in row.cells.values() for c in cs]
    boxes += [c.bbox for c in desc]
    sources = [row.anchor.source] + [c.source for c in desc]
    conf = min((s.confidence for s in sources if isinstance(s, TextLine)), default=1.0)
    quantity, unit_price, rate = read.quantity, read.unit_price, read.rate
    item = LineItem(
        description=description,
        quantity=to_decimal_string(quantity) if quantity is not None else None,
        unit=read.unit,
        unit_price=to_decimal_string(unit_price) if unit_price is not None else None,
        amount=to_decimal_string(amount),
        tax_rate=to_decimal_string(rate) if rate is not None else None,
        page=row.anchor.page,
        bbox=BBox.enclosing(boxes).as_list(),
        confidence=round(0.9 * conf, 3),
    )
    used = [s for s in sources if isinstance(s, TextLine)]
    used += [c.source for cs in row.cells.values() for c in cs if isinstance(c.source, TextLine)]
    return ReadLine(item, amount, quantity, unit_price, read.discount, read.extra, used)


def _read_row(
    row: Row,
    desc: list[Cell],
    roles: list[str],
    decimal_sep: str | None,
    qty_line: Cell | None = None,
) -> ReadLine | None:
    amount = _parse_amount_cell(row.anchor.text, decimal_sep)
    if amount is None:
        return None
    description = join_words([Word(text=c.text, bbox=c.bbox) for c in desc]).strip()
    read = _read_cells(row, roles, decimal_sep)
    if _REDUCED.search(description):
        read.extra["reduced"] = "1"
        description = _REDUCED.sub("", description).strip()
    description = _quantity_outside_columns(read, description, qty_line, decimal_sep)
    if _is_not_an_item(description, read):
        return None
    if read.discount is not None and read.unit_price is not None:
        # the net price, as e-invoices state it: the printed price less the line discount
        read.unit_price = (read.unit_price * (100 - read.discount) / 100).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
    return _read_line(row, desc, description, amount, read)


# ------------------------------------------------------------------ checks


def _close(a: Decimal, b: Decimal, places: int = 2) -> bool:
    tolerance = Decimal(1).scaleb(-places) + abs(b) * Decimal("0.005")
    return abs(a - b) <= tolerance


def fill_tax_rates(
    lines: list[ReadLine],
    breakdown: list[TaxBreakdown],
    rate_rows: list[tuple[Decimal, list[Decimal]]],
) -> None:
    """Lines printed without a rate take it from the summary: the only rate, the reduced
    rate for marked lines, or the rate row whose amounts include the line's amount."""
    missing = [r for r in lines if r.item.tax_rate is None]
    if not missing:
        return
    rates = sorted({Decimal(b.rate) for b in breakdown})
    if not rates:
        # no per-rate summary was read: the rates printed beside amounts outside the table
        rates = sorted({rate for rate, amounts in rate_rows if amounts})
    for read in missing:
        if read.extra.get("reduced") and rates:
            read.item.tax_rate = to_decimal_string(min(rates))
            continue
        matches = {rate for rate, amounts in rate_rows if abs(read.amount) in amounts}
        if len(matches) == 1:
            read.item.tax_rate = to_decimal_string(matches.pop())
        elif len(rates) == 1:
            read.item.tax_rate = to_decimal_string(rates[0])
        elif (
            len(rates) == 2
            and read.extra.get("reduced") is None
            and any(r.extra.get("reduced") for r in lines)
        ):
            read.item.tax_rate = to_decimal_string(max(rates))


def rate_rows(
    ctx: PageText, decimal_sep: str | None, skip: set[int] | None = None
) -> list[tuple[Decimal, list[Decimal]]]:
    """Rows outside the table that print a tax rate beside amounts
    ("TVA 20,0%  -20,48 €  -4,10 €"); ``skip`` holds the indexes of the table's lines."""
    skip = skip or set()
    out = []
    for line in ctx.lines:
        if line.index in skip:
            continue
        m = _PERCENT.search(line.text)
        if not m:
            continue
        try:
            rate = Decimal(m.group(1).replace(",", ".")).normalize()
        except InvalidOperation:
            continue
        if not 0 <= rate <= 30:
            continue
        row = [o for o in ctx.lines_on(line.page) if o.bbox.vertical_overlap(line.bbox) >= 0.5]
        if any(o.index in skip for o in row):
            continue
        amounts = [abs(a.value) for o in row for a in find_amounts(o.text, decimal_sep=decimal_sep)]
        out.append((rate, amounts))
    return out


def _line_arithmetic(n: int, read: ReadLine) -> Finding | None:
    """quantity × unit price = amount for line ``n``; the line gains or loses confidence."""
    if read.quantity is None or read.unit_price is None:
        return None
    expected = read.quantity * read.unit_price
    ok = _close(expected, read.amount) or _close(abs(expected), abs(read.amount))
    rate = to_decimal(read.item.tax_rate)
    if not ok and rate is not None:
        # a net price beside a gross amount ("Price" 278.61, "Total" 319.00 at 14.5%)
        ok = _close(abs(expected) * (100 + rate) / 100, abs(read.amount))
    finding = Finding(
        code="line_arithmetic",
        field="line_items",
        ok=ok,
        message=f"line {n}: {read.item.quantity} × {read.item.unit_price} = "
        f"{to_decimal_string(expected)}, printed {read.item.amount}",
    )
    read.item.findings.append(finding)
    read.item.confidence = (
        round(min(1.0, read.item.confidence + 0.05), 3)
        if ok
        else round(read.item.confidence * 0.7, 3)
    )
    return finding


def _sum_targets(
    subtotal: str | None, total: str | None, tax: str | None, printed_sums: list[Decimal] | None
) -> list[tuple[str, str | None]]:
    """What the lines may add up to, in the order they are tried."""
    net: str | None = None
    try:
        if total is not None and tax is not None:
            net = to_decimal_string(Decimal(total) - Decimal(tax))
    except InvalidOperation:
        net = None
    targets = [("subtotal", subtotal), ("total less tax", net), ("total", total)]
    targets += [("printed net sum", to_decimal_string(v)) for v in printed_sums or []]
    return targets


def _lines_sum(
    lines: list[ReadLine],
    subtotal: str | None,
    total: str | None,
    tax: str | None,
    printed_sums: list[Decimal] | None,
) -> Finding | None:
    """The first target the lines add up to (every line gains confidence), else a finding
    that lines are missing; None when there was nothing to compare with."""
    amounts = [r.amount for r in lines]
    sum_lines = sum(amounts, Decimal(0))
    places_tol = Decimal("0.01") * len(lines)
    compared = False
    for name, value in _sum_targets(subtotal, total, tax, printed_sums):
        if value is None:
            continue
        try:
            target = Decimal(value)
        except InvalidOperation:
            continue
        compared = True
        if abs(abs(sum_lines) - abs(target)) <= places_tol:
            for r in lines:
                r.item.confidence = round(min(1.0, r.item.confidence + 0.05), 3)
            return Finding(
                code="lines_sum",
                field="line_items",
                ok=True,
                message=f"{len(lines)} lines add up to the {name} {value}",
            )
    if not compared:
        return None
    return Finding(
        code="lines_incomplete",
        field="line_items",
        ok=False,
        message=f"{len(lines)} lines add up to {to_decimal_string(sum_lines)}, "
        f"not the subtotal ({subtotal}), a printed net sum or the total ({total})",
    )


def _rate_bases(lines: list[ReadLine], breakdown: list[TaxBreakdown]) -> list[Finding]:
    """The lines of each rate against that rate's printed base."""
    findings: list[Finding] = []
    for entry in breakdown:
        if entry.base is None:
            continue
        mine = [r.amount for r in lines if r.item.tax_rate == entry.rate]
        if not mine:
            continue
        base = Decimal(entry.base)
        got = sum(mine, Decimal(0))
        findings.append(
            Finding(
                code="lines_tax_rate",
                field="line_items",
                ok=abs(abs(got) - abs(base)) <= Decimal("0.01") * len(mine),
                message=f"lines at {entry.rate}% add up to {to_decimal_string(got)}, "
                f"the breakdown prints {entry.base}",
            )
        )
    return findings


def check_line_items(
    lines: list[ReadLine],
    subtotal: str | None,
    total: str | None,
    tax: str | None,
    breakdown: list[TaxBreakdown],
    printed_sums: list[Decimal] | None = None,
) -> list[Finding]:
    """quantity × unit price = amount per line; the lines add up to the subtotal (or the
    total); the lines of each rate add up to that rate's printed base."""
    findings: list[Finding] = []
    for n, read in enumerate(lines, start=1):
        finding = _line_arithmetic(n, read)
        if finding is not None and not finding.ok:
            findings.append(finding)
    if not lines:
        return findings
    total_finding = _lines_sum(lines, subtotal, total, tax, printed_sums)
    if total_finding is not None:
        findings.append(total_finding)
    findings += _rate_bases(lines, breakdown)
    return findings


def line_items_of(
    ctx: PageText,
    decimal_sep: str | None,
    subtotal: str | None,
    total: str | None,
    tax: str | None,
    breakdown: list[TaxBreakdown],
    tables: list[_Table] | None = None,
) -> tuple[list[LineItem], list[Finding]]:
    """The document's lines, their missing tax rates filled in, and the checks on them."""
    lines = read_line_items(ctx, decimal_sep, tables)
    if not lines:
        return [], []
    normalise_signs(lines)
    used = {src.index for r in lines for src in r.sources}
    fill_tax_rates(lines, breakdown, rate_rows(ctx, decimal_sep, used))
    findings = check_line_items(lines, subtotal, total, tax, breakdown, net_sums(ctx, decimal_sep))
    return [r.item for r in lines], findings


_NET_SUM = ITEM_NET_SUMS


def net_sums(ctx: PageText, decimal_sep: str | None) -> list[Decimal]:
    """Amounts printed on rows labelled as a net sum of the lines, which the subtotal field
    may not have chosen (the lines are checked against any of them)."""
    out: list[Decimal] = []
    for line in ctx.lines:
        if not _NET_SUM.search(line.text):
            continue
        for o in ctx.lines_on(line.page):
            if o.bbox.vertical_overlap(line.bbox) >= 0.5 and o.bbox.x0 >= line.bbox.x0:
                out.extend(a.value for a in find_amounts(o.text, decimal_sep=decimal_sep))
    return out


def normalise_signs(lines: list[ReadLine]) -> None:
    """A credit note prints every line negative; its lines are reported as magnitudes, as
    its total is."""
    if lines and all(r.amount <= 0 for r in lines) and any(r.amount < 0 for r in lines):
        for r in lines:
            r.amount = -r.amount
            r.item.amount = to_decimal_string(r.amount)


__all__ = [
    "ReadLine",
    "check_line_items",
    "classify",
    "fill_tax_rates",
    "find_tables",
    "line_items_of",
    "normalise_signs",
    "rate_rows",
    "read_line_items",
    "table_header_lines",
]
