"""Makes kubernetes-validate's JSON schemas self-contained for kubeconform (scripts/deploy-check.sh).

kubernetes-validate ships one schema per kind whose $refs point at a shared `/api/_definitions.json`, which its own
loader resolves and kubeconform's does not. This writes each kind's schema with the definitions it reaches inlined
under `$defs`, named as kubeconform looks them up: `<kind>-<group>-<version>.json`.

    python bundle-schemas.py <kubernetes-validate schema dir>/v1.35.0-local-strict <output dir>
"""
import json
import os
import sys

source, target = sys.argv[1], sys.argv[2]
with open(os.path.join(source, "_definitions.json")) as f:
    definitions = json.load(f)["$defs"]
PREFIX = "/api/_definitions.json#/$defs/"
LOCAL = "#/$defs/"  # how the definitions refer to each other


def refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith((PREFIX, LOCAL)):
                yield value.split("#/$defs/", 1)[1]
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


os.makedirs(target, exist_ok=True)
for name in os.listdir(source):
    if not name.endswith(".json") or name.startswith("_"):
        continue
    with open(os.path.join(source, name)) as f:
        schema = json.load(f)
    needed, todo = {}, list(refs(schema))
    while todo:
        ref = todo.pop()
        if ref not in needed:
            needed[ref] = definitions[ref]
            todo.extend(refs(definitions[ref]))
    schema["$defs"] = needed
    text = json.dumps(schema).replace(PREFIX, "#/$defs/")
    with open(os.path.join(target, name), "w") as f:
        f.write(text)
