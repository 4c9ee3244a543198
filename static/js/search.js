// Search enhancements (the page works without this file):
// - autocomplete: inputs with data-suggest get a <datalist> filled from /api/v1/search/suggest;
// - instant results: inputs with data-instant refresh the results while typing (last word as a prefix);
// - facet checkboxes and radios submit the search form when changed.
(function () {
  "use strict";
  var seq = 0;
  document.querySelectorAll("input[data-suggest]").forEach(function (input, n) {
    var list = document.createElement("datalist");
    list.id = "search-suggestions-" + n;
    input.setAttribute("list", list.id);
    input.parentNode.appendChild(list);
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) { list.innerHTML = ""; return; }
      timer = setTimeout(function () {
        var mine = ++seq;
        var url = input.getAttribute("data-suggest") + "?q=" + encodeURIComponent(q) +
          "&kind=" + encodeURIComponent(input.getAttribute("data-suggest-kind") || "listing");
        fetch(url, { headers: { "Accept": "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { items: [] }; })
          .then(function (data) {
            if (mine !== seq) return; // a newer keystroke won
            list.innerHTML = "";
            (data.items || []).forEach(function (text) {
              var o = document.createElement("option");
              o.value = text;
              list.appendChild(o);
            });
          })
          .catch(function () { list.innerHTML = ""; });
      }, 150);
    });
  });
  // Instant results: while typing, the results part of the page is replaced by the same search with
  // the last word as a prefix (?prefix=1&partial=1 returns only that part).
  var instantSeq = 0;
  document.querySelectorAll("input[data-instant]").forEach(function (input) {
    var target = document.getElementById("search-results");
    if (!target || !input.form) return;
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var mine = ++instantSeq;
        var params = new URLSearchParams(new FormData(input.form));
        params.delete("page");
        params.set("prefix", "1");
        params.set("partial", "1");
        fetch(input.getAttribute("data-instant") + "?" + params.toString(), { headers: { "Accept": "text/html" } })
          .then(function (r) { return r.ok ? r.text() : null; })
          .then(function (html) {
            if (html === null || mine !== instantSeq) return;
            target.innerHTML = html;
          })
          .catch(function () {});
      }, 250);
    });
  });
  document.querySelectorAll("form.search-form .facets input").forEach(function (box) {
    box.addEventListener("change", function () { box.form.submit(); });
  });
})();
