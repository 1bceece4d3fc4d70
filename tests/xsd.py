"""Validate slide XML against the ECMA-376 transitional schemas, offline.

The schemas live in /work/shared/ooxml-schemas/transitional (or OOXML_SCHEMAS when set). A small
wrapper schema imports pml.xsd and dml-main.xsd, so one validator knows both namespaces.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

SCHEMA_DIR = Path(os.environ.get("OOXML_SCHEMAS", "/work/shared/ooxml-schemas")) / "transitional"
_NAMESPACES = {
    "pml.xsd": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "dml-main.xsd": "http://schemas.openxmlformats.org/drawingml/2006/main",
}


@cache
def _schema() -> etree.XMLSchema:
    imports = "".join(
        f'<xs:import namespace="{ns}" schemaLocation="{(SCHEMA_DIR / name).as_uri()}"/>'
        for name, ns in _NAMESPACES.items()
    )
    wrapper = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'
    return etree.XMLSchema(etree.fromstring(wrapper.encode(), base_url=SCHEMA_DIR.as_uri() + "/"))


def schema_errors(xml: bytes) -> list[str]:
    """The schema violations in one part's XML (a slide, layout or master); empty when valid."""
    if not (SCHEMA_DIR / "pml.xsd").is_file():
        pytest.skip(f"OOXML schemas not found in {SCHEMA_DIR}")
    schema = _schema()
    document = etree.fromstring(xml)
    if schema.validate(document):
        return []
    return [f"line {error.line}: {error.message}" for error in schema.error_log]
