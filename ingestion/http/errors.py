"""Errors raised by the HTTP layer: each `str()` is one readable line naming the URL or host."""

from __future__ import annotations


def _one_line(text: str) -> str:
    return " ".join(text.split())


class ConfigError(Exception):
    """Configuration that cannot work (e.g. a live-SEC User-Agent without a contact e-mail)."""


class HttpError(Exception):
    """Base of every HTTP failure; `url` is the requested URL with secrets redacted."""

    def __init__(self, message: str, url: str, status: int | None = None) -> None:
        super().__init__(_one_line(message))
        self.url = url
        self.status = status


class NotFoundError(HttpError):
    """404/410: the resource does not exist; never retried."""


class ClientError(HttpError):
    """Any other 4xx (and unexpected non-2xx answers): our request is wrong; never retried."""

    status: int


class RetriesExhaustedError(HttpError):
    """A transient failure persisted through every allowed attempt."""

    def __init__(self, message: str, url: str, status: int | None, attempts: int) -> None:
        super().__init__(message, url, status)
        self.attempts = attempts


class InvalidResponseError(HttpError):
    """The body was still not valid JSON after every allowed attempt."""

    def __init__(self, message: str, url: str, status: int | None, attempts: int) -> None:
        super().__init__(message, url, status)
        self.attempts = attempts


class CircuitOpenError(HttpError):
    """The host's circuit breaker is open: failing fast instead of calling a host that is down."""

    def __init__(self, host: str, failures: int, retry_in: float, url: str) -> None:
        if retry_in > 0:
            wait = f"not calling it again for {_seconds(retry_in)}"
        else:
            wait = "a trial request is in flight; not calling it again until it succeeds"
        super().__init__(f"host {host} is failing ({failures} consecutive errors); {wait}", url)
        self.host = host
        self.failures = failures
        self.retry_in = retry_in


def _seconds(value: float) -> str:
    """0.5 -> '0.5s', 29.97 -> '30s': precise when short, round when long."""
    return f"{value:.1f}s" if value < 10 else f"{value:.0f}s"
