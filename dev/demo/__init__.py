"""Demo data: a generated HTTP mirror of seven fictional companies (see `generator`)."""
