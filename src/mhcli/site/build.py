"""`mhcli site`: the register as a static, accessible website that works offline from a folder.

Every page links relatively (so the folder works from file://, a share or any sub-path); the
only script is the search, and without it the start page still lists every place as a link.
Register text goes through Jinja2's autoescaping and `mhcli.safe.clean`: it is never markup.
Each gemeente has a page per role (who reports), linked from each other. Every text on every
page is marked: a fact with the ids of its sources (`data-bron`), the tool's own words with
`data-kader` (see templates/macros.html; tests/test_claims.py checks every page).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from mhcli.api import DistrictRij
from mhcli.clock import today
from mhcli.errors import MhcliError
from mhcli.safe import clean
from mhcli.site.data import SiteData, gather
from mhcli.site.output import MARKER, SiteWriter

_HERE = Path(__file__).resolve().parent
_DOWNLOADS = "downloads"
__all__ = ["MARKER", "SiteReport", "build_site", "tel_url", "web_url"]


class SiteReport(NamedTuple):
    out: Path
    pages: int
    gemeenten: int
    rollen: int  # pages per gemeente: one per role
    districten: int
    downloads: list[str]
    waarschuwingen: int
    achtergelaten: Path | None = None  # what is left of the earlier build (not removable)


def web_url(value: object) -> str | None:
    """``value`` if it is an http(s) address that is safe to link, else None."""
    if not isinstance(value, str) or clean(value) != value:  # control or bidi characters
        return None
    return value if re.fullmatch(r"https?://[^\s\"'<>\\]+", value, re.IGNORECASE) else None


def mail_url(value: object) -> str | None:
    """A mailto: address for a plain e-mail address, else None."""
    if not isinstance(value, str) or clean(value) != value:
        return None
    return (f"mailto:{value}" if re.fullmatch(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}",
                                             value) else None)


def base_url(value: str | None) -> str | None:
    """The site's own address from --url: an http(s) address, ending in '/'."""
    if value is None:
        return None
    url = value if value.endswith("/") else value + "/"
    if web_url(url) is None or "?" in url or "#" in url:
        raise MhcliError(f"--url verwacht het webadres van de website, zoals "
                         f"https://voorbeeld.nl/mensenhandel/, niet '{value}'.")
    return url


def tel_url(value: object) -> str | None:
    """A tel: address from a phone number such as '033-448 11 86' ('tel:0334481186')."""
    digits = re.sub(r"[^0-9+]", "", str(value or ""))
    return f"tel:{digits}" if re.fullmatch(r"\+?[0-9]{3,15}", digits) else None


def bron_ids(refs: object) -> str:
    """The value of a claim's data-bron: the ids of ``refs`` (source objects {id, ...} or ids),
    space-separated, each once. Empty for none: a claim without a source, which the test of
    the site's claims refuses."""
    ids: list[str] = []
    for ref in refs if isinstance(refs, (list, tuple)) else ():
        ident = ref.get("id") if isinstance(ref, dict) else ref
        if isinstance(ident, str) and ident and ident not in ids:
            ids.append(ident)
    return " ".join(ids)


# A page per role repeats most of its text three times: each string is cleaned once a build.
_clean_text = functools.lru_cache(maxsize=16384)(clean)


def _finalize(value: object) -> object:
    """Every {{ value }}: control characters shown as escapes; None as nothing."""
    if value is None:
        return ""
    if type(value) is str:  # not Markup: a macro's output is escaped already
        return _clean_text(value)
    return value


_TEMPLATES_LIMIT = 4 * 1024 * 1024


def _verified_cache(jinja2: Any) -> Any:
    """Compiled templates in mhcli's own cache, checked like every entry there (mhcli.cache:
    a folder of the user's alone, a regular file of the user's opened without following links
    or waiting, and a checksum against damage) before Jinja2 unmarshals them. Jinja2's own
    FileSystemBytecodeCache checks none of that, so another user's planted file would run as
    code (issue 15). Compiling is about a fifth of a small build."""
    from mhcli import cache
    from mhcli.version import __version__

    release = re.sub(r"[^a-z0-9]+", "-", f"{__version__}-{jinja2.__version__}".lower())

    class Verified(jinja2.BytecodeCache):  # type: ignore[misc]
        def load_bytecode(self, bucket: Any) -> None:
            data = cache.recall_bytes("jinja", f"{release}-{bucket.key}", _TEMPLATES_LIMIT)
            if data is not None:
                bucket.bytecode_from_string(data)  # ours: only we can write that folder

        def dump_bytecode(self, bucket: Any) -> None:
            cache.remember_bytes("jinja", f"{release}-{bucket.key}",
                                 bucket.bytecode_to_string())

    return Verified()


def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_HERE / "templates"),
        bytecode_cache=_verified_cache(jinja2),
        autoescape=True,  # every template, whatever its name: register text is never markup
        auto_reload=False,  # one build, templates from the package: no stat per lookup
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["web_url"] = web_url
    env.filters["tel_url"] = tel_url
    env.filters["mail_url"] = mail_url
    env.filters["bron_ids"] = bron_ids
    return env


# Each answer class by one letter in the search data (zoek.js maps them back).
UITKOMST_CODES = {"gemeente": "g", "meerdere": "m", "district": "d", "buiten-de-regio": "b",
                  "niet-in-register": "n", "postcode": "p", "onbekend": "o"}


def _search_index(site: SiteData, data: Path | None) -> str:
    """The site's search data: the answer of mhcli's own resolver (mhcli.resolve) for every
    name and CBS code it knows, and the places those answers point at, with their pages. The
    browser looks input up here; zoek.js decides only what no name matches (a postcode, an
    unknown code, a typo), by the same rules as mhcli.names."""
    from mhcli.api import open_register
    from mhcli.resolve import export

    api = open_register(data)
    if api.herkomst.as_json()["inhoud"] != site.herkomst["register"]["inhoud"]:
        raise MhcliError("het register veranderde terwijl de website gebouwd werd; bouw opnieuw.")
    found = export(api.resolver())
    pages = {g["cbs_code"]: f"gemeente/{g['slug']}.html" for g in site.gemeenten}
    districts = {d["id"]: f"district/{d['slug']}.html" for d in site.districten}

    provinces = sorted({p.provincie for p in found.plekken if p.provincie})

    def place(p: Any) -> list[Any]:
        # naam, soort and waar (first letters), gemeente, province (index), label, page. The
        # label of a place outside the region follows one pattern; zoek.js writes it itself.
        if p.soort == "district":
            url = districts.get(p.district_id, "")
        else:
            url = pages.get(p.cbs_code, "") if p.waar == "register" else ""
        return [clean(p.naam), p.soort[0] + p.waar[0], clean(p.gemeente or ""),
                provinces.index(p.provincie) if p.provincie else -1,
                "" if p.waar == "buiten-de-regio" else clean(p.uitleg()), url]

    def answer(key: str, a: Any, refs: list[int]) -> list[Any]:
        extra: dict[str, Any] = {}
        if a.uitkomst in ("meerdere", "district", "niet-in-register"):
            extra["melding"] = clean(a.melding)
        if a.hoe:
            extra["hoe"] = a.hoe
            extra["naam"] = clean(a.gevonden_naam or "")
        if a.zelfde_route:
            extra["zelfde_route"] = True
        return [key, UITKOMST_CODES[a.uitkomst], refs, *([extra] if extra else [])]

    index = {
        "regio": clean(site.regio["naam"]),
        "uitkomsten": UITKOMST_CODES,
        "provincies": [clean(p) for p in provinces],
        "plekken": [place(p) for p in found.plekken],
        "namen": [answer(*entry) for entry in found.namen],  # in the resolver's order
        "codes": [answer(*entry) for entry in found.codes],
    }
    # ensure_ascii and escaped <>&: nothing in the data can end a script or break a JS string,
    # even if the index is ever inlined into a page.
    text = json.dumps(index, ensure_ascii=True, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    credit = clean(f"{site.cbs['naamsvermelding']}, {site.cbs['licentie']}: {site.cbs['titel']}")
    return ("// Zoekindex van de website, gemaakt door 'mhcli site' met de naamherkenning van "
            "mhcli zelf.\n"
            f"// Woonplaatsen: {credit.replace(chr(10), ' ')}.\n"
            f"window.MHCLI_ZOEKINDEX = {text};\n")


def _qr(url: str) -> str:
    """An inline SVG QR code of ``url`` (segno: pure Python, imported only here)."""
    import io

    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        buffer, kind="svg", scale=1, border=2, xmldecl=False, svgns=True, nl=False,
        title=None, desc=None, svgclass="qr-code", lineclass=None, omitsize=True)
    svg = buffer.getvalue().decode("ascii")
    # A name for screen readers; the address itself is printed beside it.
    return svg.replace("<svg ", '<svg role="img" aria-label="QR-code met het adres van deze '
                       'pagina" ', 1)


def _accessibility(measured: dict[str, Any]) -> dict[str, Any]:
    """The statement's status (digitoegankelijk.nl's A to E) from what the tests measured:
    without a WCAG-EM study by an expert, automated checks alone never make A, B or C."""
    found = sum(m["afwijkingen"] for m in measured["metingen"])
    onderzoek = measured.get("onderzoek")
    if onderzoek:
        status, tekst = ("A", "voldoet volledig") if not found else ("B", "voldoet gedeeltelijk")
        uitleg = "Er is een toegankelijkheidsonderzoek gedaan; zie de onderbouwing."
    else:
        status, tekst = "D", "voldoet niet"
        uitleg = ("Het register noemt geen toegankelijkheidsonderzoek volgens WCAG-EM en geen "
                  "gepland onderzoek; daarom is de status D, hoe goed de automatische metingen "
                  f"ook zijn. Die vonden {found} afwijking(en).")
    return {**measured, "status": status, "status_tekst": tekst, "uitleg": uitleg}


def build_site(out: Path, data: Path | None = None, url: str | None = None) -> SiteReport:
    """Write the website of the register in ``data`` (see `store.locate`) to the folder ``out``;
    ``url`` is the address where it will be published (for the printed card and its QR code).

    Raises RegisterInvalid for a register with errors, OutputError (exit 74) for an output
    folder that cannot be written safely (see mhcli.site.output)."""
    from markupsafe import Markup

    from mhcli.site import offline, opendata

    adres = base_url(url)
    vandaag = today()
    site = gather(data, vandaag)
    env = _environment()
    templates: dict[str, Any] = {name: env.get_template(name) for name in
                                 ("index.html", "gemeente.html", "district.html",
                                  "regio.html", "over.html", "toegankelijkheid.html")}
    files: dict[str, bytes] = {}

    def write(rel: str, content: str | bytes) -> None:
        files[rel] = content.encode("utf-8") if isinstance(content, str) else content

    for asset in sorted((_HERE / "static").iterdir()):
        write(f"assets/{asset.name}", asset.read_bytes())
    write("assets/zoekindex.js", _search_index(site, data))
    downloads = _downloads(site, write)
    write("manifest.webmanifest", offline.manifest(site.regio["naam"]))

    measured = json.loads((_HERE / "toegankelijkheid.json").read_text(encoding="utf-8"))
    common = {"regio": site.regio, "universeel": site.universeel, "herkomst": site.herkomst,
              "vandaag": vandaag.isoformat(), "beheerder": site.beheerder, "adres": None,
              "cbs": site.cbs}
    pages = 0

    def page(template: str, target: str, **context: Any) -> None:
        nonlocal pages
        root = "../" * target.count("/")
        write(target, templates[template].render(root=root, **{**common, **context}))
        pages += 1

    page("index.html", "index.html", gemeenten=site.gemeenten, districten=site.districten,
         woonplaatsen=site.woonplaatsen, rollen=site.rollen)
    page("regio.html", "regio.html", districten=site.districten,
         rows=site.districten_rows, kolommen=DistrictRij.KOLOMMEN, partners=site.partners_rows)
    page("over.html", "over.html", bronnen=site.bronnen, waarschuwingen=site.waarschuwingen,
         aantal=len(site.gemeenten), aandacht=site.aandacht)
    page("toegankelijkheid.html", "toegankelijkheid.html", toegang=_accessibility(measured),
         adres=adres)
    for g in site.gemeenten:
        district = next(d for d in site.districten if d["id"] == g["district"]["id"])
        for pagina in g["paginas"]:
            target = f"gemeente/{pagina['bestand']}"
            here = adres + target if adres else None
            r = pagina["route"]
            page("gemeente.html", target, g=g, r=r, pagina=pagina, paginas=g["paginas"],
                 aandacht=_attention(r, district), adres=here,
                 qr=Markup(_qr(here)) if here else None,
                 jsonld=Markup(opendata.jsonld(r, g, g["zvh"], here,
                                               g["geschiedenis"]["laatst_gewijzigd"],
                                               web_url)))
    for d in site.districten:
        page("district.html", f"district/{d['slug']}.html", d=d)
    write("sw.js", offline.service_worker(files))

    writer = SiteWriter(out)
    try:
        for rel in sorted(files):
            writer.write(rel, files[rel])
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    rollen = max((len(g["paginas"]) for g in site.gemeenten), default=0)
    return SiteReport(out, pages, len(site.gemeenten), rollen, len(site.districten), downloads,
                      len(site.waarschuwingen), writer.achtergelaten)


def _downloads(site: SiteData, write: Callable[[str, str | bytes], None]) -> list[str]:
    from mhcli.site import opendata

    # The woonplaatsen and the search come from CBS data: its credit travels with the data.
    document = {"herkomst": {**site.herkomst, "referentiegegevens": site.cbs}, **site.document}
    files: dict[str, bytes] = {
        "register.json": (json.dumps(document, ensure_ascii=False, indent=2, default=str)
                          + "\n").encode("utf-8"),
        **site.schemas,
        **opendata.tables(site.tabellen),
        "validatie.json": (json.dumps(site.validatie, ensure_ascii=False, indent=2)
                          + "\n").encode("utf-8"),
    }
    files["datapackage.json"] = opendata.datapackage(files, site.regio["naam"],
                                                     site.herkomst["gebouwd"])
    for name, content in files.items():
        write(f"{_DOWNLOADS}/{name}", content)
    return list(files)


def _attention(route: dict[str, Any], district: dict[str, Any]) -> list[dict[str, Any]]:
    """What a visitor of this page (a gemeente, for one role) should know is out of date or
    unknown: a line without a number (the tool's own words), then the district's notes."""
    notes: list[dict[str, Any]] = []
    for w in route["wie_belt_u"]:
        if not w["telefoon"]:
            notes.append({"soort": "nummer", "kader": True, "tekst":
                          f"Voor '{w['wie']}' staat geen telefoonnummer in het register; zoek "
                          "het op bij de organisatie zelf of vraag het na bij de gemeente."})
    return notes + list(district["aandacht"])
