"""Bench environment, set on import before dlt resolves its configuration (import it first)."""

import os
import sys
from pathlib import Path

# The local replay server answers as fast as it can: SEC's politeness budget (8 req/s by default)
# would turn a 500-company run (1,000+ requests) into a 2-minute sleep. Set before dlt resolves it.
RATE_ENV = "SOURCES__SEC__REQUESTS_PER_SECOND"
os.environ.setdefault(RATE_ENV, "1000")
os.environ.setdefault("RUNTIME__DLTHUB_TELEMETRY", "false")  # offline machine: no telemetry
# As ingestion.runner sets it for its own runs; set here too so the comparison matches.
os.environ.setdefault("NORMALIZE__PARQUET_NORMALIZER__ADD_DLT_LOAD_ID", "true")

# `dev` (dev.scenarios edits the mirror between scenarios) is not an installed package: put the
# repository root on the path, after bench/ so a bench module is never shadowed.
ROOT = str(Path(__file__).resolve().parents[1])
if ROOT not in sys.path:
    sys.path.append(ROOT)
