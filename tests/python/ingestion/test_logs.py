"""Log lines: key=value by default, one JSON object per line with --log-format json; secrets
masked in both."""

from __future__ import annotations

import io
import json
import logging

from ingestion.logs import configure_logging, get_logger


def _emit(fmt: str) -> str:
    buf = io.StringIO()
    configure_logging("run123", stream=buf, fmt=fmt)
    try:
        get_logger("ingestion.http.client").warning(
            "http.retry", request_id="req1", url="http://h/x?api_key=SECRET&a=1", attempt=2
        )
    finally:
        configure_logging("run123")  # back to stderr for later tests
    return buf.getvalue()


def test_json_lines_carry_run_and_request_ids() -> None:
    (line,) = _emit("json").splitlines()
    obj = json.loads(line)
    assert obj["level"] == "WARNING" and obj["logger"] == "ingestion.http.client"
    assert obj["run_id"] == "run123" and obj["request_id"] == "req1"
    assert obj["message"] == "http.retry"
    assert obj["fields"] == {"url": "http://h/x?api_key=***&a=1", "attempt": 2}
    assert obj["time"].endswith("Z")


def test_key_value_is_the_default() -> None:
    (line,) = _emit("kv").splitlines()
    assert " WARNING ingestion.http.client run_id=run123 http.retry request_id=req1 " in line
    assert "SECRET" not in line


def test_third_party_records_get_the_run_id_too() -> None:
    buf = io.StringIO()
    configure_logging("run9", stream=buf, fmt="json")
    try:
        logging.getLogger("dlt").warning("plain %s", "message")
    finally:
        configure_logging("run9")
    obj = json.loads(buf.getvalue())
    assert obj["run_id"] == "run9" and obj["message"] == "plain message"


def test_dlt_lines_keep_our_format_after_dlt_sets_up_its_logger(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """dlt re-creates its own stderr handler for every pipeline; its lines must still come out
    once, in FinLoom's format, with the run id."""
    import dlt
    from dlt.common import logger as dlt_logger

    buf = io.StringIO()
    configure_logging("run7", stream=buf, fmt="json")
    try:
        dlt.pipeline("logtest", destination="duckdb", pipelines_dir=str(tmp_path))
        dlt_logger.warning("dlt says %s", "hi")
    finally:
        configure_logging("run7")
    (line,) = buf.getvalue().splitlines()
    obj = json.loads(line)
    assert obj["run_id"] == "run7" and obj["message"] == "dlt says hi"
