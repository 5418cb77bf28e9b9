"""ODK Central (REST API v1): a form's XLSForm and every submission through the OData feed.

Requests:

- ``POST /v1/sessions`` with ``{"email", "password"}`` -> ``{"token"}`` (unless a token is given),
  then ``Authorization: Bearer <token>`` on every request.
- ``GET /v1/projects/<p>/forms/<f>``: the form (name, version).
- ``GET /v1/projects/<p>/forms/<f>.xlsx`` (or ``.xls``): the XLSForm it was published from.
- ``GET /v1/projects/<p>/forms/<f>.svc/Submissions?$expand=*&$top=N&$count=true``: submissions
  with their repeats inline, paginated; ``@odata.nextLink`` is followed until it is absent.

OData nests groups as objects and repeats as lists; each submission is flattened to the
KoboToolbox JSON shape (group paths joined by '/', ``_uuid``, ``_submission_time``...) so both
servers give the same export layout.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from cluster_analysis.pull.http import Client, Policy, PullError
from cluster_analysis.pull.survey import WavePull
from cluster_analysis.pull.tables import export_sheets, read_form_json

EMAIL_ENV = "ODK_CENTRAL_EMAIL"
PASSWORD_ENV = "ODK_CENTRAL_PASSWORD"
TOKEN_ENV = "ODK_CENTRAL_TOKEN"
URL_ENV = "ODK_CENTRAL_URL"
PAGE_SIZE = 1000
MAX_PAGES = 10_000


def odk_session_token(url: str, policy: Policy) -> str:
    """A session token: ``ODK_CENTRAL_TOKEN`` as it is, else one made from the e-mail and password
    in ``ODK_CENTRAL_EMAIL`` / ``ODK_CENTRAL_PASSWORD``."""
    token = os.environ.get(TOKEN_ENV, "").strip()
    if token:
        return token
    email = os.environ.get(EMAIL_ENV, "").strip()
    password = os.environ.get(PASSWORD_ENV, "")
    if not email or not password:
        raise PullError(
            f"set {TOKEN_ENV}, or {EMAIL_ENV} and {PASSWORD_ENV}, for ODK Central",
            f"ODK Central-ისთვის მიუთითეთ {TOKEN_ENV}, ან {EMAIL_ENV} და {PASSWORD_ENV}",
        )
    cred = f"{EMAIL_ENV} and {PASSWORD_ENV}"
    with Client(base_url=url, policy=policy, credential=cred) as client:
        response = client.request(
            "POST",
            "/v1/sessions",
            what="ODK Central sign-in",
            json_body={"email": email, "password": password},
        )
    try:
        token = str(response.json()["token"])
    except (ValueError, KeyError, TypeError) as exc:
        raise PullError(
            "ODK Central sign-in: the answer has no session token; is --url an ODK Central server?",
            "ODK Central-ში შესვლა: პასუხში სესიის ტოკენი არ არის; არის --url ODK Central-ის "
            "სერვერი?",
        ) from exc
    return token


def flatten_odata(entry: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """One OData submission (or repeat item) in the KoboToolbox JSON shape: nested groups become
    '/'-joined keys, repeats become lists under their full path, geopoints "lat lon alt acc"."""
    out: dict[str, Any] = {}
    for key, value in entry.items():
        if "@odata" in key or key.startswith("__"):
            continue
        path = f"{prefix}{key}"
        if isinstance(value, Mapping) and value.get("type") == "Point":
            coords = list(value.get("coordinates") or [])
            lon, lat = [*coords, None, None][:2]
            alt = coords[2] if len(coords) > 2 else ""
            accuracy = (value.get("properties") or {}).get("accuracy", "")
            out[path] = " ".join(str(v) for v in (lat, lon, alt, accuracy) if v not in (None, ""))
        elif isinstance(value, Mapping):
            out.update(flatten_odata(value, f"{path}/"))
        elif isinstance(value, list) and all(isinstance(v, Mapping) for v in value):
            out[path] = [flatten_odata(item, f"{path}/") for item in value]
        else:
            out[path] = value
    return out


def kobo_shape(entry: Mapping[str, Any]) -> dict[str, Any]:
    """A top-level OData submission with the metadata KoboToolbox exports carry."""
    flat = flatten_odata(entry)
    system = entry.get("__system") or {}
    instance = str(entry.get("__id") or "")
    flat.update(
        {
            "_id": instance,
            "_uuid": instance.removeprefix("uuid:"),
            "_submission_time": system.get("submissionDate", ""),
            "_validation_status": system.get("reviewState") or "",
            "_status": system.get("status") or "",
            "_submitted_by": system.get("submitterName") or "",
            "__version__": system.get("formVersion") or "",
        }
    )
    return flat


def odk_submissions(
    client: Client, project: str, form: str, page_size: int = PAGE_SIZE
) -> list[dict[str, Any]]:
    """Every submission of the form, repeats inline, following ``@odata.nextLink``; a server
    that sends no next link (older Central) is paged with ``$skip`` until ``@odata.count``."""
    what = f"ODK Central form '{form}' (project {project}) submissions"
    feed = f"/v1/projects/{project}/forms/{quote(form)}.svc/Submissions"
    first = {"$expand": "*", "$top": page_size, "$count": "true"}
    path: str | None = feed
    params: dict[str, Any] | None = first
    out: list[dict[str, Any]] = []
    for _ in range(MAX_PAGES):
        if path is None:
            return out
        page = client.get_json(path, what=what, params=params)
        if not isinstance(page, dict) or not isinstance(page.get("value"), list):
            raise PullError(
                f"{what}: the answer has no 'value' list; is --url an ODK Central server?",
                f"{what}: პასუხში 'value' სია არ არის; არის --url ODK Central-ის სერვერი?",
            )
        out.extend(kobo_shape(v) for v in page["value"] if isinstance(v, dict))
        path, params = page.get("@odata.nextLink"), None
        total = page.get("@odata.count")
        if path is None and page["value"] and isinstance(total, int) and len(out) < total:
            path, params = feed, {**first, "$skip": len(out)}
    raise PullError(
        f"{what}: more than {MAX_PAGES} pages; the server keeps sending a next link",
        f"{what}: {MAX_PAGES}-ზე მეტი გვერდი; სერვერი შემდეგ ბმულს უსასრულოდ აბრუნებს",
    )


def _xlsform(client: Client, project: str, form: str) -> tuple[bytes | None, str]:
    """The XLSForm the form was published from (.xlsx, else .xls), or None when the form was
    published as XML."""
    for suffix in (".xlsx", ".xls"):
        try:
            data = client.get_bytes(
                f"/v1/projects/{project}/forms/{quote(form)}{suffix}",
                what=f"ODK Central form '{form}' XLSForm",
            )
        except PullError as exc:
            if exc.status == 404:
                continue
            raise
        return data, suffix
    return None, ".xlsx"


def pull_odk(
    project: str,
    form: str,
    wave: str,
    *,
    url: str,
    token: str,
    policy: Policy,
    period: str | None = None,
    period_ka: str | None = None,
    page_size: int = PAGE_SIZE,
) -> WavePull:
    """Download form ``form`` of project ``project`` for ``wave``; nothing is written here."""
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    cred = f"{TOKEN_ENV} (or {EMAIL_ENV}/{PASSWORD_ENV})"
    with Client(base_url=url, headers=headers, policy=policy, credential=cred) as client:
        what = f"ODK Central form '{form}' (project {project})"
        details = client.get_json(f"/v1/projects/{project}/forms/{quote(form)}", what=what)
        if not isinstance(details, dict):
            raise PullError(
                f"{what}: the answer is not a form; is --url an ODK Central server?",
                f"{what}: პასუხი ფორმა არ არის; არის --url ODK Central-ის სერვერი?",
            )
        xlsform, suffix = _xlsform(client, project, form)
        submissions = odk_submissions(client, project, form, page_size)
    form_json = read_form_json(xlsform, suffix) if xlsform else None
    name = str(details.get("name") or form)
    sheets = export_sheets(submissions, form_json, name)
    source = {
        "id": f"{url.rstrip('/')}/v1/projects/{project}/forms/{form}",
        "kind": "odk-central",
        "server": url.rstrip("/"),
        "project": project,
        "form": form,
        "form_name": name,
        "form_version": details.get("version"),
        "submissions": len(submissions),
    }
    return WavePull(
        wave=wave,
        source=source,
        form=xlsform,
        form_suffix=suffix,
        sheets=sheets,
        period=period,
        period_ka=period_ka,
    )
