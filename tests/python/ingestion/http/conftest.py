"""Every HTTP test starts and ends without process-wide limiters or breakers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ingestion.http import reset_host_state


@pytest.fixture(autouse=True)
def _fresh_hosts() -> Iterator[None]:
    """Limiters and breakers are keyed by host:port and ports get reused: forget them."""
    reset_host_state()
    yield
    reset_host_state()
