"""The register as typed data, with indexes for the questions people ask.

Built from parsed documents. Queries only build from a valid register; `diff` also builds from
an invalid one "as far as possible", so every accessor here tolerates missing or odd values
instead of trusting the schema.
"""

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from mhcli.errors import NotFound
from mhcli.geldigheid import district_on, holds, period, regio_on, zorg_entries
from mhcli.names import cbs_key, lookup, normalize, sleutel, suggestions, without_article
from mhcli.parsed import LoadedRegister

ONBEKEND = "onbekend"


def _str(data: Any, key: str) -> str | None:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def _int(data: Any, key: str) -> int | None:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _ids(data: Any, key: str) -> tuple[str, ...]:
    value = data.get(key) if isinstance(data, dict) else None
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()


def _items(data: Any, key: str) -> list[dict[str, Any]]:
    value = data.get(key) if isinstance(data, dict) else None
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


class Bron(NamedTuple):
    id: str
    titel: str
    url: str | None = None
    geraadpleegd: str | None = None
    toelichting: str | None = None


class Partner(NamedTuple):
    id: str
    naam: str
    toelichting: str | None = None
    bron: str | None = None


class Organisatie(NamedTuple):
    id: str
    naam: str
    soort: str | None = None
    plaats: str | None = None
    werkgebied: str | None = None
    andere_namen: tuple[str, ...] = ()
    toelichting: str | None = None
    bron: str | None = None
    plaats_bron: str | None = None


class Vorm(NamedTuple):
    id: str
    naam: str
    partners: tuple[str, ...] = ()
    contacten: tuple[str, ...] = ()
    bron: str | None = None


class Contact(NamedTuple):
    id: str
    naam: str
    telefoon: str
    wanneer: str | None = None
    partner: str | None = None
    bron: str | None = None
    telefoon_buitenland: str | None = None
    anoniem: bool | None = None  # True only where a source says so; never False by default
    bereikbaar: str | None = None


class Stap(NamedTuple):
    """A step of the signal route, its acute-danger or national-lines part (no ``rol``), or a
    part of a role (``rol`` only when mhcli fills in who it is)."""

    rol: str
    titel: str
    wat: str
    contacten: tuple[str, ...] = ()
    aan: tuple[tuple[str, str], ...] = ()  # (partner|organisatie, id), in the source's order
    bron: str | None = None
    taak_van: str | None = None  # a task of the step with this rol, beside its other tasks


class Rol(NamedTuple):
    """Who reports (municipal staff, a professional, anyone) and what holds for them."""

    id: str
    naam: str
    wie: str
    interne_meldroute: bool = False
    onderdelen: tuple[Stap, ...] = ()  # side by side, in no order
    bron: str | None = None


class Signaalroute(NamedTuple):
    bij_acuut_gevaar: Stap | None
    stappen: tuple[Stap, ...]
    ook_melden: Stap | None
    rollen: tuple[Rol, ...] = ()  # the first is the default


class Gemeente(NamedTuple):
    naam: str
    cbs_code: str | None
    provincie: str | None
    district: str | None
    toelichting: str | None = None
    bron: str | None = None


class Trekker(NamedTuple):
    functie: str
    naam: str | None = None
    volledige_naam: str | None = None
    gemeente: str | None = None
    bron: str | None = None
    uit_functie: str | None = None
    uit_functie_toelichting: str | None = None
    uit_functie_bron: str | None = None
    sinds: str | None = None
    historisch: bool = False

    def label(self) -> str:
        """'burgemeester Van Aart (Hanne van Aart, Loon op Zand)'; only what the sources say.
        ``sinds`` is when the person took the office (functie), not when they became trekker:
        the label says so."""
        name = self.naam or self.volledige_naam
        who = f"{self.functie} {name}" if name else self.functie
        extra = ", ".join(x for x in (self.volledige_naam, self.gemeente) if x and x != name)
        if self.sinds:
            extra += f"{'; ' if extra else ''}{self.functie} sinds {self.sinds}"
        return f"{who} ({extra})" if extra else who

    def left_office(self, vandaag: date) -> bool:
        try:
            return self.uit_functie is not None and date.fromisoformat(self.uit_functie) <= vandaag
        except ValueError:
            return False


class Plan(NamedTuple):
    titel: str
    van: int | None = None
    tot: int | None = None
    geschreven: int | None = None
    toelichting: str | None = None
    bron: str | None = None

    def status(self, vandaag: date) -> str:
        if self.tot is None:
            return ONBEKEND
        if self.tot < vandaag.year:
            return "verlopen"
        if self.van is not None and self.van > vandaag.year:
            return "nog niet begonnen"
        return "lopend"

    def periode(self) -> str:
        if self.van is not None and self.tot is not None:
            return f"{self.van}-{self.tot}"
        if self.geschreven is not None:
            return f"geschreven in {self.geschreven}"
        return f"looptijd {ONBEKEND}"


class Focus(NamedTuple):
    omschrijving: str
    vorm: str | None = None


class Onderzoek(NamedTuple):
    titel: str
    omschrijving: str | None = None
    vorm: str | None = None
    organisaties: tuple[str, ...] = ()
    bron: str | None = None


class District(NamedTuple):
    id: str
    naam: str
    bestand: str
    bron: str | None = None
    toelichting: str | None = None
    gemeenten: tuple[Gemeente, ...] = ()
    gemeenten_bron: str | None = None
    aandachtsfunctionaris_per_gemeente: bool | None = None
    trekkers: tuple[Trekker, ...] = ()
    aansturing: str | None = None
    aansturing_omschrijving: str | None = None
    coordinatie: tuple[str, ...] = ()
    focus: tuple[Focus, ...] = ()
    plannen: tuple[Plan, ...] = ()
    zorgcoordinatie: tuple[str, ...] = ()
    zorgcoordinatie_omschrijving: str | None = None
    onderzoeken: tuple[Onderzoek, ...] = ()

    def huidige_trekkers(self) -> list[Trekker]:
        """The trekkers the register does not mark as historical (their successors recorded)."""
        return [t for t in self.trekkers if not t.historisch]

    def verouderd(self, vandaag: date) -> list[str]:
        """What the register knows to be out of date here: the one place these sentences live."""
        return [tekst for tekst, _ in self.verouderd_met_bronnen(vandaag)]

    def verouderd_met_bronnen(self, vandaag: date) -> list[tuple[str, tuple[str, ...]]]:
        """As ``verouderd``, each note with the ids of the sources it rests on."""
        notes: list[tuple[str, tuple[str, ...]]] = []
        current = self.huidige_trekkers()
        for t in current:
            successor = any(o is not t and o.functie == t.functie and o.gemeente == t.gemeente
                            and not o.left_office(vandaag) for o in current)
            if t.left_office(vandaag) and not successor:
                notes.append((f"Verouderd: {t.volledige_naam or t.naam or t.functie} heeft de "
                              f"functie van {t.functie} op {t.uit_functie} verlaten; de opvolger "
                              f"als trekker is {ONBEKEND}.",
                              tuple(b for b in (t.uit_functie_bron,) if b)))
        latest = max((p.tot or p.van or 0 for p in self.plannen), default=0)
        for plan in self.plannen:
            if plan.status(vandaag) == "verlopen" and (plan.tot or 0) >= latest:
                notes.append((f"Het plan '{plan.titel}' is verlopen (tot en met {plan.tot}); "
                              "een opvolger staat niet in het register.",
                              tuple(dict.fromkeys(b for b in (plan.bron, self.bron) if b))))
        return notes


class Aankondiging(NamedTuple):
    """A change the register records ahead: on ``datum`` (JJJJ-MM-DD), ``wat`` happens."""

    datum: str
    wat: str
    bronnen: tuple[str, ...] = ()

    @property
    def tekst(self) -> str:
        return f"Wijzigt per {self.datum}: {self.wat}"

    def as_json(self) -> dict[str, Any]:
        return {"datum": self.datum, "tekst": self.tekst}


class Pijler(NamedTuple):
    id: str
    naam: str
    doel: str | None = None


class Districten(Mapping[str, District]):
    """Districts by id, each built on first use: a route needs one district, not all of them."""

    def __init__(self, raw: dict[str, tuple[dict[str, Any], str]]) -> None:
        self.raw = raw  # id -> (the district file's data, its display name), in register order
        self._built: dict[str, District] = {}

    def __getitem__(self, ident: str) -> District:
        if ident not in self._built:
            data, bestand = self.raw[ident]
            self._built[ident] = _district(ident, data, bestand)
        return self._built[ident]

    def __iter__(self) -> Iterator[str]:
        return iter(self.raw)

    def __len__(self) -> int:
        return len(self.raw)


@dataclass
class RegisterModel:
    naam: str
    aantal_gemeenten: int | None
    bron: str | None
    programma_naam: str
    programma_omschrijving: str | None
    missie: str | None
    pijlers: list[Pijler]
    programma_partners: list[str]
    programma_bron: str | None
    partners: dict[str, Partner]
    organisaties: dict[str, Organisatie]
    vormen: dict[str, Vorm]
    contacten: dict[str, Contact]
    signaalroute: Signaalroute
    bronnen: dict[str, Bron]
    districten: Districten
    niet_genoemd: list[Gemeente]
    op: date = date.min  # the date the register answers for: its facts valid on that day
    # Every entry, whatever its period: what changes after ``op`` is announced from these.
    alle_contacten: list[dict[str, Any]] = field(default_factory=list)
    alle_districten: dict[str, dict[str, Any]] = field(default_factory=dict)
    _districten: dict[str, str] = field(default_factory=dict)

    def _district_index(self) -> dict[str, str]:
        """Normalized id and name (with and without 'de') -> id; built on the first lookup."""
        if not self._districten:
            for ident, (data, _) in self.districten.raw.items():
                for key in (ident, _str(data, "naam") or ident):
                    self._districten.setdefault(sleutel(key), ident)
                    self._districten.setdefault(sleutel(without_article(normalize(key))), ident)
        return self._districten

    # --- lookups ---------------------------------------------------------------------------
    def alle_gemeenten(self) -> list[Gemeente]:
        return [g for d in self.districten.values() for g in d.gemeenten]

    def _find_gemeente(self, code: str | None, key: str) -> Gemeente | None:
        # Straight from the raw data, stopping at the first match: answering for one
        # municipality builds one district, whatever the size of the register.
        for ident, (data, _) in self.districten.raw.items():
            named = [item for item in _items(data, "gemeenten") if _str(item, "naam")]
            for number, item in enumerate(named):
                if (code and _str(item, "cbs_code") == code) or \
                        (not code and sleutel(item["naam"]) == key):
                    return self.districten[ident].gemeenten[number]
        return None

    def find_gemeente(self, query: str) -> Gemeente | None:
        """The register gemeente with this name or CBS code, or None (no suggestions)."""
        code = cbs_key(query)
        return (self._find_gemeente(code, "") if code else None) \
            or self._find_gemeente(None, sleutel(query))

    def gemeente(self, query: str) -> Gemeente:
        code = cbs_key(query)
        found = self.find_gemeente(query)
        if found is not None:
            return found
        for unnamed in self.niet_genoemd:
            if sleutel(query) == sleutel(unnamed.naam) or (code and code == unnamed.cbs_code):
                raise NotFound(f"'{unnamed.naam}' staat niet in het register. "
                               f"{unnamed.toelichting or ''}".strip(),
                               bronnen=[b for b in (unnamed.bron,) if b])
        if code:
            raise NotFound(f"geen gemeente met CBS-code {code} in het register.")
        names = [g.naam for g in self.alle_gemeenten()]
        raise NotFound(f"gemeente '{query.strip()}' staat niet in het register.",
                       suggestions(query, names))

    def district(self, query: str) -> District:
        found = self._district_index().get(sleutel(query))
        if found is not None:
            return self.districten[found]
        names = [d.naam for d in self.districten.values()]
        raise NotFound(f"district '{query.strip()}' staat niet in het register; de districten "
                       f"zijn: {', '.join(names)}.", suggestions(query, names))

    def provincie(self, query: str) -> str:
        known = sorted({g.provincie for g in self.alle_gemeenten() if g.provincie})
        found = lookup(query, {normalize(p): p for p in known})
        if found is None:
            raise NotFound(f"provincie '{query.strip()}' komt niet voor in het register; kies "
                           f"uit: {', '.join(known)}.", suggestions(query, known))
        return found

    def vorm(self, query: str) -> Vorm:
        index = {normalize(v.id): v for v in self.vormen.values()}
        index.update({normalize(v.naam): v for v in self.vormen.values()})
        found = lookup(query, index)
        if found is None:
            for vorm in self.vormen.values():  # 'arbeids' for arbeidsuitbuiting, 'orgaan'
                if normalize(vorm.id).startswith(normalize(query)) and len(normalize(query)) >= 4:
                    return vorm
            raise NotFound(f"vorm '{query.strip()}' is onbekend; kies uit: "
                           f"{', '.join(self.vormen)}.",
                           suggestions(query, [v.id for v in self.vormen.values()]))
        return found

    def rol(self, query: str | None = None) -> Rol:
        """The role ``query`` names (its id or name), or the default (the first) for None."""
        rollen = self.signaalroute.rollen
        if query is None:
            if not rollen:
                raise NotFound("het register noemt geen rollen (signaalroute.rollen).")
            return rollen[0]
        index = {normalize(r.id): r for r in rollen}
        index.update({normalize(r.naam): r for r in rollen})
        found = lookup(query, index)
        if found is None:
            raise NotFound(f"rol '{query.strip()}' is onbekend; kies uit: "
                           f"{', '.join(r.id for r in rollen)}.",
                           suggestions(query, [r.id for r in rollen]))
        return found

    # --- what changes after ``op`` ----------------------------------------------------------
    def aankondigingen(self, district: str | None = None, cbs_code: str | None = None,
                       contacten: Iterable[str] = ()) -> list[Aankondiging]:
        """What the register records ahead of ``op`` for the membership of gemeente
        ``cbs_code``, the trekkers and zorgcoördinatie of ``district`` and these contacts, by
        date. An end followed on the same day by a new entry of the same thing is one change."""
        out: list[Aankondiging] = []

        def later(value: date | None) -> str | None:
            return value.isoformat() if value is not None and value > self.op else None

        def announce(entries: list[tuple[dict[str, Any], str, str, tuple[str, ...]]]) -> None:
            # entries: (item, what when it starts, what when it ends, sources)
            starts = {period(item)[0] for item, _, _, _ in entries}
            for item, begint, eindigt, bronnen in entries:
                vanaf, tot = period(item)
                if later(vanaf):
                    out.append(Aankondiging(str(later(vanaf)), begint, bronnen))
                if later(tot) and tot not in starts:
                    out.append(Aankondiging(str(later(tot)), eindigt, bronnen))

        if cbs_code is not None:
            found = [(g, ident, data) for ident, data in self.alle_districten.items()
                     for g in _items(data, "gemeenten") if _str(g, "cbs_code") == cbs_code]
            announce([(g, f"{g.get('naam')} hoort dan bij district "
                          f"{_str(data, 'naam') or ident}.",
                       f"{g.get('naam')} hoort dan niet meer bij district "
                       f"{_str(data, 'naam') or ident}; waar zij daarna bij hoort, staat "
                       "niet in het register.", _bronnen(g, data)) for g, ident, data in found])
        data = self.alle_districten.get(district or "")
        if data is not None:
            naam = _str(data, "naam") or str(district)
            zorg = [z for z in zorg_entries(data) if isinstance(z, dict)]
            announce([(z, f"de zorgcoördinatie in district {naam} ligt dan bij "
                          f"{self._orgs(z)}.",
                       f"de zorgcoördinatie in district {naam} bij {self._orgs(z)} eindigt "
                       "dan; wat daarna komt, staat niet in het register.", _bronnen(z, data))
                      for z in zorg])
            announce([(t, f"{_trekker(t).label()} wordt dan trekker in district {naam}.",
                       f"{_trekker(t).label()} is dan geen trekker meer in district {naam}.",
                       _bronnen(t, data)) for t in _items(data, "trekkers")])
        wanted = set(contacten)
        by_id: dict[str, list[dict[str, Any]]] = {}
        for c in self.alle_contacten:
            if _str(c, "id") in wanted:
                by_id.setdefault(str(c["id"]), []).append(c)
        for entries in by_id.values():
            now = [c for c in entries if holds(c, self.op)]
            announce([(c, f"{'nieuw nummer voor ' if now and c not in now else ''}"
                          f"{c.get('naam')}: {c.get('telefoon')}.",
                       f"{c.get('naam')} ({c.get('telefoon')}) vervalt dan.",
                       _bronnen(c, None)) for c in entries])
        return sorted(out, key=lambda a: a.datum)

    def _orgs(self, zorg: dict[str, Any]) -> str:
        names = [self.organisatie_naam(o) for o in _ids(zorg, "organisaties")]
        return " samen met ".join(names) if names else ONBEKEND

    def organisatie_naam(self, ident: str) -> str:
        org = self.organisaties.get(ident)
        return org.naam if org else ident

    def partner_naam(self, ident: str) -> str:
        partner = self.partners.get(ident)
        return partner.naam if partner else ident


def _gemeente(item: dict[str, Any], district: str | None) -> Gemeente | None:
    naam = _str(item, "naam")
    if naam is None:
        return None
    return Gemeente(naam, _str(item, "cbs_code"), _str(item, "provincie"), district,
                    _str(item, "toelichting"), _str(item, "bron"))


def _bronnen(item: dict[str, Any], district: dict[str, Any] | None) -> tuple[str, ...]:
    """The source of a dated entry: its own, else its district's."""
    own = _str(item, "bron") or (_str(district, "bron") if district is not None else None)
    return (own,) if own else ()


def _trekker(t: dict[str, Any]) -> Trekker:
    uit = t.get("uit_functie") if isinstance(t.get("uit_functie"), dict) else {}
    return Trekker(_str(t, "functie") or ONBEKEND, _str(t, "naam"), _str(t, "volledige_naam"),
                   _str(t, "gemeente"), _str(t, "bron"), _str(uit, "datum"),
                   _str(uit, "toelichting"), _str(uit, "bron"), _str(t, "sinds"),
                   t.get("historisch") is True)


def _district(ident: str, data: dict[str, Any], bestand: str) -> District:
    naam = _str(data, "naam")
    aansturing = data.get("aansturing") if isinstance(data.get("aansturing"), dict) else {}
    zorg = data.get("zorgcoordinatie") if isinstance(data.get("zorgcoordinatie"), dict) else {}
    trekkers = [_trekker(t) for t in _items(data, "trekkers")]
    afp = data.get("aandachtsfunctionaris_per_gemeente")
    return District(
        id=ident,
        naam=naam or ident,
        bestand=bestand,
        bron=_str(data, "bron"),
        toelichting=_str(data, "toelichting"),
        gemeenten=tuple(g for g in (_gemeente(i, ident) for i in _items(data, "gemeenten")) if g),
        gemeenten_bron=_str(data, "gemeenten_bron"),
        aandachtsfunctionaris_per_gemeente=afp if isinstance(afp, bool) else None,
        trekkers=tuple(trekkers),
        aansturing=_str(aansturing, "door"),
        aansturing_omschrijving=_str(aansturing, "omschrijving"),
        coordinatie=_ids(aansturing, "coordinatie"),
        focus=tuple(Focus(_str(f, "omschrijving") or ONBEKEND, _str(f, "vorm"))
                    for f in _items(data, "focus")),
        plannen=tuple(Plan(_str(p, "titel") or ONBEKEND, _int(p, "van"), _int(p, "tot"),
                           _int(p, "geschreven"), _str(p, "toelichting"), _str(p, "bron"))
                      for p in _items(data, "plannen")),
        zorgcoordinatie=_ids(zorg, "organisaties"),
        zorgcoordinatie_omschrijving=_str(zorg, "omschrijving"),
        onderzoeken=tuple(Onderzoek(_str(o, "titel") or ONBEKEND, _str(o, "omschrijving"),
                                    _str(o, "vorm"), _ids(o, "organisaties"), _str(o, "bron"))
                          for o in _items(data, "onderzoeken")),
    )


def _stap(data: Any) -> Stap | None:
    if not isinstance(data, dict):
        return None
    aan = tuple((kind, ident) for item in _items(data, "aan") for kind, ident in item.items()
                if kind in ("partner", "organisatie") and isinstance(ident, str))
    return Stap(_str(data, "rol") or "", _str(data, "titel") or ONBEKEND, _str(data, "wat") or "",
                _ids(data, "contacten"), aan, _str(data, "bron"), _str(data, "taak_van"))


def _rol(data: dict[str, Any]) -> Rol | None:
    ident = _str(data, "id")
    if ident is None:
        return None
    onderdelen = (_stap(o) for o in _items(data, "onderdelen"))
    return Rol(ident, _str(data, "naam") or ident, _str(data, "wie") or "",
               data.get("interne_meldroute") is True, tuple(o for o in onderdelen if o),
               _str(data, "bron"))


def _signaalroute(data: Any) -> Signaalroute:
    data = data if isinstance(data, dict) else {}
    stappen = (_stap(s) for s in _items(data, "stappen"))
    rollen: dict[str, Rol] = {}
    for rol in (_rol(r) for r in _items(data, "rollen")):
        if rol is not None:
            rollen.setdefault(rol.id, rol)
    return Signaalroute(_stap(data.get("bij_acuut_gevaar")), tuple(s for s in stappen if s),
                        _stap(data.get("ook_melden")), tuple(rollen.values()))


def build(loaded: LoadedRegister, op: date | None = None) -> RegisterModel:
    """The typed register from parsed documents, with the facts valid on ``op`` (None:
    today; mhcli.geldigheid); tolerant of gaps (see module docstring)."""
    if op is None:
        from mhcli.clock import today

        op = today()
    alles = loaded.regio.data if loaded.regio is not None else {}
    top = regio_on(alles, op)
    regio = top.get("regio") if isinstance(top.get("regio"), dict) else {}
    programma = top.get("programma") if isinstance(top.get("programma"), dict) else {}

    def by_id(section: str, make: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for item in _items(top, section):
            ident = _str(item, "id")
            if ident is not None and ident not in out:
                built = make(item, ident)
                if built is not None:
                    out[ident] = built
        return out

    order = {ident: n for n, ident in reversed(list(enumerate(_ids(regio, "districten"))))}
    found = [(ident, doc) for ident, doc in ((_str(doc.data, "id"), doc)
                                             for _, doc in loaded.districten) if ident]
    found.sort(key=lambda d: (order.get(d[0], len(order)), d[0]))
    raw_districts: dict[str, tuple[dict[str, Any], str]] = {}
    every: dict[str, dict[str, Any]] = {}
    for ident, doc in found:
        if ident not in raw_districts:
            raw_districts[ident] = (district_on(doc.data, op), doc.display)
            every[ident] = doc.data
    return RegisterModel(
        naam=_str(regio, "naam") or "Zeeland-West-Brabant",
        aantal_gemeenten=_int(regio, "aantal_gemeenten"),
        bron=_str(regio, "bron"),
        programma_naam=_str(programma, "naam") or ONBEKEND,
        programma_omschrijving=_str(programma, "omschrijving"),
        missie=_str(programma, "missie"),
        pijlers=[Pijler(_str(p, "id") or "", _str(p, "naam") or ONBEKEND, _str(p, "doel"))
                 for p in _items(programma, "pijlers")],
        programma_partners=list(_ids(programma, "partners")),
        programma_bron=_str(programma, "bron"),
        partners=by_id("partners", lambda i, k: Partner(k, _str(i, "naam") or k,
                                                        _str(i, "toelichting"), _str(i, "bron"))),
        organisaties=by_id("organisaties", lambda i, k: Organisatie(
            k, _str(i, "naam") or k, _str(i, "soort"), _str(i, "plaats"), _str(i, "werkgebied"),
            tuple(n for n in (_str(a, "naam") for a in _items(i, "andere_namen")) if n),
            _str(i, "toelichting"), _str(i, "bron"), _str(i, "plaats_bron"))),
        vormen=by_id("vormen", lambda i, k: Vorm(k, _str(i, "naam") or k, _ids(i, "partners"),
                                                 _ids(i, "contacten"), _str(i, "bron"))),
        contacten=by_id("contacten", lambda i, k: Contact(
            k, _str(i, "naam") or k, _str(i, "telefoon") or ONBEKEND, _str(i, "wanneer"),
            _str(i, "partner"), _str(i, "bron"), _str(i, "telefoon_buitenland"),
            True if i.get("anoniem") is True else None, _str(i, "bereikbaar"))),
        signaalroute=_signaalroute(top.get("signaalroute")),
        bronnen=by_id("bronnen", lambda i, k: Bron(k, _str(i, "titel") or k, _str(i, "url"),
                                                   _str(i, "geraadpleegd"),
                                                   _str(i, "toelichting"))),
        districten=Districten(raw_districts),
        niet_genoemd=[g for g in (_gemeente(i, None) for i in
                                  _items(regio, "niet_genoemde_gemeenten")) if g],
        op=op,
        alle_contacten=_items(alles, "contacten"),
        alle_districten=every,
    )
