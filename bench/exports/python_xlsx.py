#!/usr/bin/env python3
"""Reference for the exports benchmark: one app's executions written as one sheet with Python's XlsxWriter in
constant_memory mode, the way apptrail writes a per-app sheet: the audit query's rows from the same warehouse,
real Excel dates, [h]:mm:ss durations, a bold frozen header with an autofilter and fitted column widths.

Usage: python_xlsx.py WAREHOUSE APP FROM TO OUT.xlsx AUDIT.sql
"""
import sqlite3
import sys
from datetime import datetime, timezone

import xlsxwriter


def main():
    db, app, start, end, out, sql_path = sys.argv[1:7]
    sql = "\n".join(line for line in open(sql_path, encoding="utf-8").read().splitlines() if not line.startswith("-- "))
    con = sqlite3.connect(db)
    cur = con.execute(sql, {"app": app, "from": start, "to": end})
    columns = [d[0] for d in cur.description]
    wb = xlsxwriter.Workbook(out, {"constant_memory": True})
    ws = wb.add_worksheet(app[:31])
    bold = wb.add_format({"bold": True})
    date = wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss.000"})
    duration = wb.add_format({"num_format": "[h]:mm:ss"})
    kinds = ["date" if c.endswith("_at") else "seconds" if c.endswith("_s") else None for c in columns]
    widths = [len(c) for c in columns]
    for i, c in enumerate(columns):
        ws.write_string(0, i, c, bold)
    row = 0
    for record in cur:
        row += 1
        for i, v in enumerate(record):
            if v is None:
                continue
            kind = kinds[i]
            if kind == "date":
                ws.write_datetime(row, i, datetime.fromisoformat(v.replace("Z", "")), date)
                widths[i] = max(widths[i], 23)
            elif kind == "seconds":
                ws.write_number(row, i, v / 86400, duration)
                widths[i] = max(widths[i], len(str(int(v // 3600))) + 6)
            elif isinstance(v, str):
                ws.write_string(row, i, v)
                widths[i] = max(widths[i], min(len(v), 80))
            else:
                ws.write_number(row, i, v)
                widths[i] = max(widths[i], len(str(v)))
    for i, w in enumerate(widths):
        ws.set_column(i, i, min(w, 80) + 2)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, row, len(columns) - 1)
    wb.close()
    print(row)


if __name__ == "__main__":
    main()
