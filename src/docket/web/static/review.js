// The review queue with a keyboard: "e" opens the edit fields and puts the cursor in the first
// one; after HTMX brings the next proposal, focus moves to its heading so screen readers and
// keyboard users follow along. The page works without this file.
"use strict";

function focusFirstField(details) {
  if (!details.open) return;
  const field = details.querySelector("input, select, textarea");
  if (field instanceof HTMLElement) field.focus();
}

function bindEditFields(root) {
  for (const details of root.querySelectorAll("details.edit-fields")) {
    details.addEventListener("toggle", () => focusFirstField(details));
  }
}

document.addEventListener("DOMContentLoaded", () => {
  bindEditFields(document);
  const first = document.getElementById("review");
  if (first) first.dataset.bound = "yes";
  document.body.addEventListener("htmx:afterSettle", () => {
    const panel = document.getElementById("review");
    if (!panel || panel.dataset.bound === "yes") return;
    panel.dataset.bound = "yes";
    bindEditFields(panel);
    const heading = panel.querySelector("h2#proposal-heading") || panel.querySelector(".queue-status");
    if (heading instanceof HTMLElement) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  });
});
