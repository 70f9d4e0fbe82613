// The review queue with a keyboard: "e" opens the edit fields and puts the cursor in the first
// one; after HTMX brings the next proposal, focus moves to its heading so screen readers and
// keyboard users follow along. Words selected in the passage can be cited for a value: their
// offsets in the item go into the value's hidden input, and the server checks them again. The
// page works without this file (each value then cites the words the finding was read from).
"use strict";

function focusFirstField(details) {
  if (!details.open) return;
  const field = details.querySelector("input:not([type=hidden]), select, textarea");
  if (field instanceof HTMLElement) field.focus();
}

function selectedSpan(root) {
  const words = root.querySelector(".passage-words");
  const selection = window.getSelection();
  if (!words || !selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!words.contains(range.startContainer) || !words.contains(range.endContainer)) return null;
  const before = document.createRange();
  before.selectNodeContents(words);
  before.setEnd(range.startContainer, range.startOffset);
  const base = Number(words.dataset.start || "0");
  const start = base + before.toString().length;
  const text = range.toString();
  if (!text.trim()) return null;
  return { start, end: start + text.length, text };
}

function rangeAt(words, start, end) {
  // Offsets in the item, less where the passage starts, walked through its text nodes. Words
  // cited before or after the passage (a name at the head of a long text) have nothing here to
  // light up; words running into it light up from its start.
  const base = Number(words.dataset.start || "0");
  const from = Math.max(0, start - base);
  const to = end - base;
  if (to <= from) return null;
  const walker = document.createTreeWalker(words, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let seen = 0;
  let placed = false;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const next = seen + node.textContent.length;
    if (!placed && from < next) {
      range.setStart(node, from - seen);
      placed = true;
    }
    if (placed && to <= next) {
      range.setEnd(node, to - seen);
      return range;
    }
    seen = next;
  }
  return null;
}

function showCited(root, row) {
  // The words a value cites light up in the passage while the reviewer is on its row.
  if (!("highlights" in CSS)) return;
  const words = root.querySelector(".passage-words");
  const cite = row && row.querySelector("input[data-cite]");
  if (!words || !(cite instanceof HTMLInputElement)) {
    CSS.highlights.delete("review-cited");
    return;
  }
  const ranges = [];
  for (const pair of cite.value.split(/\s+/)) {
    const found = /^(\d+)-(\d+)$/.exec(pair);
    if (!found) continue;
    const range = rangeAt(words, Number(found[1]), Number(found[2]));
    if (range) ranges.push(range);
  }
  if (ranges.length) CSS.highlights.set("review-cited", new Highlight(...ranges));
  else CSS.highlights.delete("review-cited");
}

function citeSelection(root, button) {
  const row = button.closest(".review-value");
  const span = selectedSpan(root);
  if (!row || !span) return;
  const cite = row.querySelector("input[data-cite]");
  const quotes = row.querySelector("[data-quotes]");
  if (cite instanceof HTMLInputElement) cite.value = `${span.start}-${span.end}`;
  if (quotes) quotes.textContent = `${quotes.dataset.prefix || ""} «${span.text}»`.trim();
  row.dataset.cited = "selected";
  showCited(root, row);
}

function bind(root) {
  for (const details of root.querySelectorAll("details.edit-fields")) {
    details.addEventListener("toggle", () => focusFirstField(details));
  }
  for (const hint of root.querySelectorAll(".cite-hint")) hint.hidden = false;
  for (const row of root.querySelectorAll(".review-value")) {
    row.addEventListener("focusin", () => showCited(root, row));
    row.addEventListener("mouseenter", () => showCited(root, row));
  }
  for (const button of root.querySelectorAll("button.cite-selection")) {
    button.hidden = false;
    // Pressing the button must not clear the selection it is about to read.
    button.addEventListener("mousedown", (event) => event.preventDefault());
    button.addEventListener("click", () => citeSelection(root, button));
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const first = document.getElementById("review");
  if (first) {
    bind(first);
    first.dataset.bound = "yes";
  }
  document.body.addEventListener("htmx:afterSettle", () => {
    const panel = document.getElementById("review");
    if (!panel || panel.dataset.bound === "yes") return;
    panel.dataset.bound = "yes";
    bind(panel);
    // pick.js wakes the pickers of the first page; those of a proposal swapped in start here.
    if (typeof Picker === "function") {
      for (const widget of panel.querySelectorAll("[data-pick]")) new Picker(widget);
    }
    const heading = panel.querySelector("h2#proposal-heading") || panel.querySelector(".queue-status");
    if (heading instanceof HTMLElement) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  });
});
