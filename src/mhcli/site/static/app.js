// Offline op een telefoon: via http(s) registreert elke pagina de service worker (sw.js in de
// hoofdmap van de website), die na één bezoek de hele website bewaart. Vanuit een map (file://)
// doet dit niets: daar werkt de website al zonder netwerk.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator) ||
      (location.protocol !== "https:" && location.protocol !== "http:")) {
    return;
  }
  var worker = new URL("../sw.js", script.src);
  navigator.serviceWorker.register(worker.href, { scope: new URL("./", worker).href })
    .catch(function () { /* zonder service worker werkt de website gewoon online */ });
})();
