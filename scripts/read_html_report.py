#!/usr/bin/env python3
"""Prints a JSON description of a report's HTML page as a reader's tools see it, for the report tests.

Usage: read_html_report.py FILE

{"title": the <title>, "h1": the cover's title, "notice": the empty-period notice or null,
 "figures": [{"value", "title", "change"}], "tables": {SHEET: {"columns": [machine names],
 "titles": [headers], "rows": [[cell text]], "total": [cell text] or null}},
 "external": [every reference that would leave the page: a script, a link, a src or href, a CSS url()]}
"""
import json
import re
import sys
from html.parser import HTMLParser

LEAVING_TAGS = {"script", "link", "img", "iframe", "object", "embed", "audio", "video", "source", "base", "form"}
LEAVING_ATTRIBUTES = {"src", "href", "srcset", "xlink:href", "action", "data", "background", "poster"}
CSS_REFERENCE = re.compile(r"url\s*\(|@import", re.IGNORECASE)


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = {"title": None, "h1": None, "notice": None, "figures": [], "tables": {}, "external": []}
        self.stack = []
        self.text = None
        self.table = None
        self.row = None
        self.figure = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in LEAVING_TAGS:
            self.out["external"].append("<%s>" % tag)
        for name, value in attrs:
            if name in LEAVING_ATTRIBUTES:
                self.out["external"].append("%s=%s" % (name, value))
            if name == "style" and value and CSS_REFERENCE.search(value):
                self.out["external"].append("style=%s" % value)
        self.stack.append((tag, attributes))
        if tag in ("title", "h1", "th", "td") or attributes.get("class", "").startswith("figure-") or (tag == "p" and "c00000" in attributes.get("style", "")):
            self.text = ""
        if tag == "table" and "data-sheet" in attributes:
            self.table = {"columns": [], "titles": [], "rows": [], "total": None}
            self.out["tables"][attributes["data-sheet"]] = self.table
        if tag == "tr" and self.table is not None:
            self.row = {"cells": [], "total": attributes.get("class") == "total"}
        if tag == "th" and self.table is not None:
            self.table["columns"].append(attributes.get("data-column"))
        if tag == "td" and "figure" not in attributes.get("class", ""):
            pass

    def handle_data(self, data):
        if self.text is not None:
            self.text += data
        if self.stack and self.stack[-1][0] == "style" and CSS_REFERENCE.search(data):
            self.out["external"].append("<style> " + data.strip()[:80])

    def handle_endtag(self, tag):
        tag_open, attributes = self.stack.pop() if self.stack else (tag, {})
        text = self.text
        css = attributes.get("class", "")
        if tag == "title" and self.out["title"] is None:
            self.out["title"] = text
        elif tag == "title":
            pass
        elif tag == "h1":
            self.out["h1"] = text
        elif tag == "p" and text is not None and "c00000" in attributes.get("style", ""):
            self.out["notice"] = text
        elif css == "figure-value":
            self.figure = {"value": text}
        elif css == "figure-title":
            self.figure["title"] = text
        elif css == "figure-change":
            self.figure["change"] = text.strip() or None
            self.out["figures"].append(self.figure)
        elif tag == "th" and self.table is not None:
            self.table["titles"].append(text)
        elif tag == "td" and self.row is not None:
            self.row["cells"].append(text)
        elif tag == "tr" and self.row is not None and self.table is not None:
            if self.row["cells"] and len(self.row["cells"]) == len(self.table["columns"]):
                if self.row["total"]:
                    self.table["total"] = self.row["cells"]
                else:
                    self.table["rows"].append(self.row["cells"])
            self.row = None
        elif tag == "table":
            self.table = None
        if tag in ("title", "h1", "th", "td", "p", "div"):
            self.text = None


def main(argv):
    if len(argv) != 2:
        sys.exit("usage: read_html_report.py FILE")
    page = Page()
    with open(argv[1], encoding="utf-8") as f:
        page.feed(f.read())
    json.dump(page.out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv)
