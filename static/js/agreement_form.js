/* The agreement form: rows added and removed without losing what was typed, the parent picker
   filtered by kind, organisations searched as one types. Without this script the page still
   works: plain selects, "Remove" boxes and the rows the server offers. */
(function () {
  "use strict";

  // Rows: a new row is the formset's empty form, numbered after the last; removing one ticks its
  // DELETE box and hides it, so the server drops it and the other rows keep their numbers.
  function initRemove(row) {
    var box = row.querySelector("[data-remove-box]");
    var button = row.querySelector("[data-remove-row]");
    if (!box || !button) return;
    box.hidden = true;
    button.hidden = false;
    button.addEventListener("click", function () {
      var table = row.closest("table");
      box.querySelector("input").checked = true;
      row.hidden = true;
      var add = document.querySelector('[data-add-row="' + table.dataset.formset + '"]');
      if (add) add.focus();
    });
  }

  document.querySelectorAll("tr[data-row]").forEach(initRemove);

  document.querySelectorAll("[data-add-row]").forEach(function (button) {
    var prefix = button.dataset.addRow;
    var total = document.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var template = document.querySelector('template[data-empty-row="' + prefix + '"]');
    var body = document.querySelector('table[data-formset="' + prefix + '"] tbody');
    button.hidden = false;
    button.addEventListener("click", function () {
      var holder = document.createElement("tbody");
      holder.innerHTML = template.innerHTML.replaceAll("__prefix__", total.value);
      var row = holder.querySelector("tr");
      body.appendChild(row);
      total.value = parseInt(total.value, 10) + 1;
      initRemove(row);
      row.querySelectorAll("[data-organisation-picker]").forEach(initSearch);
      var first = row.querySelector("input:not([type=hidden]), select, textarea");
      if (first) first.focus();
    });
  });

  // The parent picker offers only the agreements the chosen kind may fall under.
  var PARENT_KINDS = { mou: [], pks: ["mou"], addendum: ["mou", "pks"] };
  var kind = document.querySelector('select[name="kind"]');
  var parent = document.querySelector("select[data-parent-picker]");
  function filterParents() {
    if (!kind || !parent) return;
    var allowed = PARENT_KINDS[kind.value];
    Array.prototype.forEach.call(parent.options, function (option) {
      if (!option.value) return;
      var offered = !allowed || allowed.indexOf(option.dataset.kind) !== -1;
      option.hidden = !offered;
      option.disabled = !offered;
      if (!offered && option.selected) parent.value = "";
    });
  }
  if (kind) kind.addEventListener("change", filterParents);
  filterParents();

  // Organisations: a search box above each select asks the server for matches by name, kind
  // and province; the select keeps the current choice and offers the matches.
  var searchUrl = document.querySelector("[data-organisation-search-url]");
  function initSearch(select) {
    if (!searchUrl || select.dataset.searchReady) return;
    select.dataset.searchReady = "1";
    var input = document.createElement("input");
    input.type = "search";
    input.className = "form-control form-control-sm mb-1";
    input.placeholder = searchUrl.dataset.placeholder;
    input.setAttribute("aria-label", searchUrl.dataset.placeholder);
    input.setAttribute("aria-controls", select.id);
    input.dataset.organisationSearch = "";
    select.parentNode.insertBefore(input, select);
    var timer = null;
    var asked = 0;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var ask = ++asked;
        var url = searchUrl.dataset.organisationSearchUrl + "?q=" + encodeURIComponent(input.value);
        fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then(function (response) { return response.json(); })
          .then(function (data) {
            if (ask !== asked) return;  // an older answer arriving late
            var current = select.value;
            var keep = current ? select.querySelector('option[value="' + current + '"]') : null;
            select.querySelectorAll("option").forEach(function (option) {
              if (option.value && option !== keep) option.remove();
            });
            data.results.forEach(function (organisation) {
              if (keep && String(organisation.id) === current) return;
              select.add(new Option(organisation.label, organisation.id));
            });
            if (!current && data.results.length === 1) select.value = String(data.results[0].id);
          });
      }, 200);
    });
  }
  document.querySelectorAll("select[data-organisation-picker]").forEach(initSearch);
})();
