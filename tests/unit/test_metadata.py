"""Declarations read from metadata.yaml: parsing, checks, look-up order and the derived helpers."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from cluster_analysis import fields, metadata
from cluster_analysis.metadata import MetadataError, find_column, parse

PACKAGE = Path(metadata.__file__).resolve().parent
GEORGIAN = re.compile("[\u10d0-\u10ff]")

DOMAIN_FILE = {
    "domain": "demo",
    "source": {"en": "Cluster office", "ka": "კლასტერის ოფისი"},
    "columns": {
        "member_id": {"en": "Demo member", "ka": "სადემონსტრაციო წევრი"},
        "score": {
            "en": "Score",
            "ka": "ქულა",
            "header": {"en": "Sc.", "ka": "ქ."},
            "unit": {"en": "points", "ka": "ქულები"},
            "dtype": "float64",
        },
        "imp_(.+)": {"pattern": True, "en": "Demo importance {0}", "ka": "დემო {0}"},
    },
    "headers": {"member_id": {"en": "Member", "ka": "წევრი"}},
    "tables": {
        "scores": {
            "audience": "office",
            "primary_key": ["member_id"],
            "title": {"en": "Scores", "ka": "ქულები"},
        },
        "public_scores": {
            "audience": "donors",
            "primary_key": [],
            "title": {"en": "Public scores", "ka": "საჯარო ქულები"},
            "source": {"en": "Own source", "ka": "საკუთარი წყარო"},
        },
    },
    "figures": {
        "scores_ranked": {
            "table": "public_scores",
            "kind": "ranked_bars",
            "audience": "donors",
            "title": {"en": "Ranked", "ka": "რანჟირებული"},
            "top": 10,
        }
    },
}


def _demo() -> metadata.DomainMetadata:
    return parse(DOMAIN_FILE, domain="demo", label="demo/metadata.yaml")


def test_shared_file_describes_columns_in_both_languages() -> None:
    body = yaml.safe_load((PACKAGE / "metadata.yaml").read_text(encoding="utf-8"))
    spec = metadata.describe_column("critical_gap_share")
    assert spec is not None
    assert spec.en == body["columns"]["critical_gap_share"]["en"]
    assert spec.unit == {"en": "share", "ka": "წილი"}
    for name, entry in body["columns"].items():
        assert entry["en"].strip(), name
        assert GEORGIAN.search(entry["ka"]) or "{" in entry["ka"], f"{name}: ka is not Georgian"


def test_patterns_fill_their_groups() -> None:
    spec = metadata.describe_column("imp_quality_control")
    assert spec is not None
    assert spec.en == "Importance answer for item quality_control"
    assert spec.ka.endswith(": quality_control")
    choice = metadata.describe_column("services/testing")
    assert choice is not None and "'testing' of 'services'" in choice.en


def test_undeclared_column_is_none() -> None:
    assert metadata.describe_column("no_such_column_anywhere") is None
    assert fields.describe_column("no_such_column_anywhere") is None


def test_domain_file_wins_over_shared_and_exact_over_pattern() -> None:
    demo, shared = _demo(), metadata.load()
    assert find_column("member_id", [demo, shared]).en == "Demo member"  # type: ignore[union-attr]
    assert find_column("member_id", [shared, demo]).en.startswith("Stable")  # type: ignore[union-attr]
    # an exact shared name beats the domain's pattern
    shared_exact = parse({"columns": {"imp_x": {"en": "exact", "ka": "ზუსტი"}}}, domain="")
    assert find_column("imp_x", [demo, shared_exact]).en == "exact"  # type: ignore[union-attr]
    assert find_column("imp_y", [demo, shared]).en == "Demo importance y"  # type: ignore[union-attr]


def test_column_header_unit_dtype_and_defaults() -> None:
    demo = _demo()
    score = demo.columns["score"]
    assert score.header == {"en": "Sc.", "ka": "ქ."}
    assert score.unit == {"en": "points", "ka": "ქულები"}
    assert score.dtype == "float64"
    member = demo.columns["member_id"]
    assert member.header == {"en": "Demo member", "ka": "სადემონსტრაციო წევრი"}
    assert member.unit is None and member.dtype is None


def test_tables_and_figures_are_parsed() -> None:
    demo = _demo()
    scores = demo.tables["scores"]
    assert scores.audience == "office"
    assert scores.primary_key == ("member_id",)
    assert scores.source == DOMAIN_FILE["source"]  # the domain's default source
    assert demo.tables["public_scores"].source == {"en": "Own source", "ka": "საკუთარი წყარო"}
    (figure,) = demo.figures
    assert (figure.table, figure.kind, figure.audience) == (
        "public_scores",
        "ranked_bars",
        "donors",
    )
    assert figure.params == {"top": 10}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"tables": {"t": {"title": {"en": "T", "ka": "ტ"}}}},
            r"tables\.t: audience must be one of",
        ),
        (
            {"tables": {"t": {"audience": "public", "title": {"en": "T", "ka": "ტ"}}}},
            r"got 'public'",
        ),
        ({"tables": {"t": {"audience": "donors"}}}, r"tables\.t\.title: expected \{en"),
        (
            {
                "tables": {
                    "t": {
                        "audience": "donors",
                        "primary_key": "member_id",
                        "title": {"en": "T", "ka": "ტ"},
                    }
                }
            },
            r"primary_key: expected a list",
        ),
        ({"columns": {"c": {"en": "only English"}}}, r"columns\.c: expected \{en: \.\.\., ka"),
        ({"columns": {"c(": {"pattern": True, "en": "x", "ka": "ქ"}}}, r"not a valid regular"),
        ({"figures": {"f": {"kind": "bars", "audience": "donors"}}}, r"'table' is required"),
        ({"domain": "other"}, r"says domain 'other' but belongs to 'demo'"),
    ],
)
def test_malformed_declarations_name_file_and_key(change: dict, message: str) -> None:
    with pytest.raises(MetadataError, match=rf"^demo/metadata\.yaml: .*{message}"):
        parse(change, domain="demo", label="demo/metadata.yaml")


def test_every_shipped_declaration_file_parses() -> None:
    for domain in ["", *metadata.declared_domains()]:
        metadata.load(domain)  # raises MetadataError on a bad file


def test_table_spec_of_an_undeclared_table_names_domain_and_table() -> None:
    with pytest.raises(KeyError, match=r"table 'nope' is not declared in nodomain/metadata\.yaml"):
        metadata.table_spec("nodomain", "nope")
    with pytest.raises(KeyError, match=r"figure 'nope' is not declared"):
        metadata.figure_spec("nodomain", "nope")


def test_table_output_takes_audience_title_and_headers_from_the_declaration(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    demo = _demo()
    real_load = metadata.load
    monkeypatch.setattr(metadata, "load", lambda d="": demo if d == "demo" else real_load(d))
    frame = pd.DataFrame({"member_id": ["A"], "score": [1.0], "other": [2]})
    table = metadata.table_output("demo", "scores", frame, period="2026", n=1, synthetic=True)
    assert table.audience == "office"
    assert table.meta.title == {"en": "Scores", "ka": "ქულები"}
    assert table.meta.source == DOMAIN_FILE["source"]
    assert table.meta.synthetic and table.meta.n == 1 and table.meta.period == "2026"
    assert table.columns["score"] == {"en": "Sc.", "ka": "ქ."}
    assert table.columns["member_id"] == {"en": "Member", "ka": "წევრი"}  # headers: wins
    assert table.columns["other"] == {"en": "other", "ka": "other"}
    meta = metadata.table_meta(
        "demo", "scores", period=None, n=None, synthetic=False, title={"en": "X", "ka": "ხ"}
    )
    assert meta.title == {"en": "X", "ka": "ხ"}


def test_data_dictionary_reads_the_declarations(tmp_path: Path) -> None:
    folder = tmp_path / "pool"
    folder.mkdir()
    pd.DataFrame({"savings": [1.0], "imp_a": [3], "mystery": ["x"]}).to_parquet(
        folder / "pool_demand.parquet"
    )
    dictionary = fields.data_dictionary(tmp_path).set_index("column")
    assert list(dictionary.index) == ["savings", "imp_a", "mystery"]
    assert dictionary.loc["savings", "description_en"] == "Standalone cost minus allocated cost"
    assert dictionary.loc["savings", "unit"] == "GEL"
    assert dictionary.loc["savings", "unit_ka"] == "ლარი"
    assert dictionary.loc["imp_a", "description_en"] == "Importance answer for item a"
    assert dictionary.loc["mystery", "description_en"] == ""
    assert dictionary.loc["savings", "dtype"] == "double"
