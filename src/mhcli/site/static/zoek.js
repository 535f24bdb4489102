// Zoeken op de startpagina, zonder netwerk: de index staat in zoekindex.js in dezelfde map.
// Zonder JavaScript blijft het zoekformulier verborgen en staat elke plaats als link op de pagina.
(function () {
  "use strict";
  var index = window.MHCLI_ZOEKINDEX;
  var form = document.getElementById("zoeken");
  if (!form || !Array.isArray(index)) {
    return;
  }
  var input = document.getElementById("zoekveld");
  var list = document.getElementById("zoekresultaten");
  var status = document.getElementById("zoekstatus");
  var MAX = 25;

  function normalize(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, " ").trim();
  }

  var entries = index.map(function (entry) {
    return { entry: entry, key: normalize(entry.naam), code: normalize(entry.code) };
  });

  function rank(item, query) {
    if (item.key === query || item.code === query) { return 0; }
    if (item.key.indexOf(query) === 0) { return 1; }
    if (item.code && item.code.indexOf(query) !== -1) { return 2; }
    return item.key.indexOf(query) !== -1 ? 3 : -1;
  }

  function show() {
    var query = normalize(input.value);
    list.textContent = "";
    if (!query) {
      status.textContent = "";
      return;
    }
    var hits = [];
    entries.forEach(function (item) {
      var r = rank(item, query);
      if (r >= 0) { hits.push({ rank: r, item: item }); }
    });
    hits.sort(function (a, b) {
      return a.rank - b.rank || a.item.key.localeCompare(b.item.key);
    });
    hits.slice(0, MAX).forEach(function (hit) {
      var li = document.createElement("li");
      var link = document.createElement("a");
      link.href = hit.item.entry.url;
      link.textContent = hit.item.entry.naam;
      li.appendChild(link);
      li.appendChild(document.createTextNode(" (" + hit.item.entry.uitleg + ")"));
      list.appendChild(li);
    });
    if (hits.length === 0) {
      status.textContent = "Niets gevonden. Kies hieronder uit de lijst van alle gemeenten.";
    } else if (hits.length > MAX) {
      status.textContent = hits.length + " gevonden; de eerste " + MAX + " staan hieronder.";
    } else {
      status.textContent = hits.length + " gevonden.";
    }
  }

  form.hidden = false;
  input.addEventListener("input", show);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    show();
    var first = list.querySelector("a");
    if (first) {
      window.location.href = first.href;
    }
  });
})();
