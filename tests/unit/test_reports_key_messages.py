"""Key messages: chosen by the declared rules from donor tables, never from suppressed rows."""

from __future__ import annotations

import pandas as pd

from cluster_analysis.outputs import DomainResult, FigureOutput, Meta, TableOutput, text
from cluster_analysis.reports.messages import key_messages, load_rules

META = Meta(title=text("t", "t"))


def _mwds() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "wave": ["2025-2", "2026-2", "2026-2", "2026-2"],
            "period": ["2025 H2", "2026 H2", "2026 H2", "2026 H2"],
            "item_en": ["Old", "Design", "Finance", "Hidden"],
            "item_ka": ["ძველი", "დიზაინი", "ფინანსები", "დამალული"],
            "n": [40, 46, 46, 3],
            "mwds": [99.0, 7.25, 6.0, 50.0],
            "mwds_low": [1.0, 6.04, 5.0, None],
            "mwds_high": [2.0, 9.45, 7.0, None],
            "suppressed": [False, False, False, True],
        }
    )


def _pool() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "category": ["corrugated_board", "All"],
            "periods": ["2026-Q1–2026-Q3"] * 2,
            "members": [32, 40],
            "spend_last_prices_gel": [6_000_000.0, 10_000_000.0],
            "projected_savings_gel": [1_000_000.0, 2_030_270.4],
            "suppressed": [False, False],
        }
    )


def _results() -> list[DomainResult]:
    survey = DomainResult(
        "survey",
        tables=[TableOutput("mwds_bootstrap", _mwds(), META, "donors")],
        figures=[
            FigureOutput(
                "survey_mwds_2026-2",
                lambda lang: None,
                Meta(title=text("Needs ranked", "საჭიროებები")),
                "donors",
            )
        ],
    )
    pool = DomainResult(
        "pool", tables=[TableOutput("pool_category_totals", _pool(), META, "donors")]
    )
    return [survey, pool]


def test_largest_gap_uses_latest_wave_and_skips_suppressed_rows():
    messages = {m.rule: m for m in key_messages(_results(), "en")}
    gap = messages["largest_gap"]
    # by hand: 2026-2 rows not suppressed are Design (7.25) and Finance (6.0)
    assert gap.text == (
        "The members' largest capacity gap is Design: Borich MWDS 7.2 (95% interval 6.0–9.4; "
        "2026 H2; n = 46 respondents)."
    )
    assert gap.figure == "survey_mwds_2026-2" and gap.figure_title == "Needs ranked"
    assert "Hidden" not in gap.text and "Old" not in gap.text


def test_savings_message_ratio_and_georgian_thousands():
    en = {m.rule: m.text for m in key_messages(_results(), "en")}["savings"]
    assert "GEL 2,030,270" in en and "20%" in en and "40 pooling members" in en
    from cluster_analysis.reports.messages import key_message_lines

    ka = key_message_lines(_results(), "ka", localize=True)[1]
    assert "2\u00a0030\u00a0270 ლარს" in ka and "20%" in ka
    assert "7,2" in key_message_lines(_results(), "ka", localize=True)[0]  # decimal comma


def test_rules_without_their_table_are_left_out_and_max_messages_holds():
    rules = load_rules()
    assert 3 <= rules["max_messages"] <= 5
    assert {r["id"] for r in rules["rule"]} >= {
        "largest_gap",
        "biggest_change",
        "off_track",
        "savings",
    }
    messages = key_messages(_results(), "en")
    assert [m.rule for m in messages] == ["largest_gap", "savings"]
    limited = key_messages(_results(), "en", rules={**rules, "max_messages": 1})
    assert [m.rule for m in limited] == ["largest_gap"]


def test_a_missing_number_drops_the_message_rather_than_printing_nan():
    frame = _mwds()
    frame.loc[1, "mwds_low"] = float("nan")
    frame.loc[2, "mwds"] = float("nan")
    results = [
        DomainResult("survey", tables=[TableOutput("mwds_bootstrap", frame, META, "donors")])
    ]
    assert key_messages(results, "en") == []


def test_every_rule_has_both_languages_and_its_placeholders_match():
    import string

    for rule in load_rules()["rule"]:
        fields = {
            lang: {
                f.removesuffix(f"_{lang}")
                for _, f, _, _ in string.Formatter().parse(rule[lang])
                if f
            }
            for lang in ("en", "ka")
        }
        assert fields["en"] == fields["ka"], rule["id"]
        assert rule["what"]["en"] and rule["what"]["ka"]


def test_section_details_say_n_period_and_source_once():
    from cluster_analysis.reports.messages import section_details

    findings = [
        ("Gap A is largest.", 46, "2026 H2", "Member survey"),
        ("Gap B grew.", 46, "2026 H2", "Member survey"),
        ("Gap C closed.", 26, "2026 H2", "Member survey"),
    ]
    bullets, note = section_details(findings, "en")
    assert bullets == ["Gap A is largest.", "Gap B grew.", "Gap C closed. (n = 26)"]
    assert note == "n = 46; 2026 H2; Source: Member survey (other n where stated)"
    # another period is said after the bullet, unless the sentence names it already
    bullets, _ = section_details(
        [
            *findings,
            ("Gap D opened.", 46, "2025 H2", "Member survey"),
            ("In 2025 H2 gap E was largest.", 46, "2025 H2", "Member survey"),
        ],
        "en",
    )
    assert bullets[3:] == ["Gap D opened. (2025 H2)", "In 2025 H2 gap E was largest."]
    bullets, note = section_details([("ა.", None, None, "")], "ka")
    assert bullets == ["ა."] and note == ""


def test_key_message_lines_name_the_chart():
    from cluster_analysis.reports.messages import key_message_lines

    lines = key_message_lines(_results(), "en")
    assert lines[0].endswith("n = 46 respondents) (Chart: Needs ranked).")
    assert "(Chart:" not in lines[1]  # the savings rule's figure is not in these results


def test_both_briefs_open_with_key_messages(tmp_path):
    import docx

    from cluster_analysis.reports.brief import build_brief

    for lang, heading, number in (
        ("en", "Key messages", "7.2"),
        ("ka", "ძირითადი გზავნილები", "7,2"),
    ):
        docx_path, html_path = build_brief(_results(), {}, lang, tmp_path)
        paragraphs = docx.Document(str(docx_path)).paragraphs
        headings = [p.text for p in paragraphs if p.style.name.startswith("Heading")]
        assert headings[0] == heading  # before the facts and the sections
        messages = [p.text for p in paragraphs if p.style.name == "List Number"]
        assert len(messages) == 2 and number in messages[0]
        rules_word = {"en": "Chosen by declared rules", "ka": "დადგენილი წესებით"}[lang]
        assert any(rules_word in p.text for p in paragraphs)
        import html

        page = html.unescape(html_path.read_text(encoding="utf-8"))
        assert page.index(heading) < page.index('id="findings"')
        assert messages[0] in page
