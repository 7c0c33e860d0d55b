"""A SYNTHETIC Local Contexts Hub API v2 project answer, for the client's mechanics only.

No recorded Hub response is bundled, so this payload is made up: the project, community and ids
are invented and every text says "SYNTHETIC". Its shape follows the Hub's own v2 serializers
(localcontexts/localcontextshub, ``api/versioned/v2/serializers.py``: ProjectNoNoticeSerializer
with TKLabelSerializer and BCLabelSerializer, and ProjectSerializer with NoticeSerializer). The
real label texts and icons belong to Local Contexts and the communities and are not copied.
"""

from __future__ import annotations

import zlib

SYNTHETIC_PROJECT_ID = "00000000-0000-4000-8000-00000000a001"
SYNTHETIC_NOTICE_PROJECT_ID = "00000000-0000-4000-8000-00000000a002"


def _label(kind: str, name: str, label_type: str) -> dict:
    return {
        "unique_id": f"00000000-0000-4000-8000-{zlib.crc32(name.encode()):012d}",
        "name": name,
        "label_type": label_type,
        "language_tag": "en",
        "language": "English",
        "label_text": f"SYNTHETIC text standing in for the community's {kind} label text.",
        "img_url": "https://example.org/synthetic.png",
        "svg_url": "https://example.org/synthetic.svg",
        "audiofile": None,
        "community": "SYNTHETIC community",
        "translations": [],
        "created": "2024-01-01T00:00:00Z",
        "updated": "2024-01-01T00:00:00Z",
    }


def _project(unique_id: str, title: str) -> dict:
    return {
        "unique_id": unique_id,
        "external_ids": {"providers_id": None, "publication_doi": None, "project_data_guid": None},
        "source_project_uuid": None,
        "project_page": f"https://localcontextshub.org/projects/{unique_id}",
        "title": title,
        "description": "SYNTHETIC project for the h4og-kit tests.",
        "project_type": "Collection",
        "project_contact": {"name": "SYNTHETIC", "email": "synthetic@example.org"},
        "urls": [],
        "project_privacy": "Public",
        "date_added": "2024-01-01T00:00:00Z",
        "date_modified": "2024-01-01T00:00:00Z",
        "created_by": [{"community": {"id": 1, "name": "SYNTHETIC community",
                                      "profile_url": "https://example.org/community"}}],
        "contributors": {"institutions": [], "communities": [], "researchers": [], "others": []},
        "sub_projects": [],
        "related_projects": [],
        "project_boundary_geojson": None,
    }


def labelled_project() -> dict:
    """A project with TK and BC Labels (the Hub's labels-only serializer)."""
    return _project(SYNTHETIC_PROJECT_ID, "SYNTHETIC labelled project") | {
        "tk_labels": [
            _label("TK", "TK Attribution (TK A)", "attribution"),
            _label("TK", "TK Secret / Sacred (TK SS)", "secret_sacred"),
            _label("TK", "TK Seasonal (TK S)", "seasonal"),
        ],
        "bc_labels": [_label("BC", "BC Provenance (BC P)", "provenance")],
    }


def notice_project() -> dict:
    """A project with Notices only (the Hub's notices-only serializer), one of an unknown type."""
    return _project(SYNTHETIC_NOTICE_PROJECT_ID, "SYNTHETIC notice project") | {
        "notice": [
            {"notice_type": "traditional_knowledge", "name": "Traditional Knowledge (TK) Notice",
             "img_url": "https://example.org/n.png", "svg_url": "https://example.org/n.svg",
             "default_text": "SYNTHETIC notice text.", "translations": [],
             "created": "2024-01-01T00:00:00Z", "updated": "2024-01-01T00:00:00Z"},
            {"notice_type": "synthetic_future_notice", "name": "SYNTHETIC future notice",
             "img_url": "", "svg_url": "", "default_text": "SYNTHETIC", "translations": [],
             "created": "2024-01-01T00:00:00Z", "updated": "2024-01-01T00:00:00Z"},
        ],
    }
