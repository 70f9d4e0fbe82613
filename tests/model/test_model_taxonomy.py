from __future__ import annotations

import re
import shutil
from importlib import resources
from pathlib import Path

import pytest

import docket.model
from docket.model import (
    BrokenTaxonomy,
    Taxonomy,
    Term,
    UnknownTerm,
    lint_taxonomy,
    load_taxonomy,
    taxonomy_names,
)

SHIPPED = Path(str(resources.files("docket.model").joinpath("taxonomies")))
CYRILLIC = re.compile(r"[А-Яа-яЁёӨөҮүҢң]")
LATIN = re.compile(r"[A-Za-z]")


def test_public_api_is_pinned() -> None:
    assert sorted(docket.model.__all__) == sorted(
        [
            "SEASONS", "BrokenTaxonomy", "Count", "InvalidCount", "Precision", "Qualifier",
            "Taxonomy", "Term", "UncertainDate", "UnknownTerm", "find_counts", "find_dates",
            "lint_taxonomy", "load_taxonomy", "taxonomy_names",
        ]
    )  # fmt: skip


def test_every_expected_taxonomy_ships() -> None:
    assert set(taxonomy_names()) >= {
        "violation_types",
        "event_types",
        "intervention_types",
        "intervention_responses",
        "organisation_types",
        "involvement_degrees",
        "case_statuses",
        "act_statuses",
        "counting_units",
    }


@pytest.mark.parametrize("name", taxonomy_names())
def test_shipped_taxonomy_lints_clean(name: str) -> None:
    assert lint_taxonomy(SHIPPED / f"{name}.yaml") == []


@pytest.mark.parametrize("name", taxonomy_names())
def test_labels_are_in_their_script(name: str) -> None:
    for term in load_taxonomy(name):
        assert not CYRILLIC.search(term.labels["en"]), term.code
        for language in ("ru", "ky"):
            assert CYRILLIC.search(term.labels[language]), (term.code, language)
            assert not LATIN.search(term.labels[language]), (term.code, language)


def test_violation_types_cover_the_domain() -> None:
    violations = load_taxonomy("violation_types")
    assert len(violations) >= 50
    assert max(len(violations.ancestors(term.code)) for term in violations) >= 2
    for code in (
        "extrajudicial_execution", "death_in_custody", "enforced_disappearance",
        "arbitrary_arrest", "arbitrary_detention", "torture", "ill_treatment",
        "denial_of_medical_care", "unfair_trial", "harassment_of_journalists",
        "blocking_of_media", "pressure_on_media", "excessive_force_against_assembly",
        "use_of_firearms", "use_of_cold_weapons", "freedom_of_association",
        "political_persecution", "property_destruction", "forced_displacement",
        "sexual_violence", "threats_and_intimidation", "reprisals_against_family",
        "failure_to_investigate",
    ):  # fmt: skip
        assert code in violations
    assert violations.is_a("use_of_firearms", "freedom_of_assembly")
    assert violations.is_a("extrajudicial_execution", "right_to_life")


def test_violation_leaves_have_a_lexicon_in_every_language() -> None:
    violations = load_taxonomy("violation_types")
    for term in violations:
        if not violations.children(term.code):
            assert all(term.synonyms.get(lang) for lang in ("en", "ru", "ky")), term.code


@pytest.mark.parametrize(
    ("name", "codes"),
    [
        ("intervention_types", ["visit", "meeting", "statement", "declaration", "appeal",
                                "request", "call_for_release", "legal_action", "report",
                                "letter", "international_investigation_support"]),
        ("intervention_responses", ["granted", "partially_granted", "refused", "ignored",
                                    "pending", "no_response", "promised"]),
        ("involvement_degrees", ["carried_out", "ordered", "commanded", "failed_to_prevent",
                                 "aided", "covered_up", "instigated"]),
        ("case_statuses", ["arrested", "charged", "pretrial_detention", "house_arrest",
                           "on_trial", "sentenced", "appeal_pending", "hospitalised",
                           "returned_to_prison", "medical_request_refused", "released",
                           "acquitted", "pardoned", "died_in_custody"]),
        ("act_statuses", ["alleged", "likely", "confirmed", "disputed"]),
        ("counting_units", ["persons", "families", "households", "organisations"]),
        ("organisation_types", ["security_service", "political_party", "media_outlet",
                                "human_rights_ngo", "international_organisation"]),
        ("event_types", ["protest", "border_conflict", "trial_hearing", "election"]),
    ],
)  # fmt: skip
def test_required_terms_exist(name: str, codes: list[str]) -> None:
    taxonomy = load_taxonomy(name)
    assert [code for code in codes if code not in taxonomy] == []


def test_hierarchy_navigation() -> None:
    violations = load_taxonomy("violation_types")
    assert [t.code for t in violations.ancestors("use_of_firearms")] == [
        "excessive_force_against_assembly",
        "freedom_of_assembly",
    ]
    children = [t.code for t in violations.children("excessive_force_against_assembly")]
    assert children == ["use_of_firearms", "use_of_cold_weapons", "use_of_less_lethal_weapons"]
    descendants = [t.code for t in violations.descendants("freedom_of_assembly")]
    assert descendants[:3] == ["dispersal_of_assembly", "excessive_force_against_assembly",
                               "use_of_firearms"]  # fmt: skip
    assert "ban_on_assembly" in descendants
    assert not violations.is_a("torture", "freedom_of_assembly")
    assert violations.is_a("torture", "torture")
    assert next(iter(violations.roots())).code == "right_to_life"
    assert next(iter(violations)).code == "right_to_life"


def test_labels_fall_back_to_english() -> None:
    statuses = load_taxonomy("case_statuses")
    assert statuses.label("pretrial_detention", "ru") == "Под стражей в СИЗО"
    assert statuses.label("pretrial_detention", "ky") == "Тергөө абагында"
    assert statuses.label("pretrial_detention", "de") == "In pretrial detention"
    assert statuses.label("pretrial_detention") == "In pretrial detention"


def test_lookup_by_label_or_synonym() -> None:
    units = load_taxonomy("counting_units")
    assert units.lookup("Villagers") is units.get("persons")
    assert units.lookup("семей", "ru") is units.get("families")
    assert units.lookup("семей", "en") is None
    assert units.lookup("goats") is None


def test_unknown_names_and_codes_are_domain_errors() -> None:
    with pytest.raises(UnknownTerm):
        load_taxonomy("no_such_taxonomy")
    with pytest.raises(UnknownTerm):
        load_taxonomy("violation_types").get("no_such_code")
    with pytest.raises(UnknownTerm):
        load_taxonomy("violation_types").is_a("torture", "no_such_code")


def test_taxonomies_are_loaded_once() -> None:
    assert load_taxonomy("violation_types") is load_taxonomy("violation_types")


def test_adding_a_term_is_a_data_change_only(tmp_path: Path) -> None:
    shutil.copy(SHIPPED / "violation_types.yaml", tmp_path / "violation_types.yaml")
    with (tmp_path / "violation_types.yaml").open("a", encoding="utf-8") as file:
        file.write(
            "  - code: internet_shutdown\n"
            "    parent: freedom_of_expression\n"
            '    labels: {en: "Internet shutdown", ru: "Отключение интернета",'
            ' ky: "Интернетти өчүрүү"}\n'
            '    synonyms: {en: ["internet shutdown"], ru: ["отключили интернет"]}\n'
        )
    assert lint_taxonomy(tmp_path / "violation_types.yaml") == []
    extended = load_taxonomy("violation_types", tmp_path)
    assert extended.label("internet_shutdown", "ky") == "Интернетти өчүрүү"
    assert extended.is_a("internet_shutdown", "freedom_of_expression")
    assert extended.lookup("отключили интернет", "ru") == extended.get("internet_shutdown")
    assert len(extended) == len(load_taxonomy("violation_types")) + 1


BROKEN = {
    "duplicate code": (
        "  - {code: a, labels: {en: A, ru: А, ky: А}}\n"
        "  - {code: a, labels: {en: A, ru: А, ky: А}}\n"
    ),
    "missing parent": "  - {code: a, parent: b, labels: {en: A, ru: А, ky: А}}\n",
    "parent cycle": (
        "  - {code: a, parent: b, labels: {en: A, ru: А, ky: А}}\n"
        "  - {code: b, parent: a, labels: {en: B, ru: Б, ky: Б}}\n"
    ),
    "missing ky label": "  - {code: a, labels: {en: A, ru: А}}\n",
    "bad code": "  - {code: Bad-Code, labels: {en: A, ru: А, ky: А}}\n",
    "unknown key": "  - {code: a, colour: red, labels: {en: A, ru: А, ky: А}}\n",
    "also names": (
        "  - {code: a, labels: {en: A, ru: А, ky: А}, synonyms: {en: [x]}}\n"
        "  - {code: b, labels: {en: B, ru: Б, ky: Б}, synonyms: {en: [X]}}\n"
    ),
    "quoted text": "  - {code: a, labels: {en: A, ru: А, ky: А}, synonyms: {en: [on]}}\n",
}


@pytest.mark.parametrize("problem", sorted(BROKEN))
def test_lint_reports_each_problem(tmp_path: Path, problem: str) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("name: broken\nterms:\n" + BROKEN[problem], encoding="utf-8")
    problems = lint_taxonomy(path)
    assert any(problem in message for message in problems), problems
    with pytest.raises(BrokenTaxonomy):
        Taxonomy.from_file(path)


def test_lint_reports_bad_yaml_and_wrong_name(tmp_path: Path) -> None:
    path = tmp_path / "units.yaml"
    path.write_text("name: units\nterms: [\n", encoding="utf-8")
    assert any("not valid YAML" in message for message in lint_taxonomy(path))
    path.write_text("name: other\nterms: []\n", encoding="utf-8")
    assert any("'name' must be 'units'" in message for message in lint_taxonomy(path))
    assert lint_taxonomy(tmp_path / "missing.yaml")[0].endswith(
        f"cannot read: [Errno 2] No such file or directory: '{tmp_path / 'missing.yaml'}'"
    )


def test_terms_are_immutable_values() -> None:
    term = load_taxonomy("act_statuses").get("alleged")
    assert isinstance(term, Term)
    with pytest.raises(TypeError):
        term.labels["en"] = "changed"  # type: ignore[index]
    assert hash(term) == hash(load_taxonomy("act_statuses").get("alleged"))
