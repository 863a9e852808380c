"""SEC filing documents (10-K/10-Q): parsing into sections, tables, footnotes and chunks."""
