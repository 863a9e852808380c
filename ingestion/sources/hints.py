"""dlt hints shared by the sources."""

from __future__ import annotations

from collections.abc import Sequence

from dlt.common.schema.typing import TTableSchemaColumns
from dlt.extract.resource import DltResource


def merge_variant(
    resource: DltResource,
    table: str,
    primary_key: str | Sequence[str],
    columns: TTableSchemaColumns | None = None,
) -> None:
    """Declare another table a resource dispatches rows to, merged on its own key."""
    resource.apply_hints(
        table_name=table,
        primary_key=primary_key,
        write_disposition="merge",
        columns=columns,
        create_table_variant=True,
    )
