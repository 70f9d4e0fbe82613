"""Fine-tuning on CPU: the entity recogniser and the act classifier of one language.

English starts from the shipped spaCy model and updates its entity recogniser. Each sentence is
taught as the shipped model read it (its own predictions, so what it knew is rehearsed and not
forgotten) with the reviewers' decisions laid over: confirmed spans as they were typed, rejected
spans as no entity. Russian and Kyrgyz start from a blank spaCy pipeline taught the same way,
with natasha's reading (and the Kyrgyz rules) as the silver layer under the decisions.

The act classifier (spaCy ``textcat_multilabel``, bag of words) learns, for each violation code
reviewers decided on, whether a sentence reports it; codes never decided are not its business.

The party classifier (the same kind of model) reads a sentence with one mention set between
markers and learns, for each role reviewers decided on (victim, perpetrator, an intervention's
author and addressee, a claim's claimant), whether that mention takes the role there: the words
beside the markers ("condemned by", "detained by") are what it learns from.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from docket.errors import DocketError
from docket.extract.english import LABEL_KINDS, load_pipeline, spacy_model_name
from docket.extract.mentions import Mention
from docket.extract.recognise import shipped_recogniser
from docket.extract.trained import marked
from docket.training.data import ENTITY_LABELS, Example, TrainingSet

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.training import Example as SpacyExample

__all__ = [
    "ACTS_DIR",
    "ENTITIES_DIR",
    "MIN_ACT_DECISIONS",
    "MIN_ENTITY_DECISIONS",
    "MIN_PARTY_DECISIONS",
    "PARTIES_DIR",
    "Progress",
    "Trained",
    "train_language",
]

ENTITIES_DIR: Final = "entities"
ACTS_DIR: Final = "acts"
PARTIES_DIR: Final = "parties"
# Fewer decisions than this teach a model its fixture, not the archive's language.
MIN_ENTITY_DECISIONS: Final = 20
MIN_ACT_DECISIONS: Final = 10
MIN_PARTY_DECISIONS: Final = 10
# Sentences per update: a blank pipeline needs many small steps to learn from few decisions; the
# shipped English one only adjusts, and larger batches halve its training time.
_BATCH: Final = 8
_BATCH_FINE_TUNING: Final = 16
_DROPOUT: Final = 0.2
_SEED: Final = 11

_MENTION_LABELS: Final = {"person": "PERSON", "organization": "ORG", "place": "GPE"}

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Trained:
    """What a training run wrote into its folder, and what it chose not to train."""

    base_model: str
    entities: bool
    acts: tuple[str, ...]
    notes: tuple[str, ...]
    parties: tuple[str, ...] = ()


def _quiet(done: int, total: int) -> None:
    return None


def _shipped_base(language: str) -> str:
    return spacy_model_name() if language == "en" else f"blank:{language}"


def _load_base(language: str) -> Language:
    import spacy

    return load_pipeline(spacy_model_name()) if language == "en" else spacy.blank(language)


def _silver(language: str, texts: Sequence[str], nlp: Language) -> list[list[tuple[int, int, str]]]:
    """What the shipped models read in each text, as (start, end, label)."""
    if language == "en":
        # Every label the model knows, not only those Docket reads: rehearsing all of them keeps
        # the recogniser's sense of what is a date or a number, which keeps its names apart.
        return [
            [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]
            for doc in nlp.pipe(texts, batch_size=64)
        ]
    recogniser = shipped_recogniser(language)
    many = getattr(recogniser, "mentions_many", None)
    found: list[list[Mention]] = (
        many(list(texts)) if callable(many) else [recogniser.mentions(text) for text in texts]
    )
    return [[(m.start, m.end, _MENTION_LABELS[m.kind]) for m in mentions] for mentions in found]


def _reference(nlp: Language, example: Example, silver: list[tuple[int, int, str]]) -> Doc:
    from spacy.util import filter_spans

    doc = nlp.make_doc(example.text)
    gold = []
    for start, end, label in example.entities:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None:
            gold.append(span)
    blocked = []
    for start, end in example.rejected:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            blocked.append(span)
    decided = [(span.start, span.end) for span in (*gold, *blocked)]
    kept = []
    for start, end, label in silver:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is None or any(s < span.end and span.start < e for s, e in decided):
            continue
        kept.append(span)
    gold = filter_spans(gold)
    taken = [(span.start, span.end) for span in gold]
    blocked = [
        span
        for span in filter_spans(blocked)
        if not any(s < span.end and span.start < e for s, e in taken)
    ]
    doc.set_ents(filter_spans([*gold, *kept]), outside=blocked, default="outside")
    return doc


def _ner_examples(language: str, nlp: Language, examples: Sequence[Example]) -> list[SpacyExample]:
    from spacy.training import Example as SpacyExample

    silver = _silver(language, [example.text for example in examples], nlp)
    return [
        SpacyExample(nlp.make_doc(example.text), _reference(nlp, example, found))
        for example, found in zip(examples, silver, strict=True)
    ]


def _same_start() -> None:
    """Seed the weights' initialisation and dropout: the same decisions train the same model,
    so a version can be made again and its scores compared."""
    from thinc.api import fix_random_seed

    fix_random_seed(_SEED)


def _batches(items: Sequence[Any], size: int, rng: random.Random) -> Iterator[list[Any]]:
    order = list(items)
    rng.shuffle(order)
    for start in range(0, len(order), size):
        yield order[start : start + size]


def _entities(
    language: str, examples: Sequence[Example], iterations: int, out: Path, progress: Progress
) -> str:
    """Train the entity recogniser and save it in ``out``; its base model's name."""
    base = _shipped_base(language)
    nlp = _load_base(language)
    references = _ner_examples(language, nlp, examples)
    _same_start()
    rng = random.Random(_SEED)  # noqa: S311 - the order of examples, not a secret
    if language == "en":
        optimizer = nlp.resume_training()
    else:
        ner: Any = nlp.add_pipe("ner")
        for label in ENTITY_LABELS.values():
            ner.add_label(label)
        optimizer = nlp.initialize(lambda: references)
    training = [name for name in nlp.pipe_names if name == "ner"]
    size = _BATCH_FINE_TUNING if language == "en" else _BATCH
    with nlp.select_pipes(enable=training):
        for iteration in range(iterations):
            for batch in _batches(references, size, rng):
                nlp.update(batch, sgd=optimizer, drop=_DROPOUT, losses={})
            progress(iteration + 1, iterations)
    nlp.to_disk(out)
    return base


def _classifier(language: str, labels: Sequence[str]) -> Language:
    """A blank pipeline of ``language`` with a bag-of-words multi-label classifier."""
    import spacy

    nlp = spacy.blank(language)
    classifier: Any = nlp.add_pipe(
        "textcat_multilabel",
        config={
            "model": {
                "@architectures": "spacy.TextCatBOW.v3",
                "exclusive_classes": False,
                "ngram_size": 2,
                "no_output_layer": False,
            }
        },
    )
    for label in labels:
        classifier.add_label(label)
    return nlp


def _fit_classifier(
    nlp: Language,
    references: Sequence[SpacyExample],
    iterations: int,
    out: Path,
    progress: Progress,
) -> None:
    _same_start()
    optimizer = nlp.initialize(lambda: references)
    rng = random.Random(_SEED)  # noqa: S311 - the order of examples, not a secret
    for iteration in range(iterations):
        for batch in _batches(references, _BATCH, rng):
            nlp.update(batch, sgd=optimizer, losses={})
        progress(iteration + 1, iterations)
    nlp.to_disk(out)


def _acts(
    language: str, examples: Sequence[Example], iterations: int, out: Path, progress: Progress
) -> tuple[str, ...]:
    """Train the sentence classifier on the examples that decide acts or claims; its labels
    (violation codes, and ``claim``)."""
    from spacy.training import Example as SpacyExample

    decided = [example for example in examples if example.acts]
    labels = sorted({code for example in decided for code, _ in example.acts})
    nlp = _classifier(language, labels)
    references = []
    for example in decided:
        doc = nlp.make_doc(example.text)
        # Only the codes decided for this sentence are taught; the others are unknown here.
        references.append(SpacyExample.from_dict(doc, {"cats": dict(example.acts)}))
    _fit_classifier(nlp, references, iterations, out, progress)
    return tuple(labels)


def _parties(
    training: TrainingSet, iterations: int, out: Path, progress: Progress
) -> tuple[str, ...]:
    """Train the party classifier on each decided mention, marked in its sentence; its labels
    (the roles reviewers kept somewhere)."""
    from spacy.training import Example as SpacyExample

    labels = training.party_roles
    by_mention: dict[tuple[str, int, int], dict[str, bool]] = {}
    for example in training.train:
        for start, end, role, kept in example.parties:
            if role in labels:
                by_mention.setdefault((example.text, start, end), {})[role] = kept
    nlp = _classifier(training.language, list(labels))
    references = [
        # Only the roles decided for this mention are taught; the others are unknown here.
        SpacyExample.from_dict(nlp.make_doc(marked(text, start, end)), {"cats": roles})
        for (text, start, end), roles in by_mention.items()
    ]
    _fit_classifier(nlp, references, iterations, out, progress)
    return tuple(labels)


def train_language(
    training: TrainingSet, iterations: int, out: Path, progress: Progress = _quiet
) -> Trained:
    """Train what ``training`` has enough decisions for into ``out``; nothing else is touched.

    Refuses (one line) when there are too few entity, act and party decisions.
    """
    if iterations < 1:
        raise DocketError(f"--iterations must be at least 1, not {iterations}")
    entity_count = sum(len(e.entities) + len(e.rejected) for e in training.train)
    act_count = sum(len(e.acts) for e in training.train)
    party_count = sum(len(e.parties) for e in training.train)
    act_labels = training.act_labels
    train_entities = entity_count >= MIN_ENTITY_DECISIONS
    train_acts = act_count >= MIN_ACT_DECISIONS and bool(act_labels)
    train_parties = party_count >= MIN_PARTY_DECISIONS and bool(training.party_roles)
    if not train_entities and not train_acts and not train_parties:
        raise DocketError(
            f"too few review decisions in {training.language!r} to train on: "
            f"{entity_count} about names, {act_count} about acts and claims and {party_count} "
            f"about their parties outside the held-out items; at least "
            f"{MIN_ENTITY_DECISIONS} about names, {MIN_ACT_DECISIONS} about acts and claims or "
            f"{MIN_PARTY_DECISIONS} about parties are needed"
        )
    notes = []
    steps = iterations * (int(train_entities) + int(train_acts) + int(train_parties))
    done = 0

    def advance(step: int, total: int) -> None:
        progress(done + step, steps)

    base = _shipped_base(training.language)
    if train_entities:
        base = _entities(training.language, training.train, iterations, out / ENTITIES_DIR, advance)
        done += iterations
    else:
        notes.append(
            f"names: {entity_count} decisions, {MIN_ENTITY_DECISIONS} needed; the shipped "
            "recogniser stays in use"
        )
    labels: tuple[str, ...] = ()
    if train_acts:
        labels = _acts(training.language, training.train, iterations, out / ACTS_DIR, advance)
        done += iterations
    else:
        notes.append(
            f"acts and claims: {act_count} decisions, {MIN_ACT_DECISIONS} needed (and one "
            "accepted); acts and claims are not filtered"
        )
    roles: tuple[str, ...] = ()
    if train_parties:
        roles = _parties(training, iterations, out / PARTIES_DIR, advance)
    else:
        notes.append(
            f"parties: {party_count} decisions, {MIN_PARTY_DECISIONS} needed (and one kept); "
            "parties are proposed as the rules find them"
        )
    untaught = sorted(
        {role for example in training.train for *_, role, _ in example.parties} - set(roles)
    )
    if roles and untaught:
        notes.append(
            f"parties: {', '.join(untaught)} never kept, so not learned; proposed as the rules "
            "find them"
        )
    return Trained(base, train_entities, labels, tuple(notes), roles)


def kind_of_label(label: str) -> str | None:
    """The kind of mention a trained pipeline's label names (None for dates, numbers…)."""
    return LABEL_KINDS.get(label)
