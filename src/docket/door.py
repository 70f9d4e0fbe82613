"""``Door``: the archive as one viewer may see and change it — the only way the interfaces in.

``archive.as_viewer(viewer)`` opens it. Every store behind it is built with that viewer, so a
page, a command or an API route cannot read without the permission check: items, records,
proposals, search, facets, exports, timelines and statistics all pass the same visibility rule.

The types and errors the interfaces show come from ``docket.face``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Final, TextIO

from sqlalchemy import Connection

from docket.capture import CaptureStore
from docket.db.engine import reading, writing
from docket.errors import DocketError, ItemNotFound, PermissionDenied
from docket.estimation import METHODS as ESTIMATION_METHODS
from docket.estimation import Estimation, SamplerSettings, StratifiedEstimation, estimate_archive
from docket.evidence import backup_plan
from docket.evidence.backup_plan import BackupPlan, BackupStatus
from docket.extract.act_recall import RECALL_LANGUAGES, RecallSettings
from docket.extract.document import Extraction, ExtractionInput
from docket.extract.gazetteer import Gazetteer
from docket.extract.mentions import MentionKind
from docket.extract.sentence_embeddings import require_embeddings
from docket.extract.stream import extract_stream
from docket.items import ITEM_VIEWED, ItemStore
from docket.jobs import REPORT_SUBJECTS, JobBoard, JobQueue, audience_viewer
from docket.kernel import Kernel
from docket.linkage import KINDS as LINK_KINDS
from docket.linkage import IdentitySummary, Linkage
from docket.model.access import Viewer
from docket.records import RecordStore
from docket.records.audit import RecordAction
from docket.records.casefile import CaseFile, case_file
from docket.records.chronology import Dated, DateTally, chronology, dated_types, moments, tally
from docket.records.drafts import check_new
from docket.records.exports import export_records
from docket.records.listing import RecordPage, find_records
from docket.records.lookup import RecordMatch, lookup, resolve
from docket.records.reader import Facts
from docket.records.showing import RecordShowing, read_showing
from docket.records.stats import acts_against, acts_by, all_acts, cases_by_status, counts
from docket.records.timeline import Moment, timeline
from docket.reports import (
    Report,
    case_report,
    incident_report,
    period_report,
    rendered,
    statement_report,
    write_package,
    write_report,
)
from docket.reports.statement import check_draft
from docket.review import ProposalStore
from docket.training import ModelStore, accepted_act_examples, trained_for

# The seed of the sampler behind a report's estimates: the same archive makes the same report.
REPORT_SEED = 1

__all__ = ["Door"]

# Custody entries that say someone opened an item or a record: they change nothing one reads.
# Entries that only say someone read something: they do not move the archive's position.
POSITION_READS: Final = (ITEM_VIEWED, RecordAction.VIEWED)


@dataclass(frozen=True)
class Snapshot:
    """One read transaction of the archive at ``position`` (see :meth:`Door.position`): what
    is read in it agrees with that position."""

    position: tuple[int, str]
    connection: Connection = field(repr=False)


class Door:
    """One archive as one viewer may see it; every read and write of the interfaces."""

    def __init__(self, kernel: Kernel, viewer: Viewer, jobs: JobQueue | None = None) -> None:
        if not isinstance(viewer, Viewer):
            raise PermissionDenied("nobody may read the archive without saying who reads it")
        self._kernel = kernel
        self._jobs = jobs or JobQueue(kernel)
        self.viewer = viewer

    @property
    def archive_id(self) -> str:
        return self._kernel.archive_id

    def position(self) -> tuple[int, str]:
        """The sequence number and hash of the chain of custody's newest entry that changed the
        archive. Every change appends to the chain, so whatever was read at one position holds
        until it moves; entries that only say someone opened an item or a record do not move
        it."""
        with self.snapshot() as snapshot:
            return snapshot.position

    @contextmanager
    def snapshot(self) -> Iterator[Snapshot]:
        """A read transaction and the archive's position in it, for a page that looks for what
        it kept at that position and, when it kept nothing, reads the archive in the same
        transaction: one transaction where two were, and the reads are of that position."""
        with reading(self._kernel.engine) as connection:
            yield Snapshot(self._kernel.custody.last_change(connection, POSITION_READS), connection)

    def checkpoint(self) -> None:
        """Sign the chain's head at the end of a run of writes that do not sign each one."""
        self.viewer.require_writer()
        self._kernel.checkpoint()

    @functools.cached_property
    def items(self) -> ItemStore:
        return ItemStore(self._kernel, self.viewer)

    @functools.cached_property
    def records(self) -> RecordStore:
        return RecordStore(self._kernel, self.viewer)

    @functools.cached_property
    def linkage(self) -> Linkage:
        return Linkage(self._kernel, self.viewer, self.records)

    @functools.cached_property
    def proposals(self) -> ProposalStore:
        return ProposalStore(self._kernel, self.viewer)

    @functools.cached_property
    def captures(self) -> CaptureStore:
        return CaptureStore(self._kernel, self.viewer)

    @functools.cached_property
    def models(self) -> ModelStore:
        """The models trained on the archive's review decisions (an admin's business)."""
        return ModelStore(self._kernel, self.viewer)

    @functools.cached_property
    def jobs(self) -> JobBoard:
        """Uploads, captures, reports and proposals queued to run apart from the request, and
        what became of them."""
        return JobBoard(self._jobs, self.viewer)

    # -- what the records tell --------------------------------------------------------------

    def timeline(self, record_id: int, *, log: bool = True) -> list[Moment]:
        """Dated facts about a record, earliest first; undated ones last. The facts about the
        other records of its identity (``docket link``) that the viewer may see are among them,
        each marked with the linked record it concerns."""
        identity = self.linkage.identity_of(record_id)
        linked = [] if identity is None else [m.id for m in identity.members if m.id != record_id]
        return timeline(self.records, record_id, log=log, linked=linked)

    def chronology(
        self,
        *,
        type_names: tuple[str, ...] | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> list[Dated]:
        """Every current dated record, earliest first and undated last."""
        return chronology(self.records, type_names=type_names, start=start, end=end)

    @staticmethod
    def date_tally(entries: list[Dated]) -> DateTally:
        """How many of a chronology's records are dated and how many undated."""
        return tally(entries)

    def moments(self, page: list[Dated]) -> list[Moment]:
        return moments(self.records, page)

    def dated_types(self) -> tuple[str, ...]:
        return dated_types(self.records)

    def estimate_records(
        self,
        *,
        seed: int,
        methods: Sequence[str] = ESTIMATION_METHODS,
        settings: SamplerSettings | None = None,
        criterion: str = "bic",
        record_type: str = "person",
        violation: str | None = None,
        by: str | None = None,
        sources: Sequence[int] | None = None,
        identities: Mapping[int, int] | None = None,
        within: tuple[date, date] | None = None,
        by_publisher: bool = False,
        work_limit: int | None = None,
    ) -> Estimation | StratifiedEstimation:
        """How many people no source recorded, from the records this viewer may see; a person
        linked across records (``docket link``) is one identity unless ``identities`` says
        otherwise. ``within`` keeps the victims of acts dated in that period; ``by_publisher``
        makes the items of one author (the organisation that published them) one list."""
        unconfirmed: set[int] = set()
        if identities is None and record_type in LINK_KINDS:
            identities, unconfirmed = self.linkage.same_as(record_type)
        return estimate_archive(
            self.records,
            seed=seed,
            methods=methods,
            settings=settings,
            criterion=criterion,
            record_type=record_type,
            violation=violation,
            by=by,
            sources=sources,
            identities=identities,
            unconfirmed=unconfirmed,
            within=within,
            publisher_of=self._publisher_of if by_publisher else None,
            work_limit=work_limit,
        )

    def _publisher_of(self, item_id: int) -> str | None:
        """Who published an item the viewer may see (its author), if it says."""
        try:
            author = self.items.get(item_id).get("author")
        except ItemNotFound:
            return None
        text = str(author).strip() if author else ""
        return text or None

    def record_showing(
        self,
        record_id: int,
        named: Callable[[Sequence[int]], Sequence[int]],
        also: Callable[[Sequence[int]], Sequence[int]],
        *,
        within: Snapshot | None = None,
    ) -> RecordShowing[IdentitySummary | None]:
        """A record with what its page says around it (its referrers, those of them ``named``
        picks by title, the record it was merged into, its identity and those of its other
        records ``also`` picks by title), read in one transaction: ``within``'s when given."""
        return read_showing(
            self.records,
            record_id,
            named,
            lambda connection, own: self.linkage.identity_summary_in(connection, own, also),
            None if within is None else within.connection,
        )

    def case_file(self, record_id: int) -> CaseFile:
        """The file of a person, group or case, with the other records of its people."""
        return case_file(self.records, record_id, self.linkage.also_recorded)

    def find_records(
        self,
        *,
        type_name: str | None = None,
        text: str | None = None,
        include_retracted: bool = False,
        limit: int = 50,
        offset: int = 0,
    ) -> RecordPage:
        return find_records(
            self.records,
            type_name=type_name,
            text=text,
            include_retracted=include_retracted,
            limit=limit,
            offset=offset,
        )

    def lookup(
        self, text: str, *, type_names: Sequence[str] = (), limit: int = 10
    ) -> list[RecordMatch]:
        """The few records a name being typed may mean, best first (a picker's choices)."""
        return lookup(self.records, text, type_names=type_names, limit=limit)

    def resolve(self, text: str, type_names: Sequence[str], where: str) -> int:
        """The one record a typed name or ``#id`` names; one line when none or several do."""
        return resolve(self.records, text, type_names, where)

    def check_record(
        self, type_name: str, fields: Mapping[str, Any], *, confidentiality: str
    ) -> None:
        """Refuse a record about to be created as ``records.create`` would, writing nothing."""
        check_new(self.records, type_name, fields, confidentiality)

    def facts(self, wanted: Mapping[str, Sequence[str]]) -> dict[int, Facts]:
        """Some unprotected fields ({type: fields}) of every current visible record."""
        return self.records.facts(wanted)

    def counts(self) -> list[dict[str, Any]]:
        """People affected by violation × month × place; a person linked across sources counts
        once (``docket link``), with the links behind the figure nobody has reviewed."""
        same_as, unconfirmed = self.linkage.same_as("person")
        return counts(self.records, same_as, unconfirmed)

    def acts_against(self, victim_id: int) -> list[dict[str, Any]]:
        return acts_against(self.records, victim_id)

    def acts_by(self, perpetrator_id: int) -> list[dict[str, Any]]:
        return acts_by(self.records, perpetrator_id)

    def all_acts(self) -> list[dict[str, Any]]:
        """Every act the viewer may see, with the columns of ``acts_against``."""
        return all_acts(self.records)

    def cases_by_status(self) -> list[dict[str, Any]]:
        return cases_by_status(self.records)

    def export_records(
        self,
        out: TextIO,
        *,
        fmt: str = "jsonl",
        type_name: str | None = None,
        reveal: bool = False,
        include_retracted: bool = False,
    ) -> int:
        """Write every record the viewer may see to ``out``, each linked one (``docket link``)
        with its identity; the export enters custody."""
        identities: dict[int, int] = {}
        unconfirmed: set[int] = set()
        for kind in LINK_KINDS if type_name is None else (type_name,):
            if kind in LINK_KINDS:
                same_as, unsure = self.linkage.same_as(kind)
                identities.update(same_as)
                unconfirmed |= unsure
        return export_records(
            self.records,
            out,
            fmt=fmt,
            type_name=type_name,
            reveal=reveal,
            include_retracted=include_retracted,
            identities=identities,
            unconfirmed=unconfirmed,
        )

    # -- reports ---------------------------------------------------------------------------

    def case_report(self, record_id: int, *, language: str = "en", reveal: bool = False) -> Report:
        """A person's or case's file as a footnoted report; making it enters custody."""
        return case_report(
            self.records,
            self.items,
            record_id,
            language=language,
            reveal=reveal,
            linked=self.linkage.also_recorded,
        )

    def incident_report(
        self, event_id: int, *, language: str = "en", reveal: bool = False
    ) -> Report:
        """An event with its acts, victims, perpetrators, places and the response to it."""
        return incident_report(self.records, self.items, event_id, language=language, reveal=reveal)

    def period_report(
        self,
        start: date,
        end: date,
        *,
        language: str = "en",
        reveal: bool = False,
        estimates: bool = False,
        sampler: SamplerSettings | None = None,
    ) -> Report:
        """Counts by violation × month × place over a period (a person linked across records
        counts once), and its notable cases; with ``estimates``, how many victims of the
        period's acts no source recorded, by every method, with intervals and warnings."""
        same_as, unconfirmed = self.linkage.same_as("person")
        estimation: Estimation | str | None = None
        if estimates:
            try:
                found = self.estimate_records(
                    seed=REPORT_SEED, settings=sampler, within=(start, end)
                )
            except DocketError as refused:
                estimation = str(refused)
            else:
                assert isinstance(found, Estimation)  # not stratified: no ``by``
                estimation = found
        return period_report(
            self.records,
            self.items,
            start,
            end,
            language=language,
            reveal=reveal,
            same_as=same_as,
            unconfirmed=unconfirmed,
            estimation=estimation,
        )

    def statement_report(self, draft: str, *, language: str = "en", reveal: bool = False) -> Report:
        """The user's paragraphs with the facts they tie in (``[[#ID]]``), each footnoted."""
        return statement_report(self.records, self.items, draft, language=language, reveal=reveal)

    def check_statement(self, draft: str, *, language: str = "en") -> None:
        """Refuse a statement's draft as making it would (a fact this viewer cannot tie),
        making nothing: a report queued as a job is checked so before it is queued."""
        check_draft(self.records, draft, language=language)

    def package_report(self, report: Report, out: Path) -> Path:
        """A report made through this door and the evidence it cites, as a bag in ``out``;
        its files enter custody by their SHA-256."""
        return write_package(report, self.records, self.items, out)

    def queue_report(
        self,
        kind: str,
        *,
        audience: str,
        language: str,
        file_format: str,
        subject: str = "",
        period: tuple[date, date] | None = None,
        estimates: bool = False,
        draft: str = "",
    ) -> int:
        """Queue a report's file as a job of this viewer, made for ``audience`` (their role or
        a lower one); its job number. What can be checked without making the report is
        checked first, as the audience would find it: the subject (a name or ``#id``) and a
        statement's ties to records."""
        self.jobs.check_report(kind, audience, language, file_format, period)
        seen_as = Door(self._kernel, audience_viewer(self.viewer, audience), self._jobs)
        subject_id = None
        if kind in REPORT_SUBJECTS:
            if not subject.strip():
                raise DocketError("name the subject of the report, or give its #id")
            subject_id = seen_as.resolve(subject.strip(), REPORT_SUBJECTS[kind], "report.subject")
        if kind == "statement":
            seen_as.check_statement(draft, language=language)
        return self.jobs.report(
            kind,
            audience=audience,
            language=language,
            file_format=file_format,
            subject_id=subject_id,
            period=period,
            estimates=estimates,
            draft=draft,
        )

    def write_report(self, report: Report, path: Path, *, force: bool = False) -> str:
        """Write a report made through this door as HTML or PDF by the file's suffix; its
        SHA-256 enters custody. The format written."""
        return write_report(self.records, report, path, force=force)

    def rendered_report(self, report: Report, kind: str) -> bytes:
        """A report made through this door as "html" or "pdf" bytes to hand over (a
        download); their SHA-256 enters custody."""
        return rendered(self.records, report, kind)

    # -- backups ------------------------------------------------------------------------------

    def backup_status(self, now: datetime | None = None) -> BackupStatus:
        """The backup plan, the last good backup and whether it is too old (admins only)."""
        self.viewer.require_admin()
        with reading(self._kernel.engine) as connection:
            return backup_plan.status(
                connection, now or datetime.now(UTC), encrypted=self._kernel.encrypted
            )

    def set_backup_plan(
        self,
        target: str,
        every: str,
        *,
        password_env: str | None = None,
        password_file: str | None = None,
    ) -> BackupPlan:
        """Where scheduled backups go and how often; ``InvalidPlan`` in one line (admins only)."""
        self.viewer.require_admin()
        kernel = self._kernel
        plan = backup_plan.checked_plan(
            target,
            every,
            password_env=password_env,
            password_file=password_file,
            home=kernel.settings.home,
            encrypted=kernel.encrypted,
        )
        with writing(kernel.engine) as connection:
            backup_plan.write_plan(connection, kernel.custody, plan)
        kernel.checkpoint()
        return plan

    def stop_backup_plan(self) -> None:
        """No more scheduled backups (admins only)."""
        self.viewer.require_admin()
        kernel = self._kernel
        with writing(kernel.engine) as connection:
            backup_plan.write_plan(connection, kernel.custody, None)
        kernel.checkpoint()

    # -- receiving files ----------------------------------------------------------------------

    def scratch(self) -> Path:
        """A private folder on the archive's disk for files about to be ingested (uploads);
        the caller removes it, and opening the archive removes any a crash left behind."""
        self.viewer.require_writer()
        return self._kernel.blobs.workspace()

    # -- reading documents ------------------------------------------------------------------

    def gazetteer(self) -> Gazetteer:
        """The names of the persons, organisations and places the viewer may see."""
        names: list[tuple[MentionKind, str, str]] = []
        for type_name, kind in _KNOWN_KINDS.items():
            for record in self.records.list_records(type_name=type_name):
                for value in record.field_values("name"):
                    if value.redacted:
                        continue
                    raw = value.value
                    text = raw.get("text") if isinstance(raw, dict) else raw
                    if isinstance(text, str) and text.strip():
                        names.append((kind, text, record.key))
        return Gazetteer.from_names(names)

    def extraction_inputs(
        self, ids: Sequence[int], given: date | None = None
    ) -> Iterator[ExtractionInput]:
        """What extraction needs of each item, read one item at a time."""
        for item_id in ids:
            item = self.items.get(item_id)
            anchor = given or _day(item.get("published")) or _day(item.get("collected_at"))
            yield ExtractionInput(self.items.text(item_id), item_id, item.get("language"), anchor)

    def extract(
        self,
        ids: Sequence[int],
        given: date | None = None,
        *,
        workers: int = 0,
        embeddings: bool | None = None,
    ) -> Iterator[Extraction]:
        """People, organisations, places, dates, counts, acts and interventions in each item,
        linked to the archive's records; nothing is stored. The archive's active trained
        pipelines read them where the viewer may use them, the shipped models elsewhere.

        ``embeddings`` (else the archive's setting, ``$DOCKET_EMBEDDINGS``) turns on the recall
        of acts by sentence embeddings, with the acts the viewer may see accepted as examples;
        ``EmbeddingsUnavailable`` without the extra, before any item is read.
        """
        recall = None
        if self._kernel.settings.embeddings if embeddings is None else embeddings:
            require_embeddings()
            examples = accepted_act_examples(self._kernel, self.viewer, RECALL_LANGUAGES)
            recall = RecallSettings(examples=examples)
        yield from extract_stream(
            self.extraction_inputs(ids, given),
            self.gazetteer(),
            workers=workers,
            trained=trained_for(self._kernel, self.viewer),
            recall=recall,
        )


# Record types whose names the archive already knows, and the kind of mention each one is.
_KNOWN_KINDS: Mapping[str, MentionKind] = {
    "person": "person",
    "organisation": "organization",
    "place": "place",
}


def _day(value: object) -> date | None:
    """The day an item's date field names; relative phrases in its text are read against it."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
