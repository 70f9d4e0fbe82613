"""Records read by their titles name a record already read whole in the same transaction from
that reading (``known``), as reading it again would: the same titles for every role, one
statement fewer."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Engine, event
from tests.support import as_owner

from docket.archive import Archive
from docket.db.engine import reading
from docket.model.access import Role, Viewer


@contextmanager
def _statements(engine: Engine) -> Iterator[list[str]]:
    sent: list[str] = []

    def record(*arguments: object) -> None:
        sent.append(str(arguments[2]))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


@pytest.mark.parametrize("role", [Role.ADMIN, Role.EDITOR, Role.ANALYST, Role.VIEWER])
def test_referrers_name_the_record_read_whole_as_reading_it_again_would(
    archive: Archive, role: Role
) -> None:
    owner = as_owner(archive)
    person = owner.records.create("person", {"name": "Асан Усенов"}).id
    act = owner.records.create(
        "act", {"violation": "torture", "victim": {"ref": person}, "status": "alleged"}
    ).id
    # Joined titles name the person, one of them an act too, above some readers' levels.
    referrers = [
        owner.records.create(
            "claim", {"claimant": {"ref": person}, "statement": "He was not there."}
        ).id,
        owner.records.create(
            "involvement",
            {"act": {"ref": act}, "perpetrator": {"ref": person}, "degree": "ordered"},
            confidentiality="restricted",
        ).id,
    ]
    door = archive.as_viewer(Viewer(f"a {role}", role))
    store = door.records
    engine = archive.kernel.engine
    with reading(engine) as connection:
        whole = store.views_in(connection, ids=[person], include_retracted=True, quotes=True)[0]
        ids = sorted(store.referrers_in(connection, [whole]))

        def titled(*, known: bool) -> tuple[list[tuple[int, str, dict[int, str]]], int]:
            with _statements(engine) as sent:
                views = store.views_in(
                    connection,
                    ids=ids,
                    include_retracted=True,
                    sources=False,
                    fields=store.title_fields,
                    known={person: whole} if known else None,
                )
            return [(view.id, view.title, dict(view.names)) for view in views], len(sent)

        again, read_again = titled(known=False)
        reused, read_once = titled(known=True)
    assert reused == again
    # The act points at the person too (its victim).
    assert [record_id for record_id, _, _ in reused] == [act] + (
        referrers if role in (Role.ADMIN, Role.EDITOR, Role.ANALYST) else referrers[:1]
    )
    assert all(names[person] == whole.title for _, _, names in reused)
    # The person is not read again; the act, named by the restricted one, still is.
    assert read_once == read_again - (1 if role is Role.VIEWER else 0)
