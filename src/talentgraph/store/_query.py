"""Listing rows a page at a time, filtered and sorted by whitelisted columns."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from talentgraph.errors import ParameterError

__all__ = ["Page", "paginate"]

T = TypeVar("T")
MAX_LIMIT = 200


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a list: the items, how many there are in all, and where this page starts."""

    items: Sequence[T]
    total: int
    limit: int
    offset: int


def paginate(session: Session, query: Select[Any], *, limit: int = 50, offset: int = 0,
             sort: str | None = None,
             sortable: Mapping[str, InstrumentedAttribute[Any]] | None = None,
             default_sort: InstrumentedAttribute[Any] | None = None) -> Page[Any]:
    """A page of ``query``. ``sort`` is a column name from ``sortable``, "-name" for
    descending; ties break on the primary key so pages never overlap."""
    if not 1 <= limit <= MAX_LIMIT:
        raise ParameterError(f"The 'limit' parameter must be between 1 and {MAX_LIMIT}. "
                             f"Got {limit} instead.")
    if offset < 0:
        raise ParameterError(f"The 'offset' parameter must be 0 or more. Got {offset} instead.")
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    entity = query.column_descriptions[0]["entity"]
    order = []
    if sort:
        name = sort.removeprefix("-")
        if not sortable or name not in sortable:
            allowed = ", ".join(sorted(sortable or {})) or "none"
            raise ParameterError(f"The 'sort' parameter must be one of {allowed} (prefix - for "
                                 f"descending). Got {sort!r} instead.")
        column = sortable[name]
        order.append(column.desc() if sort.startswith("-") else column.asc())
    elif default_sort is not None:
        order.append(default_sort)
    order.append(entity.id.asc())
    items = session.scalars(query.order_by(*order).limit(limit).offset(offset)).unique().all()
    return Page(items=items, total=total, limit=limit, offset=offset)
