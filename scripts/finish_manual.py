#!/usr/bin/env python3
"""Turns the manual swift-argument-parser generates into the one apptrail installs.

    scripts/finish_manual.py GENERATED.1 SECTIONS.mdoc OUTPUT.1

argument-parser copies each command's discussion as it is written: a blank line between paragraphs (which
mdoc reports as `Empty input line`), examples that roff would fill into the sentence before them, and lines
that start with a quote or a dot (read as requests). Here paragraphs become `.Pp`, indented lines literal
displays, and such lines are escaped. Its EXIT STATUS (`.Ex -std`, "0 on success, >0 on error") is replaced
by apptrail's sections: ENVIRONMENT, FILES, EXIT STATUS, EXAMPLES and SEE ALSO, from SECTIONS.
"""
import sys


def finish(generated: str, sections: str) -> str:
    out = []
    literal = False
    lines = generated.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if line == '.Sh "EXIT STATUS"':
            # argument-parser's generic section: apptrail's own sections take its place.
            i += 1
            while i < len(lines) and not lines[i].startswith(".Sh"):
                i += 1
            if literal:
                out.append(".Ed")
                literal = False
            out.append(sections.rstrip("\n"))
            continue
        if line.startswith("."):
            if literal:
                out.append(".Ed")
                literal = False
            out.append(line)
        elif line.strip() == "":
            if literal:
                out.append(".Ed")
                literal = False
            # A paragraph break, unless a request follows that starts a block of its own.
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            if nxt.strip() and not nxt.startswith(".") and out and out[-1] != ".Pp":
                out.append(".Pp")
        elif line.startswith(" "):
            if not literal:
                out.append(".Bd -literal -offset indent")
                literal = True
            out.append(escape(line.strip()))
        else:
            if literal:
                out.append(".Ed")
                literal = False
            out.append(escape(line))
        i += 1
    if literal:
        out.append(".Ed")
    return "\n".join(out)


def escape(text: str) -> str:
    """A text line roff reads as text: backslashes doubled, a leading quote or dot guarded."""
    text = text.replace("\\", "\\e")
    return "\\&" + text if text[:1] in ("'", ".") else text


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: finish_manual.py GENERATED.1 SECTIONS.mdoc OUTPUT.1")
    with open(sys.argv[1], encoding="utf-8") as f:
        generated = f.read()
    with open(sys.argv[2], encoding="utf-8") as f:
        sections = f.read()
    if '.Sh "EXIT STATUS"' not in generated:
        sys.exit(f"{sys.argv[1]}: no EXIT STATUS section to replace; has argument-parser's manual changed?")
    with open(sys.argv[3], "w", encoding="utf-8") as f:
        f.write(finish(generated, sections))
