"""KoboToolbox (kpi API v2): an asset, its XLSForm and every submission.

Requests, all with ``Authorization: Token <KOBO_TOKEN>``:

- ``GET /api/v2/assets/<uid>/?format=json``: the asset (name, deployed version, ``downloads``).
- the asset's ``xls`` download (``/api/v2/assets/<uid>.xls``; kpi serves xlsx bytes there).
- ``GET /api/v2/assets/<uid>/data/?format=json&limit=N``: submissions, paginated
  (``count``, ``next``, ``results``); ``next`` is followed until it is null.
"""

from __future__ import annotations

import os
from typing import Any

from cluster_analysis.pull.http import Client, Policy, PullError
from cluster_analysis.pull.survey import WavePull
from cluster_analysis.pull.tables import export_sheets, read_form_json

DEFAULT_URL = "https://kf.kobotoolbox.org"
TOKEN_ENV = "KOBO_TOKEN"
PAGE_SIZE = 1000
#: A server that keeps answering "next" is cut off here rather than looping for ever.
MAX_PAGES = 10_000


def kobo_token() -> str:
    """The API token from the environment; a :class:`PullError` when it is not set."""
    token = os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        raise PullError(
            f"set the environment variable {TOKEN_ENV} to your KoboToolbox API token "
            "(Account settings > Security > API key)",
            f"მიუთითეთ გარემოს ცვლადი {TOKEN_ENV} თქვენი KoboToolbox-ის API ტოკენით "
            "(Account settings > Security > API key)",
        )
    return token


def kobo_client(url: str, token: str, policy: Policy) -> Client:
    """A client for a kpi server with the token header."""
    return Client(
        base_url=url,
        headers={"Authorization": f"Token {token}", "Accept": "application/json"},
        policy=policy,
        credential=TOKEN_ENV,
    )


def kobo_submissions(client: Client, uid: str, page_size: int = PAGE_SIZE) -> list[dict[str, Any]]:
    """Every submission of asset ``uid``, following ``next`` from page to page."""
    what = f"KoboToolbox asset '{uid}' submissions"
    path: str | None = f"/api/v2/assets/{uid}/data/"
    params: dict[str, Any] | None = {"format": "json", "limit": page_size}
    out: list[dict[str, Any]] = []
    for _ in range(MAX_PAGES):
        if path is None:
            return out
        page = client.get_json(path, what=what, params=params)
        if not isinstance(page, dict) or not isinstance(page.get("results"), list):
            raise PullError(
                f"{what}: the answer has no 'results' list; is --url a KoboToolbox server?",
                f"{what}: პასუხში 'results' სია არ არის; არის --url KoboToolbox-ის სერვერი?",
            )
        out.extend(r for r in page["results"] if isinstance(r, dict))
        path, params = page.get("next"), None  # "next" already carries format and offset
    raise PullError(
        f"{what}: more than {MAX_PAGES} pages; the server keeps answering 'next'",
        f"{what}: {MAX_PAGES}-ზე მეტი გვერდი; სერვერი 'next'-ს უსასრულოდ აბრუნებს",
    )


def _form_url(asset: dict[str, Any], uid: str) -> str:
    for item in asset.get("downloads") or []:
        if isinstance(item, dict) and item.get("format") == "xls" and item.get("url"):
            return str(item["url"])
    return f"/api/v2/assets/{uid}.xls"


def pull_kobo(
    uid: str,
    wave: str,
    *,
    url: str,
    token: str,
    policy: Policy,
    period: str | None = None,
    period_ka: str | None = None,
    page_size: int = PAGE_SIZE,
) -> WavePull:
    """Download asset ``uid`` (form and submissions) for ``wave``; nothing is written here."""
    with kobo_client(url, token, policy) as client:
        what = f"KoboToolbox asset '{uid}'"
        asset = client.get_json(f"/api/v2/assets/{uid}/", what=what, params={"format": "json"})
        if not isinstance(asset, dict) or asset.get("uid", uid) != uid:
            raise PullError(
                f"{what}: the answer is not this asset; is --url a KoboToolbox server?",
                f"{what}: პასუხი ამ პროექტს არ ეკუთვნის; არის --url KoboToolbox-ის სერვერი?",
            )
        form = client.get_bytes(_form_url(asset, uid), what=f"{what} XLSForm download")
        submissions = kobo_submissions(client, uid, page_size)
    name = str(asset.get("name") or uid)
    sheets = export_sheets(submissions, read_form_json(form, ".xlsx"), name)
    source = {
        "id": f"{url.rstrip('/')}/api/v2/assets/{uid}/",
        "kind": "kobotoolbox",
        "server": url.rstrip("/"),
        "asset": uid,
        "asset_name": name,
        "deployed_version": asset.get("deployed_version_id"),
        "submissions": len(submissions),
    }
    return WavePull(
        wave=wave,
        source=source,
        form=form,
        form_suffix=".xlsx",
        sheets=sheets,
        period=period,
        period_ka=period_ka,
    )
