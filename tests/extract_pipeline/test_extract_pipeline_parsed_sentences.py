"""Only the sentences whose parse a pass reads are parsed, and that changes no proposal.

The parse of a sentence is read by one pass: the participants of the acts and interventions in
it (``syntax.slots_in``). ``text_grammar`` parses a sentence only when it holds one of them and
something a role could be filled with: a name, a word of a name, a pronoun in a text naming a
person, a word for several beside a list. Each text below sits at an edge of that choice; it is
extracted as the pipeline does it and again with every sentence of the text parsed.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

import docket.extract.document_grammar as document_grammar
from docket.extract.document import ExtractionInput, extract_documents
from docket.extract.sentence_ends import sentence_starts
from docket.extract.sentence_parses import Parsed

_Wanted = Sequence[tuple[str, str | None, Sequence[tuple[int, int]]]]

EDGES = {
    # The act's word only in an inflected form, its victim after it.
    "inflected": ("en", "Officers of the State Committee beat Aibek Osmonov on 3 May."),
    # A sentence that is only a name, then the act whose pronoun stands for it.
    "pronoun_back": ("en", "Aibek Osmonov.\nHe was detained by police on 3 May."),
    # The bare surname the recogniser may leave out, after the whole name.
    "surname_alone": (
        "en",
        "Journalist Kanybek Osmonov wrote about the protest. Osmonov was beaten in the cell.",
    ),
    # A word for two, one sentence after a list of two.
    "both_after_list": (
        "en",
        "Aibek Osmonov and Kamchy Toktogulov were arrested on 3 May. Both were beaten.",
    ),
    # A possessive for several beside a list.
    "their_lawyers": (
        "en",
        "Aibek Osmonov and Kamchy Toktogulov are held in Bishkek. "
        "Their lawyers were refused access to them.",
    ),
    # A first person in a text that names someone.
    "first_person": (
        "en",
        "Statement of Aibek Osmonov.\nOn 3 May police officers detained me and beat me.",
    ),
    # An act with no name or pronoun in a text naming no one: not parsed.
    "no_one_named": ("en", "Police dispersed the protest on 3 May and detained several people."),
    # An act whose sentence names no one, after one that does: not parsed, carried instead.
    "carried": ("en", "Aibek Osmonov was arrested on 3 May. The detention was not recorded."),
    # An intervention and its addressee.
    "intervention": (
        "en",
        "The Kalkan Human Rights Centre sent an appeal to the Prosecutor General about "
        "Aibek Osmonov.",
    ),
    # A heading line above the act's sentence, parsed as a line of its own.
    "heading_line": (
        "en",
        "Kalkan Human Rights Centre\nPolice detained the journalist Aibek Osmonov on 3 May.",
    ),
    # Russian: a pronoun for the one named before, an instrumental agent.
    "ru_pronoun": (
        "ru",
        "Журналист Айбек Осмонов вышел из дома. Его задержали сотрудники ГКНБ 3 мая.",
    ),
    # Russian: an act in a sentence naming no one after one that does.
    "ru_unnamed": ("ru", "Айбек Осмонов арестован 3 мая. Обыск проведён без ордера."),
}


def _every_sentence(wanted: _Wanted) -> list[tuple[str, str | None, list[tuple[int, int]]]]:
    every = []
    for text, code, _ in wanted:
        starts = sentence_starts(text)
        every.append((text, code, list(zip(starts, [*starts[1:], len(text)], strict=True))))
    return every


@pytest.fixture
def parsed_spans(monkeypatch: pytest.MonkeyPatch) -> list[list[tuple[int, int]]]:
    """The sentence spans each text asked to be parsed, recorded as the pipeline runs."""
    asked: list[list[tuple[int, int]]] = []
    plain = document_grammar.parse_many

    def recorded(wanted: _Wanted) -> list[Parsed]:
        asked.extend(list(spans) for _, _, spans in wanted)
        return plain(wanted)

    monkeypatch.setattr(document_grammar, "parse_many", recorded)
    return asked


def _extract(language: str, text: str) -> dict[str, object]:
    (found,) = extract_documents([ExtractionInput(text, language=language)], None)
    return found.document


@pytest.mark.parametrize("edge", sorted(EDGES))
def test_parsing_every_sentence_proposes_the_same(
    edge: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    language, text = EDGES[edge]
    chosen = _extract(language, text)
    plain = document_grammar.parse_many
    monkeypatch.setattr(
        document_grammar, "parse_many", lambda wanted: plain(_every_sentence(wanted))
    )
    assert _extract(language, text) == chosen


@pytest.mark.parametrize(
    ("edge", "parsed"),
    [
        ("inflected", 1),
        ("pronoun_back", 1),
        ("surname_alone", 1),
        ("both_after_list", 2),
        ("their_lawyers", 1),
        ("first_person", 2),
        ("no_one_named", 0),
        ("carried", 1),
        ("intervention", 1),
        ("heading_line", 1),
        ("ru_pronoun", 1),
        ("ru_unnamed", 1),
    ],
)
def test_only_sentences_with_an_act_and_someone_to_fill_it_are_parsed(
    edge: str, parsed: int, parsed_spans: list[list[tuple[int, int]]]
) -> None:
    language, text = EDGES[edge]
    _extract(language, text)
    (spans,) = parsed_spans
    assert len(spans) == parsed


def test_the_parse_decides_participants_in_these_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    """The texts above are ones whose parse is read: without any parse, some proposals differ,
    so the comparison above is not between two runs that ignore it."""
    chosen = {edge: _extract(*EDGES[edge]) for edge in EDGES}
    plain = document_grammar.parse_many
    monkeypatch.setattr(
        document_grammar,
        "parse_many",
        lambda wanted: plain([(text, code, []) for text, code, _ in wanted]),
    )
    unparsed = {edge: _extract(*EDGES[edge]) for edge in EDGES}
    changed = {edge for edge in EDGES if unparsed[edge] != chosen[edge]}
    assert {
        "pronoun_back",
        "surname_alone",
        "both_after_list",
        "their_lawyers",
        "ru_pronoun",
    } <= changed
