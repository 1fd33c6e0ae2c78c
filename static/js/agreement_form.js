/* The agreement form: rows added and removed without losing what was typed, the parent picker
   filtered by kind; a new row's search pickers are set up by search_picker.js
   (loaded first). Without these scripts the page still works: selects, "Remove" boxes and the
   rows the server offers. */
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
      window.initSearchPickers(row);
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
})();
