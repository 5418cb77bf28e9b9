"""JSON-stat answers (PxWeb json-stat 1.x, json-stat2) into the tidy shape, checked independently."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from pyjstat import pyjstat

from cluster_analysis.errors import InputError
from cluster_analysis.indicators.jsonstat import read_jsonstat

DATA = Path(__file__).resolve().parents[1] / "data" / "real" / "jsonstat"


def test_pxweb_json_stat_answer_agrees_with_pyjstat_cell_by_cell() -> None:
    path = DATA / "statswe.json"
    tidy = read_jsonstat(path)
    reference = pyjstat.Dataset.read(path.read_text(encoding="utf-8")).write("dataframe")
    variables = [c for c in reference.columns if c != "value"]
    assert tidy.attrs["variables"] == variables
    for variable in variables:
        assert tidy[variable].tolist() == reference[variable].tolist()
    np.testing.assert_array_equal(tidy["value"], reference["value"].astype("float64"))
    assert tidy["year"].tolist() == reference["år"].astype(int).tolist()  # role.time = Tid
    assert tidy.attrs["source"] == "Socialstyrelsen (SoS)"


def test_json_stat2_positions_units_and_time_role() -> None:
    path = DATA / "galicia-2.0.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    tidy = read_jsonstat(path)
    assert len(tidy) == int(np.prod(raw["size"])) == len(raw["value"])
    # brute force: value position = sum(index_k * stride_k), the last dimension fastest
    strides = [int(np.prod(raw["size"][k + 1 :])) for k in range(len(raw["size"]))]
    for position in (0, 1, 17, 1234, len(tidy) - 1):
        row = tidy.iloc[position]
        index = []
        for dim_id in raw["id"]:
            category = raw["dimension"][dim_id]["category"]
            label = raw["dimension"][dim_id]["label"]
            code = row[f"{label} code"]
            order = category["index"] if "index" in category else list(category["label"])
            index.append(order[code] if isinstance(order, dict) else order.index(code))
        assert sum(i * s for i, s in zip(index, strides, strict=True)) == position
        assert row["value"] == raw["value"][position]
    assert set(tidy["unit"]) == {"persons"}  # the metric category's unit
    assert set(tidy["year"]) == {2001, 2011}


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("[1, 2]", "expected a JSON-stat object"),
        (
            '{"id": ["a"], "size": [2], "dimension": {"a": {"category": {"index": ["x", "y"]}}},'
            ' "value": [1]}',
            "'value' has 1 entries; expected 2",
        ),
        (
            '{"id": ["a"], "size": [3], "dimension": {"a": {"category": {"index": ["x", "y"]}}},'
            ' "value": [1, 2, 3]}',
            "dimension 'a' has 2 categories; size says 3",
        ),
        (
            '{"id": ["a"], "size": [1], "dimension": {"a": {"category": {"index": ["x"]}}},'
            ' "value": ["n/a"]}',
            r"value\[0\] is 'n/a'",
        ),
        ("{not json", "not readable JSON"),
    ],
)
def test_bad_documents_are_one_line(tmp_path: Path, document: str, message: str) -> None:
    path = tmp_path / "answer.json"
    path.write_text(document, encoding="utf-8")
    with pytest.raises(InputError, match=rf"answer\.json: .*{message}"):
        read_jsonstat(path)


def test_sparse_values_status_and_georgian_places(tmp_path: Path) -> None:
    document = {
        "version": "2.0", "class": "dataset", "label": "მოსახლეობა",
        "id": ["place", "year"], "size": [2, 2], "role": {"time": ["year"]},
        "dimension": {
            "place": {"label": "მუნიციპალიტეტი", "category": {"index": {"z": 0, "t": 1},
                      "label": {"z": "ზესტაფონი", "t": "ტყიბული"}}},
            "year": {"label": "წელი", "category": {"index": ["2023", "2024"]}},
        },
        "value": {"0": 52.1, "1": 52.0, "3": 19.8},
        "status": {"2": ".."},
    }  # fmt: skip
    path = tmp_path / "ka.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    tidy = read_jsonstat(path)
    assert tidy["place"].tolist() == ["zestaponi_municipality"] * 2 + ["tkibuli_municipality"] * 2
    assert np.isnan(tidy.loc[2, "value"]) and tidy.loc[2, "symbol"] == ".."
    assert tidy["period"].tolist() == ["2023", "2024", "2023", "2024"]
