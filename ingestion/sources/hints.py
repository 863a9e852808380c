"""dlt hints shared by the sources."""

from __future__ import annotations

from typing import Any


def merge_variant(
    resource: Any, table: str, primary_key: Any, columns: dict[str, Any] | None = None
) -> None:
    """Declare another table a resource dispatches rows to, merged on its own key."""
    resource.apply_hints(
        table_name=table,
        primary_key=primary_key,
        write_disposition="merge",
        columns=columns,
        create_table_variant=True,
    )
