// Search enhancements (the page works without this file):
// - autocomplete: inputs with data-suggest get a <datalist> filled from /api/v1/search/suggest;
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
  document.querySelectorAll("form.search-form .facets input").forEach(function (box) {
    box.addEventListener("change", function () { box.form.submit(); });
  });
})();
