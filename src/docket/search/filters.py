"""Search filters on item columns, turned into one SQL condition that both engines accept.

The condition refers to the ``items`` table as ``i``; every value is a bound parameter. The
viewer's ``Visibility`` is not a filter but a required argument: a search cannot forget it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from docket.errors import InvalidQuery
from docket.model.access import LEVELS, Visibility
from docket.search import cited

# What a user means by the short names, and the media types ingest records for them.
MEDIA_TYPE_SHORTHANDS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "pdf": ("application/pdf",),
        "html": ("text/html", "application/xhtml+xml"),
        "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",),
        "text": ("text/plain", "text/markdown"),
        "email": ("message/rfc822", "application/vnd.ms-outlook"),
        "image": ("image/*",),
        "zip": ("application/zip", "application/x-zip-compressed"),
    }
)

_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{1,8})*")
_MEDIA_TYPE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]*/(?:\*|[a-z0-9][a-z0-9!#$&^_.+-]*)")


@dataclass(frozen=True)
class SearchFilters:
    """Restrictions on which items a search returns; ``None`` means no restriction.

    ``date_from``/``date_to`` (inclusive) apply to the publication date, or to the collection
    date for items without one. ``media_type`` is a shorthand (see
    :data:`MEDIA_TYPE_SHORTHANDS`), a media type, or ``type/*``. ``level`` keeps the items of
    one confidentiality level (among those the viewer may see).

    ``violation`` (a violation type code), ``place`` and ``actor`` (record ids) keep the items
    cited by records: by an act of that violation type; by an act or event at that place; by
    that person or organisation, or by an act, intervention or involvement referring to them.
    The records must be visible to the same viewer and not retracted.
    """

    language: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    media_type: str | None = None
    level: str | None = None
    violation: str | None = None
    place: int | None = None
    actor: int | None = None


@dataclass(frozen=True)
class ItemCondition:
    """A SQL condition on ``items AS i`` and its parameters; ``sql`` is empty for no condition.

    ``expanding`` names the parameters that hold lists (SQLAlchemy expands them for ``IN``).
    ``impossible`` is true when no item can pass, so the search need not run at all.
    """

    sql: str = ""
    parameters: Mapping[str, object] = field(default_factory=dict)
    expanding: tuple[str, ...] = ()
    impossible: bool = False


def item_condition(filters: SearchFilters, visibility: Visibility) -> ItemCondition:
    """The condition for ``filters`` and what ``visibility`` lets the viewer see;
    :class:`InvalidQuery` for a value that makes no sense."""
    clauses: list[str] = [visibility.sql("i.confidentiality")]
    parameters: dict[str, object] = dict(visibility.parameters())
    expanding: list[str] = [Visibility.PARAMETER]
    impossible = not visibility.levels
    if filters.language is not None:
        language = filters.language.strip().lower()
        if not _LANGUAGE.fullmatch(language):
            raise InvalidQuery(
                f"'{filters.language[:40]}' is not a language code such as ru or ky."
            )
        # "ru" also selects items tagged with a regional variant such as "ru-KG".
        clauses.append("(lower(i.language) = :f_language OR lower(i.language) LIKE :f_variants)")
        parameters["f_language"] = language
        parameters["f_variants"] = f"{language}-%"
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise InvalidQuery("The start date is after the end date.")
    day = "coalesce(i.published, substr(i.collected_at, 1, 10))"
    if filters.date_from is not None:
        clauses.append(f"{day} >= :f_date_from")
        parameters["f_date_from"] = filters.date_from.isoformat()
    if filters.date_to is not None:
        clauses.append(f"{day} <= :f_date_to")
        parameters["f_date_to"] = filters.date_to.isoformat()
    if filters.media_type is not None:
        clauses.append(_media_type_clause(filters.media_type, parameters))
    if filters.level is not None:
        if filters.level not in LEVELS:
            raise InvalidQuery(
                f"'{filters.level[:40]}' is not a level; levels: {', '.join(LEVELS)}."
            )
        # A level above the viewer's selects nothing, exactly like a level nobody used.
        impossible = impossible or not visibility.allows(filters.level)
        clauses.append("i.confidentiality = :f_level")
        parameters["f_level"] = filters.level
    if filters.violation is not None or filters.place is not None or filters.actor is not None:
        parameters.update(cited.PARAMETERS)
        if filters.violation is not None:
            parameters["f_violation"] = cited.violation_value(filters.violation)
            clauses.append(_cited_clause(cited.violations(visibility), "f_violation"))
        if filters.place is not None:
            parameters["f_place"] = cited.record_id(filters.place, "place")
            clauses.append(_cited_clause(cited.places(visibility), "f_place"))
        if filters.actor is not None:
            parameters["f_actor"] = cited.record_id(filters.actor, "actor")
            clauses.append(_cited_clause(cited.actors(visibility), "f_actor"))
    return ItemCondition(" AND ".join(clauses), parameters, tuple(expanding), impossible)


def _cited_clause(fragment: str, key: str) -> str:
    return f"i.id IN (SELECT cx.item_id FROM ({fragment}) AS cx WHERE cx.facet_key = :{key})"  # noqa: S608


def media_types(name: str) -> tuple[str, ...]:
    """The media types (``type/*`` for a whole family) that ``name`` stands for."""
    wanted = name.strip().lower()
    if wanted in MEDIA_TYPE_SHORTHANDS:
        return MEDIA_TYPE_SHORTHANDS[wanted]
    if _MEDIA_TYPE.fullmatch(wanted):
        return (wanted,)
    choices = ", ".join(MEDIA_TYPE_SHORTHANDS)
    raise InvalidQuery(
        f"'{name[:40]}' is not a media type; use one of {choices} or a type/subtype."
    )


def _media_type_clause(name: str, parameters: dict[str, object]) -> str:
    alternatives: list[str] = []
    for number, media_type in enumerate(media_types(name)):
        key = f"f_type_{number}"
        if media_type.endswith("/*"):
            parameters[key] = _like_prefix(media_type[:-1])
            alternatives.append(f"lower(i.media_type) LIKE :{key} ESCAPE '\\'")
        else:
            # A stored type may carry parameters: "text/plain; charset=utf-8".
            parameters[key] = media_type
            parameters[f"{key}_params"] = _like_prefix(f"{media_type};")
            alternatives.append(
                f"(lower(i.media_type) = :{key} "
                f"OR lower(i.media_type) LIKE :{key}_params ESCAPE '\\')"
            )
    return "(" + " OR ".join(alternatives) + ")"


def _like_prefix(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"{escaped}%"
