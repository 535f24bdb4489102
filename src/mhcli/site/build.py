"""`mhcli site`: the register as a static, accessible website that works offline from a folder.

Every page links relatively (so the folder works from file://, a share or any sub-path); the
only script is the search, and without it the start page still lists every place as a link.
Register text goes through Jinja2's autoescaping and `render.safe.clean`: it is never markup.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from mhcli.api import DistrictRij
from mhcli.clock import today
from mhcli.errors import MhcliError
from mhcli.render.safe import clean
from mhcli.site.data import SiteData, gather

_HERE = Path(__file__).resolve().parent
MARKER = ".mhcli-site"  # marks a folder this command wrote, so a rebuild may replace it
_DOWNLOADS = "downloads"


class SiteReport(NamedTuple):
    out: Path
    pages: int
    gemeenten: int
    districten: int
    downloads: list[str]
    waarschuwingen: int


def web_url(value: object) -> str | None:
    """``value`` if it is an http(s) address that is safe to link, else None."""
    if not isinstance(value, str) or clean(value) != value:  # control or bidi characters
        return None
    return value if re.fullmatch(r"https?://[^\s\"'<>\\]+", value, re.IGNORECASE) else None


def tel_url(value: object) -> str | None:
    """A tel: address from a phone number such as '033-448 11 86' ('tel:0334481186')."""
    digits = re.sub(r"[^0-9+]", "", str(value or ""))
    return f"tel:{digits}" if re.fullmatch(r"\+?[0-9]{3,15}", digits) else None


def _finalize(value: object) -> object:
    """Every {{ value }}: control characters shown as escapes; None as nothing."""
    if value is None:
        return ""
    if type(value) is str:  # not Markup: a macro's output is escaped already
        return clean(value)
    return value


def _bytecode_cache() -> Any:
    """Compiled templates in mhcli's cache folder: compiling them is most of a small build."""
    import jinja2

    from mhcli.cache import folder

    where = folder()
    if where is None:
        return None
    try:
        (where / "jinja").mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(where / "jinja"))


def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_HERE / "templates"),
        bytecode_cache=_bytecode_cache(),
        autoescape=True,  # every template, whatever its name: register text is never markup
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["web_url"] = web_url
    env.filters["tel_url"] = tel_url
    return env


def _prepare(out: Path) -> set[Path]:
    """A folder to write into, and the files of an earlier build there (to remove if stale).

    Refuses a non-empty folder this command did not write: it never deletes anyone's files."""
    if out.is_symlink():
        raise MhcliError(f"'{out}' is een symbolische koppeling; mhcli schrijft nooit via een "
                         "koppeling. Geef de map zelf.")
    if out.exists() and not out.is_dir():
        raise MhcliError(f"'{out}' is een bestand; geef een map voor de website.")
    earlier: set[Path] = set()
    for folder, dirs, files in os.walk(out) if out.is_dir() else ():
        for name in (*dirs, *files):  # a link in an earlier build could point anywhere
            if (Path(folder) / name).is_symlink():
                raise MhcliError(f"'{Path(folder) / name}' is een symbolische koppeling; mhcli "
                                 "schrijft nooit via een koppeling naar een andere plek. "
                                 "Verwijder haar of kies een nieuwe map.")
    if out.is_dir() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            raise MhcliError(f"de map '{out}' is niet leeg en bevat geen eerder gebouwde site; "
                             "kies een lege of nieuwe map.")
        earlier = {p for p in out.rglob("*") if not p.is_dir() or p.is_symlink()}
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("Gebouwd door 'mhcli site'; een nieuwe build vervangt deze map.\n",
                              encoding="utf-8")
    return earlier


def _remove_stale(out: Path, earlier: set[Path], written: set[Path]) -> None:
    """Remove the files of an earlier build that this one did not write again (overwriting
    the rest is much cheaper than emptying the folder first), then empty folders."""
    for stale in earlier - written:
        stale.unlink(missing_ok=True)
    for folder in sorted((p for p in out.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()


def _csv(rows: list[dict[str, Any]], keys: list[str]) -> str:
    from mhcli.render.tables import cell

    def safe(value: Any) -> str:
        text = cell(value)
        # A spreadsheet must not read register text as a formula.
        return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(keys)
    writer.writerows([safe(row.get(k)) for k in keys] for row in rows)
    return buffer.getvalue()


def _search_index(site: SiteData) -> str:
    entries = [{"soort": "gemeente", "naam": clean(g["naam"]), "code": g["cbs_code"] or "",
                "url": f"gemeente/{g['slug']}.html",
                "uitleg": clean(f"gemeente in district {g['district']['naam']}")}
               for g in site.gemeenten]
    entries += [{"soort": "woonplaats", "naam": clean(w["naam"]), "code": "",
                 "url": f"gemeente/{w['slug']}.html",
                 "uitleg": clean(f"woonplaats in gemeente {w['gemeente']}")}
                for w in site.woonplaatsen]
    entries += [{"soort": "district", "naam": clean(d["naam"]), "code": "",
                 "url": f"district/{d['slug']}.html", "uitleg": "district"}
                for d in site.districten]
    # ensure_ascii and escaped <>&: nothing in the data can end a script or break a JS string,
    # even if the index is ever inlined into a page.
    data = json.dumps(entries, ensure_ascii=True)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        data = data.replace(char, escaped)
    return ("// Zoekindex van de website, gemaakt door 'mhcli site'.\n"
            f"window.MHCLI_ZOEKINDEX = {data};\n")


def _downloads(site: SiteData, write: Callable[[str, str], None]) -> list[str]:
    document = {"herkomst": site.herkomst, **site.document}
    files = {
        "register.json": json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n",
        "gemeenten.csv": _csv(site.gemeenten_rows, ["naam", "cbs_code", "district",
                                                    "district_naam", "provincie"]),
        "districten.csv": _csv(site.districten_rows, list(site.districten_rows[0])
                               if site.districten_rows else ["id", "naam"]),
        "partners.csv": _csv(site.partners_rows, ["id", "naam", "soort", "waar"]),
    }
    for schema in ("regio.schema.json", "district.schema.json"):
        files[schema] = (site.schemas / schema).read_text(encoding="utf-8")
    for name, text in files.items():
        write(f"{_DOWNLOADS}/{name}", text)
    return list(files)


def build_site(out: Path, data: Path | None = None) -> SiteReport:
    """Write the website of the register in ``data`` (see `store.locate`) to the folder ``out``.

    Raises RegisterInvalid for a register with errors, MhcliError for an unusable ``out``."""
    vandaag = today()
    site = gather(data, vandaag)
    env = _environment()
    templates: dict[str, Any] = {name: env.get_template(name) for name in
                                 ("index.html", "gemeente.html", "district.html",
                                  "regio.html", "over.html")}
    earlier = _prepare(out)
    written: set[Path] = {out / MARKER}
    for folder in ("assets", _DOWNLOADS, "gemeente", "district"):
        (out / folder).mkdir(exist_ok=True)

    def write(rel: str, text: str) -> None:
        target = out / rel
        if target.is_symlink():  # never write through a link into another place
            target.unlink()
        with target.open("w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        written.add(target)

    for asset in sorted((_HERE / "static").iterdir()):
        write(f"assets/{asset.name}", asset.read_text(encoding="utf-8"))
    write("assets/zoekindex.js", _search_index(site))
    downloads = _downloads(site, write)

    common = {"regio": site.regio, "universeel": site.universeel, "herkomst": site.herkomst,
              "vandaag": vandaag.isoformat()}
    pages = 0

    def page(template: str, target: str, **context: Any) -> None:
        nonlocal pages
        root = "../" * target.count("/")
        write(target, templates[template].render(root=root, **common, **context))
        pages += 1

    page("index.html", "index.html", gemeenten=site.gemeenten, districten=site.districten,
         woonplaatsen=site.woonplaatsen)
    page("regio.html", "regio.html", districten=site.districten,
         rows=site.districten_rows, kolommen=DistrictRij.KOLOMMEN, partners=site.partners_rows)
    page("over.html", "over.html", bronnen=site.bronnen, waarschuwingen=site.waarschuwingen,
         aantal=len(site.gemeenten))
    for g in site.gemeenten:
        page("gemeente.html", f"gemeente/{g['slug']}.html", g=g, r=g["route"],
             verouderd=_stale(g["route"]))
    for d in site.districten:
        page("district.html", f"district/{d['slug']}.html", d=d)
    _remove_stale(out, earlier, written)
    return SiteReport(out, pages, len(site.gemeenten), len(site.districten), downloads,
                      len(site.waarschuwingen))


def _stale(route: dict[str, Any]) -> list[str]:
    """What the route itself knows to be out of date or unknown, for the warning block."""
    notes: list[str] = [n for s in route["stappen"] for n in s["opmerkingen"]]
    notes += route["bestuurlijk"]["district"]["opmerkingen"]
    return list(dict.fromkeys(notes))

