"""The end-to-end tests of ingest, search, records, bags, verify and serve, run again on an
encrypted archive (and on a plain one beside it, as the reference)."""

from __future__ import annotations

from tests.e2e.test_cli_evidence import (
    test_bad_inputs_get_one_line_each_and_the_batch_goes_on,
    test_bag_export_verifies_without_the_archive_and_detects_tampering,
    test_errors_are_one_line_without_traceback,
    test_ingest_show_search_verify,
    test_same_bytes_twice_is_one_item_seen_again,
)
from tests.e2e.test_records_cli import (
    test_add_edit_show_history_retract,
    test_cite_and_bad_input_are_one_line_errors,
    test_file_import_export_and_stats,
)
from tests.e2e.test_serve_cli import test_serve_answers_with_its_protections

__all__ = [
    "test_add_edit_show_history_retract",
    "test_bad_inputs_get_one_line_each_and_the_batch_goes_on",
    "test_bag_export_verifies_without_the_archive_and_detects_tampering",
    "test_cite_and_bad_input_are_one_line_errors",
    "test_errors_are_one_line_without_traceback",
    "test_file_import_export_and_stats",
    "test_ingest_show_search_verify",
    "test_same_bytes_twice_is_one_item_seen_again",
    "test_serve_answers_with_its_protections",
]
