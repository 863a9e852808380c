"""Operating the warehouse: retention (prune)."""
