"""Validate OCDS output offline against the schemas shipped in store/schema/ (no network: the release schema the
package schema refers to is served from the local file).

store/schema/release-package-schema-1.1.5.json and release-schema-1.1.5.json are the Open Contracting Data
Standard's own files of one version, 1.1.5 (Open Contracting Partnership, Apache 2.0), taken unchanged from the test
fixtures of the ocdskit (package schema) and ocdsextensionregistry (release schema) packages on PyPI. The package
schema's ``$ref`` is the release schema's own ``id``, served here from the local file. ``tenders export --format
ocds-records`` hands the same release schema to ocdskit, which merges releases by its merge rules."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
PACKAGE = SCHEMA_DIR / "release-package-schema-1.1.5.json"
RELEASE = SCHEMA_DIR / "release-schema-1.1.5.json"


@lru_cache(maxsize=1)
def _validator():
    from jsonschema import Draft4Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    package = json.loads(PACKAGE.read_text(encoding="utf-8"))
    release = json.loads(RELEASE.read_text(encoding="utf-8"))
    ref = next(r for r in _refs(package) if r.endswith("release-schema.json"))
    if ref != release["id"]:  # both files must be of one version
        raise RuntimeError(f"the package schema refers to {ref}, the shipped release schema is {release['id']}")
    registry = Registry().with_resources([(ref, Resource.from_contents(release, default_specification=DRAFT4))])
    return Draft4Validator(package, registry=registry)


def _refs(node) -> list[str]:  # noqa: ANN001
    if isinstance(node, dict):
        return ([node["$ref"]] if isinstance(node.get("$ref"), str) else []) + [r for v in node.values()
                                                                              for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def validate_package(package: dict, limit: int = 20) -> list[str]:
    """Schema errors of a release package ('' path = the package itself); empty when it is valid."""
    errors = []
    for e in _validator().iter_errors(package):
        errors.append(f"{'/'.join(map(str, e.absolute_path))}: {e.message}")
        if len(errors) >= limit:
            break
    return errors
