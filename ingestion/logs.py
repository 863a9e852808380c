"""Structured one-line logging: `ts level logger run_id=… event key=value …` on stderr.

Every line carries the run id so the lines of one `finloom` run can be grepped out of a shared log;
`get_logger(name).info("event", key=value)` adds fields without string formatting at call sites.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import uuid
from collections.abc import Mapping, MutableMapping
from datetime import UTC, datetime
from typing import IO, Any

_HANDLER_MARK = "_finloom_handler"
_STD_KWARGS = ("exc_info", "stack_info", "stacklevel", "extra")
_run_id: str | None = None
# Query parameters that carry credentials (FRED's api_key, …): masked in every line, including
# third-party ones such as urllib3's DEBUG request lines.
_SECRET_QUERY = re.compile(r"(?i)\b(api_key|apikey|token)=[^&\s\"']+")


def new_run_id() -> str:
    """A short random id (12 hex chars) naming one run in every log line it writes."""
    return uuid.uuid4().hex[:12]


def current_run_id() -> str | None:
    """The run id set by the last `configure_logging` call, if any."""
    return _run_id


def _format_value(value: Any) -> str:
    """Render one field value so that `key=value` pairs stay splittable on spaces."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".") or "0"
    text = str(value)
    if not text or any(c.isspace() or c in '"=' for c in text):
        return json.dumps(text, ensure_ascii=False)
    return text


class KeyValueFormatter(logging.Formatter):
    """Formats a record as one line: UTC timestamp, level, logger, run id, event, fields."""

    def format(self, record: logging.LogRecord) -> str:
        ts = datetime.fromtimestamp(record.created, UTC).strftime("%Y-%m-%dT%H:%M:%S")
        run_id = getattr(record, "run_id", None) or _run_id or "-"
        event = record.getMessage().replace("\r", "\\r").replace("\n", "\\n")
        parts = [
            f"{ts}.{int(record.msecs):03d}Z",
            record.levelname,
            record.name,
            f"run_id={run_id}",
            event,
        ]
        fields: Mapping[str, Any] = getattr(record, "fields", None) or {}
        parts.extend(f"{key}={_format_value(v)}" for key, v in fields.items() if key != "run_id")
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            parts.append(f"exc={_format_value(f'{type(exc).__name__}: {exc}')}")
        return _SECRET_QUERY.sub(r"\1=***", " ".join(parts))


class JsonFormatter(logging.Formatter):
    """One JSON object per line for log shippers: time, level, logger, run_id, request_id,
    message and the event's other fields."""

    def format(self, record: logging.LogRecord) -> str:
        ts = datetime.fromtimestamp(record.created, UTC).strftime("%Y-%m-%dT%H:%M:%S")
        fields: Mapping[str, Any] = getattr(record, "fields", None) or {}
        line: dict[str, Any] = {
            "time": f"{ts}.{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "run_id": getattr(record, "run_id", None) or _run_id,
            "request_id": fields.get("request_id"),
            "message": record.getMessage(),
            "fields": {k: v for k, v in fields.items() if k not in ("run_id", "request_id")},
        }
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            line["exc"] = f"{type(exc).__name__}: {exc}"
        text = json.dumps(line, ensure_ascii=False, default=str)
        return _SECRET_QUERY.sub(r"\1=***", text)


#: `--log-format` choices.
FORMATTERS: dict[str, type[logging.Formatter]] = {"kv": KeyValueFormatter, "json": JsonFormatter}


class StructLogger(logging.LoggerAdapter):  # type: ignore[type-arg,unused-ignore]
    """Logger adapter whose keyword arguments become `key=value` fields of the line."""

    def __init__(self, logger: logging.Logger, fields: Mapping[str, Any] | None = None) -> None:
        super().__init__(logger, dict(fields or {}))

    def bind(self, **fields: Any) -> StructLogger:
        """A logger that adds `fields` to every line (e.g. run_id, host)."""
        return StructLogger(self.logger, {**(self.extra or {}), **fields})

    def process(
        self, msg: Any, kwargs: MutableMapping[str, Any]
    ) -> tuple[Any, MutableMapping[str, Any]]:
        std = {key: kwargs.pop(key) for key in _STD_KWARGS if key in kwargs}
        fields = {**(self.extra or {}), **kwargs}
        extra = dict(std.pop("extra", None) or {})
        extra["fields"] = fields
        if fields.get("run_id"):
            extra["run_id"] = fields["run_id"]
        std["extra"] = extra
        return msg, std


def get_logger(name: str) -> StructLogger:
    """A structured logger: `get_logger(__name__).info("event", key=value)`."""
    return StructLogger(logging.getLogger(name))


class _ToRootHandlers(logging.Handler):
    """Sits on the `dlt` logger, which dlt sets to propagate=False with a handler of its own
    (re-created for every pipeline, reusing the logger's first handler). Handing its records to
    FinLoom's root handler keeps dlt's lines in FinLoom's format and tagged with the run id;
    whatever formatter dlt sets on this handler is never used."""

    def emit(self, record: logging.LogRecord) -> None:
        for handler in logging.getLogger().handlers:
            if getattr(handler, _HANDLER_MARK, False) and record.levelno >= handler.level:
                handler.handle(record)


def _route_dlt_logger() -> None:
    dlt_logger = logging.getLogger("dlt")
    for handler in list(dlt_logger.handlers):
        if not isinstance(handler, _ToRootHandlers):
            dlt_logger.removeHandler(handler)
    if not dlt_logger.handlers:
        dlt_logger.addHandler(_ToRootHandlers())
    dlt_logger.propagate = False  # as dlt sets it; the handler above delivers each record once


def configure_logging(
    run_id: str, level: str = "INFO", stream: IO[str] | None = None, fmt: str = "kv"
) -> None:
    """Send all logging to stderr (or `stream`) as one line per event, tagged `run_id`:
    `key=value` (`fmt="kv"`, the default) or a JSON object (`fmt="json"`).

    Idempotent: a second call replaces the handler installed by the first.
    """
    global _run_id
    _run_id = run_id
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _HANDLER_MARK, False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    setattr(handler, _HANDLER_MARK, True)
    handler.setFormatter(FORMATTERS[fmt]())
    root.addHandler(handler)
    root.setLevel(level.upper())
    _route_dlt_logger()
