"""The site's open data: the CSV tables exactly as `mhcli … --format csv` and `csv-excel` give
them, a Frictionless Data Package that describes each table, and schema.org JSON-LD per gemeente.

The tables come from the same library records as the command line, through the same CSV writer
(`render.spreadsheet.csv_text`): a download can never say something the CLI does not.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from typing import Any

from mhcli.render.spreadsheet import csv_text
from mhcli.render.tables import cell
from mhcli.safe import clean

_CODE = {"type": "string", "constraints": {"required": True, "unique": True,
                                           "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}}
_TEXT = {"type": "string"}
_LIST = {"type": "string", "description": "Een lijst, samengevoegd met '; '."}

# One Table Schema per table: the columns of the records' as_json(), in that order.
TABLES: dict[str, dict[str, Any]] = {
    "gemeenten": {
        "titel": "Gemeenten",
        "omschrijving": "Elke gemeente in het register, op alfabet, met haar district.",
        "velden": [
            ("naam", "Naam", "De naam van de gemeente.", {"type": "string",
                                                          "constraints": {"required": True}}),
            ("cbs_code", "CBS-code", "Gemeentecode van het CBS, 'GM' en vier cijfers.",
             {"type": "string", "constraints": {"required": True, "unique": True,
                                                "pattern": "^GM[0-9]{4}$"}}),
            ("district", "District (id)", "Het id van het district.", {"type": "string",
                                                                       "constraints": {
                                                                           "required": True}}),
            ("district_naam", "District", "De naam van het district.", _TEXT),
            ("provincie", "Provincie", "De provincie van de gemeente.", _TEXT),
        ],
        "sleutel": "cbs_code",
        "verwijzingen": [{"fields": "district",
                          "reference": {"resource": "districten", "fields": "id"}}],
    },
    "districten": {
        "titel": "Districten",
        "omschrijving": "Elk district: gemeenten, trekkers, aansturing, plan, focus en "
                        "zorgcoördinatie.",
        "velden": [
            ("id", "Id", "Het id van het district (de naam van zijn bestand).", _CODE),
            ("naam", "Naam", "De naam van het district.", {"type": "string",
                                                           "constraints": {"required": True}}),
            ("aantal_gemeenten", "Gemeenten", "Het aantal gemeenten in het district.",
             {"type": "integer", "constraints": {"required": True, "minimum": 0}}),
            ("trekkers", "Bestuurlijk trekker(s)", "De bestuurlijk trekkers.", _LIST),
            ("aansturing", "Aansturing", "Wie de uitvoering aanstuurt.", _TEXT),
            ("plannen", "Plan", "De uitvoeringsplannen met hun looptijd.", _LIST),
            ("plan_status", "Status plan", "lopend, verlopen, nog niet begonnen of onbekend.",
             _LIST),
            ("focus", "Focus", "Waar het district extra op let.", _LIST),
            ("zorgcoordinatie", "Zorgcoördinatie", "Wie de zorg voor slachtoffers coördineert.",
             _LIST),
        ],
        "sleutel": "id",
        "verwijzingen": [],
    },
    "partners": {
        "titel": "Partners en organisaties",
        "omschrijving": "De partners en organisaties en waar ze in de aanpak voorkomen.",
        "velden": [
            ("id", "Id", "Het id van de partner of organisatie.", _CODE),
            ("naam", "Naam", "De naam.", {"type": "string", "constraints": {"required": True}}),
            ("soort", "Soort", "partner, zorg-en-veiligheidshuis, gemeente, ...", _TEXT),
            ("waar", "Waar", "Waar zij in de aanpak voorkomen.", _LIST),
        ],
        "sleutel": "id",
        "verwijzingen": [],
    },
}


def tables(records: dict[str, list[Any]]) -> dict[str, bytes]:
    """``{file name: bytes}``: each table as plain CSV and as CSV for Dutch Excel."""
    files: dict[str, bytes] = {}
    for name, rows in records.items():
        keys = [key for key, *_ in TABLES[name]["velden"]]
        if rows:
            assert list(rows[0].as_json()) == keys, (name, list(rows[0].as_json()))
        values = [{k: cell(getattr(r, k)) for k in keys} for r in rows]
        files[f"{name}.csv"] = csv_text(keys, values).encode("utf-8")
        files[f"{name}-excel.csv"] = csv_text(keys, values, excel=True).encode("utf-8")
    return files


def datapackage(files: dict[str, bytes], regio: str, gebouwd: str) -> bytes:
    """datapackage.json (Frictionless Data Package v1, tabular): a resource with a Table
    Schema, size and hash for every CSV file, the Excel variants with their own dialect."""
    resources = []
    for name, table in TABLES.items():
        schema: dict[str, Any] = {
            "fields": [{"name": key, "title": title, "description": text, **kind}
                       for key, title, text, kind in table["velden"]],
            "primaryKey": table["sleutel"],
            "missingValues": [""],
        }
        if table["verwijzingen"]:
            schema["foreignKeys"] = table["verwijzingen"]
        for variant, dialect, encoding in (("", {"delimiter": ",", "lineTerminator": "\r\n"},
                                            "utf-8"),
                                           ("-excel", {"delimiter": ";",
                                                       "lineTerminator": "\r\n"}, "utf-8-sig")):
            path = f"{name}{variant}.csv"
            data = files[path]
            resource: dict[str, Any] = {
                "name": f"{name}{variant}", "path": path,
                "title": table["titel"] + (" (voor Nederlandse Excel)" if variant else ""),
                "description": table["omschrijving"],
                "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv",
                "encoding": encoding, "dialect": dialect,
                "bytes": len(data), "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
                "schema": schema,
            }
            if variant:  # the foreign key points at the plain table: keep each variant whole
                resource["schema"] = {**schema, "foreignKeys": [
                    {**fk, "reference": {**fk["reference"],
                                         "resource": fk["reference"]["resource"] + "-excel"}}
                    for fk in schema.get("foreignKeys", [])]}
                if not resource["schema"]["foreignKeys"]:
                    del resource["schema"]["foreignKeys"]
            resources.append(resource)
    package = {
        "profile": "tabular-data-package",
        "name": "mensenhandel-" + "-".join(
            "".join(c for c in part if c.isascii() and c.isalnum())
            for part in regio.lower().split("-")),
        "title": f"Register van de regionale aanpak mensenhandel {regio}",
        # 'created' would have to be a date-time; the build has a date only.
        "description": f"De gemeenten, districten en partners van het register, zoals mhcli "
                       f"ze geeft, gebouwd op {gebouwd}. Het hele register staat in "
                       "register.json.",
        "resources": resources,
    }
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def jsonld(route: dict[str, Any], gemeente: dict[str, Any], zvh: list[dict[str, Any]],
           adres: str | None, gewijzigd: str | None, link: Callable[[object], str | None]
           ) -> str:
    """schema.org JSON-LD for a gemeente page: the service (the route of a signal), its area
    (the gemeente in its district and province) and its contact points (the numbers of
    'Wie belt u'), on a WebPage that cites the route's sources. ``gewijzigd``: the date git
    last saw the gemeente's route change (dateModified; left out when unknown, never the build
    date). Safe inside <script>."""
    naam = gemeente["naam"]
    area: dict[str, Any] = {"@type": "AdministrativeArea", "name": naam}
    if gemeente.get("cbs_code"):
        area["identifier"] = {"@type": "PropertyValue", "propertyID": "CBS-gemeentecode",
                              "value": gemeente["cbs_code"]}
    if gemeente.get("provincie"):
        area["containedInPlace"] = {"@type": "AdministrativeArea",
                                    "name": gemeente["provincie"]}
    channels = []
    for w in route["wie_belt_u"]:
        point: dict[str, Any] = {"@type": "ContactPoint", "name": w["wie"],
                                 "contactType": w["wanneer"]}
        if w["telefoon"]:
            point["telephone"] = w["telefoon"]
        channels.append({"@type": "ServiceChannel", "name": w["wie"],
                         "description": w["wanneer"], "servicePhone": point})
    providers = [{"@type": "Organization", "name": o["naam"],
                  **({"address": {"@type": "PostalAddress", "addressLocality": o["plaats"],
                                  "addressCountry": "NL"}} if o.get("plaats") else {})}
                 for o in zvh]
    rol = route.get("rol")
    # The steps in order (a task beside the other tasks, unnumbered), or the role's parts.
    parts = [f"{s['nummer']}. {s['titel']}: {s['wie']}." if s["nummer"] is not None
             else f"Taak: {s['titel']}: {s['wie']}." for s in route["stappen"]]
    parts += [f"{s['titel']}: {s['wat']}" for s in route["onderdelen"]]
    service: dict[str, Any] = {
        "@type": "GovernmentService",
        "name": f"Route bij een signaal van mensenhandel uit gemeente {naam}"
                + (f", voor: {rol['naam'].lower()}" if rol else ""),
        "serviceType": "Melden van signalen van mensenhandel",
        "description": " ".join(parts) or (rol["wie"] if rol else ""),
        "areaServed": area,
        "availableChannel": channels,
        "provider": providers,
    }
    page: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "name": f"Signaal van mensenhandel uit gemeente {naam}",
        "inLanguage": "nl",
        "about": service,
        "citation": [{"@type": "CreativeWork", "name": b["titel"],
                      **({"url": link(b["url"])} if link(b.get("url")) else {})}
                     for b in route["bronnen"]],
    }
    if gewijzigd:
        page["dateModified"] = gewijzigd
    if adres:
        page["url"] = adres
    # Compact: the page carries data for machines, and json's C encoder only does compact.
    text = json.dumps(_cleaned(page), ensure_ascii=True, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    return text


_clean_text = functools.lru_cache(maxsize=16384)(clean)  # the same texts on many pages


def _cleaned(value: Any) -> Any:
    if isinstance(value, str):
        return _clean_text(value)
    if isinstance(value, dict):
        return {k: _cleaned(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_cleaned(v) for v in value]
    return value
