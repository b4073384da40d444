#!/usr/bin/env bash
# Validates scenario files against docs/scenario.schema.json (JSON Schema draft 2020-12, `vidsim schema`'s output)
# with Python's jsonschema, as an editor would: the shipped scenarios/*.yaml and the CLI tests' valid fixtures,
# or the files given as arguments.
#
# A file that `extends:` another is checked twice: as written (the schema requires nothing of such a file, since
# it inherits), and merged with what it extends, as the loader merges it (mappings key by key at any depth, a
# list or a single value replacing the base's), against the full schema.
#
# Installs jsonschema and pyyaml with pip if they are missing. Prints each file's result; exits 1 if any file
# fails.
#
#     scripts/validate-scenarios-schema.sh                 # the shipped scenarios and fixtures
#     scripts/validate-scenarios-schema.sh my.yaml ...     # these files
set -euo pipefail
cd "$(dirname "$0")/.."

if ! python3 -c 'import jsonschema, yaml' 2>/dev/null; then
    echo "installing jsonschema and pyyaml with pip" >&2
    python3 -m pip install --quiet jsonschema pyyaml \
        || python3 -m pip install --quiet --user --break-system-packages jsonschema pyyaml
fi

if [ "$#" -eq 0 ]; then
    set -- scenarios/*.yaml Tests/VidsimCLITests/Fixtures/{base,full-features,override}.yaml
fi

exec python3 - docs/scenario.schema.json "$@" <<'PY'
import json
import os
import sys

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match


class Loader(yaml.SafeLoader):
    """YAML as vidsim reads it: a date-like value stays text (vidsim has no timestamps)."""


Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read(path):
    with open(path, encoding="utf-8") as file:
        return yaml.load(file, Loader=Loader)


def merge(base, override):
    """ScenarioLoader.merge: mappings key by key, anything else replaced by the override."""
    if not isinstance(base, dict) or not isinstance(override, dict):
        return override
    merged = dict(base)
    for key, value in override.items():
        merged[key] = merge(base[key], value) if key in base else value
    return merged


def resolve(path, chain=()):
    """The document at `path` merged with what it extends, and the files read, most derived first."""
    document = read(path)
    canonical = os.path.realpath(path)
    if not isinstance(document, dict) or "extends" not in document:
        return document, [path]
    target = document["extends"]
    if not isinstance(target, str) or not target:
        raise ValueError(f"{path}: 'extends' must name a scenario file")
    base_path = target if os.path.isabs(target) else os.path.join(os.path.dirname(path), target)
    if os.path.realpath(base_path) in chain + (canonical,):
        raise ValueError(f"{path}: circular extends through {target}")
    base, files = resolve(base_path, chain + (canonical,))
    override = {key: value for key, value in document.items() if key != "extends"}
    return merge(base, override), [path] + files


def explain(error):
    """The error to report and what to say: which fields to give, what a value should look like."""
    alternatives = error.validator_value if error.validator in ("oneOf", "anyOf") else None
    if alternatives and all(isinstance(s, dict) and set(s) == {"required"} for s in alternatives):
        names = [name for s in alternatives for name in s["required"]]
        given = [name for name in names if isinstance(error.instance, dict) and name in error.instance]
        if error.validator == "oneOf" and len(given) > 1:
            return error, "give only one of " + ", ".join(names) + " (found " + ", ".join(given) + ")"
        return error, ("give one of " if error.validator == "oneOf" else "give at least one of ") + ", ".join(names)
    if alternatives and error.context:
        # The branch for the value's own kind says what is wrong: a text's unit, a mapping's parameters.
        candidates = [e for e in error.context if e.validator != "type" or e.relative_path] or list(error.context)
        return explain(best_match(candidates))
    if error.validator == "pattern":
        expected = error.schema.get("description", "text matching " + error.validator_value)
        return error, f"{error.instance!r} is not valid: expected {expected[0].lower() + expected[1:]}"
    if error.validator == "not" and isinstance(error.instance, dict):
        refused = [name for s in error.validator_value.get("anyOf", []) for name in s.get("required", [])
                   if name in error.instance]
        return error, "not allowed with the other fields given here: " + ", ".join(refused or map(str, error.instance))
    message = error.message
    return error, message if len(message) <= 240 else message[:239] + "…"


def problems(validator, document):
    found = []
    for error in validator.iter_errors(document):
        error, message = explain(error)
        where = ".".join(str(part) for part in error.absolute_path) or "(top level)"
        line = f"  at {where}: {message}"
        if line not in found:
            found.append(line)
    return sorted(found)


def main():
    schema_path, files = sys.argv[1], sys.argv[2:]
    with open(schema_path, encoding="utf-8") as file:
        schema = json.load(file)
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    failed = 0
    for path in files:
        try:
            document = read(path)
            errors = problems(validator, document)
            checked = "as written"
            if isinstance(document, dict) and "extends" in document:
                merged, chain = resolve(path)
                errors += [line + " (merged)" for line in problems(validator, merged) if line not in errors]
                checked = "as written and merged with " + ", ".join(chain[1:])
        except (OSError, ValueError, yaml.YAMLError) as error:
            errors, checked = [f"  {error}"], ""
        if errors:
            failed += 1
            print(f"{path}: invalid")
            print("\n".join(errors))
        else:
            print(f"{path}: ok ({checked})")
    print(f"{len(files) - failed} passed, {failed} failed")
    return 1 if failed else 0


sys.exit(main())
PY
