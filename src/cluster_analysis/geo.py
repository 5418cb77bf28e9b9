"""Georgian place names: one canonical id for every unit Geostat publishes, whatever the spelling.

Id scheme (lower-case ASCII slug, see ``places.csv`` beside this module):

- ``georgia``: the country;
- regions (mkhare) by their plain name: ``imereti``, ``guria``, ``kakheti``, ``mtskheta_mtianeti``,
  ``racha_lechkhumi_kvemo_svaneti``, ``samegrelo_zemo_svaneti``, ``samtskhe_javakheti``,
  ``kvemo_kartli``, ``shida_kartli``; the autonomous republics with ``_ar``: ``adjara_ar``,
  ``abkhazia_ar``;
- the 59 municipalities with ``_municipality`` (``zestaponi_municipality``) and the 5 self-governing
  cities with ``_city`` (``tbilisi_city``, ``batumi_city``, ``kutaisi_city``, ``rustavi_city``,
  ``poti_city``): together Geostat's 64 municipalities. Tbilisi is both a region-level unit and a
  self-governing city; it has one id, ``tbilisi_city``, whose parent is ``georgia``;
- units of the occupied territories as Geostat lists them (level ``occupied_unit``), ``_city`` or
  ``_municipality`` as in Geostat (``sokhumi_city``, ``gagra_municipality``, ``tskhinvali_city``,
  ``akhalgori_municipality``, ...);
- towns with ``_town`` (``zestaponi_town``, ``chiatura_town``): all towns of Imereti and every town
  that shares its name with a municipality (Kutaisi is a self-governing city, not a ``_town``).

Matching (see :func:`normalize_place`) accepts Georgian script in nominative, genitive and locative
(ზესტაფონი / ზესტაფონის / ზესტაფონში), unit words in English, Georgian, Russian and
transliteration (Municipality, მუნიციპალიტეტი, raioni, district, town, ქალაქი, ქ., C., city, A.R.),
old and new transliterations (Tkibuli / Tqibuli / T'q'ibuli), Cyrillic (Ткибули), any apostrophe,
case, extra spaces, footnote markers (Tbilisi¹, Gori*) and Georgian typed under the old Latin-font
mapping (``saqarTvelo`` for საქართველო).

Town and municipality of the same name: the words in the name decide ("Zestaponi town",
"ქალაქი ზესტაფონი" -> ``zestaponi_town``; "Zestaponi Municipality" -> ``zestaponi_municipality``).
A bare name ("Zestaponi") resolves to the municipality by default, because Geostat's municipal
tables are by municipality; pass ``level="town"`` to get the town instead.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from itertools import product

import pandas as pd

from cluster_analysis.errors import InputError

LEVELS = ("country", "region", "municipality", "self_governing_city", "town", "occupied_unit")

# ---------------------------------------------------------------------------------------------
# Character tables
# ---------------------------------------------------------------------------------------------

# Old Georgian Latin-keyboard fonts (AcadNusx, LitNusx and the Georgian keyboard layout): Georgian
# letters were typed as Latin ones; seven capitals stand for extra letters, other capitals for the
# same letter as their lower case.
LEGACY_FONT_TO_GEORGIAN = {
    "a": "ა", "b": "ბ", "g": "გ", "d": "დ", "e": "ე", "v": "ვ", "z": "ზ", "T": "თ", "i": "ი",
    "k": "კ", "l": "ლ", "m": "მ", "n": "ნ", "o": "ო", "p": "პ", "J": "ჟ", "r": "რ", "s": "ს",
    "t": "ტ", "u": "უ", "f": "ფ", "q": "ქ", "R": "ღ", "y": "ყ", "S": "შ", "C": "ჩ", "c": "ც",
    "Z": "ძ", "w": "წ", "W": "ჭ", "x": "ხ", "j": "ჯ", "h": "ჰ",
}  # fmt: skip
for _letter in "abcdefghijklmnopqrstuvwxyz":
    _upper = _letter.upper()
    if _upper not in LEGACY_FONT_TO_GEORGIAN and _letter in LEGACY_FONT_TO_GEORGIAN:
        LEGACY_FONT_TO_GEORGIAN[_upper] = LEGACY_FONT_TO_GEORGIAN[_letter]

# Russian Cyrillic to Latin (a simple BGN-like table); the result then goes through the same
# transliteration folding as Latin names, so Зестафони meets Zestaponi.
CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "i",
    "є": "e", "ґ": "g",
}  # fmt: skip

# Letters with diacritics from the scholarly / ISO 9984 transliterations, before stripping accents.
DIACRITIC_LATIN = {
    "č": "ch", "š": "sh", "ž": "zh", "ǯ": "j", "ʒ": "dz", "ǧ": "gh", "ġ": "gh", "ḳ": "k",
    "ṗ": "p", "ṭ": "t", "c̣": "ts", "q̇": "q", "ƶ": "z", "ǰ": "j",
}  # fmt: skip

APOSTROPHES = "'’‘ʼʻ`´′ʹ"
FOOTNOTE_TRAIL = re.compile(r"(?:[\s]*(?:[¹²³⁰⁴-⁹]+|\*+|[†‡]+|\(\d{1,2}\)|\[\d{1,2}\]))+$")
GLUED_DIGITS = re.compile(r"(?<=[^\W\d_])\d{1,2}$")
GEORGIAN_CHARS = re.compile(r"[\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f]")
CYRILLIC_CHARS = re.compile(r"[\u0400-\u04ff]")
LEGACY_CAMEL = re.compile(r"[a-z][A-Z]")

# Unit words. A hint says which kind of unit the name means; words mapped to "" are just removed.
_LATIN_WORDS = {
    "municipality": "municipality", "municipalities": "municipality", "municipal": "municipality",
    "mun": "municipality", "munic": "municipality", "municipaliteti": "municipality",
    "munitsipaliteti": "municipality", "municipalitet": "municipality",
    "munitsipalitet": "municipality", "munitsipaliteta": "municipality", "raioni": "municipality",
    "raion": "municipality", "rayon": "municipality", "raiona": "municipality",
    "district": "municipality", "munitsipalnyi": "municipality",
    "town": "town", "daba": "town", "gorodok": "town",
    "city": "city", "c": "city", "qalaqi": "city", "kalaki": "city", "gorod": "city", "g": "city",
    "region": "region", "mkhare": "region", "province": "region", "oblast": "region",
    "krai": "region", "ar": "region", "autonomous": "region", "republic": "",
    "avtonomnaia": "region", "avtonomnaya": "region", "respublika": "",
    "total": "", "of": "", "the": "", "and": "", "i": "", "self": "", "governing": "",
    "selfgoverning": "", "all": "",
}  # fmt: skip
_GEORGIAN_WORDS = {
    "მუნიციპალიტეტი": "municipality", "მუნიციპალიტეტის": "municipality",
    "მუნიციპალიტეტში": "municipality", "მუნიციპალიტეტისა": "municipality",
    "მუნ": "municipality", "რაიონი": "municipality", "რაიონის": "municipality",
    "რაიონში": "municipality", "ქალაქი": "city", "ქალაქის": "city", "ქალაქში": "city",
    "ქ": "city", "დაბა": "town", "დაბის": "town", "მხარე": "region", "მხარის": "region",
    "მხარეში": "region", "რეგიონი": "region", "რეგიონის": "region", "რეგიონში": "region",
    "არ": "region", "ავტონომიური": "region", "რესპუბლიკა": "", "რესპუბლიკის": "",
    "რესპუბლიკაში": "", "სულ": "", "და": "", "თვითმმართველი": "",
}  # fmt: skip

# Which kinds a hint accepts, best first. "kind" (places.csv) says what a unit is, "level" where
# Geostat files it: an occupied municipality has kind municipality and level occupied_unit.
_HINT_KINDS = {
    "town": ("town", "city"),
    "city": ("city", "town"),
    "municipality": ("municipality", "city"),
    "region": ("region", "autonomous_republic"),
}
_DEFAULT_KINDS = ("country", "region", "autonomous_republic", "municipality", "city", "town")
_LEVEL_TO_HINT = {
    "town": "town",
    "municipality": "municipality",
    "self_governing_city": "city",
    "region": "region",
}


# ---------------------------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------------------------


def _fold_latin_token(token: str) -> str:
    """One spelling per sound across transliteration systems (old, national 2002, Russian-based).

    ყ q/k, ფ f/p, ხ x/kh, ღ gh/g, ჯ j/dj/dzh, ჩ ch/tch, ც c/ts/tz collapse; doubled letters too.
    The fold only has to keep different places apart (checked when the index is built).
    """
    token = token.replace("tch", "ch").replace("dzh", "j").replace("dj", "j")
    token = token.replace("ph", "p").replace("f", "p").replace("q", "k").replace("x", "kh")
    token = token.replace("gh", "g").replace("w", "v").replace("y", "i").replace("tz", "ts")
    token = re.sub(r"c(?!h)", "ts", token)
    return re.sub(r"(.)\1+", r"\1", token)


_LATIN_HINTS = {_fold_latin_token(word): hint for word, hint in _LATIN_WORDS.items()}


def _clean(text: str) -> str:
    """Trim spaces, footnote markers and stray punctuation that never belong to a name."""
    text = unicodedata.normalize("NFC", str(text)).replace("\u00a0", " ").strip()
    previous = None
    while previous != text:
        previous = text
        text = FOOTNOTE_TRAIL.sub("", text).strip()
        text = GLUED_DIGITS.sub("", text).strip()
        text = text.strip(" ,;:-–—.").strip() if text.endswith((",", ";", ":", "-", "–")) else text
    return text


def _latin_tokens(text: str) -> list[str]:
    """Lower-case Latin words with apostrophes, diacritics and punctuation removed."""
    text = text.lower()
    for letter, replacement in DIACRITIC_LATIN.items():
        text = text.replace(letter, replacement)
    text = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    text = re.sub(f"[{APOSTROPHES}]", "", text)
    text = re.sub(r"\ba\s*\.\s*r\b\.?", " ar ", text)
    text = re.sub(r"\s*&\s*", " and ", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return text.split()


def _georgian_tokens(text: str) -> list[str]:
    text = text.lower()  # Mtavruli capitals to Mkhedruli
    text = re.sub(r"ა\s*\.\s*რ\s*\.?", " არ ", text)
    text = re.sub(r"[^\u10d0-\u10ff0-9]+", " ", text)
    return text.split()


def _transliterate_cyrillic(text: str) -> str:
    return "".join(CYRILLIC_TO_LATIN.get(ch, ch) for ch in text.lower())


def _legacy_to_georgian(text: str) -> str:
    return "".join(LEGACY_FONT_TO_GEORGIAN.get(ch, ch) for ch in text)


def _split(tokens: list[str], hints: dict[str, str], fold) -> tuple[list[str], str | None]:
    """Separate name words from unit words; return (folded name words, last unit hint)."""
    core: list[str] = []
    hint: str | None = None
    for token in tokens:
        folded = fold(token)
        if folded in hints:
            hint = hints[folded] or hint
        else:
            core.append(folded)
    return core, hint


def _parse(text: str, script: str) -> tuple[list[str], str | None]:
    """Name words and unit hint of one cleaned name in the given script ("latin"/"georgian")."""
    if script == "georgian":
        return _split(_georgian_tokens(text), _GEORGIAN_WORDS, lambda token: token)
    return _split(_latin_tokens(text), _LATIN_HINTS, _fold_latin_token)


def _latin_variants(core: list[str]) -> list[str]:
    """Keys to try for Latin name words: as written, then genitive / Russian adjective stems."""
    keys = ["".join(core)]
    if not core:
        return keys
    head, last = core[:-1], core[-1]
    stems: list[str] = []
    # transliterated genitives in every word of a compound: "Samtskhis-Javakhetis"
    head_options = [
        [
            word,
            *(
                (word[:-2] + e for e in ("i", "a", "e"))
                if word.endswith("is") and len(word) > 4
                else ()
            ),
        ]
        for word in head[:6]
    ] + [[word] for word in head[6:]]
    for combination in product(*head_options):
        key = "".join([*combination, last])
        if key not in keys:
            keys.append(key)
    if last.endswith("is") and len(last) > 4:
        stems += [last[:-2] + ending for ending in ("i", "a", "e")]
    if last.endswith(("os", "us")) and len(last) > 4:
        stems.append(last[:-1])
    adjective = re.match(r"^(.{3,}?)sk(?:i|ii|ogo|aia|aja|oe|oi|ai)$", last)
    if adjective:
        stems += [adjective.group(1) + ending for ending in ("i", "a", "e", "o", "")]
    for combination in product(*head_options):
        keys += ["".join([*combination, stem]) for stem in stems]
    return list(dict.fromkeys(keys))


def _georgian_word_stems(word: str) -> list[str]:
    """Nominative candidates of one Georgian word: as written, then genitive and locative stems."""
    stems = [word]
    if word.endswith("ისა"):  # "რაჭა-ლეჩხუმისა და": the genitive before a conjunction
        word = word[:-1]
        stems.append(word)
    if word.endswith("სა") and len(word) > 3:  # locative before a conjunction: "ლეჩხუმსა"
        stems += [word[:-2] + ending for ending in ("ი", "ა", "ე", "")]
    if word.endswith("ში") and len(word) > 3:
        base = word[:-2]
        stems += [base, *(base + ending for ending in ("ი", "ა", "ე"))]
        if base.endswith("ის"):
            stems += [base[:-2] + ending for ending in ("ი", "ა", "ე")]
    if word.endswith("ის") and len(word) > 3:
        stems += [word[:-2] + ending for ending in ("ი", "ა", "ე")]
    elif word.endswith(("ოს", "უს")):
        stems.append(word[:-1])
    elif word.endswith("ს") and len(word) > 3 and word[-2] in "აეოუ":
        stems.append(word[:-1])  # "სამეგრელოს", "ლეჩხუმს" (locative stem)
    return list(dict.fromkeys(stems))


def _georgian_variants(core: list[str]) -> list[str]:
    """Keys to try for Georgian name words: nominative, then every word's genitive and locative
    stems (compound names decline each part: "სამცხის-ჯავახეთის", "რაჭა-ლეჩხუმისა და ...")."""
    keys = ["".join(core)]
    if not core:
        return keys
    options = [_georgian_word_stems(word) for word in core]
    if len(core) > 6:  # bound the product: long texts are titles, not names
        options = [[word] for word in core[:-1]] + [options[-1]]
    for combination in product(*options):
        key = "".join(combination)
        if key not in keys:
            keys.append(key)
    return keys


# ---------------------------------------------------------------------------------------------
# The gazetteer
# ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    with resources.files("cluster_analysis").joinpath("places.csv").open(encoding="utf-8") as f:
        table = pd.read_csv(f, dtype=str, keep_default_na=False)
    table["occupied"] = table["occupied"].eq("true")
    return table


def _aliases_of(row: pd.Series) -> list[str]:
    names = [row["id"].replace("_", " "), row["name_en"], row["name_ka"], row["name_ka_genitive"]]
    names += [alias for alias in row["aliases"].split("|") if alias]
    return names


@lru_cache(maxsize=1)
def _index() -> dict[str, dict[str, tuple[str, ...]]]:
    """Normalised key -> place ids, one dict per script ("latin", "georgian").

    Every alias goes through the same normalisation as user input, so the two always agree.
    """
    index: dict[str, dict[str, list[str]]] = {"latin": {}, "georgian": {}}
    for _, row in _table().iterrows():
        for alias in _aliases_of(row):
            cleaned = _clean(alias)
            if GEORGIAN_CHARS.search(cleaned):
                script = "georgian"
            else:
                script = "latin"
                if CYRILLIC_CHARS.search(cleaned):
                    cleaned = _transliterate_cyrillic(cleaned)
                elif LEGACY_CAMEL.search(cleaned):
                    cleaned, script = _legacy_to_georgian(cleaned), "georgian"
            core, _ = _parse(cleaned, script)
            key = "".join(core)
            if not key:
                raise RuntimeError(f"places.csv: alias {alias!r} of {row['id']} has no name words")
            ids = index[script].setdefault(key, [])
            if row["id"] not in ids:
                ids.append(row["id"])
    frozen = {script: {k: tuple(v) for k, v in keys.items()} for script, keys in index.items()}
    _check_unambiguous(frozen)
    return frozen


def _check_unambiguous(index: dict[str, dict[str, tuple[str, ...]]]) -> None:
    """Two units of the same kind must never share a key (town vs municipality may)."""
    kinds = dict(zip(_table()["id"], _table()["kind"], strict=True))
    for script, keys in index.items():
        for key, ids in keys.items():
            seen = [kinds[place_id] for place_id in ids]
            if len(seen) != len(set(seen)):
                raise RuntimeError(f"places.csv: {script} key {key!r} is shared by {ids}")


def _pick(ids: tuple[str, ...], hint: str | None, level: str | None) -> str | None:
    """Choose among units sharing a name: the name's own unit word first, then ``level``."""
    kinds = _kinds()
    if len(ids) == 1 and hint is None and level is None:
        return ids[0]
    wanted_hint = hint if hint is not None else _LEVEL_TO_HINT.get(level or "")
    if wanted_hint is not None:
        for kind in _HINT_KINDS[wanted_hint]:
            matching = [place_id for place_id in ids if kinds[place_id] == kind]
            if matching:
                return matching[0]
        return None
    if level is not None:  # country / occupied_unit: that level, then the default order
        ids = tuple(place_id for place_id in ids if _levels()[place_id] == level)
    for kind in _DEFAULT_KINDS:
        matching = [place_id for place_id in ids if kinds[place_id] == kind]
        if matching:
            return matching[0]
    return None


@lru_cache(maxsize=1)
def _kinds() -> dict[str, str]:
    return dict(zip(_table()["id"], _table()["kind"], strict=True))


@lru_cache(maxsize=1)
def _levels() -> dict[str, str]:
    return dict(zip(_table()["id"], _table()["level"], strict=True))


def _attempts(cleaned: str) -> list[tuple[str, str]]:
    """(script, text) readings of a cleaned name, most likely first."""
    if GEORGIAN_CHARS.search(cleaned):
        return [("georgian", cleaned)]
    if CYRILLIC_CHARS.search(cleaned):
        return [("latin", _transliterate_cyrillic(cleaned))]
    if not cleaned.isascii():
        return [("latin", cleaned)]
    legacy = ("georgian", _legacy_to_georgian(cleaned))
    if LEGACY_CAMEL.search(cleaned):
        return [legacy, ("latin", cleaned)]
    return [("latin", cleaned), legacy]


@lru_cache(maxsize=65536)
def _lookup(name: str, level: str | None) -> tuple[str | None, str, str | None]:
    """(id or None, script of the first reading, the name's unit hint) for one raw name."""
    cleaned = _clean(name)
    index = _index()
    first_script = "latin"
    first_hint: str | None = None
    for position, (script, text) in enumerate(_attempts(cleaned)):
        core, hint = _parse(text, script)
        if position == 0:
            first_script, first_hint = script, hint
        variants = _georgian_variants(core) if script == "georgian" else _latin_variants(core)
        for key in variants:
            ids = index[script].get(key)
            if ids:
                chosen = _pick(ids, hint, level)
                if chosen is not None:
                    return chosen, script, hint
                return None, script, hint
    return None, first_script, first_hint


def _suggestions(name: str, script: str) -> list[str]:
    """The 3 known names closest to ``name`` (difflib), as 'Name (id)'."""
    cleaned = _clean(name)
    if script == "latin" and CYRILLIC_CHARS.search(cleaned):
        cleaned = _transliterate_cyrillic(cleaned)
    core, _ = _parse(cleaned, script)
    key = "".join(core) or cleaned.lower()
    keys = _index()[script]
    closest = difflib.get_close_matches(key, list(keys), n=3, cutoff=0.0)
    lang = "ka" if script == "georgian" else "en"
    out: list[str] = []
    for match in closest:
        for place_id in keys[match]:
            label = f"{place_name(place_id, lang)} ({place_id})"
            if label not in out:
                out.append(label)
    return out[:3]


def normalize_place(name: str, *, level: str | None = None) -> str:
    """Canonical place id (see the module docstring for the scheme) for a Geostat unit's name.

    ``level`` chooses between units sharing a name when the name itself carries no unit word:
    ``None`` (default) prefers country, region, municipality, then city and town, so a bare
    "Zestaponi" is ``zestaponi_municipality``; ``level="town"`` gives ``zestaponi_town``.
    A unit word in the name ("town", "ქალაქი", "Municipality", "C.") always wins over ``level``.
    Raises :class:`InputError` for an unknown name, naming the 3 closest known names; it never
    guesses.
    """
    if level is not None and level not in LEVELS:
        raise InputError(f"level must be one of {', '.join(LEVELS)}; got {level!r}")
    if not isinstance(name, str) or not _clean(name):
        raise InputError(f"expected a place name, got {name!r}")
    place_id, script, hint = _lookup(name, level)
    if place_id is not None:
        return place_id
    wanted = hint or level
    detail = f" as a {wanted}" if wanted else ""
    suggestions = "; ".join(_suggestions(name, script))
    raise InputError(f"unknown place {name.strip()!r}{detail}; closest known names: {suggestions}")


def try_normalize_place(name: object, *, level: str | None = None) -> str | None:
    """Like :func:`normalize_place` but returns ``None`` instead of raising for unknown names."""
    if not isinstance(name, str) or not _clean(name):
        return None
    return _lookup(name, level)[0]


@lru_cache(maxsize=1)
def _records() -> dict[str, dict[str, object]]:
    return {record["id"]: record for record in _table().to_dict("records")}


def _row(place_id: str) -> dict[str, object]:
    record = _records().get(place_id)
    if record is None:
        ids = list(_records())
        known = difflib.get_close_matches(str(place_id), ids, n=3, cutoff=0.0)
        raise InputError(f"unknown place id {place_id!r}; closest ids: {', '.join(known)}")
    return record


def place_name(place_id: str, lang: str = "en", *, qualified: bool = True) -> str:
    """Display name of a place id in English (``lang="en"``) or Georgian (``lang="ka"``).

    ``qualified=True`` (default) adds the unit word Geostat uses so that towns and municipalities
    of the same name never share a label: "Zestaponi Municipality" / "ზესტაფონის მუნიციპალიტეტი",
    "Zestaponi town" / "ქალაქი ზესტაფონი", "Kutaisi city" / "ქ. ქუთაისი", "Adjara AR" /
    "აჭარის ა.რ."; ``qualified=False`` gives the bare nominative ("Zestaponi" / "ზესტაფონი").
    """
    if lang not in ("en", "ka"):
        raise InputError(f"lang must be 'en' or 'ka'; got {lang!r}")
    row = _row(place_id)
    bare = str(row["name_en"] if lang == "en" else row["name_ka"])
    if not qualified:
        return bare
    kind = row["kind"]
    if kind == "municipality":
        return (
            f"{bare} Municipality" if lang == "en" else f"{row['name_ka_genitive']} მუნიციპალიტეტი"
        )
    if kind == "town":
        return f"{bare} town" if lang == "en" else f"ქალაქი {bare}"
    if kind == "city":
        return f"{bare} city" if lang == "en" else f"ქ. {bare}"
    if kind == "autonomous_republic":
        return f"{bare} AR" if lang == "en" else f"{row['name_ka_genitive']} ა.რ."
    return bare


def places() -> pd.DataFrame:
    """A copy of the gazetteer: one row per unit.

    Columns: id, level (country / region / municipality / self_governing_city / town /
    occupied_unit), kind (country / region / autonomous_republic / municipality / city / town),
    name_en, name_ka (nominative), name_ka_genitive, parent (id, empty for the country),
    occupied (bool), aliases ("|"-separated), note.
    """
    return _table().copy()


def parent_of(place_id: str) -> str | None:
    """Id of the unit containing ``place_id`` (a town's municipality, a municipality's region,
    a region's country), or ``None`` for ``georgia``."""
    parent = _row(place_id)["parent"]
    return str(parent) if parent else None


def is_occupied(place_id: str) -> bool:
    """True for units of the occupied territories (Abkhazia AR and the occupied units)."""
    return bool(_row(place_id)["occupied"])
