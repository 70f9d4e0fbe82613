// A job's progress without reloading the page: ask the API every second, move the bar, and
// reload once the job has ended so that the server shows its results. Without this script the
// page refreshes itself (see the <noscript> in its head).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const section = document.getElementById("job");
  const bar = document.getElementById("job-progress");
  const state = document.getElementById("job-state");
  if (!section || !bar || !state || !window.fetch) return;
  const address = `/api/jobs/${encodeURIComponent(section.dataset.job)}`;

  async function poll() {
    let job = null;
    try {
      const response = await fetch(address, { headers: { Accept: "application/json" } });
      if (response.ok) job = await response.json();
    } catch (error) {
      job = null;
    }
    if (job && (job.state === "done" || job.state === "failed")) {
      window.location.reload();
      return;
    }
    if (job) {
      bar.value = job.percent;
      bar.textContent = `${job.percent}%`;
      if (job.state === "running") state.textContent = `${job.done} / ${job.total}`;
    }
    window.setTimeout(poll, 1000);
  }
  window.setTimeout(poll, 1000);
});
