from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest

from docket.archive import Archive
from docket.model.access import Viewer
from docket.model.record_types import (
    BrokenRecordTypes,
    UnknownField,
    UnknownRecordType,
    ValueKind,
    lint_record_types,
    load_record_types,
)
from docket.records import RecordStore

SHIPPED = Path(str(resources.files("docket.model").joinpath("record_types.yaml")))


def test_shipped_record_types_lint_clean() -> None:
    assert lint_record_types(SHIPPED) == []


def test_every_domain_type_ships_with_labels() -> None:
    types = load_record_types()
    assert set(types.names()) == {
        "person", "organisation", "place", "group", "event", "act", "involvement",
        "intervention", "case", "case_status", "claim",
    }  # fmt: skip
    for record_type in types:
        assert record_type.labels.keys() >= {"en", "ru"}
        for spec in record_type.fields.values():
            assert spec.labels.keys() >= {"en", "ru"}, (record_type.name, spec.name)


def test_field_types_are_parsed() -> None:
    types = load_record_types()
    act = types.get("act")
    assert act.field("victim").kind is ValueKind.REF
    assert act.field("victim").targets == ("person", "group", "organisation")
    assert act.field("victim").many
    assert act.field("victim").required
    assert act.field("violation").taxonomy == "violation_types"
    assert act.field("violation").type_name == "code:violation_types"
    assert types.get("group").field("size").kind is ValueKind.COUNT
    assert types.get("place").field("coordinates").kind is ValueKind.COORDINATES
    assert types.get("person").protected_fields == ("contact", "address", "witness")
    assert types.get("claim").field("source_identity").protected
    witness = types.get("person").field("witness")
    assert witness.kind is ValueKind.STRUCT
    assert witness.parts["real_name"].kind is ValueKind.NAME
    assert types.get("case").expand
    assert types.get("involvement").expand


def test_unknown_names_are_domain_errors() -> None:
    with pytest.raises(UnknownRecordType, match="known: person"):
        load_record_types().get("dragon")
    with pytest.raises(UnknownField, match="fields: name"):
        load_record_types().get("person").field("shoe_size")


BROKEN = {
    "unknown type": "    fields: {a: {type: colour, labels: {en: A, ru: А}}}\n",
    "ref must name record types": "    fields: {a: {type: 'ref:dragon', labels: {en: A, ru: А}}}\n",
    "no taxonomy": "    fields: {a: {type: 'code:nothing', labels: {en: A, ru: А}}}\n",
    "missing ru label": "    fields: {a: {type: text, labels: {en: A}}}\n",
    "choices must be a list": "    fields: {a: {type: integer, choices: [x], labels: {en: A}}}\n",
    "struct needs": "    fields: {a: {type: struct, labels: {en: A, ru: А}}}\n",
    "cardinality": "    fields: {a: {type: text, cardinality: few, labels: {en: A, ru: А}}}\n",
}


@pytest.mark.parametrize("problem", sorted(BROKEN))
def test_lint_reports_each_problem(tmp_path: Path, problem: str) -> None:
    path = tmp_path / "record_types.yaml"
    path.write_text(
        "name: record_types\ntypes:\n  thing:\n    labels: {en: T, ru: Т}\n" + BROKEN[problem],
        encoding="utf-8",
    )
    problems = lint_record_types(path)
    assert any(problem in message for message in problems), problems
    with pytest.raises(BrokenRecordTypes):
        load_record_types(path)


def test_adding_a_field_is_a_data_change_only(
    archive: Archive, tmp_path: Path, owner: Viewer
) -> None:
    path = tmp_path / "record_types.yaml"
    shutil.copy(SHIPPED, path)
    with path.open("a", encoding="utf-8") as file:
        file.write(
            "      interpreter:\n"
            "        type: text\n"
            "        protected: true\n"
            '        labels: {en: "Interpreter", ru: "Переводчик"}\n'
        )
    assert lint_record_types(path) == []
    extended = load_record_types(path)
    assert extended.get("claim").field("interpreter").protected
    store = RecordStore(archive.kernel, owner, extended)
    person = store.create("person", {"name": "Azamat Beishenov"})
    claim = store.create(
        "claim",
        {"claimant": person.id, "statement": "unproven", "interpreter": "A. B."},
    )
    assert store.get(claim.id).first("interpreter") is None  # redacted
    assert store.get(claim.id, reveal=True).first("interpreter") == "A. B."
