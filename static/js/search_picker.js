/* Search pickers (agreements.forms.SearchPicker: the organisation and agreement pickers, and
   OrganisationsPicker for several): the search box above each select asks the server
   (data-search-url) for matches as one types; the select keeps the current choice (or choices)
   and offers the matches, and a status line tells screen readers how many were found. Without
   this script the same box works by submitting the form. window.initSearchPickers(root) sets up
   the pickers of rows added later.

   A select that offers what belongs to another select's choice (agreements.forms.ScopeItemSelect:
   the scope items of the chosen agreement) names that select in data-follows and is refilled from
   data-options-url when its choice changes. */
(function () {
  "use strict";

  function ask(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); });
  }

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
        var mine = ++asked;
        ask(input.dataset.searchUrl + "?q=" + encodeURIComponent(input.value)).then(function (data) {
          if (mine !== asked) return;  // an older answer arriving late
          // What is chosen stays (several of them in a multiple select); the rest is replaced.
          var kept = {};
          select.querySelectorAll("option").forEach(function (option) {
            if (option.value && option.selected) kept[option.value] = true;
            else if (option.value) option.remove();
          });
          data.results.forEach(function (found) {
            if (kept[String(found.id)]) return;
            select.add(new Option(found.label, found.id));
          });
          if (!select.multiple && !select.value && data.results.length === 1) {
            select.value = String(data.results[0].id);
            select.dispatchEvent(new Event("change", { bubbles: true }));
          }
          if (status) status.textContent = input.dataset.found + " " + data.results.length;
        });
      }, 200);
    });
  }

  function follow(select) {
    if (select.dataset.followReady) return;
    select.dataset.followReady = "1";
    var leader = document.getElementById(select.dataset.follows);
    if (!leader) return;
    var asked = 0;
    // The server filled the options for the leader's choice: the same choice asks nothing.
    var filledFor = leader.value;
    leader.addEventListener("change", function () {
      if (leader.value && leader.value === filledFor) return;
      var mine = ++asked;
      var refill = function (results) {
        if (mine !== asked) return;  // an older answer arriving late
        filledFor = leader.value;
        // Read now, not when asked: one may have chosen while the answer was on its way.
        var chosen = select.value;
        var empty = leader.value ? select.dataset.emptyLabel : select.dataset.hint;
        select.replaceChildren(new Option(empty, ""));
        results.forEach(function (found) { select.add(new Option(found.label, found.id)); });
        select.value = chosen;
        if (select.value !== chosen) select.value = "";
      };
      if (!leader.value) {
        refill([]);
        return;
      }
      var url = select.dataset.optionsUrl + "?" + select.dataset.param + "=" +
        encodeURIComponent(leader.value);
      ask(url).then(function (data) { refill(data.results); });
    });
  }

  window.initSearchPickers = function (root) {
    root.querySelectorAll("input[data-search-url]").forEach(init);
    root.querySelectorAll("select[data-follows]").forEach(follow);
  };
  window.initSearchPickers(document);
})();
