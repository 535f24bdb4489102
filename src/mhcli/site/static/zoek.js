// Zoeken op de startpagina, zonder netwerk: de index staat in zoekindex.js in dezelfde map.
// Zonder JavaScript blijft het zoekformulier verborgen en staat elke plaats als link op de pagina.
//
// Wat een naam betekent, heeft mhcli zelf bij het bouwen bepaald (zoekindex.js: het antwoord
// voor elke naam en CBS-code die het kent). Dit script zoekt invoer daarin op en beslist alleen
// wat geen naam is (een postcode, een onbekende code, een tikfout), met dezelfde regels als
// mhcli.names in Python; tests/fixtures/namen.tsv bewijst dat beide hetzelfde antwoorden.
(function () {
  "use strict";
  var index = window.MHCLI_ZOEKINDEX;
  var form = document.getElementById("zoeken");
  if (!form || !index || !Array.isArray(index.namen)) {
    return;
  }
  var input = document.getElementById("zoekveld");
  var list = document.getElementById("zoekresultaten");
  var status = document.getElementById("zoekstatus");
  var MAX = 25;
  var MAX_KEY = 80;

  // --- the rules of mhcli.names ---------------------------------------------------------------
  var FOLD = { "ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d", "ı": "i",
               "ð": "d", "þ": "th" };

  function normalize(text) {
    var plain = String(text).toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "")
      .replace(/[ßæøœłđıðþ]/g, function (c) { return FOLD[c]; });
    return plain.replace(/[^a-z0-9]+/g, " ").trim().replace(/(^| )st(?= )/g, "$1sint");
  }

  function sleutel(text) {
    return normalize(text).replace(/ /g, "");
  }

  function postcode(text) {
    var match = /^([1-9][0-9]{3})(?: ?([a-z]{2}))?$/.exec(normalize(text));
    if (!match) { return null; }
    return match[1] + (match[2] ? " " + match[2].toUpperCase() : "");
  }

  function cbsKey(text) {
    if (postcode(text) !== null) { return null; }
    var match = /^(?:gm)?0*([0-9]{1,4})$/.exec(sleutel(text));
    return match ? "GM" + ("000" + parseInt(match[1], 10)).slice(-4) : null;
  }

  function editDistance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) { return limit + 1; }
    var previous2 = [];
    var previous = [];
    var i, j;
    for (j = 0; j <= b.length; j++) { previous.push(j); }
    for (i = 1; i <= a.length; i++) {
      var current = [i];
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          value = Math.min(value, previous2[j - 2] + 1);
        }
        current.push(value);
      }
      if (Math.min.apply(null, current) > limit) { return limit + 1; }
      previous2 = previous;
      previous = current;
    }
    var last = previous[previous.length - 1];
    return last <= limit ? last : limit + 1;
  }

  function typoLimit(key) {
    return key.length < 4 ? 0 : key.length < 8 ? 1 : 2;
  }

  function near(query, keys, limit) {
    if (!query || query.length > MAX_KEY) { return []; }
    var allowed = typoLimit(query);
    var scored = [];
    keys.forEach(function (key, order) {
      if (key === query) { return; }
      if (query.length >= 3 && key.indexOf(query) === 0) {
        scored.push([0, order, key]);
        return;
      }
      var distance = allowed ? editDistance(query, key, allowed) : 1;
      if (distance <= allowed) { scored.push([distance, order, key]); }
    });
    scored.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return scored.slice(0, limit).map(function (item) { return item[2]; });
  }

  // --- the index ------------------------------------------------------------------------------
  var kinds = {};
  Object.keys(index.uitkomsten).forEach(function (name) { kinds[index.uitkomsten[name]] = name; });
  var SOORT = { g: "gemeente", w: "woonplaats", d: "district" };
  var WAAR = { r: "register", n: "niet-in-register", b: "buiten-de-regio" };

  var places = index.plekken.map(function (p) {
    var place = { naam: p[0], soort: SOORT[p[1][0]], waar: WAAR[p[1][1]], gemeente: p[2],
                  provincie: p[3] >= 0 ? index.provincies[p[3]] : "", uitleg: p[4], url: p[5] };
    if (!place.uitleg) { place.uitleg = outsideUitleg(place); }
    place.key = sleutel(place.naam);
    return place;
  });

  // Plek.uitleg() in mhcli.resolve, for a place outside the region.
  function outsideUitleg(p) {
    var where = p.soort === "gemeente" ? "gemeente" : "woonplaats in gemeente " + p.gemeente;
    if (p.provincie) {
      where += p.soort === "gemeente" ? " in " + p.provincie : " (" + p.provincie + ")";
    }
    return where + ", buiten de regio";
  }

  function answers(rows) {
    var map = Object.create(null);
    var keys = [];
    rows.forEach(function (row) {
      map[row[0]] = { uitkomst: kinds[row[1]], plekken: row[2].map(function (i) { return places[i]; }),
                      extra: row[3] || {} };
      keys.push(row[0]);
    });
    return { map: map, keys: keys };
  }
  var names = answers(index.namen);
  var codes = answers(index.codes).map;

  // Resolver.resolve in mhcli.resolve, once its index is built.
  function resolve(text) {
    var shown = String(text).split(/\s+/).filter(Boolean).join(" ");
    if (!/[\p{L}\p{N}]/u.test(shown)) { return null; }
    var code = postcode(shown);
    if (code !== null) {
      var also = code.indexOf(" ") === -1 ? codes["GM" + code] : null;
      return { uitkomst: "postcode", invoer: shown, postcode: code,
               plekken: also ? [also.plekken[0]] : [], extra: {} };
    }
    var cbs = cbsKey(shown);
    var found = cbs !== null ? codes[cbs] : names.map[sleutel(shown)];
    if (found) {
      return { uitkomst: found.uitkomst, invoer: shown, plekken: found.plekken,
               extra: found.extra };
    }
    var suggested = [];
    if (cbs === null) {
      near(sleutel(shown), names.keys, 3).forEach(function (key) {
        // Suggest in mhcli.resolve: a woonplaats by that name as itself, else the answer.
        var named = places.filter(function (p) { return p.key === key && p.soort === "woonplaats"; });
        (named.length ? named : names.map[key].plekken).forEach(function (p) {
          if (suggested.indexOf(p) === -1) { suggested.push(p); }
        });
      });
    }
    return { uitkomst: "onbekend", invoer: shown, plekken: suggested, extra: {}, code: cbs };
  }

  // Antwoord.gemeenten() in mhcli.resolve.
  function gemeenten(answer) {
    var found = [];
    answer.plekken.forEach(function (p) {
      if (p.gemeente && found.indexOf(p.gemeente) === -1) { found.push(p.gemeente); }
    });
    return answer.uitkomst === "gemeente" ? found.slice(0, 1) : found.sort();
  }

  // --- what a person reads --------------------------------------------------------------------
  function and(items, last) {
    if (items.length < 2) { return items.join(""); }
    return items.slice(0, -1).join(", ") + (last || " en ") + items[items.length - 1];
  }

  function outsideLabel(p) {
    var province = p.provincie ? ", provincie " + p.provincie : "";
    if (p.soort === "gemeente") {
      return "gemeente " + p.naam + (p.provincie ? " (provincie " + p.provincie + ")" : "");
    }
    return "woonplaats " + p.naam + " (gemeente " + p.gemeente + province + ")";
  }

  function message(answer) {
    var first = answer.plekken[0];
    switch (answer.uitkomst) {
      case "gemeente":
        if (answer.extra.hoe === "woonplaats") {
          return answer.extra.naam + " is een woonplaats in gemeente " + first.naam + " (" +
            first.uitleg.replace(/^gemeente, /, "") + ").";
        }
        return "Gemeente " + first.naam + " (" + first.uitleg.replace(/^gemeente, /, "") + ").";
      case "buiten-de-regio":
        return capital(and(answer.plekken.map(outsideLabel), " of ") + " ligt buiten de regio " +
          index.regio + "; deze site kent alleen de route binnen de regio. Bij acuut gevaar: " +
          "bel 112.");
      case "postcode":
        return "'" + answer.invoer + "' is een postcode. Deze site kent geen postcodes (er is " +
          "geen open lijst van postcodes en gemeenten die zij kan meeleveren); typ de naam van " +
          "de woonplaats of de gemeente." + (first ? " Bedoelt u CBS-code GM" + answer.postcode +
          " (" + first.naam + ", " + first.uitleg + ")? Typ dan GM" + answer.postcode + "." : "");
      case "onbekend":
        if (answer.code) {
          return "Er is geen gemeente met CBS-code " + answer.code + ".";
        }
        return "'" + answer.invoer + "' is geen gemeente, woonplaats of district die deze site " +
          "kent." + (answer.plekken.length ? " Bedoelde u een van deze?" : "");
      case "meerdere":
        if (!answer.extra.zelfde_route) {  // the places themselves are the list below
          return "'" + answer.invoer + "' is meer dan één plaats; kies hieronder een gemeente " +
            "voor haar route.";
        }
        return capital(answer.extra.melding || "");
      default:
        return capital(answer.extra.melding || "");
    }
  }

  function capital(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  // In-region places whose name starts with, or holds, what was typed: the list as one types.
  function partial(query) {
    if (query.length < 2) { return []; }
    var hits = [];
    places.forEach(function (p) {
      if (p.waar === "buiten-de-regio") { return; }
      var at = p.key.indexOf(query);
      if (at !== -1) { hits.push({ rank: at === 0 ? 0 : 1, place: p }); }
    });
    function order(a, b) { return a < b ? -1 : a > b ? 1 : 0; }
    hits.sort(function (a, b) {
      return a.rank - b.rank || order(a.place.key, b.place.key) ||
        order(sleutel(a.place.gemeente), sleutel(b.place.gemeente));
    });
    return hits.map(function (h) { return h.place; });
  }

  var current = null;

  function show() {
    list.textContent = "";
    var answer = resolve(input.value);
    current = answer;
    if (!answer) {
      status.textContent = "";
      delete form.dataset.uitkomst;
      delete form.dataset.gemeenten;
      return;
    }
    form.dataset.uitkomst = answer.uitkomst;
    form.dataset.gemeenten = gemeenten(answer).join("|");
    // First the places of exactly this name (Oudenbosch, not only its gemeente), then what
    // the answer points at, then names that start with or hold what was typed.
    var query = sleutel(answer.invoer);
    var hits = partial(query);
    var shown = [];
    var urls = [];
    function add(p) {
      if (shown.indexOf(p) !== -1 || (p.url && urls.indexOf(p.url) !== -1 &&
                                      answer.plekken.indexOf(p) !== -1)) { return; }
      shown.push(p);
      if (p.url) { urls.push(p.url); }
    }
    hits.filter(function (p) { return p.key === query; }).forEach(add);
    answer.plekken.forEach(add);
    hits.forEach(add);
    shown.slice(0, MAX).forEach(function (p) {
      var li = document.createElement("li");
      if (p.url) {
        var link = document.createElement("a");
        link.href = p.url;
        link.textContent = p.naam;
        li.appendChild(link);
      } else {
        li.appendChild(document.createTextNode(p.naam));
      }
      li.appendChild(document.createTextNode(" (" + p.uitleg + ")"));
      list.appendChild(li);
    });
    // Only suggestions (a typo, nothing that starts with or holds it): say so, never "gevonden".
    var guessed = answer.uitkomst === "onbekend" && hits.length === 0 && shown.length > 0;
    var count = shown.length === 0 ? "Niets gevonden; kies hieronder uit de lijst van alle " +
      "gemeenten." : guessed ? shown.length + (shown.length === 1 ? " suggestie." :
      " suggesties.") : shown.length > MAX ? shown.length + " gevonden; de eerste " + MAX +
      " staan hieronder." : shown.length + " gevonden.";
    var said = answer.uitkomst === "onbekend" && !answer.code && shown.length > 0 && !guessed ?
      "" : message(answer) + " ";
    status.textContent = said + count;
  }

  // Enter opens a page only when the name means exactly one gemeente or district: never a
  // choice among several, never a suggestion.
  function target(answer) {
    if (!answer || (answer.uitkomst !== "gemeente" && answer.uitkomst !== "district")) {
      return null;
    }
    var place = answer.plekken.filter(function (p) { return p.url; })[0];
    return place ? place.url : null;
  }

  window.MHCLI_ZOEK = { normalize: normalize, sleutel: sleutel, postcode: postcode,
                        cbsKey: cbsKey, resolve: resolve, gemeenten: gemeenten };
  form.hidden = false;
  input.addEventListener("input", show);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    show();
    var url = target(current);
    if (url) {
      window.location.href = url;
    } else if (current && list.children.length) {
      status.textContent = "Kies hieronder de gemeente; Enter opent alleen een pagina als de " +
        "naam één gemeente is. " + status.textContent;
    }
  });
})();
