"""HTTP for the pull commands: one client with timeouts, bounded retries and one-line errors.

Every failure a user can meet (server unreachable, wrong token, unknown asset or table, rate limit,
server error) becomes a :class:`PullError` whose message is one line in English and Georgian and
names what failed. 429 and 5xx answers, timeouts and refused connections are retried a bounded
number of times with exponential back-off; ``Retry-After`` is honoured but capped by
``Policy.max_wait`` so a server cannot stall a pull for hours.
"""

from __future__ import annotations

import email.utils
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

from cluster_analysis import __version__
from cluster_analysis.errors import InputError

RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


class PullError(InputError):
    """A pull that failed; ``str(error)`` is the English line, ``error.ka`` the Georgian one."""

    def __init__(self, en: str, ka: str, *, status: int | None = None) -> None:
        super().__init__(en)
        self.ka = ka
        self.status = status

    def line(self, lang: str) -> str:
        """Return the one-line message in ``lang`` ("en" or "ka")."""
        return self.ka if lang == "ka" else str(self)


@dataclass(frozen=True)
class Policy:
    """How hard to try: seconds per request, attempts after the first, and the longest wait
    between attempts (back-off doubles from ``backoff`` seconds; ``Retry-After`` is capped too)."""

    timeout: float = 60.0
    retries: int = 4
    backoff: float = 1.0
    max_wait: float = 60.0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False, compare=False)

    def wait_before(self, attempt: int, retry_after: float | None) -> float:
        """Seconds to wait before attempt number ``attempt + 1`` (``attempt`` counts from 0)."""
        wanted = retry_after if retry_after is not None else self.backoff * (2**attempt)
        return max(0.0, min(wanted, self.max_wait))


def _retry_after(value: str | None) -> float | None:
    """Seconds asked for by a ``Retry-After`` header (delta seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _host(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc or url


def _short(body: str, limit: int = 160) -> str:
    """The first line of a server's answer, cut to ``limit`` characters, for an error message."""
    flat = " ".join(body.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


@dataclass
class Client:
    """A small HTTP client for one server. ``what`` names the thing being pulled in messages
    (for example "KoboToolbox asset 'aXyZ'"); ``credential`` names the token to check on 401."""

    base_url: str
    headers: Mapping[str, str] = field(default_factory=dict)
    policy: Policy = field(default_factory=Policy)
    credential: str = "the credentials"
    transport: httpx.BaseTransport | None = None

    def __post_init__(self) -> None:
        self.base_url = self.base_url.rstrip("/")
        headers = {"User-Agent": f"cluster-analysis/{__version__}", **self.headers}
        self._http = httpx.Client(
            headers=headers,
            timeout=self.policy.timeout,
            follow_redirects=True,
            transport=self.transport,
        )

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def url(self, path: str) -> str:
        """An absolute URL under the base. A link the server gave (a ``next`` page, a download)
        keeps its path and query but is sent to the base's host, so the token never travels to
        another host and a server behind a proxy still works."""
        if path.startswith(("http://", "https://")):
            parts = urlsplit(path)
            base_path = urlsplit(self.base_url).path.rstrip("/")
            rel = parts.path
            if base_path and rel.startswith(base_path + "/"):
                rel = rel[len(base_path) :]
            path = rel + (f"?{parts.query}" if parts.query else "")
        return f"{self.base_url}/{path.lstrip('/')}"

    def request(
        self,
        method: str,
        path: str,
        *,
        what: str,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """Return the successful (2xx) response, retrying 429/5xx and network failures; raise
        :class:`PullError` with one line naming ``what`` failed otherwise."""
        url = self.url(path)
        host = _host(url)
        attempts = self.policy.retries + 1
        last = ""
        for attempt in range(attempts):
            retry_after: float | None = None
            try:
                response = self._http.request(
                    method, url, params=params, json=json_body, headers=headers
                )
            except httpx.TimeoutException:
                last = f"no answer within {self.policy.timeout:g} s"
            except httpx.TransportError as exc:
                last = f"cannot connect ({type(exc).__name__})"
            else:
                status = response.status_code
                if 200 <= status < 300:
                    return response
                if status not in RETRY_STATUS:
                    raise _status_error(
                        status, response, what=what, host=host, cred=self.credential
                    )
                last = f"HTTP {status}"
                retry_after = _retry_after(response.headers.get("Retry-After"))
            if attempt + 1 < attempts:
                self.policy.sleep(self.policy.wait_before(attempt, retry_after))
        raise PullError(
            f"{what}: {host} failed after {attempts} attempts ({last}); try again later",
            f"{what}: {host} ვერ პასუხობს {attempts} მცდელობის შემდეგ ({last}); სცადეთ მოგვიანებით",
        )

    def get_json(self, path: str, *, what: str, params: Mapping[str, Any] | None = None) -> Any:
        """GET ``path`` and return the decoded JSON."""
        response = self.request("GET", path, what=what, params=params)
        return decode_json(response, what=what)

    def get_bytes(self, path: str, *, what: str, params: Mapping[str, Any] | None = None) -> bytes:
        """GET ``path`` and return the body as bytes."""
        return self.request("GET", path, what=what, params=params).content


def decode_json(response: httpx.Response, *, what: str) -> Any:
    """The JSON body of ``response``; a :class:`PullError` when it is not JSON."""
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError) as exc:
        raise PullError(
            f"{what}: {_host(str(response.url))} answered with something that is not JSON "
            f"({_short(response.text, 60)!r})",
            f"{what}: {_host(str(response.url))}-ის პასუხი JSON არ არის "
            f"({_short(response.text, 60)!r})",
        ) from exc


def _status_error(
    status: int, response: httpx.Response, *, what: str, host: str, cred: str
) -> PullError:
    """One line for an HTTP error that retrying will not fix."""
    if status in (401, 403):
        return PullError(
            f"{what}: {host} refused access (HTTP {status}); check {cred}",
            f"{what}: {host}-მა წვდომა არ დაუშვა (HTTP {status}); შეამოწმეთ {cred}",
            status=status,
        )
    if status == 404:
        return PullError(
            f"{what}: not found on {host} (HTTP 404); check the identifier and --url",
            f"{what}: {host}-ზე ვერ მოიძებნა (HTTP 404); შეამოწმეთ იდენტიფიკატორი და --url",
            status=status,
        )
    detail = _short(response.text)
    return PullError(
        f"{what}: {host} refused the request (HTTP {status}): {detail}",
        f"{what}: {host}-მა მოთხოვნა უარყო (HTTP {status}): {detail}",
        status=status,
    )
