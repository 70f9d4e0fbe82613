"""Reviewing proposals from the keyboard: accept with "a", reject with a reason and "r"."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from browser_support import Browsing
from playwright.sync_api import Page, expect
from tests.web.seed import as_owner

from docket.face import Provenance


def test_an_editor_accepts_and_rejects_proposals_with_the_keyboard(
    browsing: Browsing, screenshot: Callable[[Page, str], Path]
) -> None:
    owner = as_owner(browsing.live.archive)
    (accepted,) = browsing.live.seeded.proposals["public"]
    (rejected,) = browsing.live.seeded.proposals["restricted"]
    page = browsing.as_user("editor")

    page.goto(f"/review/{accepted}")
    panel = page.locator("#review")
    expect(panel.locator("blockquote mark")).to_have_text("Almazbek Atambayev")
    expect(panel.get_by_role("heading", level=2).last).to_contain_text("Almazbek Atambayev")
    screenshot(page, "review")
    page.locator("body").press("a")
    expect(panel.get_by_role("status")).to_have_text("Accepted. Here is the next proposal.")
    decided = owner.proposals.get(accepted)
    assert decided.status == "accepted"
    assert decided.decided_by == "editor-user"
    assert decided.record_id is not None

    page.goto(f"/review/{rejected}")
    expect(panel.locator("blockquote mark")).to_have_text("Temirlan Sultanbekov")
    page.get_by_label("Why is it wrong?").fill("The name is of a monitor, not a victim.")
    # Shortcuts do not fire while typing: "r" lands in the field, then leaving it arms them.
    page.get_by_label("Why is it wrong?").press("End")
    assert owner.proposals.get(rejected).status == "pending"
    page.get_by_label("Why is it wrong?").blur()
    page.locator("body").press("r")
    expect(panel.get_by_role("status")).to_have_text("Rejected. Here is the next proposal.")
    decided = owner.proposals.get(rejected)
    assert decided.status == "rejected"
    assert decided.reason == "The name is of a monitor, not a victim."


ACT_TEXT = "On 7 August security forces shot dead villagers in Kara-Suu, the monitors said.\n"


def _words(words: str) -> dict[str, object]:
    start = ACT_TEXT.index(words)
    return {"text": words, "start": start, "end": start + len(words)}


def test_an_act_is_accepted_with_its_date_place_and_victim(
    browsing: Browsing, screenshot: Callable[[Page, str], Path]
) -> None:
    owner = as_owner(browsing.live.archive)
    source = browsing.live.folder / "kara-suu.txt"
    source.write_text(ACT_TEXT, encoding="utf-8")
    (result,) = owner.items.ingest([source], Provenance())
    assert result.id is not None
    item = result.id
    owner.items.edit(item, {"published": "2023-09-01"})
    shot = _words("shot dead")
    owner.proposals.store(
        item,
        {
            "item": item,
            "acts": [
                {
                    "type": "killing_by_excessive_force",
                    "label": "Killing",
                    "start": shot["start"],
                    "end": shot["end"],
                    "victim": {"kind": "person", "name": "villagers", **_words("villagers")},
                    "date": {
                        **_words("On 7 August"),
                        "value": {"start": "2023-08-07", "end": "2023-08-07", "precision": "day"},
                    },
                    "place": {"name": "Kara-Suu", "archive_id": None, **_words("Kara-Suu")},
                }
            ],
        },
    )
    (proposal,) = [p for p in owner.proposals.pending(100) if p.item_id == item]
    page = browsing.as_user("editor")
    page.goto(f"/review/{proposal.id}")
    panel = page.locator("#review")
    expect(panel.locator("blockquote mark")).to_have_text("shot dead")
    victim = panel.locator(".review-value", has=page.locator("input[value=victim]"))
    date = panel.locator(".review-value", has=page.locator("input[value=date]"))
    expect(date.locator("input[name$='.value']")).to_have_value("On 7 August")
    expect(date).to_contain_text("year inferred")
    expect(victim).to_contain_text("villagers")
    # On a value's row, the words it cites light up in the passage.
    date.locator("input[name$='.value']").focus()
    lit = page.evaluate("() => CSS.highlights.get('review-cited')?.size ?? 0")
    assert lit == 1
    # The reviewer selects "shot dead villagers" in the passage and cites it for the victim.
    page.evaluate(
        """(words) => {
            const root = document.querySelector('.passage-words');
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            const range = document.createRange();
            let node, seen = 0, placed = 0;
            const text = root.textContent;
            const start = text.indexOf(words), end = start + words.length;
            while ((node = walker.nextNode())) {
                const next = seen + node.textContent.length;
                if (!placed && start < next) { range.setStart(node, start - seen); placed = 1; }
                if (placed && end <= next) { range.setEnd(node, end - seen); break; }
                seen = next;
            }
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
        }""",
        "shot dead villagers",
    )
    victim.get_by_role("button", name="Cite the selected words").click()
    expect(victim).to_contain_text("cites «shot dead villagers»")
    screenshot(page, "review-act")
    panel.get_by_role("button", name="Accept").click()
    expect(panel.locator("p.error")).to_have_count(0)
    expect(panel.locator("p.notice")).to_have_text("Accepted. Here is the next proposal.")

    decided = owner.proposals.get(proposal.id)
    assert decided.record_id is not None
    act = owner.records.get(decided.record_id)
    assert act.first("date")["start"] == "2023-08-07"
    assert act.first("date")["year_inferred"] is True
    (place,) = act.refs("place")
    assert owner.records.get(place).title == "Kara-Suu"
    (cited,) = act.field_values("victim")
    start = ACT_TEXT.index("shot dead villagers")
    assert [(c.start, c.end) for c in cited.citations] == [(start, start + 19)]
    assert owner.records.get(act.refs("victim")[0]).title == "villagers"


def test_words_cited_outside_the_passage_light_nothing_and_break_nothing(
    browsing: Browsing,
) -> None:
    """A value may cite words the passage does not show (the Council named at the head of a long
    declaration, an act in its last section): its row lights nothing up, and the page goes on."""
    owner = as_owner(browsing.live.archive)
    head = "The Council of the Alliance met in Jangy-Kala.\n\n"
    filler = "".join(f"Paragraph {n} tells of other matters at length.\n\n" for n in range(80))
    tail = "The Council requests a report on the detentions.\n"
    text = head + filler + tail
    source = browsing.live.folder / "council.txt"
    source.write_text(text, encoding="utf-8")
    (result,) = owner.items.ingest([source], Provenance())
    assert result.id is not None
    item = result.id
    council = text.index("Council of the Alliance")
    asked = text.index("requests a report")
    owner.proposals.store(
        item,
        {
            "item": item,
            "interventions": [
                {
                    "type": "request",
                    "label": "Request",
                    "start": asked,
                    "end": asked + len("requests"),
                    "by": {
                        "kind": "organization",
                        "name": "Council of the Alliance",
                        "text": "Council of the Alliance",
                        "start": council,
                        "end": council + len("Council of the Alliance"),
                    },
                    "toward": None,
                    "response": None,
                }
            ],
        },
    )
    (proposal,) = [p for p in owner.proposals.pending(100) if p.item_id == item]
    page = browsing.as_user("editor")
    page.goto(f"/review/{proposal.id}")
    panel = page.locator("#review")
    expect(panel.locator("blockquote mark")).to_have_text("requests")
    assert "Council of the Alliance met" not in panel.locator("blockquote").inner_text()
    by = panel.locator(".review-value", has=page.locator("input[value=by]"))
    expect(by).to_contain_text("Council of the Alliance")
    by.hover()
    by.locator("input:not([type=hidden])").first.focus()
    lit = page.evaluate("() => CSS.highlights.get('review-cited')?.size ?? 0")
    assert lit == 0
    assert browsing.watch.problems == []
