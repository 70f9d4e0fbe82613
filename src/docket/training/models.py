"""Trained pipelines kept in the archive: ``models/<version>/`` with a manifest, one active each
language, made and switched through entries in the chain of custody.

A version's folder holds the trained pipelines and ``manifest.json``: the archive it belongs to,
its language, the fingerprint of its training data, scores before and after on the held-out
decisions, the base model, when and by whom it was made, the confidentiality of the most
confidential item it learned from, and the SHA-256 of every file. A folder whose manifest is
missing or unreadable, whose files do not match it, or that names another archive is refused
with one line, and extraction keeps to the shipped models.

Confidentiality: a model learns the words of the items it was trained on, so it is as
confidential as the most confidential of them (``level`` in the manifest). Training reads only
what the trainer (an admin) may see; extraction uses an active model only for a viewer who may
see its level, and the shipped models for anyone else. The folder lies in the archive folder,
readable by its owner only. An encrypted archive refuses to train: a model folder would hold
its text unsealed.

A training run writes into a temporary folder and moves it into place in the same transaction
that adds its custody entry: a run that fails leaves the archive as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from docket.db.engine import writing
from docket.errors import DocketError
from docket.evidence.custody import Action, utc_now
from docket.extract.recognise import forget_trained
from docket.extract.trained import TrainedModels
from docket.kernel import Kernel
from docket.model.access import Viewer
from docket.training.data import LANGUAGES, Decisions, TrainingSet, read_decisions
from docket.training.fit import ACTS_DIR, ENTITIES_DIR, PARTIES_DIR, Progress, train_language
from docket.training.scoring import figures, score_held_out

__all__ = [
    "MODELS_DIR",
    "ModelRefused",
    "ModelStore",
    "ModelVersion",
    "TrainingResult",
    "trained_for",
]

MODELS_DIR: Final = "models"
MANIFEST: Final = "manifest.json"
ACTIVE: Final = "active.json"
FORMAT: Final = 1
_VERSION: Final = re.compile(r"v([1-9][0-9]{0,8})")
_FOLDER_MODE: Final = 0o700


class ModelRefused(DocketError):
    """A model folder that is corrupt, incomplete or from another archive."""


@dataclass(frozen=True)
class ModelVersion:
    """One trained version as ``docket models`` lists it."""

    version: str
    manifest: dict[str, Any]
    active: bool
    problem: str | None = None

    @property
    def language(self) -> str:
        return str(self.manifest.get("language", "?"))

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "active": self.active,
            "problem": self.problem,
            "manifest": self.manifest,
        }


@dataclass(frozen=True)
class TrainingResult:
    """What one language's training made."""

    version: str
    language: str
    manifest: dict[str, Any]
    notes: tuple[str, ...] = field(default_factory=tuple)
    # False when the new version read the held-out decisions worse than the shipped models: it
    # is kept, and `docket models use` makes it active all the same.
    active: bool = True


def mean_f1(scores: dict[str, dict[str, Any]], kinds: Sequence[str]) -> float | None:
    """The mean F1 over ``kinds``; None when there are none. A kind with nothing found and
    nothing to find scores 1: nothing was wrong."""
    return sum(scores[kind]["f1"] for kind in kinds) / len(kinds) if kinds else None


def _root(kernel: Kernel) -> Path:
    return kernel.settings.home / MODELS_DIR


def _number(version: str) -> int:
    found = _VERSION.fullmatch(version)
    if found is None:
        raise ModelRefused(f"{version!r} is not a model version (v1, v2, …)")
    return int(found.group(1))


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.relative_to(folder).as_posix() != MANIFEST:
            yield path


def _read_manifest(folder: Path, archive_id: str) -> dict[str, Any]:
    """The manifest of ``folder``, checked against the archive and the files it lists."""
    name = folder.name
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelRefused(
            f"model {name}: no {MANIFEST}; the folder is not a trained model"
        ) from None
    except (OSError, ValueError, UnicodeDecodeError):
        raise ModelRefused(f"model {name}: {MANIFEST} cannot be read") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ModelRefused(f"model {name}: {MANIFEST} is not a Docket model manifest")
    if manifest.get("archive_id") != archive_id:
        raise ModelRefused(
            f"model {name} was trained on another archive ({manifest.get('archive_id')!r}), "
            "not this one"
        )
    if manifest.get("language") not in LANGUAGES or manifest.get("version") != name:
        raise ModelRefused(f"model {name}: its manifest names another version or language")
    listed = manifest.get("files")
    if not isinstance(listed, dict):
        raise ModelRefused(f"model {name}: its manifest lists no files")
    present = {path.relative_to(folder).as_posix(): path for path in _files(folder)}
    if set(present) != set(listed):
        raise ModelRefused(f"model {name}: its files are not those its manifest lists")
    for relative, path in present.items():
        if _digest(path) != listed[relative]:
            raise ModelRefused(f"model {name}: {relative} has changed since it was trained")
    return manifest


def _read_active(root: Path) -> dict[str, str]:
    try:
        data = json.loads((root / ACTIVE).read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): str(v) for k, v in data.items() if k in LANGUAGES and isinstance(v, str)}


def _write_active(root: Path, active: dict[str, str]) -> None:
    root.mkdir(mode=_FOLDER_MODE, parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=root, prefix=".active-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(dict(sorted(active.items())), stream, indent=1)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, root / ACTIVE)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _folders(folder: Path, manifest: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    entities = folder / ENTITIES_DIR if manifest.get("entities") else None
    acts = folder / ACTS_DIR if manifest.get("acts") else None
    # A manifest written before parties were learned has no "parties": none are filtered.
    parties = folder / PARTIES_DIR if manifest.get("parties") else None
    return (
        None if entities is None else str(entities),
        None if acts is None else str(acts),
        None if parties is None else str(parties),
    )


def trained_for(kernel: Kernel, viewer: Viewer) -> TrainedModels:
    """The active trained pipelines ``viewer`` may use, and a note for each one not used."""
    root = _root(kernel)
    active = _read_active(root)
    entities: dict[str, str] = {}
    acts: dict[str, str] = {}
    parties: dict[str, str] = {}
    notes: dict[str, str] = {}
    for language, version in sorted(active.items()):
        try:
            _number(version)
            manifest = _read_manifest(root / version, kernel.archive_id)
            if manifest["language"] != language:
                raise ModelRefused(f"model {version} is not a model of {language!r}")
        except ModelRefused as refused:
            notes[language] = f"{refused}; the shipped models were used"
            continue
        if not viewer.can_see(str(manifest.get("level"))):
            notes[language] = (
                f"model {version} learned from items you may not see; the shipped models were used"
            )
            continue
        found_entities, found_acts, found_parties = _folders(root / version, manifest)
        if found_entities is not None:
            entities[language] = found_entities
        if found_acts is not None:
            acts[language] = found_acts
        if found_parties is not None:
            parties[language] = found_parties
    return TrainedModels(entities, acts, notes, parties)


def _scored_kinds(*scores: dict[str, dict[str, Any]]) -> list[str]:
    """The kinds either of ``scores`` has anything of: where the models can be compared."""
    return sorted({k for found in scores for k, v in found.items() if v["gold"] or v["predicted"]})


def _worse(after: dict[str, dict[str, Any]], before: dict[str, dict[str, Any]]) -> bool:
    kinds = _scored_kinds(after, before)
    scored_after, scored_before = mean_f1(after, kinds), mean_f1(before, kinds)
    return scored_after is not None and scored_before is not None and scored_after < scored_before


class ModelStore:
    """The archive's trained models, trained, listed and switched by one admin."""

    def __init__(self, kernel: Kernel, viewer: Viewer) -> None:
        viewer.require_admin()
        self.kernel = kernel
        self.viewer = viewer
        self.root = _root(kernel)

    # -- reading ----------------------------------------------------------------------------

    def versions(self) -> list[ModelVersion]:
        """Every version in the models folder, oldest first, refused ones with their problem."""
        active = set(_read_active(self.root).values())
        found: list[ModelVersion] = []
        if not self.root.is_dir():
            return found
        for folder in self.root.iterdir():
            if not folder.is_dir() or _VERSION.fullmatch(folder.name) is None:
                continue
            try:
                manifest = _read_manifest(folder, self.kernel.archive_id)
                problem = None
            except ModelRefused as refused:
                manifest, problem = {}, str(refused)
            found.append(ModelVersion(folder.name, manifest, folder.name in active, problem))
        return sorted(found, key=lambda version: _number(version.version))

    def decisions(self) -> Decisions:
        return read_decisions(self.kernel, self.viewer)

    def held_out_scores(self, language: str | None = None) -> dict[str, dict[str, Any]]:
        """Before (shipped) and after (active model) on each language's held-out decisions."""
        decisions = self.decisions()
        languages = [language] if language else sorted(decisions.sets)
        trained = trained_for(self.kernel, self.viewer)
        report: dict[str, dict[str, Any]] = {}
        for code in languages:
            training = decisions.of(code)
            if not training.held_out:
                raise DocketError(f"no held-out decisions in {code!r} yet to score on")
            active = TrainedModels(
                {k: v for k, v in trained.entities.items() if k == code},
                {k: v for k, v in trained.acts.items() if k == code},
                parties={k: v for k, v in trained.parties.items() if k == code},
            )
            report[code] = {
                "version": _read_active(self.root).get(code) if not active.empty else None,
                "note": trained.notes.get(code),
                "before": figures(score_held_out(training.held_out, code, None)),
                "after": None
                if active.empty
                else figures(score_held_out(training.held_out, code, active)),
            }
        return report

    # -- training ---------------------------------------------------------------------------

    def train(
        self,
        language: str | None = None,
        iterations: int = 10,
        progress: Callable[[str, int, int], None] | None = None,
    ) -> tuple[list[TrainingResult], list[str]]:
        """Train each language (or ``language``) with enough decisions; a new active version
        each. Returns what was made and a line for each language that could not be trained."""
        if self.kernel.encrypted:
            raise DocketError(
                "this archive is encrypted: a trained model holds words of its items and would "
                "be stored unsealed, so training is refused"
            )
        if language is not None and language not in LANGUAGES:
            raise DocketError(f"--language must be one of {', '.join(LANGUAGES)}, not {language!r}")
        if iterations < 1:
            raise DocketError(f"--iterations must be at least 1, not {iterations}")
        decisions = self.decisions()
        if language is not None:
            wanted = [decisions.of(language)]
        else:
            wanted = [decisions.sets[code] for code in sorted(decisions.sets)]
            if not wanted:
                raise DocketError(
                    "no review decisions to learn from: accept or reject proposals first"
                )
        results, skipped = [], []
        for training in wanted:

            def step(done: int, total: int, code: str = training.language) -> None:
                if progress is not None:
                    progress(code, done, total)

            try:
                results.append(self._train_one(training, iterations, step))
            except DocketError as refused:
                if language is not None:
                    raise
                skipped.append(str(refused))
        if not results:
            raise DocketError("; ".join(skipped))
        return results, skipped

    def _train_one(
        self, training: TrainingSet, iterations: int, progress: Progress
    ) -> TrainingResult:
        started = time.monotonic()
        self.root.mkdir(mode=_FOLDER_MODE, parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(dir=self.root, prefix=".training-"))
        try:
            trained = train_language(training, iterations, temporary, progress)
            candidate = TrainedModels(
                {training.language: str(temporary / ENTITIES_DIR)} if trained.entities else {},
                {training.language: str(temporary / ACTS_DIR)} if trained.acts else {},
                parties=(
                    {training.language: str(temporary / PARTIES_DIR)} if trained.parties else {}
                ),
            )
            before = figures(score_held_out(training.held_out, training.language, None))
            after = figures(score_held_out(training.held_out, training.language, candidate))
            version = self._next_version()
            manifest = {
                "format": FORMAT,
                "archive_id": self.kernel.archive_id,
                "version": version,
                "language": training.language,
                "created_at": utc_now(),
                "created_by": self.viewer.name,
                "base_model": trained.base_model,
                "fingerprint": training.fingerprint,
                "level": training.level,
                "iterations": iterations,
                "decisions": {
                    "total": training.decisions,
                    "names": training.entity_decisions,
                    "acts": training.act_decisions,
                    "claims": training.claim_decisions,
                    "parties": training.party_decisions,
                    "contradictions": training.contradictions,
                    "train_sentences": len(training.train),
                    "held_out_sentences": len(training.held_out),
                },
                "entities": trained.entities,
                "acts": list(trained.acts),
                "parties": list(trained.parties),
                "scores": {"before": before, "after": after},
                "seconds": round(time.monotonic() - started, 1),
                "files": {
                    path.relative_to(temporary).as_posix(): _digest(path)
                    for path in _files(temporary)
                },
            }
            (temporary / MANIFEST).write_text(
                json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True), encoding="utf-8"
            )
            worse = _worse(after, before)
            self._install(temporary, version, manifest, activate=not worse)
        except BaseException:
            shutil.rmtree(temporary, ignore_errors=True)
            raise
        finally:
            # The pipelines scored in the temporary folder stay loaded no longer than it exists.
            forget_trained(str(temporary))
        notes = trained.notes
        kinds = _scored_kinds(after, before)
        if worse:
            notes = (
                *notes,
                f"{version} read the held-out decisions worse than the shipped models "
                f"(mean F1 {mean_f1(after, kinds):.2f} against {mean_f1(before, kinds):.2f}): "
                f"it is kept but not in use; `docket models use {version}` uses it all the same",
            )
        return TrainingResult(version, training.language, manifest, notes, not worse)

    def _next_version(self) -> str:
        numbers = [
            _number(path.name)
            for path in self.root.iterdir()
            if path.is_dir() and _VERSION.fullmatch(path.name)
        ]
        return f"v{max(numbers, default=0) + 1}"

    def _install(
        self, temporary: Path, version: str, manifest: dict[str, Any], *, activate: bool
    ) -> None:
        """Move the trained folder into place with its custody entry, then (with ``activate``)
        make it the version in use."""
        target = self.root / version
        summary = {
            key: manifest[key]
            for key in ("version", "language", "fingerprint", "base_model", "level", "decisions")
        }
        summary["scores"] = manifest["scores"]
        summary["manifest_sha256"] = _digest(temporary / MANIFEST)
        moved = False
        try:
            with writing(self.kernel.engine) as connection:
                self.kernel.custody.append(
                    connection,
                    Action.MODEL_TRAINED,
                    f"model:{version}",
                    summary,
                    actor=self.viewer.name,
                )
                # Inside the transaction: a folder that cannot be moved (another run took the
                # version) leaves no entry behind, and an entry that cannot commit no folder.
                try:
                    os.rename(temporary, target)
                except OSError as error:
                    raise DocketError(
                        f"model {version} could not be stored: {error.strerror}"
                    ) from None
                moved = True
        except BaseException:
            if moved:
                shutil.rmtree(target, ignore_errors=True)
            raise
        if activate:
            self._activate(manifest["language"], version, "trained")
        self.kernel.checkpoint()

    # -- switching --------------------------------------------------------------------------

    def _activate(self, language: str, version: str | None, why: str) -> None:
        active = _read_active(self.root)
        previous = active.get(language)
        if version is None:
            active.pop(language, None)
        else:
            active[language] = version
        with writing(self.kernel.engine) as connection:
            self.kernel.custody.append(
                connection,
                Action.MODEL_ACTIVATED,
                f"models:{language}",
                {"language": language, "version": version, "previous": previous, "why": why},
                actor=self.viewer.name,
            )
            _write_active(self.root, active)

    def use(self, version: str) -> ModelVersion:
        """Make ``version`` the active model of its language (refused when it is not sound)."""
        _number(version)
        folder = self.root / version
        if not folder.is_dir():
            raise ModelRefused(f"no model {version}; `docket models` lists them")
        manifest = _read_manifest(folder, self.kernel.archive_id)
        self._activate(manifest["language"], version, "use")
        self.kernel.checkpoint()
        return ModelVersion(version, manifest, True)

    def rollback(self, language: str | None = None) -> tuple[str, str | None]:
        """Go back to the sound version before the active one (or to the shipped models).

        Returns the language and the version now active (None: the shipped models).
        """
        active = _read_active(self.root)
        if language is None:
            if len(active) != 1:
                raise DocketError(
                    "say which language to roll back (--language)"
                    if active
                    else "no trained model is in use; extraction already uses the shipped models"
                )
            language = next(iter(active))
        current = active.get(language)
        if current is None:
            raise DocketError(f"no trained model of {language!r} is in use")
        earlier = [
            found
            for found in self.versions()
            if found.problem is None
            and found.language == language
            and _number(found.version) < _number(current)
        ]
        version = earlier[-1].version if earlier else None
        self._activate(language, version, "rollback")
        self.kernel.checkpoint()
        return language, version
