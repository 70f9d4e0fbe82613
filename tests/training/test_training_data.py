"""Review decisions read as training data, on both backends."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.support import as_owner
from tests.training.decisions import CONDEMNERS, NOT_A_NAME, decide, decide_parties

from docket.archive import Archive
from docket.errors import DocketError, PermissionDenied
from docket.ingest.provenance import Provenance
from docket.model.access import Viewer
from docket.training.data import Example, held_out, read_decisions


def test_decisions_become_examples_split_by_item(archive: Archive, tmp_path: Path) -> None:
    decided = decide(archive, tmp_path / "files", items=6, per_item=3)
    decisions = read_decisions(archive.kernel, Viewer.owner())
    training = decisions.of("en")

    assert training.decisions == decided.accepted + decided.rejected + decided.acts
    assert training.contradictions == 0
    # No item is on both sides, and at least one scores the model.
    assert training.held_out

    # Each item has one sentence of its own ("Report N …"): no item is on both sides.
    def reports(examples: tuple[Example, ...]) -> set[str]:
        return {e.text for e in examples if e.text.startswith("Report ")}

    assert reports(training.train).isdisjoint(reports(training.held_out))
    assert len(reports(training.train)) + len(reports(training.held_out)) == 6
    first = next(e for e in training.train if e.entities)
    assert first.text.startswith(f"On {NOT_A_NAME} ")
    labels = {(first.text[s:e], label) for s, e, label in first.entities}
    assert {label for _, label in labels} == {"PERSON", "GPE"}
    assert [first.text[s:e] for s, e in first.rejected] == [NOT_A_NAME]
    assert first.acts == (("arbitrary_arrest", True),)
    denied = [e for e in training.train if e.text.startswith("Report ")]
    assert denied and all(e.acts == (("arbitrary_arrest", False),) for e in denied)
    assert training.act_labels == ("arbitrary_arrest",)
    assert training.level == "public"
    # The fingerprint is of the data: the same decisions read again give the same one.
    assert read_decisions(archive.kernel, Viewer.owner()).of("en").fingerprint == (
        training.fingerprint
    )


def test_the_latest_of_contradictory_decisions_wins(archive: Archive, tmp_path: Path) -> None:
    decide(archive, tmp_path / "files", items=2, per_item=2)
    door = as_owner(archive)
    before = read_decisions(archive.kernel, Viewer.owner()).of("en")
    item_id = door.items.ids()[0]
    text = door.items.text(item_id)
    start = text.index("Aibek Toktogulov")
    # A later reviewer says the same words name no organisation, after they were accepted as
    # a person: the rejection is the latest word about them.
    door.proposals.store(
        item_id,
        {
            "entities": [
                {
                    "kind": "organization",
                    "name": "Aibek Toktogulov",
                    "mentions": [{"text": "Aibek Toktogulov", "start": start, "end": start + 16}],
                }
            ]
        },
    )
    (pending,) = door.proposals.pending()
    door.proposals.reject(pending.id, "a person's name")

    after = read_decisions(archive.kernel, Viewer.owner()).of("en")
    assert after.contradictions == 1
    assert after.fingerprint != before.fingerprint
    examples = [e for e in (*after.train, *after.held_out) if "Aibek Toktogulov" in e.text]
    (example,) = [e for e in examples if e.text.index("Aibek") == 10]
    assert (10, 26) in example.rejected
    assert all(s != 10 for s, _, _ in example.entities)


def test_only_an_admin_trains_and_a_language_without_decisions_is_one_line(
    archive: Archive, tmp_path: Path
) -> None:
    with pytest.raises(PermissionDenied):
        read_decisions(archive.kernel, Viewer.as_role("editor"))
    decisions = read_decisions(archive.kernel, Viewer.owner())
    with pytest.raises(DocketError, match="no review decisions in 'ru'"):
        decisions.of("ru")


def test_the_split_is_fixed_for_an_item() -> None:
    kept = [item for item in range(1, 1001) if held_out("archive-a", item)]
    assert kept == [item for item in range(1, 1001) if held_out("archive-a", item)]
    assert 120 < len(kept) < 280  # about one item in five
    assert kept != [item for item in range(1, 1001) if held_out("archive-b", item)]


spans = st.tuples(st.integers(0, 500), st.integers(0, 500))


@given(
    text=st.text(max_size=40),
    entities=st.lists(
        st.tuples(st.integers(0, 99), st.integers(0, 99), st.sampled_from(["PERSON", "ORG", "GPE"]))
    ),
    rejected=st.lists(spans),
    acts=st.lists(st.tuples(st.text(min_size=1, max_size=10), st.booleans())),
)
def test_examples_survive_their_canonical_form(
    text: str,
    entities: list[tuple[int, int, str]],
    rejected: list[tuple[int, int]],
    acts: list[tuple[str, bool]],
) -> None:
    example = Example(text, tuple(entities), tuple(rejected), tuple(acts))
    assert Example.from_json(example.to_json()) == example


def test_claim_decisions_teach_the_sentence_classifier(archive: Archive, tmp_path: Path) -> None:
    decided = decide(archive, tmp_path / "files", items=6, per_item=2, claims=True)
    training = read_decisions(archive.kernel, Viewer.owner()).of("en")

    assert decided.claims == 12
    assert training.claim_decisions == decided.claims
    assert training.act_decisions == decided.acts
    assert training.decisions == (
        decided.accepted + decided.rejected + decided.acts + decided.claims
    )
    examples = (*training.train, *training.held_out)
    kept = [e for e in examples if e.text.startswith("The prosecutor stated")]
    forecasts = [e for e in examples if e.text.startswith("The radio said")]
    assert len(kept) == len(forecasts) == 6
    assert all(e.acts == (("claim", True),) for e in kept)
    assert all(e.acts == (("claim", False),) for e in forecasts)
    assert training.act_labels == ("arbitrary_arrest", "claim")


def test_parties_kept_and_removed_become_examples(archive: Archive, tmp_path: Path) -> None:
    decided = decide_parties(archive, tmp_path / "files", items=3)
    door = as_owner(archive)
    # A rejected detention says nothing about who took part in it.
    source = tmp_path / "rejected.txt"
    source.write_text("Cholpon Asanova was detained in Naryn, as condemned by Kloop. ", "utf-8")
    (item,) = list(door.items.ingest([source], Provenance()))
    assert item.id is not None
    if door.items.get(item.id).get("language") != "en":
        door.items.edit(item.id, {"language": "en"})
    (extraction,) = door.extract([item.id])
    door.proposals.store(item.id, extraction.document)
    (act,) = [p for p in door.proposals.pending(100) if p.kind == "act"]
    door.proposals.reject(act.id, "a rumour")

    training = read_decisions(archive.kernel, Viewer.owner()).of("en")

    assert training.party_decisions == 2 * decided.acts
    examples = [*training.train, *training.held_out]
    found = {(e.text[s:end], role, kept) for e in examples for s, end, role, kept in e.parties}
    assert ("Interior Ministry", "perpetrator", True) in found
    assert ("GKNB", "perpetrator", True) in found
    assert {(text, kept) for text, role, kept in found if text in CONDEMNERS} == {
        (body, False) for body in CONDEMNERS[:3]
    }
    assert all(kept for _, role, kept in found if role == "victim")
    (rejected,) = [e for e in examples if "Naryn" in e.text]
    assert rejected.acts == (("arbitrary_arrest", False),) and rejected.parties == ()
    assert all(Example.from_json(e.to_json()) == e for e in examples)
