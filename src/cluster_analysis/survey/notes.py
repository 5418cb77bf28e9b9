"""Bilingual notes the survey's tables and method section carry (pure text, no data)."""

from __future__ import annotations

from collections.abc import Sequence

from cluster_analysis.outputs import Text, text
from cluster_analysis.survey.register import WaveFrame

RESPONSE_RATES_NOTE: Text = text(
    "Classes are member type × size class; classes with fewer than 3 "
    "respondents are collapsed (docs/methods.md#intervals-weights-small-populations). Weight = N/n.",
    "კლასები: წევრის ტიპი × ზომის კლასი; 3-ზე ნაკლები რესპონდენტის მქონე "
    "კლასები გაერთიანებულია. წონა = N/n.",
)

NEEDS_ASSESSMENT_NOTE: Text = text(
    "IPA cross-hairs are data-centred (mean of the item means). Critical-gap "
    "intervals: 95% Wilson with finite population correction.",
    "IPA-ს გამყოფი ხაზები მონაცემებზეა ცენტრირებული (საკითხების საშუალოთა საშუალო). "
    "კრიტიკული ხარვეზის ინტერვალები: 95%-იანი ვილსონის, სასრული პოპულაციის შესწორებით.",
)

GAP_BY_DIMENSION_NOTE: Text = text(
    "Each member's importance and capability are averaged over the items of a "
    "dimension before scoring.",
    "ქულის გამოთვლამდე თითოეული წევრის მნიშვნელოვნება და შესაძლებლობა გასაშუალოებულია "
    "განზომილების საკითხებზე.",
)

BOX_SCORES_NOTE: Text = text(
    '"Don\'t know" answers are outside the base and counted separately.',
    "პასუხები „არ ვიცი“ ბაზაში არ შედის და ცალკე ითვლება.",
)

MULTI_SELECT_NOTE: Text = text(
    "Percentages are of members who answered the question, not of selections; "
    "they may add to more than 100%.",
    "პროცენტები გამოთვლილია კითხვაზე პასუხის გამცემი წევრებიდან და არა არჩეული "
    "ვარიანტებიდან; ჯამი შეიძლება 100%-ს აღემატებოდეს.",
)


def bootstrap_note(n_boot: int, seed: int) -> Text:
    """The resampling behind the MWDS intervals."""
    return text(
        f"{n_boot} Rao-Wu rescaled resamples of respondents (finite population correction: no "
        f"interval when every member answered), seed {seed}; 95% percentile intervals.",
        f"რესპონდენტების {n_boot} ხელახალი შერჩევა რაო-ვუს მასშტაბირებული ბუტსტრეპით (სასრული "
        "პოპულაციის შესწორება: ინტერვალი არ არის, თუ ყველა წევრმა უპასუხა; საწყისი რიცხვი, "
        f"seed: {seed}); 95%-იანი პროცენტილური ინტერვალები.",
    )


def table_notes(n_boot: int, seed: int) -> dict[str, Text]:
    """The note each published table carries (by table name)."""
    return {
        "needs_assessment": NEEDS_ASSESSMENT_NOTE,
        "gap_by_dimension_member_type": GAP_BY_DIMENSION_NOTE,
        "mwds_bootstrap": bootstrap_note(n_boot, seed),
        "box_scores": BOX_SCORES_NOTE,
        "multi_select_shares": MULTI_SELECT_NOTE,
    }


def respondents_text(counts: Sequence[tuple[int, int]]) -> Text:
    """ "46 of 56 / 45 of 60 members": respondents n out of the members N of each wave's frame,
    from ``(n, N)`` pairs."""
    return text(
        " / ".join(f"{n} of {big_n}" for n, big_n in counts) + " members",
        " / ".join(f"{big_n}-დან {n}" for n, big_n in counts) + " წევრი",
    )


def _frame_part(label: Text, frame: WaveFrame) -> Text:
    """One wave's frame in words: whose members and how many."""
    if frame.dated:
        return text(
            f"{label['en']}: members on the register at the end of {frame.year}, {frame.size}",
            f"{label['ka']}: {frame.year} წლის ბოლოს რეესტრში მყოფი წევრები, {frame.size}",
        )
    if frame.year is None:
        return text(
            f"{label['en']}: the whole register, {frame.size} (no year can be read from the wave "
            f"id {frame.wave})",
            f"{label['ka']}: მთელი რეესტრი, {frame.size} (ტალღის იდენტიფიკატორიდან {frame.wave} "
            "წელი ვერ იკითხება)",
        )
    return text(
        f"{label['en']}: the whole register, {frame.size} (the register has no join dates)",
        f"{label['ka']}: მთელი რეესტრი, {frame.size} (რეესტრში გაწევრიანების თარიღები არ არის)",
    )


def frame_note(frames: Sequence[tuple[Text, WaveFrame]]) -> Text:
    """The members N of each wave is drawn from, from ``(period label, frame)`` pairs: "N of each
    wave: members on the register at the end of the wave's year, with anyone who answered
    (2025 H2: members on the register at the end of 2025, 56; ...)"
    (docs/methods.md#the-frame-of-a-wave)."""
    parts = [_frame_part(label, frame) for label, frame in frames]
    en = "; ".join(p["en"] for p in parts)
    ka = "; ".join(p["ka"] for p in parts)
    return text(
        "N of each wave: members on the register at the end of the wave's year, with anyone who "
        f"answered (docs/methods.md#the-frame-of-a-wave): {en}.",
        f"თითოეული ტალღის N: ტალღის წლის ბოლოს რეესტრში მყოფი წევრები და ყველა, ვინც უპასუხა: {ka}.",
    )


def with_frame(note: Text | None, frame: Text) -> Text:
    """``note`` followed by the frame sentence (the frame sentence alone without a note)."""
    if note is None:
        return frame
    return text(f"{note['en']} {frame['en']}", f"{note['ka']} {frame['ka']}")


def method_notes(min_cell: int, scale_max: int) -> list[Text]:
    """The survey's method paragraphs (docs/methods.md#capacity-gap-scoring,
    #intervals-weights-small-populations, #disclosure-control)."""
    return [
        text(
            "Answers are read from the Kobo exports in the form's question names; corrections come "
            "only from cleaning logs (entries not applied are listed in the rejects workbook). "
            '"Don\'t know" answers are outside every denominator.',
            "პასუხები იკითხება Kobo-ს ექსპორტიდან ფორმის კითხვების სახელებით; შესწორებები შეიტანება "
            "მხოლოდ გაწმენდის ჟურნალების მეშვეობით (გამოუყენებელი ჩანაწერები მოცემულია უარყოფილი ჩანაწერების "
            "ფაილში). პასუხი „არ ვიცი“ არც ერთ მნიშვნელში არ ითვლება.",
        ),
        text(
            f"Borich (1980) MWDS = mean(importance − capability) × mean(importance); critical gap = "
            f"importance ≥ {scale_max - 1} and capability ≤ 2 (our choice). Results are weighted by "
            "member type × size class (w = N/n) for non-response; intervals use the finite "
            "population correction, and none are shown when every member answered (a census).",
            f"ბორიჩის (1980) MWDS = საშუალო(მნიშვნელოვნება − შესაძლებლობა) × საშუალო(მნიშვნელოვნება); "
            f"კრიტიკული ხარვეზი = მნიშვნელოვნება ≥ {scale_max - 1} და შესაძლებლობა ≤ 2 (ჩვენი "
            "არჩევანი). შედეგები შეწონილია წევრის ტიპისა და ზომის კლასის მიხედვით (w = N/n); "
            "ინტერვალებში გამოყენებულია სასრული პოპულაციის შესწორება, ხოლო როცა ყველა წევრმა "
            "უპასუხა (სრული აღწერა), ინტერვალები არ არის ნაჩვენები.",
        ),
        text(
            "Importance-performance quadrants (Martilla & James 1977) use data-centred "
            "cross-hairs: the mean of the item means.",
            "მნიშვნელოვნებისა და შესრულების ანალიზის კვადრანტებში (მარტილა და ჯეიმსი, 1977) გამყოფი ხაზები "
            "მონაცემებზეა ცენტრირებული: საკითხების საშუალოთა საშუალო.",
        ),
        text(
            f"Disclosure control: cells with fewer than {min_cell} respondents are suppressed, "
            "and further cells are hidden so that no suppressed value can be worked out from the "
            "'All members' figures; every suppression is logged.",
            f"კონფიდენციალურობის დაცვა: {min_cell}-ზე ნაკლები რესპონდენტის მქონე უჯრები "
            "დაფარულია; დამატებით იმალება სხვა უჯრებიც, რათა დაფარული მნიშვნელობა „ყველა "
            "წევრის“ მონაცემებიდან ვერ გამოითვალოს; ყოველი დაფარვა აღრიცხულია.",
        ),
    ]
