#!/usr/bin/env python3
"""Validate simulator executions against Kestra's OpenAPI schemas, with exactly the relaxations of
docs/kestra-api.md section 7.

usage: validate_sim_schema.py OPENAPI_YAML SCHEMA_NAME ITEMS_NDJSON
  SCHEMA_NAME: Execution (kestra-1.3.26.yml) or ApiLightExecution (kestra-2.0.0-SNAPSHOT.yml)

Relaxations (and nothing else):
  - State: getDuration/getStartDate/getEndDate are Java getters that never appear: not required;
  - Label.key: the pattern uses \\p{Ll}, which Python's re lacks: relaxed to "starts with a letter";
  - 2.0 types every input value as an object: input values may be any JSON type;
  - labels as a map and unknown state types do not fit the schema: such items are skipped from strict
    validation (counted separately).
Prints "validated N skipped M" and exits 0 when every validated item passes, 1 otherwise.
"""
import json
import sys

import jsonschema
import yaml


def main():
    spec_path, schema_name, items_path = sys.argv[1:4]
    with open(spec_path, encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    schemas = spec["components"]["schemas"]

    state = schemas["State"]
    state["required"] = [r for r in state.get("required", []) if r not in ("getDuration", "getStartDate", "getEndDate")]
    label_key = schemas["Label"]["properties"]["key"]
    label_key["pattern"] = r"^[^\W\d_][\w.-]*$"
    if schema_name == "ApiLightExecution":
        schemas["ApiLightExecution"]["properties"]["inputs"]["additionalProperties"] = {}

    known_states = set(schemas["State.Type"]["enum"])
    # $refs of the form #/components/schemas/X resolve inside the whole document.
    root = dict(spec)
    root["$ref"] = "#/components/schemas/" + schema_name
    validator_cls = jsonschema.validators.validator_for({})
    validator = validator_cls(root)

    validated = skipped = 0
    errors = []
    with open(items_path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            item = json.loads(line)
            states = [item["state"].get("current")] + [h.get("state") for h in item["state"].get("histories", [])]
            if isinstance(item.get("labels"), dict) or any(s not in known_states for s in states):
                skipped += 1
                continue
            errs = sorted(validator.iter_errors(item), key=lambda e: list(e.path))
            if errs:
                for e in errs[:3]:
                    errors.append(f"item {n} ({item.get('id')}): {'/'.join(map(str, e.path))}: {e.message[:300]}")
            validated += 1
    for e in errors[:20]:
        print(e, file=sys.stderr)
    print(f"validated {validated} skipped {skipped}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
