// Polls a background job (its API resource, same session) and reloads the page once it has finished.
// Markup: <section data-job-status-url="…" data-finished="0|1" data-fields="rows_read phase"> holding
// <… data-field="rows_read"> elements: each named field is shown as the job reports it (numbers with
// thousands separators), and <progress data-value-field="rows_written" data-max-field="rows_total">
// follows those two fields. Used by imports, exports and the hub evaluation's ranking.
(function () {
  "use strict";
  var box = document.querySelector("[data-job-status-url]");
  if (!box || box.dataset.finished === "1") { return; }
  var url = box.dataset.jobStatusUrl;
  function show(job) {
    (box.dataset.fields || "").split(" ").forEach(function (name) {
      var el = box.querySelector('[data-field="' + name + '"]');
      var value = job[name];
      if (!el || value === undefined || value === null) { return; }
      el.textContent = typeof value === "number" ? value.toLocaleString() : value;
    });
    var bar = box.querySelector("progress[data-value-field]");
    if (bar && job[bar.dataset.maxField]) {
      bar.max = job[bar.dataset.maxField];
      bar.value = job[bar.dataset.valueField] || 0;
    }
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (job) {
        if (!job) { return; }
        if (job.finished) { window.location.reload(); return; }
        show(job);
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
}());
