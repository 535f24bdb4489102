"""The site as an app that works offline on a phone: the web app manifest and a service worker
that keeps every file of the site after one visit over http(s).

The worker answers from the network first, so a visitor online always sees the newest numbers,
and falls back to what it kept when the network is gone. Its cache is named after the content
of the whole site: a new build with any change replaces it completely on the next visit.
"""

from __future__ import annotations

import hashlib
import json


def manifest(regio: str) -> bytes:
    data = {
        "name": f"Signaal van mensenhandel · {regio}",
        "short_name": "Mensenhandel",
        "description": "Wie u belt en welke stappen volgen bij een signaal van mensenhandel, "
                       "per gemeente.",
        "lang": "nl",
        "start_url": "./index.html",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#154273",
        "icons": [
            {"src": "assets/icoon-192.png", "sizes": "192x192", "type": "image/png"},
            {"src": "assets/icoon-512.png", "sizes": "512x512", "type": "image/png"},
            {"src": "assets/icoon.svg", "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def service_worker(files: dict[str, bytes]) -> bytes:
    """sw.js for a site whose files (path: bytes) are ``files``: it precaches all of them."""
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode() + b"\0" + hashlib.sha256(files[path]).digest())
    paths = ["./"] + [f"./{p}" for p in sorted(files)]
    script = f"""// Service worker van de website, gemaakt door 'mhcli site': bewaart na één bezoek
// elk bestand, zodat de website zonder netwerk blijft werken. Eerst het netwerk (de nieuwste
// gegevens), zonder netwerk wat bewaard is.
"use strict";
var CACHE = "mhcli-site-{digest.hexdigest()[:16]}";
var FILES = {json.dumps(paths, indent=0)};

self.addEventListener("install", function (event) {{
  event.waitUntil(caches.open(CACHE).then(function (cache) {{
    return cache.addAll(FILES);
  }}).then(function () {{ return self.skipWaiting(); }}));
}});

self.addEventListener("activate", function (event) {{
  event.waitUntil(caches.keys().then(function (names) {{
    return Promise.all(names.filter(function (name) {{
      return name.indexOf("mhcli-site-") === 0 && name !== CACHE;
    }}).map(function (name) {{ return caches.delete(name); }}));
  }}).then(function () {{ return self.clients.claim(); }}));
}});

self.addEventListener("fetch", function (event) {{
  var request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) {{
    return;
  }}
  event.respondWith(fetch(request).then(function (response) {{
    if (response.ok) {{
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) {{ cache.put(request, copy); }});
    }}
    return response;
  }}).catch(function () {{
    return caches.open(CACHE).then(function (cache) {{
      return cache.match(request, {{ ignoreSearch: true }});
    }}).then(function (kept) {{
      return kept || new Response("Deze pagina is niet bewaard en er is geen netwerk.",
        {{ status: 503, headers: {{ "Content-Type": "text/plain; charset=utf-8" }} }});
    }});
  }}));
}});
"""
    return script.encode("utf-8")
