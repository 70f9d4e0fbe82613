// Small conveniences; every page works without them.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  for (const select of document.querySelectorAll("select.autosubmit")) {
    select.addEventListener("change", () => select.form.requestSubmit());
  }
  // Keyboard shortcuts declared in the page: <a data-key="j" href=...> or <button data-key="a">.
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target instanceof HTMLElement && target.closest("input, textarea, select, [contenteditable]")) return;
    const control = document.querySelector(`[data-key="${CSS.escape(event.key)}"]`);
    if (control instanceof HTMLElement) {
      event.preventDefault();
      control.click();
    }
  });
});
