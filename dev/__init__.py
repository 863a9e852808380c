"""Development-only code: the demo generator and its mirror (never imported by runtime code)."""
