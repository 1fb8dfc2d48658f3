#!/usr/bin/env python3
"""Prints a JSON description of an .xlsx workbook as openpyxl reads it, for the XLSX tests.

Usage: read_xlsx.py FILE           every sheet in full: values, data types, styles of the first
                                   STYLE_ROWS rows, freeze panes, autofilter, column widths (and which
                                   are hidden), merged ranges, charts and their anchors, page setup
       read_xlsx.py FILE --tail N  read-only and fast: per sheet its name, row count and last N rows

Values: numbers stay numbers, dates and times become ISO strings, durations (cells whose format is
like "[h]:mm:ss") seconds, empty cells null. Strings are decoded as Excel decodes them (_xHHHH_ is the
character U+HHHH, once, left to right): openpyxl leaves inline strings encoded and half-decodes
shared strings, so both are read raw and decoded here.
"""
import datetime
import json
import re
import sys

import openpyxl
from openpyxl.cell.text import Text
from openpyxl.reader import excel as _excel
from openpyxl.utils.cell import get_column_letter
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

STYLE_ROWS = 60
_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")


def _raw_string_table(xml_source):
    # openpyxl's own reader drops every "x005F_", which turns "_x005F_x0041_" into "A" once decoded.
    strings = []
    tag = "{%s}si" % SHEET_MAIN_NS
    for _, node in iterparse(xml_source):
        if node.tag == tag:
            strings.append(Text.from_tree(node).content)
            node.clear()
    return strings


_excel.read_string_table = _raw_string_table


def excel_text(value):
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)


def plain(value):
    if isinstance(value, str):
        return excel_text(value)
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    return value


def rich_text(title):
    """The literal text of a chart or axis title, or {"ref": formula} when it points at a cell."""
    if title is None or title.tx is None:
        return None
    if title.tx.strRef is not None:
        return {"ref": title.tx.strRef.f}
    if title.tx.rich is None:
        return None
    return "".join(run.t or "" for p in title.tx.rich.p for run in (p.r or []))


def reference(data):
    """The formula of a series' values or categories, numeric or text."""
    if data is None:
        return None
    for ref in (getattr(data, "numRef", None), getattr(data, "strRef", None)):
        if ref is not None:
            return ref.f
    return None


def series_name(series):
    if series.tx is None:
        return None
    if series.tx.strRef is not None:
        return {"ref": series.tx.strRef.f}
    return series.tx.v


def chart(c):
    anchor = getattr(c.anchor, "_from", None)
    return {
        "type": type(c).__name__,
        "anchor": None if anchor is None else {"row": anchor.row, "col": anchor.col},
        "bar_dir": getattr(c, "barDir", None),
        "title": rich_text(c.title),
        "x_title": rich_text(c.x_axis.title),
        "y_title": rich_text(c.y_axis.title),
        "series": [
            {"name": series_name(s), "values": reference(s.val), "categories": reference(s.cat)}
            for s in c.series
        ],
    }


def column_widths(ws):
    widths = {}
    for dim in ws.column_dimensions.values():
        if dim.customWidth and dim.min is not None:
            for index in range(dim.min, (dim.max or dim.min) + 1):
                widths[get_column_letter(index)] = dim.width
    return widths


def hidden_columns(ws):
    hidden = []
    for dim in ws.column_dimensions.values():
        if dim.hidden and dim.min is not None:
            hidden.extend(get_column_letter(i) for i in range(dim.min, (dim.max or dim.min) + 1))
    return sorted(set(hidden), key=lambda letter: (len(letter), letter))


def page_setup(ws):
    return {
        "orientation": ws.page_setup.orientation,
        "fit_to_page": bool(ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage),
        "fit_to_width": ws.page_setup.fitToWidth,
        "fit_to_height": ws.page_setup.fitToHeight,
        "print_title_rows": ws.print_title_rows,
        "footer": ws.oddFooter.left.text if ws.oddFooter and ws.oddFooter.left else None,
        "footer_right": ws.oddFooter.right.text if ws.oddFooter and ws.oddFooter.right else None,
    }


def full(path):
    wb = openpyxl.load_workbook(path)
    sheets = []
    for ws in wb.worksheets:
        rows = list(ws.iter_rows())
        styled = rows[:STYLE_ROWS]
        sheets.append({
            "name": ws.title,
            "state": ws.sheet_state,
            "rows": [[plain(c.value) for c in row] for row in rows],
            "types": [[c.data_type for c in row] for row in rows],
            "formats": [[c.number_format for c in row] for row in styled],
            "bold": [[bool(c.font and c.font.b) for c in row] for row in styled],
            "top_rule": [[bool(c.border and c.border.top and c.border.top.style) for c in row] for row in styled],
            "freeze_panes": ws.freeze_panes,
            "auto_filter": ws.auto_filter.ref,
            "column_widths": column_widths(ws),
            "hidden_columns": hidden_columns(ws),
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            "page_setup": page_setup(ws),
            "active": wb.active.title == ws.title,
            "charts": [chart(c) for c in ws._charts],
        })
    return {"sheets": sheets}


def tail(path, count):
    wb = openpyxl.load_workbook(path, read_only=True)
    sheets = []
    for ws in wb.worksheets:
        last = []
        total = 0
        for row in ws.iter_rows(values_only=True):
            total += 1
            last.append([plain(v) for v in row])
            if len(last) > count:
                last.pop(0)
        sheets.append({"name": ws.title, "row_count": total, "rows": last})
    wb.close()
    return {"sheets": sheets}


def main(argv):
    if len(argv) == 2:
        result = full(argv[1])
    elif len(argv) == 4 and argv[2] == "--tail":
        result = tail(argv[1], int(argv[3]))
    else:
        sys.exit("usage: read_xlsx.py FILE [--tail N]")
    json.dump(result, sys.stdout)  # ASCII with \u escapes: independent of the locale's encoding
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv)
