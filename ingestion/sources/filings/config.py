"""The filings source's own settings, `[sources.filings]` (its HTTP knobs and workers are the
SEC source's, `[sources.sec]`, read through `sec_config()`)."""

from __future__ import annotations

from dlt.common.configuration import configspec
from dlt.common.configuration.specs import BaseConfiguration

from ingestion.http.settings import source_config


@configspec
class FilingsConfig(BaseConfiguration):
    """`[sources.filings]` settings; env vars like SOURCES__FILINGS__RETRY_MISSING override."""

    #: request primary documents again that answered 404 on an earlier run; by default they are
    #: remembered (dlt state) and reported as known missing without a request (`--retry-missing`)
    retry_missing: bool = False


def filings_config() -> FilingsConfig:
    """`[sources.filings]`, resolved by dlt (env vars, then `.dlt/config.toml`)."""
    return source_config(FilingsConfig, "filings")
