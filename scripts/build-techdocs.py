#!/usr/bin/env python3
"""Builds the TechDocs site of every catalog entity that has one, laid out as TechDocs' local publisher serves them.

    build-techdocs.py OUT_DIR CATALOG_FILE...

For each entity of the catalog files with `backstage.io/techdocs-ref: dir:<path>` (relative to its file), runs
`mkdocs build` (mkdocs-techdocs-core must be installed: it also writes techdocs_metadata.json) into
OUT_DIR/<namespace>/<kind>/<name>, lowercased. The production image runs it at build time (packages/backend/Dockerfile)
and serves the result with `techdocs.builder: external` (app-config.production.yaml): its pods have a read-only root
filesystem, and the local builder would rewrite mkdocs.yml in place and run mkdocs in every replica."""
import os
import subprocess
import sys

import yaml  # PyYAML, a dependency of mkdocs

REF = "backstage.io/techdocs-ref"


def sites(catalog_files):
    for path in catalog_files:
        with open(path, encoding="utf-8") as f:
            for entity in yaml.safe_load_all(f):
                if not isinstance(entity, dict):
                    continue
                meta = entity.get("metadata") or {}
                ref = (meta.get("annotations") or {}).get(REF)
                if not ref:
                    continue
                if not ref.startswith("dir:"):
                    raise SystemExit(f"{path}: {meta.get('name')}: only dir: references are built here, not {ref}")
                source = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(path)), ref[len("dir:"):]))
                triplet = (meta.get("namespace") or "default", entity["kind"], meta["name"])
                yield source, [part.lower() for part in triplet]


def main(argv):
    if len(argv) < 2:
        raise SystemExit(__doc__)
    out, catalog_files = argv[0], argv[1:]
    built = 0
    for source, triplet in sites(catalog_files):
        target = os.path.join(out, *triplet)
        print(f"[techdocs] {'/'.join(triplet)} <- {source}", flush=True)
        subprocess.run(["mkdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", os.path.abspath(target)],
                       cwd=source, check=True)
        if not os.path.exists(os.path.join(target, "techdocs_metadata.json")):
            raise SystemExit(f"{source}: no techdocs_metadata.json (is mkdocs-techdocs-core installed?)")
        built += 1
    if built == 0:
        raise SystemExit("no entity with a techdocs-ref in " + " ".join(catalog_files))
    print(f"[techdocs] {built} site(s) in {out}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
