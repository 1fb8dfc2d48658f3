#!/usr/bin/env python3
"""Checks that Package.swift states the real graph, and that docs/architecture.md states Package.swift's.

- Every Swift target declares exactly the modules its files import: an import without its dependency builds only
  while another target happens to bring the module along, and a dependency nothing imports is a false edge.
- The target table of docs/architecture.md gives each target the dependencies Package.swift declares.

Usage: scripts/check_package_graph.py [PACKAGE_DIR]; the manifest comes from `swift package dump-package`
(SWIFT names the swift binary; a few seconds). Exits 1, one line per problem, on any difference.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

# Modules that come with the toolchain or the system, never declared.
SYSTEM = {"Foundation", "FoundationEssentials", "Glibc", "Darwin", "Dispatch", "Synchronization", "Testing", "XCTest",
          "_Concurrency", "Swift"}
# Modules a declared product brings with it (GRDB's SQLite module).
BROUGHT = {"GRDBSQLite": "GRDB"}
# Declared without an import: C linked into the executable, not called from Swift.
LINKED_ONLY = {("apptrail", "CZipSpeed")}

# Imports start a line: the Python of a Swift string literal is indented.
IMPORT = re.compile(r"^(?:@\w+\s+)*(?:(?:public|package|internal|fileprivate|private)\s+)?import\s+"
                    r"(?:(?:typealias|struct|class|enum|protocol|let|var|func)\s+)?([A-Za-z_]\w*)", re.M)


def declared(target):
    names = set()
    for dep in target.get("dependencies", []):
        for kind in ("byName", "target", "product"):
            if kind in dep:
                names.add(dep[kind][0])
    return names


def imported(folder):
    names = set()
    for root, _, files in os.walk(folder):
        for name in files:
            if name.endswith(".swift"):
                with open(os.path.join(root, name), encoding="utf-8") as f:
                    names.update(IMPORT.findall(f.read()))
    return names


def documented(architecture):
    """{target: {dependencies}} from the rows of the target table whose second column names targets."""
    rows = {}
    for line in architecture.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not cells[0].startswith("`"):
            continue
        targets = re.findall(r"`([^`]+)`", cells[0])
        deps = set(re.findall(r"`([^`]+)`", cells[1]))
        for t in targets:
            rows[t] = deps
    return rows


def main():
    package = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".")
    swift = os.environ.get("SWIFT", "swift")
    # A scratch folder of its own: .build's lock may be held by a running `swift test` or build.
    with tempfile.TemporaryDirectory(prefix="apptrail-manifest-") as scratch:
        manifest = json.loads(subprocess.run([swift, "package", "--package-path", package, "--scratch-path", scratch,
                                              "dump-package"], check=True, capture_output=True, text=True).stdout)
    problems = []
    swift_targets = {}
    for target in manifest["targets"]:
        if target["type"] in ("system", "plugin", "binary", "macro"):
            continue
        default = "Tests" if target["type"] == "test" else "Sources"
        folder = os.path.join(package, target.get("path") or os.path.join(default, target["name"]))
        want = declared(target)
        have = {BROUGHT.get(m, m) for m in imported(folder)} - SYSTEM
        swift_targets[target["name"]] = (target["type"], want)
        for module in sorted(have - want):
            problems.append(f"{target['name']} imports {module} but does not declare it in Package.swift")
        for module in sorted(want - have):
            if (target["name"], module) not in LINKED_ONLY:
                problems.append(f"{target['name']} declares {module} in Package.swift but no file of it imports it")

    with open(os.path.join(package, "docs/architecture.md"), encoding="utf-8") as f:
        rows = documented(f.read())
    for name, (kind, want) in sorted(swift_targets.items()):
        if kind == "test":
            continue
        if name not in rows:
            problems.append(f"docs/architecture.md: the target table has no row for {name}")
        elif rows[name] != want:
            problems.append(f"docs/architecture.md: {name} depends on {', '.join(sorted(want)) or 'nothing'} in "
                            f"Package.swift, not {', '.join(sorted(rows[name])) or 'nothing'}")

    for line in problems:
        print(line, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
