"""Acts recalled by sentence embeddings: the stage's logic with a plain-function encoder and with
the shipped model, and extraction without the optional extra."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Sequence

import pytest

from docket.errors import DocketError
from docket.extract import sentence_embeddings
from docket.extract.act_recall import (
    NO_ACT,
    RECALL_SOURCE,
    ActRecall,
    RecallSettings,
    act_recall,
    shipped_exemplars,
)
from docket.extract.document import extract_document
from docket.extract.sentence_embeddings import (
    EmbeddingsUnavailable,
    FunctionEncoder,
    embeddings_installed,
    require_embeddings,
)
from docket.extract.sentence_ends import sentence_starts
from docket.model.taxonomy import load_taxonomy

PERSON = "Aibek Toktogulov is a teacher in Kara-Suu. "
# Sentences the rules read no act in (checked below), and the code the model finds in each.
SHOCKS = "They attached wires to his toes and switched on the current."
BULLDOZERS = "Bulldozers flattened the houses of forty families in his street."


def _by_words(sentences: Sequence[str]) -> list[list[float]]:
    """A toy encoder: a sentence is the counts of four words."""
    words = ("beat", "court", "house", "said")
    return [[float(s.lower().count(word)) for word in words] for s in sentences]


EXAMPLES = (
    ("beating", "They beat him."),
    ("demolition", "The house was torn down, the house."),
    (NO_ACT, "The spokesman said so."),
)


def _recall(threshold: float = 0.9, languages: Sequence[str] = ("en",)) -> ActRecall:
    return ActRecall(FunctionEncoder(_by_words), EXAMPLES, threshold, languages)


def _inputs(
    text: str, language: str, acts: Sequence[int] = ()
) -> list[tuple[str, str | None, list[int], list[int]]]:
    return [(text, language, sentence_starts(text), list(acts))]


def test_recall_proposes_the_nearest_code_of_sentences_without_an_act() -> None:
    text = "Officers came to the flat at night and beat him hard. The next day they left the town."
    (found,) = _recall().recall(_inputs(text, "en"))
    assert [(one.code, text[one.start : one.end]) for one in found] == [
        ("beating", "Officers came to the flat at night and beat him hard.")
    ]
    assert found[0].similarity == pytest.approx(1.0)
    assert found[0].exemplar == "They beat him."


def test_recall_leaves_sentences_the_rules_read_short_ones_and_headings() -> None:
    text = (
        "Police beat the men at the station.\n\nThey beat him.\n\n"
        "Why they beat the students\n\nNext."
    )
    # The first sentence holds an act the rules found; "They beat him." is too short to tell
    # an act alone; the heading does not close as a sentence.
    (found,) = _recall().recall(_inputs(text, "en", acts=[text.index("beat")]))
    assert found == []


def test_recall_stays_below_its_threshold_and_beside_examples_of_no_act() -> None:
    text = "The court said the house was beaten by storms, as the court said. The court said it."
    assert _recall(threshold=1.01).recall(_inputs(text, "en")) == [[]]
    # Most like the example of no act: nothing, at any threshold.
    said = "The spokesman of the ministry said so in a long statement today."
    assert _recall(threshold=-1.0).nearest([said]) == [None]


def test_recall_reads_only_its_languages() -> None:
    text = "Officers came to the flat at night and beat him hard and long."
    assert _recall(languages=("en",)).recall(_inputs(text, "ru")) == [[]]
    assert _recall(languages=("en",)).recall(_inputs(text, "en")) != [[]]


def test_shipped_examples_name_codes_of_the_taxonomy_and_every_act_family() -> None:
    taxonomy = load_taxonomy("violation_types")
    examples = shipped_exemplars()
    codes = {code for code, _ in examples}
    assert codes - {NO_ACT} <= {term.code for term in taxonomy}
    assert {root.code for root in taxonomy.roots()} <= {
        root.code for code in codes - {NO_ACT} for root in taxonomy.ancestors(code)[-1:]
    } | codes
    assert all(sentence.endswith((".", "!", "?")) for _, sentence in examples)


def test_the_setting_errors_in_one_line_without_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec

    def without_torch(name: str, *args: object) -> object:
        return None if name == "torch" else real(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(sentence_embeddings.importlib.util, "find_spec", without_torch)
    assert not embeddings_installed()
    with pytest.raises(EmbeddingsUnavailable) as raised:
        require_embeddings()
    message = str(raised.value)
    assert isinstance(raised.value, DocketError)
    assert "\n" not in message and "torch is not installed" in message
    assert "make embeddings" in message
    with pytest.raises(EmbeddingsUnavailable):
        act_recall(RecallSettings())
    # The pipeline itself runs as ever.
    found = extract_document(
        PERSON + "Police detained him on Monday.",
        item_id=None,
        language="en",
        document_date=None,
        gazetteer=None,
    )
    assert [act["type"] for act in found["acts"]] == ["arbitrary_arrest"]


def test_importing_extraction_never_imports_torch() -> None:
    code = (
        "import sys, docket.extract, docket.extract.document, docket.extract.act_recall, "
        "docket.extract.stream, docket.door; "
        "print(sorted(m for m in ('torch', 'sentence_transformers', 'transformers') "
        "if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300
    )
    assert done.stdout.strip() == "[]", done.stderr


@pytest.fixture(scope="module")
def shipped() -> ActRecall:
    """The stage with the shipped model and examples, loaded once for the module."""
    # `make test` installs the extra, so its absence is a broken install, never a reason to skip.
    if not embeddings_installed():
        pytest.fail("the embeddings extra is not installed: run `make embeddings`")
    return act_recall(RecallSettings())


def _extract(text: str, recall: ActRecall | None, language: str = "en") -> list[dict[str, object]]:
    found = extract_document(
        text, item_id=None, language=language, document_date=None, gazetteer=None, recall=recall
    )
    return list(found["acts"])


@pytest.mark.parametrize(
    ("sentence", "code", "verb"),
    [
        (SHOCKS, "electric_shock", "attached"),
        (BULLDOZERS, "demolition", "flattened"),
        # The verb of the clause a report gives, not the report's.
        (
            "Neighbours said that bulldozers flattened the houses of forty families.",
            "demolition",
            "flattened",
        ),
    ],
)
def test_the_model_recalls_an_act_the_rules_missed_at_its_main_verb(
    shipped: ActRecall, sentence: str, code: str, verb: str
) -> None:
    text = PERSON + sentence
    assert _extract(text, None) == []
    (act,) = _extract(text, shipped)
    assert act["type"] == code
    assert text[int(act["start"]) : int(act["end"])] == verb  # type: ignore[call-overload]
    assert act["source"] == RECALL_SOURCE
    assert float(act["similarity"]) >= shipped.threshold  # type: ignore[arg-type]
    assert act["exemplar"] in {s for c, s in shipped_exemplars() if c == code}


def test_recalled_acts_go_through_the_act_filters(shipped: ActRecall) -> None:
    # Like the example enough, but denied: the filters read around the denied clause's verb.
    denied = "The officials deny that bulldozers flattened the houses of forty families there."
    assert shipped.nearest([denied])[0] is not None
    assert _extract(PERSON + denied, shipped) == []


def test_the_model_leaves_sentences_of_other_languages_and_acts_the_rules_found(
    shipped: ActRecall,
) -> None:
    russian = (
        "Айбек Токтогулов работает учителем. Ему прикрепили провода к пальцам ног и включили ток."
    )
    assert _extract(russian, shipped, "ru") == _extract(russian, None, "ru")
    found = PERSON + "Police detained him on Monday and took him to the station."
    assert _extract(found, shipped) == _extract(found, None)


def test_the_archive_examples_join_the_shipped_ones(shipped: ActRecall) -> None:
    said = "The municipal choir sang the anthem twice before the ribbon was cut."
    assert shipped.nearest([said]) == [None]
    taught = act_recall(RecallSettings(examples=(("travel_ban", said),)))
    assert taught.nearest([said]) == [("travel_ban", pytest.approx(1.0, abs=1e-3), said)]
