"""Open collection dumps published on GitHub (Tate, MoMA, Cooper Hewitt), read in chunks.

::

    h4og_kit.search("dumps", "turner", dataset="tate")
    h4og_kit.search("dumps", "female", dataset="moma-artists", limit=None)
    h4og_kit.sources.load("dumps").get("cooperhewitt/18100461")

:data:`DATASETS` lists the dumps the kit knows. A table dump (CSV) is downloaded once through the
kit's HTTP path (so it is cached like any answer; the body is held in memory while it is read)
and then read with pandas in chunks of ``chunk_rows`` rows, one page per chunk (offset paging over
the rows of the file, read once from start to end); the query filters the rows locally, and the
cursor of a resumable harvest is the number of rows already read.
Cooper Hewitt publishes one JSON file per object instead of a table: ``get`` fetches one object by
id, a search is not possible.

Record ids are ``"<dataset>/<id in the dump>"`` (e.g. ``"tate/1035"``), so records of different
dumps never collide. Artist tables hold people, not works: their records have type ``"person"``,
the person's name as title, the life dates as date, and no creator.

Rights: these dumps release their *metadata* under CC0 (see ``Dataset.metadata_license``); that
says nothing about the works or their images, so a record's ``rights`` is only what the row
itself says (Tate's ``thumbnailCopyright``), and otherwise unknown.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from h4og_kit import http
from h4og_kit.i18n import N_
from h4og_kit.records import record
from h4og_kit.sources.base import Search, expose
from h4og_kit.sources.offline import matches
from h4og_kit.sources.paging import Batch, OffsetPaged, Request

TATE = "https://raw.githubusercontent.com/tategallery/collection/master/"
MOMA = "https://media.githubusercontent.com/media/MuseumofModernArt/collection/main/"
COOPER_HEWITT = "https://raw.githubusercontent.com/cooperhewitt/collection/master/"
CC0 = "https://creativecommons.org/publicdomain/zero/1.0/"


@dataclass(frozen=True)
class Dataset:
    """One known dump: where it lives, whose it is, how to reach its rows.

    ``root`` is the folder of the published files; ``table`` the path of a CSV read in chunks
    (None when there is no single table); ``objects`` the path template of one object's JSON.
    """

    name: str
    title: str
    institution: str
    home: str
    metadata_license: str
    root: str
    table: str | None = None
    objects: str | None = None

    def object_path(self, object_id: str) -> str:
        """``objects`` filled in: Cooper Hewitt files 18100461 under ``181/004/61/``."""
        digits = str(object_id)
        return str(self.objects).format(id=digits, a=digits[:3], b=digits[3:6], c=digits[6:])


DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset(
            "tate",
            "Tate collection: artworks",
            "Tate",
            "https://github.com/tategallery/collection",
            CC0,
            TATE,
            table="artwork_data.csv",
        ),
        Dataset(
            "tate-artists",
            "Tate collection: artists",
            "Tate",
            "https://github.com/tategallery/collection",
            CC0,
            TATE,
            table="artist_data.csv",
        ),
        Dataset(
            "moma-artists",
            "MoMA collection: artists",
            "The Museum of Modern Art",
            "https://github.com/MuseumofModernArt/collection",
            CC0,
            MOMA,
            table="Artists.csv",
        ),
        Dataset(
            "cooperhewitt",
            "Cooper Hewitt collection: objects",
            "Cooper Hewitt, Smithsonian Design Museum",
            "https://github.com/cooperhewitt/collection",
            CC0,
            COOPER_HEWITT,
            objects="objects/{a}/{b}/{c}/{id}.json",
        ),
    )
}


# -- one mapping per row shape ---------------------------------------------------------------------


def _value(row: dict, key: str) -> Any:
    """A field of a row; empty strings, NaN and the dumps' ``0`` for "no year" become None."""
    value = row.get(key)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _year(row: dict, key: str) -> int | None:
    value = _value(row, key)
    try:
        year = int(float(value))
    except (TypeError, ValueError):
        return None
    return year or None


def _tate_artwork_row(row: dict) -> dict:
    """A row of Tate's artwork_data.csv (both the 2013 and the final 2014 columns)."""
    start = _year(row, "year")
    return record(
        "dumps",
        id=f"tate/{row['id']}",
        title=_value(row, "title"),
        creator=_value(row, "artist"),
        date=_value(row, "dateText") or _value(row, "year"),
        date_start=start,
        date_end=start,
        description=_value(row, "medium"),
        institution="Tate",
        url=_value(row, "url"),
        thumbnail_url=_value(row, "thumbnailUrl"),
        rights=_value(row, "thumbnailCopyright"),
        language="en",
    )


def _tate_artwork_json(o: dict) -> dict:
    """One of Tate's per-artwork JSON files."""
    span = o.get("dateRange") or {}
    return record(
        "dumps",
        id=f"tate/{o['id']}",
        title=o.get("title"),
        creator=o.get("all_artists"),
        date=o.get("dateText"),
        date_start=span.get("startYear"),
        date_end=span.get("endYear"),
        type=o.get("classification"),
        description=o.get("medium"),
        institution="Tate",
        url=o.get("url"),
        thumbnail_url=o.get("thumbnailUrl"),
        rights=o.get("thumbnailCopyright"),
        language="en",
    )


def _person_description(*parts: tuple[str, Any]) -> str | None:
    text = ". ".join(f"{label}{value}" for label, value in parts if value)
    return text or None


def _tate_artist_row(row: dict) -> dict:
    """A row of Tate's artist_data.csv: a person."""
    return record(
        "dumps",
        id=f"tate-artists/{row['id']}",
        title=_value(row, "name"),
        date=_value(row, "dates"),
        date_start=_year(row, "yearOfBirth"),
        date_end=_year(row, "yearOfDeath"),
        type="person",
        description=_person_description(
            ("", _value(row, "gender")),
            ("Born in ", _value(row, "placeOfBirth")),
            ("Died in ", _value(row, "placeOfDeath")),
        ),
        institution="Tate",
        url=_value(row, "url"),
        place=[_value(row, "placeOfBirth"), _value(row, "placeOfDeath")],
    )


def _tate_artist_json(o: dict) -> dict:
    """One of Tate's per-artist JSON files: a person."""
    birth, death = o.get("birth") or {}, o.get("death") or {}
    born = (birth.get("place") or {}).get("name")
    died = (death.get("place") or {}).get("name")
    return record(
        "dumps",
        id=f"tate-artists/{o['id']}",
        title=o.get("mda"),
        date=o.get("date"),
        date_start=o.get("birthYear") or (birth.get("time") or {}).get("startYear"),
        date_end=(death.get("time") or {}).get("startYear"),
        type="person",
        description=_person_description(
            ("", o.get("gender")),
            ("Born in ", born),
            ("Died in ", died),
        ),
        institution="Tate",
        url=o.get("url"),
        place=[born, died],
    )


def _moma_artist_row(row: dict) -> dict:
    """A row of MoMA's Artists.csv: a person (BeginDate/EndDate 0 mean unknown)."""
    qid, ulan = _value(row, "Wiki QID"), _value(row, "ULAN")
    if qid:
        url = f"https://www.wikidata.org/wiki/{qid}"
    elif ulan:
        url = f"http://vocab.getty.edu/page/ulan/{int(float(ulan))}"
    else:
        url = None
    return record(
        "dumps",
        id=f"moma-artists/{row['ConstituentID']}",
        title=_value(row, "DisplayName"),
        date=_value(row, "ArtistBio"),
        date_start=_year(row, "BeginDate"),
        date_end=_year(row, "EndDate"),
        type="person",
        description=_person_description(
            ("", _value(row, "ArtistBio")),
            ("", _value(row, "Gender")),
        ),
        institution="The Museum of Modern Art",
        url=url,
    )


#: Roles in Cooper Hewitt's ``participants`` that are not the object's makers.
NOT_MAKERS = frozenset({"donor", "lender", "owner", "previous owner", "funder"})


def _cooperhewitt_object(o: dict) -> dict:
    """One of Cooper Hewitt's per-object JSON files."""
    makers = [
        p.get("person_name")
        for p in o.get("participants") or []
        if str(p.get("role_name", "")).lower() not in NOT_MAKERS
    ]
    images = o.get("images") or []
    primary = next((i for i in images if (i.get("b") or {}).get("is_primary") == "1"), None)
    primary = primary or (images[0] if images else {})
    start, end = _year(o, "year_start"), _year(o, "year_end")
    return record(
        "dumps",
        id=f"cooperhewitt/{o['id']}",
        title=o.get("title"),
        creator=makers,
        date=o.get("date"),
        date_start=start,
        date_end=end,
        type=o.get("type"),
        description=o.get("medium") or o.get("description"),
        institution="Cooper Hewitt, Smithsonian Design Museum",
        url=o.get("url"),
        image_url=(primary.get("b") or {}).get("url"),
        thumbnail_url=(primary.get("n") or {}).get("url"),
        language="en",
        place=o.get("woe:country"),
    )


@dataclass(frozen=True)
class Shape:
    """How to recognize a row (or JSON object) of one dump, and how to map it."""

    dataset: str
    keys: frozenset[str]
    to_record: Callable[[dict], dict]


SHAPES: tuple[Shape, ...] = (
    Shape("tate", frozenset({"accession_number", "artistId"}), _tate_artwork_row),
    Shape("tate", frozenset({"acno", "all_artists"}), _tate_artwork_json),
    Shape("tate-artists", frozenset({"yearOfBirth", "placeOfBirth"}), _tate_artist_row),
    Shape("tate-artists", frozenset({"fc", "mda", "birthYear", "totalWorks"}), _tate_artist_json),
    Shape("moma-artists", frozenset({"ConstituentID", "DisplayName"}), _moma_artist_row),
    Shape("cooperhewitt", frozenset({"tms:id", "accession_number"}), _cooperhewitt_object),
)


def shape_of(keys: Any) -> Shape | None:
    """The shape whose identifying keys are all among ``keys`` (CSV columns or JSON keys)."""
    present = {str(k) for k in keys}
    return next((s for s in SHAPES if s.keys <= present), None)


# -- the source ------------------------------------------------------------------------------------


class DumpsSource(OffsetPaged):
    name = "dumps"
    title = "Collection dumps"
    description = N_("Open data dumps (Tate, MoMA and others) published as CSV or JSON on GitHub.")
    terms_url = "https://github.com/tategallery/collection"
    aliases = ("dump",)
    base_url = ""
    extra_hosts = tuple(sorted({d.root for d in DATASETS.values()}))
    politeness = http.Politeness(connections=2, rate=2, read_timeout=300)
    local_query = True  # a file has no search: its rows are filtered here
    offset_param, size_param = "skip", "rows"  # of the rows of the downloaded file

    def __init__(
        self,
        base_url: str | None = None,
        politeness: http.Politeness | None = None,
        api_key: str | None = None,
        chunk_rows: int = 5000,
        *,
        allow_private: bool = False,
    ):
        """``base_url``: a mirror holding the dumps' files at their paths (a local copy, a test
        server; served dashboards reach it only when its host is in ``H4OG_ALLOWED_HOSTS``);
        ``chunk_rows``: how many CSV rows are read at a time (one page each)."""
        super().__init__(base_url, politeness, api_key, allow_private=allow_private)
        self.chunk_rows = self.page_size = chunk_rows

    def location(self, info: Dataset, path: str) -> str:
        return f"{self.base_url}/{path}" if self.base_url else info.root + path

    def offline_matches(self, record: dict, query: str, dataset: str | None = None, **filters) -> bool:
        """Offline, ``dataset=`` keeps the bundled records of that dump only."""
        if dataset is not None and not record["id"].startswith(f"{dataset_info(dataset).name}/"):
            return False
        return matches(record, query)

    def request(self, search: Search) -> Request:
        """The table file of the dump in ``dataset=``, whose rows are read in chunks."""
        filters = dict(search.filters)
        dataset = filters.pop("dataset", None)
        if filters:
            raise http.SourceError(
                self.name,
                None,
                hint=f"The dumps source takes only dataset= (got {sorted(filters)}).",
            )
        info = search.memo["dataset"] = dataset_info(dataset)
        return Request(self.location(info, self._table(info)), as_="bytes")

    def answer(self, request: Request, search: Search) -> tuple[Any, int, bool]:
        """The chunk of rows after the first ``skip``, read on from the chunk before it when this
        search read that one (the file is parsed once from start to end, not once per page)."""
        skip = request.params[self.offset_param]
        reading = search.memo.get("reading")
        if reading is None or reading[1] != skip:
            reading = (self._chunks(search.memo["dataset"], skip), skip)
        chunk, done, last = next(reading[0])
        search.memo["reading"] = (reading[0], done)
        return chunk, done, last

    def read(self, answer: tuple[Any, int, bool], search: Search) -> Batch:
        chunk, done, last = answer
        return Batch(self.parse(chunk), done if last else None, count=len(chunk))

    def _table(self, info: Dataset) -> str:
        """The path of the dump's table; a SourceError for a dump without one."""
        if not info.table:
            raise http.SourceError(
                self.name,
                None,
                hint=f"{info.title} has one JSON file per object and no table to search: fetch "
                f"objects by id, e.g. h4og_kit.sources.load('dumps').get('{info.name}/18100461').",
            )
        return info.table

    def _chunks(self, info: Dataset, skip: int):
        """(chunk, rows read so far, is it the last) over a table dump, after ``skip`` rows.

        The file is fetched whole through the kit's HTTP path (cached like any answer) and read
        from memory in chunks of ``chunk_rows``.
        """
        import pandas as pd

        body = self.fetch(self.location(info, self._table(info)), as_="bytes")
        reader = pd.read_csv(
            io.BytesIO(body),
            dtype=str,
            keep_default_na=False,
            encoding="utf-8-sig",
            chunksize=self.chunk_rows,
        )
        done = 0
        chunk = next(reader, None)
        while chunk is not None:
            following = next(reader, None)
            start, done = done, done + len(chunk)
            if done > skip:
                yield chunk.iloc[max(skip - start, 0) :], done, following is None
            chunk = following
        if done <= skip:  # resumed after the last row: nothing is left
            yield pd.DataFrame(), done, True

    def get_payload(self, record_id: str) -> Any:
        """One object's JSON (Cooper Hewitt), or the table row (a dict) with that record id."""
        name, _, object_id = str(record_id).partition("/")
        info = dataset_info(name)
        if info.objects:
            return self.fetch(self.location(info, info.object_path(object_id)))
        for chunk, _, _ in self._chunks(info, 0):
            for row, rec in zip(chunk.to_dict("records"), self.parse(chunk)):
                if rec["id"] == record_id:
                    return row
        raise http.SourceError(
            self.name,
            self.location(info, info.table or ""),
            hint=f"No row with id {object_id!r} in {info.title}.",
        )

    def parse(self, payload: Any) -> list[dict]:
        """Records of a dump: CSV text or bytes, a pandas chunk, one JSON object or a list of them.

        The dump is recognized by its columns or keys (see :data:`SHAPES`).
        """
        import pandas as pd

        if isinstance(payload, (str, bytes)):
            data = payload.encode("utf-8") if isinstance(payload, str) else payload
            payload = pd.read_csv(
                io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig"
            )
        if isinstance(payload, pd.DataFrame):
            shape = shape_of(payload.columns)
            return [shape.to_record(row) for row in payload.to_dict("records")] if shape else []
        if isinstance(payload, list):
            return [r for item in payload for r in self.parse(item)]
        if isinstance(payload, dict):
            shape = shape_of(payload)
            return [shape.to_record(payload)] if shape else []
        return []


def dataset_info(name: str | None) -> Dataset:
    """The :class:`Dataset` called ``name``; the error lists the known ones."""
    if name in DATASETS:
        return DATASETS[name]
    raise http.SourceError(
        "dumps",
        None,
        hint=f"Choose a dump with dataset=...: {', '.join(DATASETS)}"
        + ("" if name is None else f" ({name!r} is not one of them)")
        + ".",
    )


default, search, get, parse = expose(DumpsSource)
