"""The public library under the CLI: open a register, ask it questions, get typed records.

    from mhcli import open_register

    register = open_register()                 # the bundled register, validated
    route = register.route("Tholen")           # a typed Route
    print(route.wie_belt_u()[0].telefoon)      # 112
    print(route.as_json()["district"]["naam"]) # De Markiezaten

Every query answers from one validated register (or raises ``RegisterInvalid``); every record
has one ``as_json()``. The CLI, completion and the site builder all come in through here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mhcli.clock import today
from mhcli.errors import MhcliError, NotFound

if TYPE_CHECKING:
    from collections.abc import Callable

    from mhcli.controle import Controle
    from mhcli.findings import Finding
    from mhcli.geschiedenis import Geschiedenis
    from mhcli.location import Location
    from mhcli.overview import (
        DistrictRecord,
        DistrictRij,
        GemeenteRecord,
        GemeenteRij,
        PartnerRij,
    )
    from mhcli.parsed import LoadedRegister
    from mhcli.places import Index
    from mhcli.provenance import Herkomst
    from mhcli.register import Gemeente
    from mhcli.register import RegisterModel as Model
    from mhcli.resolve import Antwoord, Resolver
    from mhcli.routes import Route, Universeel
    from mhcli.search import Vondst
    from mhcli.store import Opened

__all__ = ["Antwoord", "DistrictRecord", "DistrictRij", "GeenGemeente", "GeenRoute",
           "GemeenteRecord", "GemeenteRij",
           "PartnerRij", "Register", "Validatie", "Vondst", "open_register", "valideer"]


NO_BUNDLED_HISTORY = ("het meegeleverde register (geïnstalleerd met mhcli) heeft geen geschiedenis "
                      "in git; geef met --data een register in een git-repository, bijvoorbeeld "
                      "data/ in een kloon van mhcli.")

_RECORDS = {"DistrictRecord": "overview", "DistrictRij": "overview", "GemeenteRecord": "overview",
            "GemeenteRij": "overview", "PartnerRij": "overview", "Vondst": "search",
            "Antwoord": "resolve"}


@contextmanager
def _history_of(hoe: Callable[[], str]) -> Iterator[None]:
    """Reading the git history of a register (``hoe``: how it was chosen, asked only on
    failure). git's words about the bundled
    register (installed with mhcli, outside any repository or ignored in one) would send a user
    to commit it: say what to do instead."""
    from mhcli.errors import NotInGit
    from mhcli.location import MEEGELEVERD

    try:
        yield
    except NotInGit:
        if hoe() != MEEGELEVERD:
            raise
        raise NotInGit(NO_BUNDLED_HISTORY) from None


def __getattr__(name: str) -> Any:
    # The record types, imported on first use: a warm route needs none of them.
    if name in _RECORDS:
        import importlib

        return getattr(importlib.import_module(f"mhcli.{_RECORDS[name]}"), name)
    raise AttributeError(f"module 'mhcli.api' has no attribute {name!r}")


class GeenGemeente(NotFound):
    """A name that is not one gemeente of the register; ``antwoord`` says what it is."""

    def __init__(self, antwoord: Antwoord, model: Model | None = None) -> None:
        # 'bedoelde u' and the pointer to --help only where the person may have mistyped.
        unknown = antwoord.uitkomst == "onbekend"
        super().__init__(antwoord.melding, [p.label() for p in antwoord.kandidaten]
                         if unknown else [], antwoord.bronnen)
        self.hint = unknown
        self.antwoord = antwoord
        self._model = model

    def as_json(self) -> dict[str, Any]:
        from mhcli.routes import bron_info, bron_refs

        known = bron_info(self._model, self.antwoord.alle_bronnen()) \
            if self._model is not None else {}
        return {**self.antwoord.as_json(lambda ids: bron_refs(ids, known)),
                "melding_bronnen": bron_refs(self.bronnen, known)}


class GeenRoute(GeenGemeente):
    """No single gemeente for a name: still carries what holds everywhere (112, what the role
    has that needs no gemeente, the national lines)."""

    def __init__(self, antwoord: Antwoord, universeel: Universeel) -> None:
        super().__init__(antwoord)
        self.universeel = universeel

    def as_json(self) -> dict[str, Any]:
        from mhcli.routes import bron_refs, rol_json

        u = self.universeel
        rol = None if u.rol is None else rol_json(
            u.rol, u.bronnen, standaard=bool(u.rollen) and u.rol == u.rollen[0])
        return {**self.antwoord.as_json(lambda ids: bron_refs(ids, u.bronnen)),
                "melding_bronnen": bron_refs(self.bronnen, u.bronnen), "rol": rol,
                **u.as_json()}


class Register:
    """A validated register and the questions people ask it.

    ``plaatsen``: the reference data (CBS lists) its names are found in; None: the installed.
    ``geldig``: False only for a register `mhcli diff` opened as far as it could."""

    def __init__(self, opened: Opened, vandaag: date, data: Path | None = None, *,
                 datum_gevraagd: bool = False, plaatsen: Index | None = None,
                 geldig: bool = True) -> None:
        self._opened = opened
        self._data = data
        self.vandaag = vandaag
        self._datum_gevraagd = datum_gevraagd  # --op or --zoals-bekend-op: answers name the date
        self.plaatsen = plaatsen
        self.geldig = geldig
        self._resolver: Resolver | None = None

    @classmethod
    def from_loaded(cls, loaded: LoadedRegister, vandaag: date, label: str = "(register)", *,
                    plaatsen: Index | None = None, geldig: bool = True) -> Register:
        """A register opened from parsed documents: no folder, no cache (``mhcli diff`` opens
        each side of a change this way, from the bytes git holds). ``label`` names it."""
        from mhcli.location import Location
        from mhcli.provenance import Herkomst
        from mhcli.register import build
        from mhcli.store import Opened

        location = Location(Path(label), Path(label), "revisie")
        opened = Opened(location, loaded, build(loaded), Herkomst.of(location, ()))
        return cls(opened, vandaag, plaatsen=plaatsen, geldig=geldig)

    @property
    def model(self) -> Model:
        return self._opened.register

    @property
    def herkomst(self) -> Herkomst:
        """Where this register came from: path, how it was chosen, content hash, commit."""
        return self._opened.herkomst

    def bron_json(self) -> dict[str, Any]:
        """The register every answer names in JSON: its provenance, and the date asked for."""
        return {**self.herkomst.as_json(),
                **({"op": self.vandaag.isoformat()} if self._datum_gevraagd else {})}

    @property
    def meldingen(self) -> tuple[str, ...]:
        """Registers the search passed over, each with the reason (one Dutch line each)."""
        return self._opened.location.notes

    def plaats(self, naam: str) -> Antwoord:
        """What a name means: one gemeente, several places, a district, a place outside the
        region, a gemeente not in the register, a postcode, or nothing known (with
        suggestions). The one resolver of the CLI, completion and the site (mhcli.resolve)."""
        with self._reference():
            return self.resolver().resolve(naam)

    def _reference(self) -> AbstractContextManager[None]:
        """Where names are looked up: this register's own reference data if it has them (a
        revision `mhcli diff` opened), else the installed lists."""
        if self.plaatsen is None:
            return nullcontext()
        from mhcli import places

        return places.using(self.plaatsen)

    def resolver(self) -> Resolver:
        """The resolver of this register, kept: its index of names is built once."""
        from mhcli.resolve import Resolver

        if self._resolver is None:
            self._resolver = Resolver(self.model, self._route_json)
        return self._resolver

    def _route_json(self, gemeente: Gemeente) -> dict[str, Any]:
        from mhcli.routes import resolve_route

        return resolve_route(self.model, gemeente, None, self.vandaag).as_json()

    def route(self, naam: str, vorm: str | None = None, rol: str | None = None) -> Route:
        """The route of a signal from gemeente (or woonplaats) ``naam``: for ``vorm`` (a form
        of exploitation) and ``rol`` (who reports: a role id of the register such as
        'gemeente', 'professional' or 'iedereen'; None: the register's default role, which the
        answer names). Raises GeenRoute (what the name is, and what holds everywhere) for
        anything but one gemeente, and NotFound for an unknown vorm or rol."""
        from mhcli.routes import resolve_route, universeel

        chosen = self.model.vorm(vorm) if vorm is not None else None
        role = self.model.rol(rol) if rol is not None else None
        antwoord = self.plaats(naam)
        if antwoord.gemeente is None:
            raise GeenRoute(antwoord, universeel(self.model, chosen, role,
                                                 antwoord.alle_bronnen()))
        with self._reference():
            return resolve_route(self.model, antwoord.gemeente, chosen, self.vandaag,
                                 antwoord.gevonden_als(), role)

    def geschiedenis(self, naam: str) -> Geschiedenis:
        """Every commit that changed the route or governance of gemeente ``naam`` (as this
        register knows it), from the git history of the register folder, newest first."""
        from mhcli.geschiedenis import geschiedenis

        antwoord = self.plaats(naam)
        if antwoord.gemeente is None:
            raise GeenGemeente(antwoord, self.model)
        g = antwoord.gemeente
        with _history_of(lambda: self.herkomst.hoe):
            found = geschiedenis(self._opened.location.data, g.naam, g.cbs_code)
        return found._replace(vastgelegd=self._vastgelegd())

    def _vastgelegd(self) -> bool | None:
        """Whether the register's files are as in HEAD (None: not known, the bundled one)."""
        from mhcli.location import MEEGELEVERD

        return None if self.herkomst.hoe == MEEGELEVERD else self.herkomst.commit is not None

    def geschiedenissen(self) -> list[Geschiedenis]:
        """The history of every gemeente of the register, in the register's order, read from
        git in one pass. Raises NotInGit when the register folder is not under git."""
        from mhcli.geschiedenis import geschiedenissen

        vastgelegd = self._vastgelegd()
        with _history_of(lambda: self.herkomst.hoe):
            found = geschiedenissen(self._opened.location.data,
                                    [(g.naam, g.cbs_code) for g in self.model.alle_gemeenten()])
        return [h._replace(vastgelegd=vastgelegd) for h in found]

    def universeel(self, vorm: str | None = None, rol: str | None = None) -> Universeel:
        """What holds for a signal from anywhere: 112, what the role has that needs no
        gemeente, and the national lines."""
        from mhcli.routes import universeel

        return universeel(self.model, self.model.vorm(vorm) if vorm is not None else None,
                          self.model.rol(rol) if rol is not None else None)

    def rollen(self) -> list[dict[str, Any]]:
        """The roles of the register (who reports), the default first, each with its sources."""
        from mhcli.routes import bron_info, rol_json

        rollen = self.model.signaalroute.rollen
        bronnen = bron_info(self.model, [r.bron for r in rollen])
        return [rol_json(r, bronnen, standaard=n == 0) for n, r in enumerate(rollen)]

    def gemeente(self, naam: str) -> GemeenteRecord:
        from mhcli.overview import gemeente_record

        antwoord = self.plaats(naam)
        if antwoord.gemeente is None:
            raise GeenGemeente(antwoord, self.model)
        with self._reference():
            return gemeente_record(self.model, antwoord.gemeente, antwoord.gevonden_als())

    def gemeenten(self, district: str | None = None, provincie: str | None = None
                  ) -> list[GemeenteRij]:
        from mhcli.overview import gemeenten_rows

        chosen = self.model.district(district) if district is not None else None
        return gemeenten_rows(self.model, chosen,
                              self.model.provincie(provincie) if provincie is not None else None)

    def district(self, naam: str) -> DistrictRecord:
        from mhcli.overview import district_record

        try:
            found = self.model.district(naam)
        except NotFound as exc:
            # 'district Tholen': say which district that gemeente (or woonplaats) is in.
            try:
                antwoord = self.plaats(naam)
            except MhcliError:
                raise exc from None
            if antwoord.gemeente is None or antwoord.gemeente.district is None:
                raise
            d = self.model.districten[antwoord.gemeente.district]
            what = "woonplaats" if antwoord.hoe == "woonplaats" else "gemeente"
            raise NotFound(f"'{naam.strip()}' is een {what}, geen district; "
                           f"{'gemeente' if what == 'gemeente' else 'haar gemeente'} "
                           f"{antwoord.gemeente.naam} hoort bij district {d.naam}.",
                           [d.naam]) from None
        return district_record(self.model, found, self.vandaag)

    def districten(self) -> list[DistrictRij]:
        from mhcli.overview import districten_rows

        return districten_rows(self.model, self.vandaag)

    def partners(self) -> list[PartnerRij]:
        from mhcli.overview import partners_rows

        return partners_rows(self.model)

    def zoek(self, tekst: str) -> list[Vondst]:
        """Every value holding all words of ``tekst``; NotFound when there is none."""
        from mhcli.findings import display_path
        from mhcli.search import query_words, zoek
        from mhcli.store import open_register as open_store

        query_words(tekst)  # a query no one types is refused before the register is read
        # Positions come from a fresh, validated read: never from other bytes than the data.
        opened = open_store(self._data, positions=True)
        hits = zoek(opened.loaded, opened.location.schemas, tekst,
                    display_path(opened.location.data))
        if not hits:
            raise NotFound(f"'{tekst}' komt nergens in het register voor.")
        return hits

    def controleer(self, *, timeout: float = 15.0, traag: float = 5.0, pauze: float = 1.0,
                   contact: str | None = None,
                   voortgang: Callable[[int, int, str], None] | None = None) -> Controle:
        """Visit every source address and look up every phone number on its source's page
        (see mhcli.controle). Reads the register and the web; writes nothing."""
        from mhcli.controle import check
        from mhcli.fetch import Visitor
        from mhcli.store import open_register as open_store

        # Positions (file:line per source and number) come from a fresh, validated read.
        opened = open_store(self._data, positions=True)
        visitor = Visitor(timeout=timeout, pause=pauze, contact=contact)
        return check(opened.loaded, visitor, datum=self.vandaag.isoformat(), slow=traag,
                     progress=voortgang)

    def plaats_in_zoek(self, tekst: str) -> dict[str, Any] | None:
        """What ``tekst`` means as a place, for `zoek`: None when it is no place mhcli knows
        (or too long to be one), else the resolver's class, one sentence, and the gemeente(n)
        and candidates (README, 'Uitvoer voor machines')."""
        from mhcli.names import MAX_KEY, sleutel

        if len(sleutel(tekst)) > MAX_KEY:
            return None
        try:
            antwoord = self.plaats(tekst)
        except MhcliError:
            return None
        if antwoord.uitkomst == "onbekend":
            return None
        if antwoord.gemeente is not None:
            g = antwoord.gemeente
            district = self.model.districten[g.district or ""].naam
            found = antwoord.gevonden_naam if antwoord.hoe == "woonplaats" else None
            zin = (f"{found} is een woonplaats in gemeente {g.naam}" if found
                   else f"{g.naam} is een gemeente") + \
                f" (district {district}); de route: mhcli route {found or g.naam}"
        else:
            zin = antwoord.melding[:1].upper() + antwoord.melding[1:]
        return {"uitkomst": antwoord.uitkomst, "zin": zin, "gemeenten": antwoord.gemeenten(),
                "kandidaten": [p.as_json() for p in antwoord.kandidaten]}

    def namen(self, soort: str) -> list[str]:
        """Names for completion: 'gemeente' (the register's gemeenten, then the woonplaatsen
        in them, as the resolver knows them), 'district', 'vorm' or 'rol'."""
        if soort == "gemeente":
            from mhcli.resolve import REGISTER

            gemeenten = [g.naam for g in self.model.alle_gemeenten()]
            woonplaatsen = sorted({p.naam for hits in self.resolver().index.by_key.values()
                                   for p, hoe in hits
                                   if hoe == "woonplaats" and p.waar == REGISTER})
            return list(dict.fromkeys([*gemeenten, *woonplaatsen]))
        if soort == "district":
            return [d.naam for d in self.model.districten.values()]
        if soort == "rol":
            return [r.id for r in self.model.signaalroute.rollen]
        return list(self.model.vormen)

    def document(self) -> dict[str, Any]:
        """The whole register as one JSON document: regio.yaml and every district file."""
        loaded = self._opened.loaded
        return {"regio": loaded.regio.data if loaded.regio else None,
                "districten": [doc.data for _, doc in loaded.districten]}


def open_register(data: Path | str | None = None, *, op: date | None = None,
                  zoals_bekend_op: date | None = None) -> Register:
    """The register at ``data`` (else MHCLI_DATA, the nearest data/, the bundled one),
    validated (or recalled from the cache); raises RegisterInvalid for a register with errors.

    Every answer holds for one date: ``op`` (default: today, or ``zoals_bekend_op``), from the
    facts valid on it (mhcli.geldigheid). ``zoals_bekend_op``: the register as it stood in git
    on that date (read with git, never checked out; raises GitError outside git)."""
    from mhcli.store import open_as_known_on
    from mhcli.store import open_register as open_store

    chosen = Path(data) if data is not None else None
    if zoals_bekend_op is not None:
        from mhcli.location import locate

        with _history_of(lambda: locate(chosen).hoe):
            opened = open_as_known_on(chosen, zoals_bekend_op, op)
        return Register(opened, opened.register.op, chosen, datum_gevraagd=True)
    opened = open_store(chosen, op=op)
    return Register(opened, opened.register.op, chosen, datum_gevraagd=op is not None)


def open_and_check(data: Path | str | None = None) -> tuple[Register, Validatie]:
    """As open_register, but validated for real once, with the warnings: for a build that
    shows them (the site), without validating twice."""
    from mhcli.findings import display_path
    from mhcli.store import open_checked

    chosen = Path(data) if data is not None else None
    opened, findings = open_checked(chosen, today())
    return (Register(opened, today(), chosen),
            Validatie(findings, display_path(opened.location.data), opened.herkomst))


@dataclass(frozen=True)
class Validatie:
    """Every finding about a register, and whether it may be used."""

    findings: list[Finding]
    label: str
    herkomst: Herkomst
    strikt: bool = False
    overgeslagen: str | None = None  # why nothing was checked (--staged, nothing staged)
    # One Dutch line each: registers the search passed over, schemas not used, and for a
    # register chosen by name that others can change, that a query would refuse it.
    meldingen: tuple[str, ...] = ()

    @property
    def geldig(self) -> bool:
        return not any(f.is_error for f in self.findings)

    @property
    def geslaagd(self) -> bool:
        return self.geldig and not (self.strikt and self.findings)

    def as_json(self) -> dict[str, Any]:
        return {"register": self.herkomst.as_json(), "geldig": self.geldig,
                "fouten": [f.as_dict() for f in self.findings if f.is_error],
                "waarschuwingen": [f.as_dict() for f in self.findings if not f.is_error],
                **({"overgeslagen": self.overgeslagen} if self.overgeslagen else {})}


def valideer(data: Path | str | None = None, *, strikt: bool = False,
             max_bron_maanden: int = 12, staged: bool = False) -> Validatie:
    """Check the register for real (never from the cache).

    ``staged``: check what git has staged for the next commit (the register, the schemas
    beside it and, in a checkout of mhcli, its reference data), not the work tree; when the
    commit changes none of those, check nothing (``overgeslagen`` says so)."""
    from mhcli.findings import display_path
    from mhcli.location import locate
    from mhcli.store import check

    location = locate(Path(data) if data is not None else None)
    unsafe = location.unsafe_note()
    meldingen = location.notes + ((unsafe,) if unsafe else ())
    if staged:
        return _staged(location, strikt, max_bron_maanden, meldingen)
    found, herkomst = check(location, vandaag=today(), max_bron_maanden=max_bron_maanden)
    return Validatie(found, display_path(location.data), herkomst, strikt, meldingen=meldingen)


def _staged(location: Location, strikt: bool, max_bron_maanden: int,
            meldingen: tuple[str, ...]) -> Validatie:
    from mhcli.gitsource import INDEX, Repository
    from mhcli.provenance import Herkomst
    from mhcli.snapshot import REFERENTIE, at_revision, check

    repository = Repository(location.data)
    folders = [repository.path(""), repository.path("../schemas"), REFERENTIE]
    label = repository.path("") or "."
    if not repository.staged_changes(folders):
        shown = " en ".join(f"{f}/" for f in folders[:2] if not f.startswith("/"))
        return Validatie([], label, Herkomst.of(location, ()), strikt,
                         overgeslagen=f"deze commit verandert niets in {shown}",
                         meldingen=meldingen)
    snapshot = at_revision(repository, INDEX)
    checked = check(snapshot, today(), max_bron_maanden=max_bron_maanden)
    herkomst = Herkomst.of(location, tuple((f.rel, f.content) for f in snapshot.raw.files))
    return Validatie(checked.findings, f"{label} (klaargezet voor de commit)", herkomst, strikt,
                     meldingen=meldingen)
