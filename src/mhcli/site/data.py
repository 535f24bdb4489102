"""Everything the website shows, gathered through mhcli.api into plain dicts: the templates
only ever see the dicts made here (the route as `Route.as_json()` gives it, once per role).

Every fact a page states carries the ids of its sources (`bronnen` in the route's JSON, and for
the district and region pages the ids gathered here), so each page can mark it as a claim."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from mhcli.findings import Finding, sort_findings
from mhcli.register import RegisterModel


@dataclass
class SiteData:
    regio: dict[str, Any]
    universeel: dict[str, Any]  # bij_acuut_gevaar and ook_melden: the same for every page
    # naam, slug, cbs_code, provincie, district, route (the default role's), paginas: one page
    # per role, each {rol, bestand, route} with the route as `route --rol` gives it
    gemeenten: list[dict[str, Any]]
    districten: list[dict[str, Any]]  # overview.district_record + slug + gemeente slugs
    woonplaatsen: list[dict[str, Any]]  # naam, gemeente (its page slug and name)
    districten_rows: list[dict[str, Any]]
    gemeenten_rows: list[dict[str, Any]]
    partners_rows: list[dict[str, Any]]  # with `bronnen`: the ids that say the row
    bronnen: list[dict[str, Any]]
    waarschuwingen: list[dict[str, Any]]
    herkomst: dict[str, Any]
    document: dict[str, Any]  # the whole register as one JSON document
    schemas: dict[str, bytes]  # file name: the schema's bytes, read once without blocking
    beheerder: dict[str, Any] | None  # regio.beheerder as the register gives it, or None
    validatie: dict[str, Any]  # the maintainers' detail: `valideer -f json`, paths relative
    aandacht: list[dict[str, Any]]  # what is out of date, for the public (see `_public`)
    tabellen: dict[str, list[Any]]  # the list records of `gemeenten`, `districten`, `partners`
    cbs: dict[str, Any]  # the bundled CBS reference data: credit, licence, edition, note
    rollen: list[dict[str, Any]]  # who reports (api.rollen()): a page per role per gemeente


def slug(text: str, used: set[str]) -> str:
    """A file name from ``text``: ascii letters, digits and dashes; unique within ``used``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-") or "pagina"
    name, number = base, 1
    while name in used:
        number += 1
        name = f"{base}-{number}"
    used.add(name)
    return name


def _care(register: RegisterModel, district: str | None) -> list[dict[str, Any]]:
    """The organisations that coordinate care for the gemeente's district, with their town."""
    d = register.districten.get(district or "")
    found = [register.organisaties.get(o) for o in (d.zorgcoordinatie if d else ())]
    return [{"naam": o.naam, "plaats": o.plaats} for o in found if o is not None]


def _ids(refs: list[dict[str, Any]]) -> list[str]:
    return [b["id"] for b in refs]


def _unique(ids: Any) -> list[str]:
    return list(dict.fromkeys(i for i in ids if i))


def _route(api: Any, key: str, rol: str | None) -> dict[str, Any]:
    """`Route.as_json()`, plus the sources of each line the JSON gives as plain text (a step's
    `details`, the district's `opmerkingen`) as the text answer attributes them: an empty list
    is the tool's own words (an 'onbekend'), shown as such. Site-side keys only."""
    route = api.route(key, rol=rol)
    data: dict[str, Any] = route.as_json()
    for made, shown in zip([*route.stappen, *route.onderdelen],
                           [*data["stappen"], *data["onderdelen"]], strict=True):
        shown["details_bronnen"] = [list(d.bronnen) for d in made.details]
    data["bestuurlijk"]["district"]["opmerkingen_bronnen"] = [
        list(o.bronnen) for o in route.bestuurlijk.opmerkingen]
    return data


def _pages(api: Any, key: str, name: str) -> list[dict[str, Any]]:
    """One page per role: the default role's (the register's first) at ``name``.html, as
    `mhcli route` answers without --rol; every other role's at ``name``--ROL.html, as `mhcli
    route --rol ROL` answers. Role ids are kebab-case and slugs never hold '--': no clash."""
    default = _route(api, key, None)
    pages = [{"rol": default["rol"], "bestand": f"{name}.html", "route": default}]
    for rol in default["rollen"]:
        if default["rol"] is None or rol["id"] != default["rol"]["id"]:
            pages.append({"rol": rol, "bestand": f"{name}--{rol['id']}.html",
                          "route": _route(api, key, rol["id"])})
    return pages


def _district_sources(register: RegisterModel, record: dict[str, Any],
                      routes: list[dict[str, Any]]) -> dict[str, Any]:
    """The ids of the sources of each fact on a district's page and card. Trekkers and plans as
    a member's route attributes them (the CLI's own attribution, see routes._bestuurlijk), the
    members as their routes do; the rest from the fields that name a source."""
    d = register.districten[record["id"]]
    own = _unique([d.bron])
    first = routes[0] if routes else None
    bd = first["bestuurlijk"]["district"] if first else None
    # Which organisations coordinate care: the district file says it, and each one's source.
    zorg = _unique([d.bron, *(register.organisaties[o].bron for o in d.zorgcoordinatie
                              if o in register.organisaties)])
    trekkers = [_ids(t["bronnen"]) for t in bd["trekkers"]] if bd else []
    plannen = [_ids(p["bronnen"]) for p in bd["plannen"]] if bd else []
    leden = _unique([d.gemeenten_bron, d.bron])
    return {
        "district": own,
        "leden": [_ids(r["gemeente"]["bronnen"]) for r in routes],
        "trekkers": trekkers,
        "plannen": plannen,
        "zorgcoordinatie": zorg,
        "onderzoeken": [_unique([o.bron or d.bron]) for o in d.onderzoeken],
        # The columns of the region page's card of this district (DistrictRij.KOLOMMEN).
        "velden": {"aantal_gemeenten": leden, "trekkers": _unique(x for t in trekkers for x in t),
                   "aansturing": own, "plannen": _unique(x for p in plannen for x in p),
                   "plan_status": _unique(x for p in plannen for x in p), "focus": own,
                   "zorgcoordinatie": zorg},
    }


def _partner_sources(register: RegisterModel) -> dict[str, list[str]]:
    """Per partner or organisation: its own source and those of every place it appears (the
    relations `overview.partners_rows` lists)."""
    found: dict[str, list[str | None]] = {}
    for p in register.partners.values():
        found.setdefault(p.id, []).append(p.bron)
    for o in register.organisaties.values():
        found.setdefault(o.id, []).append(o.bron)
    for ident in register.programma_partners:
        found.setdefault(ident, []).append(register.programma_bron)
    for v in register.vormen.values():
        for ident in v.partners:
            found.setdefault(ident, []).append(v.bron)
    for c in register.contacten.values():
        if c.partner:
            found.setdefault(c.partner, []).append(c.bron)
    for stap in register.signaalroute.stappen:
        for _, ident in stap.aan:
            found.setdefault(ident, []).append(stap.bron)
    for d in register.districten.values():
        for ident in (*d.zorgcoordinatie, *d.coordinatie):
            found.setdefault(ident, []).append(d.bron)
        for onderzoek in d.onderzoeken:
            for ident in onderzoek.organisaties:
                found.setdefault(ident, []).append(onderzoek.bron or d.bron)
    return {ident: _unique(ids) for ident, ids in found.items()}


def _bron(register: RegisterModel, ident: str) -> dict[str, Any]:
    b = register.bronnen.get(ident)
    return {"id": ident, "titel": b.titel if b else ident, "url": b.url if b else None,
            "geraadpleegd": b.geraadpleegd if b else None}


def _people(row: Any) -> dict[str, Any]:
    """A list record as people read it in a table cell or a CSV download."""
    from mhcli.render.tables import cell

    return {key: cell(getattr(row, key)) for key in row.as_json()}


def _partner_row(row: Any, sources: dict[str, list[str]]) -> dict[str, Any]:
    return {**_people(row), "bronnen": sources.get(row.id, [])}


def _woonplaatsen(gemeenten: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every CBS woonplaats of the register's gemeenten, pointing at its gemeente's page.

    A woonplaats named as its gemeente is left out: the gemeente itself is listed already."""
    from mhcli import places
    from mhcli.names import normalize

    found = []
    for g in gemeenten:
        for w in places.woonplaatsen_van(g["cbs_code"]) if g["cbs_code"] else ():
            if normalize(w.naam) != normalize(g["naam"]):
                found.append({"naam": w.naam, "slug": g["slug"], "gemeente": g["naam"]})
    return sorted(found, key=lambda w: (normalize(w["naam"]), w["gemeente"]))


def _commit(herkomst: Any) -> dict[str, Any] | None:
    """The git commit of the register, when its files are exactly as in that commit."""
    commit = herkomst.commit
    return {"commit": commit, "gewijzigd": False} if commit else None


def _histories(api: Any) -> list[dict[str, Any]]:
    """Per gemeente (in the register's order) what git says changed its route or governance,
    and the date of the newest such change ('laatst gewijzigd'); when there is no history to
    read (not under git, no git, no commit), each says why, and the date is unknown."""
    from mhcli.errors import GitError, NotInGit
    from mhcli.safe import clean_line

    try:
        found = api.geschiedenissen()
    except (GitError, OSError, UnicodeError) as exc:  # a message can name a local path
        reden = "Het register staat niet in git, of is daar niet vastgelegd." \
            if isinstance(exc, NotInGit) else "git kon de geschiedenis van het register niet " \
            "lezen."
        return [{"onbekend": reden, "wijzigingen": [], "laatst_gewijzigd": None}
                for _ in api.model.alle_gemeenten()]
    out = []
    for h in found:
        wijzigingen = [{"datum": clean_line(w.datum[:10]), "commit": w.commit[:12],
                        "onderwerp": clean_line(w.onderwerp), "opmerking": w.opmerking,
                        "veranderingen": [v._asdict() for v in w.veranderingen]}
                       for w in h.wijzigingen]
        # A change not yet committed is not in this history: then no date is claimed.
        vastgelegd, laatste = h.vastgelegd is not False, h.laatst_gewijzigd()
        out.append({"onbekend": None, "wijzigingen": wijzigingen, "onvolledig": h.onvolledig,
                    "vastgelegd": vastgelegd, "laatste_commit": laatste,
                    "laatst_gewijzigd": laatste if vastgelegd else None})
    return out


def _finding(f: Finding, folder: str) -> dict[str, Any]:
    """A finding with its file relative to the register folder: a public page names no path
    of the machine that built it."""
    def inside(path: str) -> str:
        return path[len(folder) + 1:] if path.startswith(folder + "/") else path

    shown = f._replace(bestand=inside(f.bestand),
                       zie_ook=tuple(p._replace(bestand=inside(p.bestand)) for p in f.zie_ook))
    return {**shown.as_dict(), "waar": shown.location()}


def _schemas(folder: Path) -> dict[str, bytes]:
    """The schemas for the downloads, read as the register's own files are: a pipe or device
    in their place is refused, never waited on."""
    from mhcli.location import SCHEMA_FILES
    from mhcli.source import read_regular
    from mhcli.streams import OutputError

    found = {}
    for name in SCHEMA_FILES:
        try:
            found[name] = read_regular(folder / name, 4 * 1024 * 1024)[0]
        except OSError:
            raise OutputError(f"het schema '{name}' naast het register kon niet gelezen worden "
                              "als gewoon bestand; de website is niet gebouwd.") from None
    return found


def _district_notes(d: dict[str, Any]) -> list[dict[str, Any]]:
    """What is out of date in district ``d``, in words for the public: what, and what it means
    for someone with a signal. Made from the district record, never from validator text."""
    notes = []
    bronnen = d["bron_ids"]
    for t, ids in zip(d["trekkers"], bronnen["trekkers"] or [[]] * len(d["trekkers"]),
                      strict=True):
        if t["verouderd"]:
            wanneer = f" sinds {t['uit_functie']}" if t.get("uit_functie") else ""
            notes.append({"district": d["naam"], "soort": "trekker", "tekst":
                          f"De bestuurlijk trekker van district {d['naam']} ({t['omschrijving']}) "
                          f"is{wanneer} niet meer in functie; wie het nu is, staat niet in het "
                          "register. Voor een signaal maakt dat niet uit: wie u belt en de "
                          "stappen hangen niet af van de trekker.", "bronnen": ids})
    for p, ids in zip(d["plannen"], bronnen["plannen"] or [[]] * len(d["plannen"]),
                      strict=True):
        if p["status"] == "verlopen":
            notes.append({"district": d["naam"], "soort": "plan", "tekst":
                          f"Het plan '{p['titel']}' van district {d['naam']} is afgelopen "
                          f"({p['periode']}) en een nieuwer plan staat niet in het register. "
                          "Wat hier over plan en focus staat, kan dus verouderd zijn; wie u "
                          "belt en de stappen veranderen daardoor niet.", "bronnen": ids})
    return notes


def _public(districten: list[dict[str, Any]], regio: dict[str, Any],
            warnings: list[Finding]) -> list[dict[str, Any]]:
    """Every warning of the validation, as a plain-Dutch note for the public where one is
    known, and one note that counts the rest (the detail is in the maintainers' download)."""
    notes = [n for d in districten for n in d["aandacht"]]
    if regio["aantal_gemeenten"] and regio["niet_genoemd"]:
        namen = " en ".join(g["naam"] for g in regio["niet_genoemd"])
        notes.append({"district": None, "soort": "aantal", "tekst":
                      f"De bron noemt {regio['aantal_gemeenten']} gemeenten maar somt er "
                      f"minder op; vermoedelijk gaat het ook om {namen}. Voor die gemeenten "
                      "staat op deze website geen route: bel daar bij acuut gevaar 112 en "
                      "gebruik verder de landelijke meldpunten.",
                      "bronnen": _unique([*regio["bron_ids"],
                                          *(b for g in regio["niet_genoemd"]
                                            for b in g["bronnen"])])})
    known = {"plan-verlopen", "trekker-uit-functie", "aantal-gemeenten"}
    rest = [f for f in warnings if f.code not in known]
    if rest:
        notes.append({"district": None, "soort": "overig", "tekst":
                      f"De controle van het register vond nog {len(rest)} punt(en) voor de "
                      "beheerders (bijvoorbeeld een bron die lang niet is nagekeken). Gegevens "
                      "kunnen daardoor verouderd zijn; bel bij twijfel de landelijke "
                      "meldpunten.", "kader": True})  # the tool's own words: no fact
    return notes


def gather(data: Path | None, vandaag: date) -> SiteData:
    """The whole register as the site needs it; raises RegisterInvalid for a broken register.

    One real validation gives both the refusal and the warnings the site shows."""
    from mhcli.api import open_and_check

    api, validatie = open_and_check(data)
    register = api.model
    used: set[str] = {"index"}
    districten = []
    records: dict[str, dict[str, Any]] = {}
    for d in register.districten.values():
        record = api.district(d.id).as_json()
        record["slug"] = slug(d.id, used)
        records[d.id] = record
        districten.append(record)
    used = set()
    gemeenten: list[dict[str, Any]] = []
    for g in register.alle_gemeenten():
        record = records[g.district or ""]
        name = slug(g.naam, used)
        paginas = _pages(api, g.cbs_code or g.naam, name)
        gemeenten.append({"naam": g.naam, "slug": name, "cbs_code": g.cbs_code,
                          "provincie": g.provincie, "toelichting": g.toelichting,
                          "district": {"id": record["id"], "naam": record["naam"],
                                       "slug": record["slug"]},
                          "route": paginas[0]["route"], "paginas": paginas,
                          "zvh": _care(register, g.district)})
    for view, history in zip(gemeenten, _histories(api), strict=True):
        view["geschiedenis"] = history
        records[view["district"]["id"]].setdefault("leden", []).append(view)
    for record in districten:
        record.setdefault("leden", [])
        record["bron_ids"] = _district_sources(register, record,
                                               [v["route"] for v in record["leden"]])
        record["aandacht"] = _district_notes(record)
    universeel = api.universeel().as_json()
    folder = validatie.label
    warnings = [f for f in sort_findings(validatie.findings) if not f.is_error]
    document = api.document()
    beheerder = (document.get("regio") or {}).get("regio", {}).get("beheerder")
    regio = {"naam": register.naam, "aantal_gemeenten": register.aantal_gemeenten,
               "programma": register.programma_naam,
               "programma_omschrijving": register.programma_omschrijving,
               "missie": register.missie,
               "pijlers": [{"naam": p.naam, "doel": p.doel} for p in register.pijlers],
               "partners": [register.partner_naam(p) for p in register.programma_partners],
               "bronnen": [_bron(register, b) for b in
                           dict.fromkeys(x for x in (register.bron, register.programma_bron)
                                         if x)],
               "bron_ids": _unique([register.bron]),  # what says the districts and the count
               "programma_bron_ids": _unique([register.programma_bron]),
               "niet_genoemd": [{"naam": g.naam, "toelichting": g.toelichting,
                                 "bronnen": _unique([g.bron])}
                                for g in register.niet_genoemd]}
    published = {"inhoud": api.herkomst.inhoud, "commit": api.herkomst.commit}
    from mhcli.routes import CBS_BRON, cbs_bron

    known = register.bronnen.get(CBS_BRON)
    partner_sources = _partner_sources(register)
    return SiteData(
        regio=regio,
        universeel=universeel,
        gemeenten=gemeenten,
        districten=districten,
        woonplaatsen=_woonplaatsen(gemeenten),
        districten_rows=[_people(r) for r in api.districten()],
        gemeenten_rows=[_people(r) for r in api.gemeenten()],
        partners_rows=[_partner_row(r, partner_sources) for r in api.partners()],
        bronnen=[_bron(register, b) for b in register.bronnen],
        waarschuwingen=[_finding(f, folder) for f in warnings],
        # No path of the building machine: what the register is, not where it lay.
        herkomst={"gebouwd": vandaag.isoformat(), "git": _commit(api.herkomst),
                  "register": published},
        document=document,
        schemas=_schemas(api.herkomst.schemas),
        beheerder=beheerder if isinstance(beheerder, dict) else None,
        validatie={"register": published, "geldig": True, "fouten": [],
                   "waarschuwingen": [{k: v for k, v in _finding(f, folder).items()
                                       if k != "waar"} for f in warnings]},
        aandacht=_public(districten, regio, warnings),
        tabellen={"gemeenten": api.gemeenten(), "districten": api.districten(),
                  "partners": api.partners()},
        cbs={"id": CBS_BRON, **cbs_bron(known.toelichting if known else None)},
        rollen=api.rollen(),
    )
