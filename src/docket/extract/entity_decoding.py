"""The entity recogniser's greedy decoding, one step for all texts of a batch at once.

spaCy's recogniser (``BiluoPushDown``) chooses one action per token: begin, continue, end or
make a one-token entity of a label, or leave the token out. Before each choice its compiled loop
asks every one of the 74 actions of the model whether it is allowed, one call each, and those
calls are over half of the recogniser's time. Here the same choice is made with the model's own
numbers and the same arithmetic, for all texts of a batch at once: the features of each state
are the same three rows of the precomputed first layer, added in the same order to the same
zeroed buffer, then the bias, the same maxout, the same BLIS product with the output layer, the
same bias, the same floor for classes never seen in training, and the first best allowed action;
the actions are allowed by the rules spaCy's are, read for texts nothing was preset in. So every
entity is the one spaCy's loop finds (the tests compare them).

Only a pipeline whose recogniser stands alone and is built as spaCy's default one is decoded
here; anything else (a beam, a recogniser listening to a shared ``tok2vec``, texts with entities
set beforehand) goes through spaCy's own loop.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

import numpy

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["Entity", "decodable", "entities_of"]

# (start token, end token, label) of each entity of a text, in order.
Entity = tuple[int, int, str]

_BEGIN, _IN, _LAST, _UNIT, _OUT, _MISSING = range(6)
_ACTIONS: Final = {"B": _BEGIN, "I": _IN, "L": _LAST, "U": _UNIT}
# Below this many texts a step on average, spaCy's loop is the faster: each of its steps costs
# little per text, each of these a fixed few dozen array operations (a long text beside short
# ones is still being read after they end).
_FEWEST_TEXTS: Final = 4


class _Moves:
    """The recogniser's actions, by index: their kind and label (0 for none), and the labels'
    names by their number."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = [""]
        kinds, labels = [], []
        for name in names:
            action, _, label = name.partition("-")
            kinds.append(_OUT if name == "O" else _ACTIONS.get(action, _MISSING))
            if label and label not in self.names:
                self.names.append(label)
            labels.append(self.names.index(label) if label else 0)
        self.kinds = numpy.array(kinds)
        self.labels = numpy.array(labels)


def decodable(pipeline: Language) -> bool:
    """Whether ``pipeline`` is a lone recogniser of spaCy's default build, decoded here."""
    from spacy.pipeline._parser_internals.ner import (  # type: ignore[import-not-found]
        BiluoPushDown,
    )

    if pipeline.pipe_names != ["ner"]:
        return False
    recogniser: Any = pipeline.get_pipe("ner")
    model = getattr(recogniser, "model", None)
    if model is None or recogniser.cfg.get("beam_width", 1) != 1:
        return False
    if not isinstance(recogniser.moves, BiluoPushDown) or not model.attrs.get("has_upper"):
        return False
    layers = model.layers
    if len(layers) != 3 or layers[1].name != "precomputable_affine":
        return False
    return bool(layers[1].get_dim("nF") == 3 and layers[1].get_dim("nP") >= 1)


def entities_of(pipeline: Language, docs: Sequence[Doc]) -> list[list[Entity]]:
    """The entities spaCy's recogniser finds in each of ``docs`` (tokenised, nothing preset)."""
    recogniser: Any = pipeline.get_pipe("ner")
    # An empty text counts as annotated (all of its none tokens are), and has nothing preset.
    preset = any(len(doc) and doc.has_annotation("ENT_IOB") for doc in docs)
    longest = max((len(doc) for doc in docs), default=0)
    if preset or sum(len(doc) for doc in docs) < _FEWEST_TEXTS * max(longest, 1):
        return [_spans(doc) for doc in recogniser.pipe(docs)]
    return _decoded(recogniser, docs)


def _spans(doc: Doc) -> list[Entity]:
    return [(entity.start, entity.end, entity.label_) for entity in doc.ents]


def _decoded(recogniser: Any, docs: Sequence[Doc]) -> list[list[Entity]]:
    from blis.py import gemm  # type: ignore[import-untyped]

    model = recogniser.model
    moves = _Moves([recogniser.moves.get_class_name(i) for i in range(recogniser.moves.n_moves)])
    tokvecs, _ = model.layers[0](list(docs), is_train=False)
    lower, upper = model.layers[1], model.layers[2]
    cached, _ = lower(tokvecs, False)
    features = numpy.ascontiguousarray(cached, dtype="f")
    count, width, hidden, pieces = features.shape
    features = features.reshape((count, width, hidden * pieces))
    bias = lower.get_param("b").reshape((hidden * pieces,))
    weights = numpy.ascontiguousarray(upper.get_param("W"), dtype="f")
    output_bias = upper.get_param("b")
    unseen = numpy.zeros(weights.shape[0], dtype=bool)
    unseen[list(model.attrs.get("unseen_classes") or ())] = True

    lengths = numpy.array([len(doc) for doc in docs])
    offsets = numpy.concatenate([[0], numpy.cumsum(lengths)[:-1]])
    space = numpy.concatenate([doc.to_array(["IS_SPACE"]).reshape(-1) for doc in docs])
    starts = numpy.concatenate([doc.to_array(["SENT_START"]).reshape(-1) for doc in docs])
    # A token whose next token starts a sentence (the next of the last token is none).
    next_starts = numpy.zeros(len(space) + 1, dtype=bool)
    next_starts[: len(space)][:-1] = starts[1:] == 1
    ends = offsets + lengths
    next_starts[ends - 1] = False

    position = numpy.zeros(len(docs), dtype=numpy.int64)
    opened = numpy.full(len(docs), -1)  # start token of the open entity, -1 if none
    label = numpy.zeros(len(docs), dtype=numpy.int64)
    found: list[list[Entity]] = [[] for _ in docs]
    active = numpy.flatnonzero(lengths > 0)
    kinds, labels = moves.kinds, moves.labels
    named = labels != 0
    while len(active):
        here = offsets[active] + position[active]
        open_at = opened[active]
        is_open = open_at >= 0
        rows = numpy.zeros((len(active), hidden * pieces), dtype="f")
        rows += features[here + 1, 0]
        rows += features[numpy.where(is_open, offsets[active] + open_at + 1, 0), 1]
        rows += features[numpy.where(is_open, here, 0), 2]
        rows += bias
        grouped = rows.reshape((len(active), hidden, pieces))
        if pieces == 2:
            # As thinc's ``arg_max`` of two: the second unless the first is greater.
            best = numpy.where(
                grouped[:, :, 0] > grouped[:, :, 1], grouped[:, :, 0], grouped[:, :, 1]
            )
        else:
            best = grouped[:, :, 0]
            for piece in range(1, pieces):
                best = numpy.where(grouped[:, :, piece] > best, grouped[:, :, piece], best)
        scores = gemm(numpy.ascontiguousarray(best), weights, trans2=True, beta=0.0)
        scores += output_bias
        if unseen.any():
            scores[:, unseen] = scores.min()

        left = lengths[active] - position[active]
        space_here = space[here].astype(bool)
        apart = next_starts[here]
        same = labels[None, :] == label[active][:, None]
        open_column, closed = is_open[:, None], ~is_open[:, None]
        allowed = numpy.zeros(scores.shape, dtype=bool)
        allowed |= (
            (kinds == _BEGIN)
            & named
            & closed
            & (left >= 2)[:, None]
            & ~(apart | space_here)[:, None]
        )
        allowed |= (
            (kinds == _IN) & named & open_column & (left >= 2)[:, None] & same & ~apart[:, None]
        )
        allowed |= (kinds == _LAST) & named & open_column & same
        allowed |= (kinds == _UNIT) & named & closed & ~space_here[:, None]
        allowed |= (kinds == _OUT) & closed
        choice = numpy.where(allowed, scores, -numpy.inf).argmax(axis=1)
        stuck = ~allowed.any(axis=1)

        chosen = numpy.where(stuck, _MISSING, kinds[choice])
        chosen_labels = labels[choice]
        begun = chosen == _BEGIN
        opened[active[begun]] = position[active[begun]]
        label[active[begun]] = chosen_labels[begun]
        for index in numpy.flatnonzero((chosen == _LAST) | (chosen == _UNIT)):
            text, at = active[index], int(position[active[index]])
            if chosen[index] == _LAST:
                found[text].append((int(opened[text]), at + 1, moves.names[label[text]]))
                opened[text] = -1
            else:
                found[text].append((at, at + 1, moves.names[chosen_labels[index]]))
        position[active[stuck]] = lengths[active[stuck]]
        position[active] += 1
        active = active[position[active] < lengths[active]]
    return found
