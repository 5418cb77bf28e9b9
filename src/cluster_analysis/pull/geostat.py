"""Geostat's statistical database (PxWeb API v1): one table, saved as the server returns it.

PxWeb API v1 (https://pc-axis.geostat.ge/PXWeb/api/v1/<lang>/Database/...):

- ``GET <table>.px``: the table's metadata, ``{"title", "variables": [{"code", "text",
  "values", "valueTexts", "elimination", "time"}]}``.
- ``POST <table>.px`` with ``{"query": [{"code", "selection": {"filter", "values"}}],
  "response": {"format": "px" | "csv" | "json-stat2" | ...}}``: the data.

The answer is stored byte for byte in data/raw/indicators/geostat/ with a sidecar
``<file>.pull.json`` (source URL, table, query, format, time, sha256); reading .px, csv or
JSON-stat is the indicator readers' job.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from cluster_analysis.pull.http import Client, Policy, PullError
from cluster_analysis.pull.raw import (
    read_sidecar,
    sha256_bytes,
    sidecar_bytes,
    sidecar_of,
    write_changed,
)

DEFAULT_URL = "https://pc-axis.geostat.ge/PXWeb/api/v1"
DEFAULT_DATABASE = "Database"
FORMATS = {"px": ".px", "csv": ".csv", "json-stat2": ".json", "json-stat": ".json", "xlsx": ".xlsx"}


def table_path(table: str, lang: str, database: str = DEFAULT_DATABASE) -> str:
    """The API path of ``table`` (a path under the database, spaces allowed), URL-quoted."""
    parts = [p for p in PurePosixPath(table.strip("/")).parts if p]
    if parts and parts[0] == database:
        parts = parts[1:]
    if not parts or not parts[-1].lower().endswith(".px"):
        raise PullError(
            f"Geostat table '{table}': give the table's path ending in .px "
            "(for example 'Regional Statistics/.../TABLE.px')",
            f"Geostat-ის ცხრილი '{table}': მიუთითეთ ცხრილის მისამართი, რომელიც .px-ით მთავრდება",
        )
    return "/".join(quote(p) for p in (lang, database, *parts))


def read_query(path: Path) -> dict[str, Any]:
    """A PxWeb query from a JSON file (the "API query" PxWeb shows under a table)."""
    try:
        query = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise PullError(
            f"{path.name}: cannot read the query file ({exc.strerror})",
            f"{path.name}: მოთხოვნის ფაილი ვერ წაიკითხა ({exc.strerror})",
        ) from exc
    except ValueError as exc:
        raise PullError(
            f"{path.name}: the query file is not JSON ({exc})",
            f"{path.name}: მოთხოვნის ფაილი JSON არ არის ({exc})",
        ) from exc
    if not isinstance(query, dict) or not isinstance(query.get("query"), list):
        raise PullError(
            f'{path.name}: expected a PxWeb query {{"query": [...], "response": {{...}}}}',
            f'{path.name}: მოსალოდნელია PxWeb-ის მოთხოვნა {{"query": [...], "response": {{...}}}}',
        )
    return query


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _same_place(label: str, wanted: str) -> bool:
    from cluster_analysis.geo import try_normalize_place

    if _fold(label) == _fold(wanted):
        return True
    a, b = try_normalize_place(label), try_normalize_place(wanted)
    return a is not None and a == b


def place_query(metadata: dict[str, Any], places: list[str]) -> dict[str, Any]:
    """A query selecting ``places`` in the table's place variable and everything else in full.
    The place variable is the one whose value texts contain every place asked for."""
    variables = metadata.get("variables") or []
    for variable in variables:
        texts = list(variable.get("valueTexts") or [])
        codes = list(variable.get("values") or [])
        picked: list[str] = []
        for wanted in places:
            hits = [
                code
                for code, label in zip(codes, texts, strict=False)
                if _same_place(label, wanted)
            ]
            if not hits:
                break
            picked.extend(h for h in hits if h not in picked)
        else:
            query = []
            for other in variables:
                if other is variable:
                    query.append(
                        {"code": other["code"], "selection": {"filter": "item", "values": picked}}
                    )
                else:
                    query.append(
                        {"code": other["code"], "selection": {"filter": "all", "values": ["*"]}}
                    )
            return {"query": query}
    names = ", ".join(str(v.get("text") or v.get("code")) for v in variables[:6])
    raise PullError(
        f"no variable of this table lists {', '.join(places)} (variables: {names})",
        f"ცხრილის არცერთ ცვლადში არ არის {', '.join(places)} (ცვლადები: {names})",
    )


@dataclass(frozen=True)
class TablePull:
    """A PxWeb answer and where it goes."""

    path: Path
    data: bytes
    record: dict[str, Any]


def _file_stem(table: str, places: list[str]) -> str:
    stem = PurePosixPath(table).stem
    if places:
        stem += "_" + "_".join(places)
    return re.sub(r"[^\w.-]+", "_", stem, flags=re.UNICODE).strip("_") or "table"


def pull_geostat(
    table: str,
    *,
    query: dict[str, Any] | None,
    places: list[str],
    out_dir: Path,
    url: str,
    lang: str,
    fmt: str,
    policy: Policy,
    name: str | None = None,
) -> TablePull:
    """Fetch ``table`` with ``query`` (or a query for ``places``) as ``fmt``; nothing is written."""
    if fmt not in FORMATS:
        raise PullError(
            f"unknown --format '{fmt}'; use one of {', '.join(FORMATS)}",
            f"უცნობი --format '{fmt}'; გამოიყენეთ ერთ-ერთი: {', '.join(FORMATS)}",
        )
    api_path = table_path(table, lang)
    what = f"Geostat table '{PurePosixPath(table).name}'"
    with Client(base_url=url, policy=policy, credential="--url") as client:
        if query is None:
            metadata = client.get_json(api_path, what=what)
            if not isinstance(metadata, dict):
                raise PullError(
                    f"{what}: the metadata is not a PxWeb table description",
                    f"{what}: მეტამონაცემები PxWeb-ის ცხრილის აღწერა არ არის",
                )
            query = place_query(metadata, places)
        body = {"query": query["query"], "response": {"format": fmt}}
        try:
            data = client.request("POST", api_path, what=what, json_body=body).content
        except PullError as exc:
            if exc.status != 403:
                raise
            # PxWeb answers 403 when a query asks for more cells than the server allows
            raise PullError(
                f"{what}: the server refused the query (HTTP 403), usually because it asks for "
                "more values than the server allows; select fewer (--place, or a smaller --query)",
                f"{what}: სერვერმა მოთხოვნა უარყო (HTTP 403), როგორც წესი, იმიტომ, რომ "
                "მოთხოვნილია დასაშვებზე მეტი მნიშვნელობა; შეარჩიეთ ნაკლები (--place ან უფრო "
                "მცირე --query)",
                status=403,
            ) from None
    stem = name or _file_stem(table, places)
    path = out_dir / f"{stem}{FORMATS[fmt]}"
    record = {
        "format": fmt,
        "query": body,
        "sha256": sha256_bytes(data),
        "source_url": client.url(api_path),
        "table": table,
        "language": lang,
    }
    return TablePull(path=path, data=data, record=record)


def write_table(pulled: TablePull, pulled_at: str) -> tuple[list[Path], dict[str, Any]]:
    """Write the answer and its sidecar (both or neither); nothing when the answer is unchanged."""
    sidecar = sidecar_of(pulled.path)
    previous = read_sidecar(sidecar)
    if pulled.path.exists() and previous is None:
        raise PullError(
            f"{pulled.path.name} exists and was not pulled from the server; use --name",
            f"{pulled.path.name} უკვე არსებობს და სერვერიდან არ არის ჩამოტვირთული; "
            "გამოიყენეთ --name",
        )
    unchanged = previous is not None and all(previous.get(k) == v for k, v in pulled.record.items())
    record = {
        **pulled.record,
        "pulled_at": previous["pulled_at"] if previous and unchanged else pulled_at,
    }
    files = {pulled.path: pulled.data}
    if not unchanged:
        files[sidecar] = sidecar_bytes(record)
    return write_changed(files), record
