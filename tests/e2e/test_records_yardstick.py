"""The product's yardstick: the international organisation's declaration, told as records.

Evidence from demo/samples is ingested unaltered; every fact below cites the exact words of a
source (offsets found with str.find in the working copy). Timelines, counts and statistics come
out of the records; the confidential witness stays out of exports made without the right.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from docket.archive import Archive
from docket.ingest.provenance import Provenance
from docket.model.access import Viewer
from docket.records import REDACTED
from tests.support import as_owner

SAMPLES = Path(__file__).resolve().parents[2] / "demo" / "samples"


class Evidence:
    """Ingested samples, and citations of their words."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self.ids: dict[str, int] = {}
        self.texts: dict[str, str] = {}

    def ingest(self, name: str, confidentiality: str = "public") -> None:
        (result,) = as_owner(self.archive).items.ingest(
            [SAMPLES / name], Provenance(confidentiality=confidentiality)
        )
        assert result.id is not None, result.error
        self.ids[name] = result.id
        self.texts[name] = as_owner(self.archive).items.text(result.id)

    def span(self, name: str, words: str, within: str | None = None) -> dict[str, int]:
        text = self.texts[name]
        base = 0
        if within is not None:
            base = text.find(within)
            assert base >= 0, within
            assert text.count(within) == 1, within
        start = text.find(words, base)
        assert start >= 0, words
        if within is None:
            assert text.count(words) == 1, f"{words!r} is not unique"
        return {"item": self.ids[name], "start": start, "end": start + len(words)}


DECLARATION = "en-pia-council-declaration.html"
NEWS = "en-news-kok-suu-arrests.html"
TESTIMONY = "en-testimony-tb-w-07-confidential.txt"


def documents(evidence: Evidence) -> list[dict[str, Any]]:
    def fact(value: Any, words: str, within: str | None = None, source: str = DECLARATION,
             **extra: Any) -> dict[str, Any]:  # fmt: skip
        return {"value": value, "citations": [evidence.span(source, words, within)], **extra}

    def record(key: str, type_: str, level: str = "public", **fields: Any) -> dict[str, Any]:
        return {"type": type_, "key": key, "confidentiality": level, "fields": fields}

    media = "the independent media outlets Kerege.info, Tash Sözü and Jarchy TV"
    return [
        record("ulan", "person",
               name=[fact("Ulan Atambaev", "former President Ulan Atambaev", "particular"),
                     fact({"text": "Atambayev", "lang": "en"}, "Mr Atambayev's family")],
               position=fact({"title": "former President"}, "former President Ulan Atambaev",
                             "particular")),
        record("japarov", "person", name=fact("Marat Japarov", "President Marat Japarov"),
               position=fact({"title": "President"}, "President Marat Japarov")),
        record("verhoeven", "person", name=fact("Joanna Verhoeven", "Joanna Verhoeven"),
               position=fact({"title": "Secretary General", "organisation": {"key": "pia"}},
                             "The Secretary General of the PIA, Joanna Verhoeven")),
        record("beishenov", "person", name=fact("Azamat Beishenov", "Azamat Beishenov"),
               position=fact({"title": "Deputy Prime Minister"},
                             "Deputy Prime Minister Azamat Beishenov")),
        record("zhunushaliev", "person", name=fact("Kubat Zhunushaliev", "Kubat Zhunushaliev"),
               position=fact({"title": "Chairman of the State Security Service"},
                             "the former Chairman of the State Security Service")),
        record("orozbekov", "person", name=fact("Tilek Orozbekov", "Tilek Orozbekov"),
               position=fact({"title": "head of the Special Operations Directorate"},
                             "the former head of the Special Operations Directorate")),
        record("family", "group",
               description=fact("members of the former president's family",
                                "met members of Mr Atambayev's family")),
        record("pia", "organisation",
               name=fact("Progressive International Alliance",
                         "The Council of the Progressive International Alliance (PIA)"),
               kind=fact("international_organisation",
                         "The Council of the Progressive International Alliance (PIA)")),
        *[
            record(f"media{n}", "organisation", name=fact(outlet, outlet, media),
                   kind=fact("media_outlet", media))
            for n, outlet in enumerate(["Kerege.info", "Tash Sözü", "Jarchy TV"])
        ],
        record("village", "place", name=fact("Tash-Bulung", "the village of Tash-Bulung"),
               kind=fact("village", "the village of Tash-Bulung")),
        record("colony", "place",
               name=fact("Correctional Colony No. 47", "Correctional Colony No. 47"),
               kind=fact("facility", "Correctional Colony No. 47")),
        # --- the former president's detention ---
        record("case", "case", title=fact("Detention of Ulan Atambaev",
                                          "deprived of his liberty since 15 August 2022"),
               subject=fact({"key": "ulan"}, "deprived of his liberty since 15 August 2022"),
               facility=fact({"key": "colony"}, "returned from hospital to Correctional Colony"),
               opened=fact("15 August 2022", "since 15 August 2022")),
        record("detained", "case_status", case=fact({"key": "case"}, "deprived of his liberty"),
               status=fact("detained", "deprived of his liberty"),
               date=fact("15 August 2022", "since 15 August 2022")),
        record("returned", "case_status",
               case=fact({"key": "case"}, "he was returned from hospital"),
               status=fact("returned_to_prison", "returned from hospital to Correctional Colony"),
               date=fact("19 October 2023", "on 19 October 2023"),
               facility=fact({"key": "colony"}, "Correctional Colony No. 47")),
        record("refused", "case_status",
               case=fact({"key": "case"}, "two urgent surgical operations"),
               status=fact("medical_request_refused",
                           "Requests for two urgent surgical operations"),
               note=fact("two urgent surgical operations, on the heart and the spine, refused",
                         "one on his heart and one on his spine, have been refused")),
        record("health", "act", violation=fact("denial_of_medical_care",
                                               "denying necessary medical care"),
               victim=fact({"key": "ulan"}, "has sharply deteriorated"),
               status=fact("alleged", "has sharply deteriorated")),
        record("family_meeting", "intervention",
               kind=fact("meeting_with_family", "met members of Mr Atambayev's family in person"),
               by=fact({"key": "japarov"}, "President Marat Japarov met"),
               addressee=fact({"key": "japarov"}, "President Marat Japarov met"),
               concerning=fact({"key": "ulan"}, "refused to allow the operations"),
               response=fact("refused", "refused to allow the operations"),
               response_by=fact({"key": "japarov"}, "President Marat Japarov")),
        record("visit", "intervention",
               kind=fact("prison_visit", "visited Ulan Atambaev in prison in April"),
               by=[fact({"key": "verhoeven"}, "Joanna Verhoeven, visited"),
                   fact({"key": "pia"}, "The Secretary General of the PIA")],
               concerning=fact({"key": "ulan"}, "visited Ulan Atambaev in prison"),
               date=fact("in April", "visited Ulan Atambaev in prison in April")),
        record("claim", "claim",
               claimant=fact({"key": "beishenov"}, "Deputy Prime Minister Azamat Beishenov told"),
               statement=fact(
                   "the accusations against Mr Atambaev had not been proven, but he would "
                   "nevertheless remain in prison",
                   "the accusations against Mr Atambaev had not been proven"),
               about=fact({"key": "ulan"}, "the accusations against Mr Atambaev"),
               addressee=fact({"key": "verhoeven"}, "told the Secretary General"),
               date=fact("in April", "in prison in April. During the same visit")),
        # --- Tash-Bulung ---
        record("villagers", "group",
               description=fact("residents of Tash-Bulung and supporters who had gathered there",
                                "residents of the village and supporters who had gathered"),
               size=fact("about 1,700 civilians", "about 1,700 civilians"),
               place=fact({"key": "village"}, "the village of Tash-Bulung")),
        record("operation", "event",
               title=fact("Security operation in Tash-Bulung",
                          "the security forces carried out an operation"),
               kind=fact("security_operation", "the security forces carried out an operation"),
               date=fact("14 and 15 August 2022", "On 14 and 15 August 2022"),
               place=fact({"key": "village"}, "in the village of Tash-Bulung")),
        *[
            record(key, "act", violation=fact(code, words),
                   victim=fact({"key": "villagers"}, "against about 1,700 civilians"),
                   event=fact({"key": "operation"}, "On these two consecutive days"),
                   status=fact("alleged", "were used against about 1,700 civilians"))
            for key, code, words in [("firearms", "use_of_firearms", "firearms and cold"),
                                     ("knives", "use_of_cold_weapons", "cold weapons were used")]
        ],
        *[
            record(f"{who}_{act}", "involvement",
                   act=fact({"key": act}, "ordered and directed the operation"),
                   perpetrator=fact({"key": who}, name),
                   degree=fact("ordered", "ordered and directed the operation"))
            for who, name in [("zhunushaliev", "Kubat Zhunushaliev"),
                              ("orozbekov", "Tilek Orozbekov")]
            for act in ("firearms", "knives")
        ],
        record("impunity", "act", violation=fact("failure_to_investigate",
                                                 "no effective investigation has been opened"),
               victim=fact({"key": "villagers"}, "no effective investigation has been opened"),
               event=fact({"key": "operation"}, "the events of 14–15 August 2022"),
               date=fact("December 2023", "More than a year later")),
        record("investigation", "intervention",
               kind=fact("international_investigation_support",
                         "will support the referral of these events to an international "
                         "investigation"),
               by=fact({"key": "pia"}, "the PIA will support"),
               concerning=fact({"key": "operation"}, "referral of these events"),
               description=fact("if the statements of the victims continue to be ignored",
                                "If the statements of the victims continue to be ignored"),
               response=fact("pending", "continue to be ignored")),
        # --- the border agreement case ---
        record("detainees", "group",
               description=fact("citizens opposing the Kök-Suu border agreement",
                                "peacefully opposing the agreement on the Kök-Suu reservoir"),
               size=[fact(22, "prosecution of 22 citizens", preferred=True,
                          reason="the Council names 22 defendants; 27 were first detained "
                                 "and at least five released"),
                     fact("27 people", "detained 27 people", source=NEWS)]),
        record("border_case", "case", title=fact("Border agreement case",
                                                 'The "border agreement" case'),
               subject=fact({"key": "detainees"}, "prosecution of 22 citizens"),
               opened=fact("October 2022", "detained in October 2022")),
        record("border_detained", "case_status",
               case=fact({"key": "border_case"}, "detained in October 2022"),
               status=fact("detained", "detained in October 2022"),
               date=fact("October 2022", "detained in October 2022")),
        record("border_pretrial", "case_status",
               case=fact({"key": "border_case"}, "held in pre-trial detention"),
               status=fact("pretrial_detention", "held in pre-trial detention"),
               date=fact("December 2023", "have now been held in pre-trial detention")),
        record("protest_detention", "act",
               violation=fact("arbitrary_detention", "detained in October 2022"),
               victim=fact({"key": "detainees"}, "prosecution of 22 citizens"),
               date=fact("October 2022", "detained in October 2022")),
        record("release_call", "intervention",
               kind=fact("call_for_release", "calls for their immediate release"),
               by=fact({"key": "pia"}, "The Council calls for their immediate release"),
               concerning=[fact({"key": "border_case"}, "calls for their immediate release"),
                           fact({"key": "ulan"}, "and to release him")],
               date=fact("2 December 2023", "The Council therefore calls on the authorities")),
        record("media_pressure", "act", violation=fact("pressure_on_media", media),
               victim=[fact({"key": f"media{n}"}, media) for n in range(3)]),
        # --- a protected witness, known to the team only ---
        record("witness", "person", "confidential",
               witness_code=fact("TB-W-07", "Code: TB-W-07", source=TESTIMONY),
               witness=fact({"real_name": "Cholpon Asanova", "address": "Sovetskaya street 14",
                             "workplace": "Tash-Bulung secondary school"},
                            "Witness: Cholpon Asanova", source=TESTIMONY)),
    ]  # fmt: skip


@pytest.fixture
def yardstick(archive: Archive) -> tuple[Archive, dict[str, int]]:
    evidence = Evidence(archive)
    evidence.ingest(DECLARATION)
    evidence.ingest(NEWS)
    evidence.ingest(TESTIMONY, "confidential")
    result = archive.as_viewer(Viewer.owner("documenter")).records.import_documents(
        documents(evidence), reason="PIA declaration"
    )
    return archive, result.keys


def test_every_fact_carries_its_citation(yardstick: tuple[Archive, dict[str, int]]) -> None:
    archive, keys = yardstick
    owner = Viewer.owner()
    views = archive.as_viewer(owner).records.views(quotes=True, reveal=True)
    assert len(views) == len(keys)
    for view in views:
        for value in view.values:
            assert value.citations, (view.type.name, view.id, value.field)
            for citation in value.citations:
                assert citation.drifted is False
                assert citation.quote
    # Unrevealed, a protected value keeps no source: its span would point at the identity.
    for view in archive.as_viewer(owner).records.views(quotes=True):
        for value in view.values:
            assert not value.protected or value.citations == ()
    assert list(archive.verify()) == []


def test_the_former_presidents_timeline(yardstick: tuple[Archive, dict[str, int]]) -> None:
    archive, keys = yardstick
    moments = archive.as_viewer(Viewer.owner()).timeline(keys["ulan"])
    dated = [(m.date.canonical(), m.record.id) for m in moments if m.date is not None]
    assert dated == [
        ("2022-08-15", keys["case"]),
        ("2022-08-15", keys["detained"]),
        ("2023-04?", keys["visit"]),
        ("2023-04?", keys["claim"]),
        ("2023-10-19", keys["returned"]),
        ("2023-12-02", keys["release_call"]),
    ]
    undated = {m.record.id for m in moments if m.date is None}
    assert undated == {keys["refused"], keys["family_meeting"], keys["health"]}
    assert all(m.sources for m in moments)
    visit = next(m for m in moments if m.record.id == keys["visit"])
    assert visit.date is not None
    assert visit.date.year_inferred
    claim = archive.as_viewer(Viewer.owner()).records.get(keys["claim"])
    assert "had not been proven" in claim.first("statement")
    assert claim.field_values("statement")[0].citations[0].quote == (
        "the accusations against Mr Atambaev had not been proven"
    )
    family = archive.as_viewer(Viewer.owner()).records.get(keys["family_meeting"])
    assert (family.first("response"), family.refs("response_by")) == (
        "refused", [keys["japarov"]],
    )  # fmt: skip


def test_counts_statistics_and_conflicting_sources(
    yardstick: tuple[Archive, dict[str, int]],
) -> None:
    archive, keys = yardstick
    owner = Viewer.owner()
    cells = {(c["violation"], c["month"]): c for c in archive.as_viewer(owner).counts()}
    for code in ("use_of_firearms", "use_of_cold_weapons"):
        cell = cells[(code, "2022-08")]
        assert (cell["people_label"], cell["place_name"]) == ("about 1,700", "Tash-Bulung")
    detention = cells[("arbitrary_detention", "2022-10")]
    assert (detention["people"], detention["qualifier"]) == (22, "exactly")
    media = cells[("pressure_on_media", "unknown")]
    assert (media["people"], media["organisations"]) == (0, 3)
    sizes = archive.as_viewer(owner).records.get(keys["detainees"]).field_values("size")
    assert [(v.value["value"], v.preferred) for v in sizes] == [(22, True), (27, False)]
    assert sizes[1].citations[0].quote == "detained 27 people"
    by_chief = archive.as_viewer(owner).acts_by(keys["zhunushaliev"])
    assert [(a["violation"], a["date"], a["place_name"]) for a in by_chief] == [
        ("use_of_firearms", "2022-08-14/2022-08-15", "Tash-Bulung"),
        ("use_of_cold_weapons", "2022-08-14/2022-08-15", "Tash-Bulung"),
    ]
    assert {p["name"] for p in by_chief[0]["perpetrators"]} == {
        "Kubat Zhunushaliev", "Tilek Orozbekov",
    }  # fmt: skip
    statuses = {r["status"]: r["case_ids"] for r in archive.as_viewer(owner).cases_by_status()}
    assert statuses == {
        "returned_to_prison": [keys["case"]],
        "pretrial_detention": [keys["border_case"]],
    }


def test_the_witness_stays_out_of_exports_made_without_the_right(
    yardstick: tuple[Archive, dict[str, int]],
) -> None:
    archive, keys = yardstick
    secrets = ("Cholpon", "Asanova", "Sovetskaya", "secondary school")
    as_analyst = io.StringIO()
    archive.as_viewer(Viewer.as_role("analyst")).export_records(as_analyst)
    assert "TB-W-07" not in as_analyst.getvalue()
    assert "Atambaev" in as_analyst.getvalue()
    as_owner = io.StringIO()
    archive.as_viewer(Viewer.owner()).export_records(as_owner)
    lines = [json.loads(line) for line in as_owner.getvalue().splitlines()]
    witness = next(line for line in lines if line["id"] == keys["witness"])
    assert witness["fields"]["witness"][0]["value"] == REDACTED
    for secret in secrets:
        assert secret not in as_analyst.getvalue()
        assert secret not in as_owner.getvalue()
    revealed = io.StringIO()
    archive.as_viewer(Viewer.owner()).export_records(revealed, reveal=True)
    assert all(secret in revealed.getvalue() for secret in secrets)
