"""Spreadsheet writers of the portal exports: typed columns, rows as dicts,
written as they come (memory does not grow with the number of rows)."""

import csv
import io
from typing import NamedTuple

import xlsxwriter

# A spreadsheet runs a cell starting with one of these as a formula
# (OWASP "CSV injection"): text cells that do are prefixed with a quote.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


class Column(NamedTuple):
    """One column of an export: ``key`` of the rows' dicts, its ``label``,
    and its ``kind``: ``text``, ``date`` or ``amount``."""

    key: str
    label: str
    kind: str = "text"


# XLSX column widths, by kind
COLUMN_WIDTHS = {"text": 18, "date": 12, "amount": 16}


def neutralize_formula(value):
    """``value`` as a spreadsheet shows it as text, never as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def write_csv(fileobj, columns, rows):
    """Write ``rows`` (dicts keyed by the columns' keys) as CSV (UTF-8 with
    a byte-order mark, as spreadsheets expect) into the binary ``fileobj``."""
    text = io.TextIOWrapper(fileobj, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow([column.label for column in columns])
    for row in rows:
        cells = []
        for column in columns:
            value = row[column.key]
            if column.kind == "date":
                cells.append(value.isoformat() if value else "")
            elif column.kind == "amount":
                cells.append(value)
            else:
                cells.append(neutralize_formula(value or ""))
        writer.writerow(cells)
    text.flush()
    text.detach()


def write_xlsx(fileobj, columns, rows, sheet_name):
    """Write ``rows`` (dicts keyed by the columns' keys) as XLSX into
    ``fileobj``: dates as dates, amounts as numbers, text never a formula;
    rows go to disk as they are written (``constant_memory``)."""
    workbook = xlsxwriter.Workbook(fileobj, {"constant_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet(sheet_name)
    bold = workbook.add_format({"bold": True})
    formats = {
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
        "amount": workbook.add_format({"num_format": "#,##0.00"}),
    }
    for col, column in enumerate(columns):
        sheet.write_string(0, col, column.label, bold)
        sheet.set_column(col, col, COLUMN_WIDTHS[column.kind])
    for row_index, row in enumerate(rows, start=1):
        for col, column in enumerate(columns):
            value = row[column.key]
            if column.kind == "amount":
                sheet.write_number(row_index, col, value, formats["amount"])
            elif column.kind == "date":
                if value:
                    sheet.write_datetime(row_index, col, value, formats["date"])
            else:
                sheet.write_string(row_index, col, neutralize_formula(value or ""))
    workbook.close()
