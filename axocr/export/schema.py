"""The JSON Schema of :class:`~axocr.types.InvoiceResult`, as published in
``docs/schema/invoice-result.json``.

Regenerate the published file after changing the result model (a test fails until you do)::

    python -m axocr.export.schema > docs/schema/invoice-result.json
"""

from __future__ import annotations

import json
import sys
from typing import Any

from axocr.types import InvoiceResult

# Written only when asked for (keep_candidates); every other key is always there.
OPTIONAL_KEYS = frozenset({"candidates"})


def invoice_result_schema() -> dict[str, Any]:
    """The schema of one result as ``axocr extract`` writes it: every key present (a field
    without a value is null, never missing), so every key is required."""
    schema = InvoiceResult.model_json_schema(mode="serialization")
    for definition in [schema, *schema.get("$defs", {}).values()]:
        properties = definition.get("properties")
        if properties:
            optional = OPTIONAL_KEYS if definition is schema else frozenset()
            definition["required"] = [k for k in properties if k not in optional]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
    }


def schema_text() -> str:
    return json.dumps(invoice_result_schema(), ensure_ascii=False, indent=2) + "\n"


def main() -> None:
    sys.stdout.write(schema_text())


if __name__ == "__main__":
    main()
