// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Ward picker: when a form has a province <select> and a ward input, offer the ward list.
  document.querySelectorAll("select[name=province_code]").forEach(function (select) {
    var form = select.form;
    var ward = form && form.querySelector("input[name=ward_code]");
    if (!ward) return;
    var list = document.createElement("datalist");
    list.id = "ward-options";
    ward.setAttribute("list", list.id);
    ward.parentNode.appendChild(list);
    function load() {
      if (!select.value) { list.innerHTML = ""; return; }
      fetch("/api/v1/geo/provinces/" + encodeURIComponent(select.value) + "/wards")
        .then(function (r) { return r.ok ? r.json() : { items: [] }; })
        .then(function (data) {
          list.innerHTML = "";
          data.items.forEach(function (w) {
            var o = document.createElement("option");
            o.value = w.code; o.label = w.name; o.textContent = w.name;
            list.appendChild(o);
          });
        });
    }
    select.addEventListener("change", load);
    load();
  });
})();
