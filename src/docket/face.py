"""What the interfaces import beside the ``Door``: the types and errors they show, the constants
they offer as choices, the functions they call that read no archive (parsing, rendering,
checking), and the witness modules, which keep their own folders of checkpoints and statements.

Nothing here opens the archive: every read of it goes through the ``Door``, built with a viewer.
"""

from __future__ import annotations

from docket.accounts import (
    SCOPES,
    AccountError,
    Accounts,
    ApiToken,
    LoginRefused,
    Session,
    TotpEnrolment,
    User,
)
from docket.accounts.base import PAUSED
from docket.accounts.signin import REPLACEMENT_REFUSED
from docket.accounts.tokens import looks_like_api_token
from docket.capture import (
    ArchivedResponse,
    CaptureChanges,
    CaptureOptions,
    CaptureRequest,
    CaptureResult,
    charset_of,
    parse_links,
    read_links,
    rewrite_css,
    rewrite_html,
)
from docket.errors import PermissionDenied
from docket.estimation import MAX_CSV_BYTES as MAX_HISTORIES_BYTES
from docket.estimation import METHODS as ESTIMATION_METHODS
from docket.estimation import STRATA as ESTIMATION_STRATA
from docket.estimation import (
    CaptureHistories,
    Estimation,
    InvalidHistories,
    MethodEstimate,
    SamplerSettings,
    StratifiedEstimation,
    check_methods,
    check_seed,
    estimate,
    parse_histories_csv,
)
from docket.evidence import witness, witness_desk, witness_statements, witnesses
from docket.evidence.backup_plan import BackupPlan, BackupStatus, InvalidPlan, LastBackup
from docket.evidence.bags import verify_bag
from docket.evidence.custody import Checkpoint, Entry, act_as, acting_as, current_actor
from docket.evidence.verify import HeadStatement, Problem
from docket.extract.act_recall import ActRecall, RecallSettings, act_recall
from docket.extract.annotation_reading import load_gold, read_annotation
from docket.extract.annotations import Annotation, GoldDocument
from docket.extract.document import Extraction, ExtractionInput, extract_document
from docket.extract.evaluation import Scores, Tally, score
from docket.extract.gazetteer import Gazetteer
from docket.extract.mentions import MentionKind
from docket.extract.sentence_embeddings import EmbeddingsUnavailable
from docket.ingest.containers import ContainerLimits
from docket.ingest.filenames import clean_name, stored_name
from docket.ingest.options import IngestOptions
from docket.ingest.pending import IngestResult
from docket.ingest.provenance import Provenance
from docket.items import EDITABLE_FIELDS, ITEM_VIEWED, ItemView, Mention
from docket.jobs import JOB_KINDS, REPORT_SUBJECTS, JobNotFound, JobView, ReportFile, options_json
from docket.jobs import MAX_ITEMS as MAX_JOB_ITEMS
from docket.jobs import STATES as JOB_STATES
from docket.linkage import ENGINES as LINK_ENGINES
from docket.linkage import KINDS as LINK_KINDS
from docket.linkage import (
    AlsoRecorded,
    EngineUnavailable,
    IdentityView,
    Judgement,
    LinkageError,
    LinkOutcome,
    ReviewPair,
)
from docket.linkage.evaluation import GoldRecord, LinkScores, Prf, evaluate_link, load_link_gold
from docket.linkage.review import DECISIONS as LINK_DECISIONS
from docket.linkage.review import UNDONE
from docket.linkage.store import LINK_ABOVE, REVIEW_ABOVE
from docket.model.access import Viewer
from docket.records import (
    REDACTED,
    Citation,
    EditConflict,
    ImportResult,
    InvalidCitation,
    InvalidRecord,
    RecordKeyError,
    RecordNotFound,
    RecordView,
    Value,
    Version,
)
from docket.records.casefile import FILE_SUBJECTS, CaseFile, Fact
from docket.records.chronology import Dated, day_bound
from docket.records.exports import FORMATS as RECORD_FORMATS
from docket.records.listing import RecordPage
from docket.records.lookup import RecordMatch
from docket.records.merging import MergeOutcome
from docket.records.reader import Facts
from docket.records.rewriting import Moved
from docket.records.showing import RecordShowing
from docket.records.splitting import SplitOutcome
from docket.records.timeline import Moment, Relation
from docket.records.unmerging import UnmergeOutcome
from docket.records.values import display
from docket.reports import LANGUAGES as REPORT_LANGUAGES
from docket.reports import (
    STATEMENT_MAX_DRAFT,
    Report,
    check_language,
    render_html,
    tie_fact,
    verify_report,
)
from docket.reports.render import check_output, pdf_from_html
from docket.review import (
    Alternative,
    Draft,
    DraftValue,
    InvalidAssignment,
    Proposal,
    ProposalDecided,
    ProposalNotFound,
    record_type_of,
    required_edits,
)
from docket.review.assignments import parse_assignments, parse_value
from docket.search import MEDIA_TYPE_SHORTHANDS, SearchFilters, SearchHit, render_snippet
from docket.search.browse import Facets, ItemPage
from docket.training import ModelRefused, ModelStore, ModelVersion, TrainingResult

__all__ = [
    "EDITABLE_FIELDS",
    "ESTIMATION_METHODS",
    "ESTIMATION_STRATA",
    "FILE_SUBJECTS",
    "ITEM_VIEWED",
    "JOB_KINDS",
    "JOB_STATES",
    "LINK_ABOVE",
    "LINK_DECISIONS",
    "LINK_ENGINES",
    "LINK_KINDS",
    "MAX_HISTORIES_BYTES",
    "MAX_JOB_ITEMS",
    "MEDIA_TYPE_SHORTHANDS",
    "PAUSED",
    "RECORD_FORMATS",
    "REDACTED",
    "REPLACEMENT_REFUSED",
    "REPORT_LANGUAGES",
    "REPORT_SUBJECTS",
    "REVIEW_ABOVE",
    "SCOPES",
    "STATEMENT_MAX_DRAFT",
    "UNDONE",
    "AccountError",
    "Accounts",
    "ActRecall",
    "AlsoRecorded",
    "Alternative",
    "Annotation",
    "ApiToken",
    "ArchivedResponse",
    "BackupPlan",
    "BackupStatus",
    "CaptureChanges",
    "CaptureHistories",
    "CaptureOptions",
    "CaptureRequest",
    "CaptureResult",
    "CaseFile",
    "Checkpoint",
    "Citation",
    "ContainerLimits",
    "Dated",
    "Draft",
    "DraftValue",
    "EditConflict",
    "EmbeddingsUnavailable",
    "EngineUnavailable",
    "Entry",
    "Estimation",
    "Extraction",
    "ExtractionInput",
    "Facets",
    "Fact",
    "Facts",
    "Gazetteer",
    "GoldDocument",
    "GoldRecord",
    "HeadStatement",
    "IdentityView",
    "ImportResult",
    "IngestOptions",
    "IngestResult",
    "InvalidAssignment",
    "InvalidCitation",
    "InvalidHistories",
    "InvalidPlan",
    "InvalidRecord",
    "ItemPage",
    "ItemView",
    "JobNotFound",
    "JobView",
    "Judgement",
    "LastBackup",
    "LinkOutcome",
    "LinkScores",
    "LinkageError",
    "LoginRefused",
    "Mention",
    "MentionKind",
    "MergeOutcome",
    "MethodEstimate",
    "ModelRefused",
    "ModelStore",
    "ModelVersion",
    "Moment",
    "Moved",
    "PermissionDenied",
    "Prf",
    "Problem",
    "Proposal",
    "ProposalDecided",
    "ProposalNotFound",
    "Provenance",
    "RecallSettings",
    "RecordKeyError",
    "RecordMatch",
    "RecordNotFound",
    "RecordPage",
    "RecordShowing",
    "RecordView",
    "Relation",
    "Report",
    "ReportFile",
    "ReviewPair",
    "SamplerSettings",
    "Scores",
    "SearchFilters",
    "SearchHit",
    "Session",
    "SplitOutcome",
    "StratifiedEstimation",
    "Tally",
    "TotpEnrolment",
    "TrainingResult",
    "UnmergeOutcome",
    "User",
    "Value",
    "Version",
    "Viewer",
    "act_as",
    "act_recall",
    "acting_as",
    "charset_of",
    "check_language",
    "check_methods",
    "check_output",
    "check_seed",
    "clean_name",
    "current_actor",
    "day_bound",
    "display",
    "estimate",
    "evaluate_link",
    "extract_document",
    "load_gold",
    "load_link_gold",
    "looks_like_api_token",
    "options_json",
    "parse_assignments",
    "parse_histories_csv",
    "parse_links",
    "parse_value",
    "pdf_from_html",
    "read_annotation",
    "read_links",
    "record_type_of",
    "render_html",
    "render_snippet",
    "required_edits",
    "rewrite_css",
    "rewrite_html",
    "score",
    "stored_name",
    "tie_fact",
    "verify_bag",
    "verify_report",
    "witness",
    "witness_desk",
    "witness_statements",
    "witnesses",
]
