#!/usr/bin/env python3
"""The plain Python a data engineer would write to convert fiche exports:
a line loop, a dict of labels, a regex for numbers. No normalisation, no
validation. It is the speed baseline of docs/performance.md, run on the same
corpus in the same session as `fiche convert`.

Usage: python3 benches/baseline.py FILE > out.ndjson
"""
import json
import re
import sys

LABELS = {
    "type de structure": "structure_type",
    "création": "founded",
    "membre depuis": "member_since",
    "organisation de la structure": "organisation",
    "nombre d'employé·es": "employees",
    "nombre d'employé⋅es": "employees",
    "nombre de bénévoles": "volunteers",
    "rôles des membres": "member_roles",
    "typologie des utilisateur·ices des services": "user_types",
    "assistance aux utilisateur·ices": "user_support",
    "modalités d'accès aux services": "access",
    "autres modèles économiques": "economic_model",
}
NUMBER = re.compile(r"\d+")
HEADING = re.compile(r"^\s*fiche fonctionnement\s*[-–—:]\s*(.*)$", re.I)


def flush(record, out):
    if record is not None:
        for key in ("founded", "member_since", "employees", "volunteers"):
            value = " ".join(record.get(key, []))
            m = NUMBER.search(value)
            record[key] = int(m.group()) if m else None
        out.write(json.dumps(record, ensure_ascii=False))
        out.write("\n")


def main(path):
    out = sys.stdout
    record = None
    field = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            m = HEADING.match(line)
            if m:
                flush(record, out)
                record = {"name": m.group(1)}
                field = None
                continue
            if record is None:
                continue
            key = LABELS.get(line.lower())
            if key:
                field = key
                record.setdefault(key, [])
            elif field and line:
                record[field].append(line)
    flush(record, out)


if __name__ == "__main__":
    main(sys.argv[1])
