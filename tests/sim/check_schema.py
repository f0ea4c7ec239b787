#!/usr/bin/env python3
"""Checks scenarios/drdrill-scenario.schema.json with an independent JSON Schema validator
(python3-jsonschema): it must be a valid draft 2020-12 schema, accept every shipped scenario, and
reject a few broken documents the loader rejects too. Usage: check_schema.py SOURCE_DIR"""
import copy
import json
import pathlib
import sys

import jsonschema

root = pathlib.Path(sys.argv[1])
schema = json.loads((root / "scenarios" / "drdrill-scenario.schema.json").read_text())
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)

failures = []
files = sorted(p for p in (root / "scenarios").rglob("*.json") if p.name != "drdrill-scenario.schema.json")
for path in files:
    for error in validator.iter_errors(json.loads(path.read_text())):
        failures.append(f"{path}: {error.json_path}: {error.message}")

base = json.loads((root / "scenarios" / "regional-outage.json").read_text())
broken = {
    "negative duration": lambda d: d["faults"][0].update(duration=-5),
    "compound duration": lambda d: d["faults"][0].update(duration="1h30min"),
    "zero positive duration": lambda d: d["faults"][0].update(duration="0s"),
    "end and duration": lambda d: d["faults"][0].update(end="8h"),
    "unknown key": lambda d: d["faults"][0].update(rgion="eastus"),
    "unknown fault kind": lambda d: d["faults"][0].update(kind="region_outge"),
    "bad redundancy": lambda d: d["topology"]["storage_accounts"][0].update(redundancy="RAGRS"),
    "two distribution kinds": lambda d: d["topology"]["storage_accounts"][0].update(
        replication_lag={"constant": "1s", "uniform": {"lo": "0s", "hi": "1s"}}),
    "external without command": lambda d: d.update(runbook={"kind": "external"}),
    "reference with a command": lambda d: d.update(runbook={"command": ["x"]}),
    "missing name": lambda d: d.pop("name"),
}
for what, breaks in broken.items():
    doc = copy.deepcopy(base)
    breaks(doc)
    if validator.is_valid(doc):
        failures.append(f"the schema accepts a document with a {what}")

for failure in failures:
    print(failure)
print(f"checked {len(files)} scenario files and {len(broken)} broken documents")
sys.exit(1 if failures else 0)
