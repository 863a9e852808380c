"""FinLoom ingestion: extract and load with dlt — the HTTP client, sources, pipelines, replay.

Imports nothing from the application (`finloom`) or the demo (`dev`).
"""

import os

# dlt sends anonymous usage telemetry to dlthub by default, read once when dlt first resolves
# its runtime config. FinLoom calls no host it was not asked to; RUNTIME__DLTHUB_TELEMETRY=true
# opts in.
os.environ.setdefault("RUNTIME__DLTHUB_TELEMETRY", "false")
