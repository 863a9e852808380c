"""Read-only commands over the marts: quality, search, export."""
