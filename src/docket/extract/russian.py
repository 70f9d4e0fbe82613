"""Russian names with natasha's news-trained entity tagger (PER, ORG, LOC).

The embeddings and tagger (about a second to load) are shared by every recogniser in the
process; they only read their weights, so concurrent calls need no lock once loaded.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from docket.extract.mentions import (
    DEFAULT_CHUNK_CHARS,
    Mention,
    MentionKind,
    ModelUnavailable,
    text_chunks,
)

__all__ = ["NatashaRecogniser"]

LABEL_KINDS: dict[str, MentionKind] = {"PER": "person", "ORG": "organization", "LOC": "place"}
# Endings of Russian and Kyrgyz surnames in any case (Атамбаев, Атамбаева, Атамбаеву, Ташиевым).
_SURNAME_FINALS = (
    "ов", "ев", "ин", "ова", "ева", "ина", "ову", "еву", "ину", "овым", "евым", "иным",
    "овой", "евой", "иной", "уулу", "кызы",
)  # fmt: skip

_lock = threading.Lock()
_models: tuple[Any, Any] | None = None


def _segmenter_and_tagger() -> tuple[Any, Any]:
    global _models
    with _lock:
        if _models is None:
            try:
                from natasha import (  # type: ignore[import-untyped]
                    NewsEmbedding,
                    NewsNERTagger,
                    Segmenter,
                )

                _models = (Segmenter(), NewsNERTagger(NewsEmbedding()))
            except (ImportError, OSError) as error:
                raise ModelUnavailable(
                    "the Russian entity model (natasha) could not be loaded; install natasha"
                ) from error
        return _models


class NatashaRecogniser:
    """Persons, organisations and places in Russian text (and, as a base, Kyrgyz Cyrillic)."""

    source = "natasha"

    def __init__(self, chunk_chars: int = DEFAULT_CHUNK_CHARS) -> None:
        self.chunk_chars = chunk_chars

    def mentions(self, text: str) -> list[Mention]:
        return self.mentions_many([text])[0]

    def mentions_many(self, texts: Sequence[str]) -> list[list[Mention]]:
        """Mentions in each of ``texts``, the chunks of all of them tagged in shared batches.

        The tagger reads raw text (it tokenises for itself), so natasha's sentence and token
        segmentation, which only its other taggers need, is skipped.
        """
        found: list[list[Mention]] = [[] for _ in texts]
        chunks = [
            (index, offset, chunk)
            for index, text in enumerate(texts)
            if text.strip()
            for offset, chunk in text_chunks(text, self.chunk_chars)
            if chunk.strip()
        ]
        if not chunks:
            return found
        _, tagger = _segmenter_and_tagger()
        markups = tagger.map([chunk for _, _, chunk in chunks])
        for (index, offset, _), markup in zip(chunks, markups, strict=True):
            text = texts[index]
            for span in markup.spans:
                kind = LABEL_KINDS.get(span.type)
                start, end = offset + int(span.start), offset + int(span.stop)
                if kind is not None and start < end:
                    tagged = Mention(kind, text[start:end], start, end, self.source)
                    mention = _corrected(text, tagged)
                    if mention is not None:
                        found[index].append(mention)
        return found


# Pronouns and particles, which end no name.
_NEVER_LAST = frozenset(
    ("её", "ее", "его", "их", "ему", "ей", "им", "он", "она", "они", "же", "ли", "и", "а", "но")
)


def _corrected(text: str, mention: Mention) -> Mention | None:
    """The tagger's span with its usual slips fixed, or None when it is not a name at all.

    - A name never crosses a line break; a person's stops before a quoted name run into it.
    - A quoted name keeps its guillemets whole: «Таш Сөзү», Правозащитный центр «Калкан».
    - A single hyphenated capitalised word it calls a person is a place: the region's place
      names are compounds (Кок-Суу, Жангы-Кала), its people's names are not.
    - A single capitalised word opening a sentence without a surname's ending is a common word
      the tagger took for a name ("Журналистку ...", "Биз ...").
    """
    start, end, kind = mention.start, mention.end, mention.kind
    inside = text[start:end]
    if "\n" in inside:
        # A name never crosses a line break: a menu's items, or a date line and the next line,
        # run together. The first capitalised line is the name.
        offset = start
        for line in inside.split("\n"):
            stripped = line.strip()
            if stripped[:1].isupper() or stripped[:1] == "«":
                start = offset + line.index(stripped)
                end = start + len(stripped)
                break
            offset += len(line) + 1
        else:
            return None
        inside = text[start:end]
    if kind == "person" and inside.find("«") > 0:
        # "Сыдыков «Азаттык»": the person ends before the quoted name of an outlet after him.
        end = start + len(inside[: inside.index("«")].rstrip())
        inside = text[start:end]
    if inside.count("«") > inside.count("»") and text[end : end + 1] == "»":
        end += 1
    elif text[start - 1 : start] == "«" and text[end : end + 1] == "»" and "«" not in inside:
        start, end = start - 1, end + 1
    words = inside.split()
    while len(words) > 1 and words[-1] in _NEVER_LAST:
        # "Из Таласа её отвезли": the tagger ran a place on into the pronoun after it.
        end = start + inside.rindex(words[-1])
        inside = text[start:end].rstrip()
        end = start + len(inside)
        words = words[:-1]
    if kind == "person" and len(words) == 1:
        parts = words[0].split("-")
        if len(parts) > 1 and all(part[:1].isupper() for part in parts):
            kind = "place"
        elif _opens_sentence(text, start) and not words[0].lower().endswith(_SURNAME_FINALS):
            return None
    return Mention(kind, text[start:end], start, end, mention.source)


def _opens_sentence(text: str, offset: int) -> bool:
    # Spaces are passed over, a line break is not: a line's first word opens it.
    before = text[max(0, offset - 3) : offset].rstrip(" \t")
    return not before or before[-1] in ".!?…:\n|·•"
