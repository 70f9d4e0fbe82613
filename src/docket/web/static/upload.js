// Upload with drag and drop and a progress bar per file. Without this script the form posts all
// files at once to /upload and the server answers with a results page.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("upload-form");
  const input = document.getElementById("upload-files");
  const zone = document.getElementById("drop-zone");
  const queue = document.getElementById("upload-queue");
  const rowTemplate = document.getElementById("upload-row");
  const messages = document.getElementById("upload-messages");
  if (!form || !input || !zone || !queue || !rowTemplate || !messages || !window.FormData) return;

  const text = (name) => messages.dataset[name] || name;
  const dropped = [];
  input.removeAttribute("required");

  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("dragging");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dragging");
    for (const file of event.dataTransfer.files) dropped.push(file);
    listChosen();
  });
  input.addEventListener("change", listChosen);

  function chosen() {
    return [...input.files, ...dropped];
  }

  function listChosen() {
    queue.replaceChildren();
    for (const file of chosen()) queue.append(newRow(file.name));
    queue.hidden = queue.children.length === 0;
  }

  function newRow(name) {
    const row = rowTemplate.content.firstElementChild.cloneNode(true);
    row.querySelector(".name").textContent = name;
    return row;
  }

  form.addEventListener("submit", async (event) => {
    const files = chosen();
    if (files.length === 0) return; // let the browser and the server explain
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    queue.replaceChildren();
    queue.hidden = false;
    const rows = files.map((file) => {
      const row = newRow(file.name);
      queue.append(row);
      return row;
    });
    for (let index = 0; index < files.length; index += 1) {
      await send(files[index], rows[index]);
    }
    dropped.length = 0;
    input.value = "";
    button.disabled = false;
    const done = document.createElement("li");
    done.textContent = text("done");
    queue.append(done);
  });

  function provenance() {
    const data = new FormData();
    for (const field of form.querySelectorAll("input:not([type=file]), select, textarea")) {
      if (field.name && field.name !== "csrf_token") data.append(field.name, field.value);
    }
    return data;
  }

  function send(file, row) {
    return new Promise((resolve) => {
      const data = provenance();
      data.append("files", file, file.name);
      const request = new XMLHttpRequest();
      const bar = row.querySelector("progress");
      const outcome = row.querySelector(".outcome");
      request.open("POST", "/api/items");
      request.setRequestHeader("X-CSRF-Token", form.elements.csrf_token.value);
      request.setRequestHeader("Accept", "application/json");
      request.upload.addEventListener("progress", (progress) => {
        if (progress.lengthComputable) bar.value = Math.round((100 * progress.loaded) / progress.total);
      });
      request.addEventListener("load", () => {
        bar.value = 100;
        let body = null;
        try {
          body = JSON.parse(request.responseText);
        } catch (error) {
          body = null;
        }
        if (request.status === 200 && body && Array.isArray(body.results)) {
          showResults(outcome, body.results);
        } else {
          outcome.textContent = `${text("failed")}: ${(body && typeof body.detail === "string" && body.detail) || request.responseText.slice(0, 200) || request.status}`;
          outcome.className = "outcome error";
        }
        resolve();
      });
      request.addEventListener("error", () => {
        outcome.textContent = text("failed");
        outcome.className = "outcome error";
        resolve();
      });
      request.send(data);
    });
  }

  function showResults(outcome, results) {
    outcome.replaceChildren();
    const list = document.createElement("ul");
    for (const result of results) {
      const line = document.createElement("li");
      line.className = result.status;
      const label = result.inside ? `${text("inside")} ${result.name}: ` : "";
      line.append(label);
      if (result.item_id !== null && result.status !== "error") {
        const link = document.createElement("a");
        link.href = `/items/${result.item_id}`;
        link.textContent = `${text(result.status === "new" ? "new" : "duplicate")} #${result.item_id}`;
        line.append(link);
        if (result.provenance_kept_at) {
          // Known bytes brought at a higher level: the item keeps its own level until raised.
          const note = document.createElement("p");
          note.className = "notice level-below";
          note.setAttribute("role", "status");
          note.textContent = text("keptAt")
            .replace("{level}", result.item_confidentiality || "")
            .replace("{kept}", result.provenance_kept_at);
          line.append(note);
        }
      } else {
        line.append(`${text("error")}: ${result.reason || ""}`);
      }
      list.append(line);
    }
    outcome.append(list);
  }
});
