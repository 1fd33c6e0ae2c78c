/* Organisation pickers (agreements.forms.OrganisationPicker, and content.forms.OrganisationsPicker
   for several): the search box above each select asks the server for matches as one types; the
   select keeps the current choice (or choices) and offers the
   matches, and a status line tells screen readers how many were found. Without this script the
   same box works by submitting the form. window.initOrganisationPickers(root) sets up the
   pickers of rows added later. */
(function () {
  "use strict";

  function init(input) {
    if (input.dataset.searchReady) return;
    input.dataset.searchReady = "1";
    var select = document.getElementById(input.getAttribute("aria-controls"));
    var status = document.getElementById(select.id + "_status");
    var timer = null;
    var asked = 0;
    // Enter in the box searches instead of submitting the form with a half-typed name.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        select.focus();
      }
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var ask = ++asked;
        var url = input.dataset.organisationSearch + "?q=" + encodeURIComponent(input.value);
        fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then(function (response) { return response.json(); })
          .then(function (data) {
            if (ask !== asked) return;  // an older answer arriving late
            // What is chosen stays (several of them in a multiple select); the rest is replaced.
            var kept = {};
            select.querySelectorAll("option").forEach(function (option) {
              if (option.value && option.selected) kept[option.value] = true;
              else if (option.value) option.remove();
            });
            data.results.forEach(function (organisation) {
              if (kept[String(organisation.id)]) return;
              select.add(new Option(organisation.label, organisation.id));
            });
            var current = select.value;
            if (!select.multiple && !current && data.results.length === 1) {
              select.value = String(data.results[0].id);
            }
            if (status) status.textContent = input.dataset.found + " " + data.results.length;
          });
      }, 200);
    });
  }

  window.initOrganisationPickers = function (root) {
    root.querySelectorAll("input[data-organisation-search]").forEach(init);
  };
  window.initOrganisationPickers(document);
})();
