"""Which languages a collection's titles and descriptions are in.

The language tag a source gives (the common ``language`` column: "en", "en-GB", "fre", "spa")
comes first. Where a record has no usable tag, the text itself is identified with py3langid (an
offline, pure-Python fork of langid.py whose model ships inside the package; nothing is
downloaded). Short titles are hard to identify: below ``min_confidence`` the answer is "und"
(undetermined) rather than a guess, and every answer says how it was reached (``tag`` or
``detected``), so a chart never passes a guess off as a catalogue fact.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

#: The languages the detector chooses among: those of European GLAM collections and the
#: largest others. Fewer candidates make short texts far less error-prone.
DETECTABLE = (
    "en", "nl", "de", "fr", "es", "it", "pt", "ca", "la", "sv", "da", "no", "fi", "is", "et",
    "lv", "lt", "pl", "cs", "sk", "sl", "hr", "hu", "ro", "bg", "el", "ru", "uk", "ga", "cy",
    "tr", "ar", "he", "ja", "zh", "ko",
)

UNDETERMINED = "und"

# ISO 639-2 (bibliographic and terminology) codes of the detectable languages, as Europeana's
# dcLanguage and MARC records give them ("fre", "spa", "ger", "dut").
_ISO639_2 = {
    "eng": "en", "dut": "nl", "nld": "nl", "ger": "de", "deu": "de", "fre": "fr", "fra": "fr",
    "spa": "es", "ita": "it", "por": "pt", "cat": "ca", "lat": "la", "swe": "sv", "dan": "da",
    "nor": "no", "nob": "no", "nno": "no", "fin": "fi", "ice": "is", "isl": "is", "est": "et",
    "lav": "lv", "lit": "lt", "pol": "pl", "cze": "cs", "ces": "cs", "slo": "sk", "slk": "sk",
    "slv": "sl", "hrv": "hr", "hun": "hu", "rum": "ro", "ron": "ro", "bul": "bg", "gre": "el",
    "ell": "el", "rus": "ru", "ukr": "uk", "gle": "ga", "wel": "cy", "cym": "cy", "tur": "tr",
    "ara": "ar", "heb": "he", "jpn": "ja", "chi": "zh", "zho": "zh", "kor": "ko",
}
# Tags that say "no particular language" (ISO 639-2 special codes) or Europeana's "def" key.
_NO_LANGUAGE = {"und", "mul", "zxx", "mis", "def", "none", ""}


def language_tag(value) -> str | None:
    """A source's language tag as a two-letter code ("en-GB" -> "en", "fre" -> "fr").

    Lists and "; "-joined values give their first tag. Tags meaning "undetermined" or "multiple"
    give None; a well-formed tag of a language not listed here is returned lower-cased.
    """
    if value is None or isinstance(value, float):
        return None
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
        return language_tag(value)
    first = re.split(r"[;,|\s]+", str(value).strip())[0].lower()
    primary = first.replace("_", "-").split("-")[0]
    if primary in _NO_LANGUAGE or not primary.isalpha():
        return None
    if len(primary) == 3:
        return _ISO639_2.get(primary, primary)
    return primary if len(primary) == 2 else None


def understood_language(value: str) -> bool:
    """Whether a source's language value reads as a tag: a language ("fr", "fre", "pt-BR") or
    one of the codes for no particular language ("und", "mul", "zxx"). "English" does not."""
    first = re.split(r"[;,|\s]+", value.strip())[0].lower()
    return language_tag(value) is not None or first in _NO_LANGUAGE - {"", "none"}


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(DETECTABLE))
    return identifier


def detect_language(text, min_confidence: float = 0.5, min_letters: int = 12) -> tuple[str, float]:
    """The language of ``text`` and the detector's confidence (0-1).

    Returns ("und", confidence) when the text has fewer than ``min_letters`` letters or the
    detector is less sure than ``min_confidence``.
    """
    if not isinstance(text, str) or sum(ch.isalpha() for ch in text) < min_letters:
        return UNDETERMINED, 0.0
    language, confidence = _identifier().classify(text)
    confidence = float(confidence)
    return (language if confidence >= min_confidence else UNDETERMINED), confidence


def record_languages(
    df: pd.DataFrame,
    columns=("title", "description"),
    tag_column: str = "language",
    min_confidence: float = 0.5,
) -> pd.DataFrame:
    """Per record and per text column: ``<column>_language`` and ``<column>_language_method``.

    The method is ``tag`` (the source's tag), ``detected`` (py3langid, at least
    ``min_confidence`` sure), ``undetermined`` (text too short or detector unsure) or ``empty``.
    """
    import pandas as pd

    tags = df[tag_column].map(language_tag) if tag_column in df else pd.Series(None, index=df.index)
    result = pd.DataFrame(index=df.index)
    for column in columns:
        if column not in df:
            continue
        texts = df[column]
        detected = {
            text: detect_language(text, min_confidence)[0]
            for text in texts[tags.isna() & texts.notna()].unique()
        }
        languages, methods = [], []
        for text, tag in zip(texts, tags):
            if not isinstance(text, str) or not text.strip():
                languages.append(None)
                methods.append("empty")
            elif isinstance(tag, str):  # a tag the API gave (missing tags are None or pd.NA)
                languages.append(tag)
                methods.append("tag")
            else:
                language = detected[text]
                languages.append(language)
                methods.append("undetermined" if language == UNDETERMINED else "detected")
        result[f"{column}_language"] = pd.array(languages, dtype="string")
        result[f"{column}_language_method"] = pd.array(methods, dtype="string")
    return result


def languages(
    df: pd.DataFrame,
    columns=("title", "description"),
    tag_column: str = "language",
    min_confidence: float = 0.5,
) -> pd.DataFrame:
    """Which languages the titles and descriptions are in: a tidy count.

    One row per ``source`` (when the frame has one), ``field``, ``language`` and ``method``, with
    ``records`` and ``share`` (of the field's non-empty values in that source). Empty fields are
    left out; undetermined ones are kept as language "und", so nothing is hidden.
    """
    import pandas as pd

    per_record = record_languages(df, columns, tag_column, min_confidence)
    source = df["source"] if "source" in df else pd.Series("all", index=df.index)
    frames = []
    for column in columns:
        if f"{column}_language" not in per_record:
            continue
        frame = pd.DataFrame(
            {
                "source": source.astype("string"),
                "field": column,
                "language": per_record[f"{column}_language"],
                "method": per_record[f"{column}_language_method"],
            }
        )
        frames.append(frame[frame["method"] != "empty"])
    columns_out = ["source", "field", "language", "method", "records", "share"]
    if not frames:
        return pd.DataFrame(columns=columns_out)
    tidy = pd.concat(frames, ignore_index=True)
    counts = tidy.groupby(["source", "field", "language", "method"], dropna=False).size()
    counts = counts.rename("records").reset_index()
    totals = counts.groupby(["source", "field"])["records"].transform("sum")
    counts["share"] = (counts["records"] / totals).round(4)
    return counts.sort_values(["source", "field", "records"], ascending=[True, True, False],
                              ignore_index=True)[columns_out]
