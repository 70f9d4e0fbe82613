// Choosing records by name (templates/pick.html): the text box searches /api/records/lookup as
// the user types and offers the matches as an ARIA combobox (arrows, Enter, Escape); a choice
// becomes a chip holding the record's id, or the name and type of a record to create. Without
// this file the text box is posted as typed and the server resolves the name.
"use strict";

const PICK_DELAY_MS = 180;
const PICK_LIMIT = 8;

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? values[key] : whole));
}

function removeButton(widget, chip, name) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "pick-remove link";
  button.textContent = "×";
  button.setAttribute("aria-label", fill(widget.dataset.removeLabel, { name }));
  button.addEventListener("click", () => {
    chip.remove();
    widget.querySelector("input[id]").focus();
  });
  chip.append(button);
}

class Picker {
  constructor(widget) {
    this.widget = widget;
    this.field = widget.dataset.field;
    this.targets = widget.dataset.targets.split(" ").filter(Boolean);
    this.creatable = widget.dataset.new.split(" ").filter(Boolean);
    this.many = widget.dataset.many === "yes";
    this.typeLabels = JSON.parse(widget.dataset.typeLabels);
    this.levelLabels = JSON.parse(widget.dataset.levelLabels);
    this.input = widget.querySelector(".pick-box input");
    this.list = widget.querySelector(".pick-list");
    this.chosen = widget.querySelector(".pick-chosen");
    this.status = widget.querySelector(".pick-status");
    this.options = [];
    this.active = -1;
    this.timer = 0;
    this.request = null;

    this.input.setAttribute("role", "combobox");
    this.input.setAttribute("aria-autocomplete", "list");
    this.input.setAttribute("aria-expanded", "false");
    this.input.setAttribute("aria-controls", this.list.id);
    for (const chip of this.chosen.querySelectorAll(".pick-chip")) {
      removeButton(widget, chip, chip.querySelector("span").textContent);
    }
    this.input.addEventListener("input", () => this.schedule());
    this.input.addEventListener("keydown", (event) => this.key(event));
    this.input.addEventListener("blur", () => window.setTimeout(() => this.close(), 150));
    this.list.addEventListener("mousedown", (event) => event.preventDefault());
    this.list.addEventListener("click", (event) => {
      const option = event.target instanceof Element ? event.target.closest("[data-index]") : null;
      if (option) this.choose(this.options[Number(option.dataset.index)]);
    });
  }

  schedule() {
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.search(), PICK_DELAY_MS);
  }

  async search() {
    const text = this.input.value.trim();
    if (this.request) this.request.abort();
    if (!text || text.length > 100) {
      this.close();
      return;
    }
    const query = new URLSearchParams({ q: text, limit: String(PICK_LIMIT) });
    for (const target of this.targets) query.append("type", target);
    this.request = new AbortController();
    let found = [];
    try {
      const answer = await fetch(`/api/records/lookup?${query}`, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        signal: this.request.signal,
      });
      if (answer.ok) found = await answer.json();
    } catch (error) {
      if (error instanceof DOMException && error.name === "AbortError") return;
    }
    if (this.input.value.trim() !== text) return;
    this.show(text, found);
  }

  show(text, found) {
    this.options = found.map((hit) => ({ kind: "record", hit }));
    for (const type of this.creatable) this.options.push({ kind: "new", type, name: text });
    this.list.replaceChildren();
    this.options.forEach((option, index) => {
      const item = document.createElement("li");
      item.id = `${this.list.id}-${index}`;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.dataset.index = String(index);
      if (option.kind === "record") {
        const title = document.createElement("span");
        title.className = "pick-title";
        title.textContent = option.hit.title;
        const type = document.createElement("span");
        type.className = "pick-type";
        type.textContent = this.typeLabels[option.hit.type] || option.hit.type;
        item.append(title, " ", type);
        if (option.hit.level in this.levelLabels) {
          const level = document.createElement("span");
          level.className = `badge ${option.hit.level}`;
          level.textContent = this.levelLabels[option.hit.level];
          item.append(" ", level);
        }
        if (option.hit.also.length) {
          const also = document.createElement("span");
          also.className = "pick-also muted";
          also.textContent = `${this.widget.dataset.alsoLabel}: ${option.hit.also.join("; ")}`;
          item.append(also);
        }
      } else {
        item.className = "pick-create";
        item.textContent = fill(this.widget.dataset.createLabel, {
          type: this.typeLabels[option.type] || option.type,
          name: option.name,
        });
      }
      this.list.append(item);
    });
    if (!found.length) {
      const none = document.createElement("li");
      none.className = "pick-none muted";
      // An option that cannot be chosen: a listbox holds only options.
      none.setAttribute("role", "option");
      none.setAttribute("aria-disabled", "true");
      none.textContent = this.widget.dataset.noneLabel;
      this.list.prepend(none);
    }
    this.list.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
    this.highlight(this.options.length ? 0 : -1);
  }

  highlight(index) {
    this.active = index;
    this.list.querySelectorAll("[data-index]").forEach((item, at) => {
      item.setAttribute("aria-selected", at === index ? "true" : "false");
    });
    if (index < 0) {
      this.input.removeAttribute("aria-activedescendant");
      return;
    }
    const item = document.getElementById(`${this.list.id}-${index}`);
    this.input.setAttribute("aria-activedescendant", item.id);
    item.scrollIntoView({ block: "nearest" });
  }

  close() {
    this.list.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    this.active = -1;
  }

  key(event) {
    const open = !this.list.hidden;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!open) {
        this.search();
        return;
      }
      const step = event.key === "ArrowDown" ? 1 : -1;
      const count = this.options.length;
      if (count) this.highlight((this.active + step + count) % count);
    } else if (event.key === "Enter" && open && this.active >= 0) {
      event.preventDefault();
      this.choose(this.options[this.active]);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      this.close();
    }
  }

  choose(option) {
    if (!option) return;
    if (!this.many) this.chosen.replaceChildren();
    const chip = document.createElement("li");
    chip.className = "pick-chip";
    let name;
    if (option.kind === "record") {
      const hit = option.hit;
      for (const box of this.chosen.querySelectorAll(`input[name="${CSS.escape(this.field)}"]`)) {
        if (box.value === String(hit.id)) box.closest(".pick-chip").remove();
      }
      name = hit.title;
      const label = document.createElement("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.name = this.field;
      box.value = String(hit.id);
      box.checked = true;
      const title = document.createElement("span");
      title.textContent = hit.title;
      const type = document.createElement("span");
      type.className = "pick-type";
      type.textContent = this.typeLabels[hit.type] || hit.type;
      label.append(box, " ", title, " ", type);
      chip.append(label);
    } else {
      chip.classList.add("pick-new");
      const typeLabel = this.typeLabels[option.type] || option.type;
      for (const [prefix, value] of [["new.", option.name], ["newtype.", option.type]]) {
        const hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = prefix + this.field;
        hidden.value = value;
        chip.append(hidden);
      }
      name = fill(this.widget.dataset.newLabel, { type: typeLabel, name: option.name });
      const text = document.createElement("span");
      text.textContent = name;
      chip.append(text);
    }
    removeButton(this.widget, chip, name);
    this.chosen.append(chip);
    this.input.value = "";
    this.close();
    this.status.textContent = fill(this.widget.dataset.chosenLabel, { name });
    this.input.focus();
  }
}

document.addEventListener("DOMContentLoaded", () => {
  for (const widget of document.querySelectorAll("[data-pick]")) new Picker(widget);
});
