#!/usr/bin/env python3
"""Validates a JSON document against a JSON schema (draft-04 or draft-07, as the schema
says), with Debian's python3-jsonschema.

    validate_json.py SCHEMA DOCUMENT
        exit 0: the document is valid; 1: it is not (the error is printed);
        2: the check could not run (a file missing or not JSON, no validator).

    validate_json.py --break POINTER[=JSON] SCHEMA DOCUMENT
        The control for the check above: deletes the member at the JSON pointer (or sets
        it to the JSON value) and expects the schema to reject the result. Exit 0 only
        when jsonschema raises a ValidationError; 1 when the broken document still
        validates (the check would prove nothing); 2 as above.

Every ctest that validates a report runs this file (never `python3 -c "a; b"`, which
CMake splits at each ';' into separate arguments, so that only `import` ran).
"""
import json
import sys


def load(path, what):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        print(f"validate_json: {what} {path}: {e}", file=sys.stderr)
        sys.exit(2)


def resolve(doc, pointer):
    """The container holding the member `pointer` (RFC 6901) names, and its key."""
    if not pointer.startswith("/"):
        raise KeyError(f"not a JSON pointer: {pointer!r}")
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer[1:].split("/")]
    parent = doc
    for part in parts[:-1]:
        parent = parent[int(part)] if isinstance(parent, list) else parent[part]
    last = parts[-1]
    key = int(last) if isinstance(parent, list) else last
    parent[key]  # raises if absent: a control that breaks nothing proves nothing
    return parent, key


def break_document(doc, spec):
    pointer, sep, value = spec.partition("=")
    try:
        parent, key = resolve(doc, pointer)
    except (KeyError, IndexError, ValueError, TypeError) as e:
        print(f"validate_json: --break {spec}: no such member ({e})", file=sys.stderr)
        sys.exit(2)
    if sep:
        parent[key] = json.loads(value)
    else:
        del parent[key]


def main(argv):
    breaks = []
    while argv and argv[0] == "--break":
        breaks.append(argv[1])
        argv = argv[2:]
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        import jsonschema
    except ImportError as e:
        print(f"validate_json: {e} (install python3-jsonschema)", file=sys.stderr)
        return 2
    schema = load(argv[0], "schema")
    doc = load(argv[1], "document")
    for spec in breaks:
        break_document(doc, spec)
    cls = jsonschema.validators.validator_for(schema, default=None)
    if cls is None:
        print(f"validate_json: {argv[0]}: unknown $schema dialect", file=sys.stderr)
        return 2
    cls.check_schema(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    for e in errors[:10]:
        where = "/" + "/".join(str(p) for p in e.absolute_path)
        print(f"{'expected' if breaks else 'invalid'}: {where}: {e.message}")
    if breaks:
        if errors:
            return 0
        print(f"validate_json: still valid after --break {' '.join(breaks)}: the schema "
              "check would not notice this defect", file=sys.stderr)
        return 1
    if errors:
        return 1
    print(f"valid: {argv[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
