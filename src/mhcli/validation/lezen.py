"""Reading the files: what stops a file from being read or parsed as the register's strict YAML.

These findings are made where the files are read (``mhcli.source``, ``mhcli.gitsource`` for
``mhcli diff``) and parsed (``mhcli.loading``); their codes are catalogued here. A file with
one of these errors is not checked further.
"""

from __future__ import annotations

from mhcli.findings import FOUT, WAARSCHUWING
from mhcli.validation.context import Regel

TITEL = "Lezen van de bestanden"

REGELS = (
    Regel("map-ontbreekt", FOUT, "Map ontbreekt",
          "De registermap of de map `districten` bestaat niet. Geef met `--data` de map die "
          "regio.yaml en districten/ bevat."),
    Regel("geen-map", FOUT, "Bestand waar een map hoort",
          "De registermap of `districten` is een bestand; verwacht een map."),
    Regel("geen-districten", FOUT, "Geen districtbestanden",
          "In `districten/` staat geen enkel bestand dat op .yaml eindigt."),
    Regel("bestand-ontbreekt", FOUT, "Bestand ontbreekt",
          "regio.yaml (of een districtbestand waar een koppeling naar wijst) bestaat niet."),
    Regel("map-in-plaats-van-bestand", FOUT, "Map waar een bestand hoort",
          "Op de plaats van een YAML-bestand staat een map."),
    Regel("geen-gewoon-bestand", FOUT, "Geen gewoon bestand",
          "Het registerbestand is een pipe, apparaat of socket (ook achter een koppeling, zoals "
          "/dev/stdin); mhcli opent het niet, zodat het nooit blijft wachten."),
    Regel("onleesbaar", FOUT, "Bestand of map onleesbaar",
          "Geen leesrechten, een pad dat te lang is, of een andere fout van het systeem; de "
          "melding zegt welke."),
    Regel("symlink-lus", FOUT, "Symbolische lus",
          "Een symbolische koppeling verwijst (via andere) naar zichzelf; laat haar naar een echt "
          "bestand wijzen."),
    Regel("bestandsnaam-codering", FOUT, "Bestandsnaam geen UTF-8",
          "De naam van een districtbestand is geen geldige UTF-8; hernoem het naar het id van "
          "het district met .yaml."),
    Regel("extensie", WAARSCHUWING, "Districtbestand op .yml",
          "Districtbestanden eindigen op .yaml; een .yml-bestand wordt overgeslagen. Hernoem "
          "het."),
    Regel("conflict", FOUT, "Onopgelost merge-conflict",
          "Een registerbestand staat in de git-index met een onopgelost merge-conflict "
          "(`valideer --staged`); los het conflict op en stage het bestand."),
    Regel("te-groot", FOUT, "Bestand te groot",
          "Een registerbestand is hoogstens 1 MiB; een groter bestand wordt niet gelezen."),
    Regel("register-te-groot", FOUT, "Register te groot",
          "Alle registerbestanden samen zijn hoogstens 4 MiB (het echte register is zo'n 24 kB); "
          "mhcli leest dan geen enkel bestand. Verwijder wat er niet hoort."),
    Regel("te-veel-bestanden", FOUT, "Te veel bestanden in districten/",
          "De map districten/ heeft hoogstens 1.000 namen; mhcli leest haar anders niet."),
    Regel("te-veel-waarden", FOUT, "Te veel waarden",
          "Het register heeft hoogstens 200.000 waarden (sleutels meegeteld; het echte register "
          "heeft er zo'n duizend); mhcli leest niet verder."),
    Regel("koppeling-buiten-register", FOUT, "Koppeling buiten de registermap",
          "Een registerbestand of de map districten/ is een symbolische koppeling naar een plek "
          "buiten de registermap. mhcli leest die niet: wie de registermap controleert, moet "
          "alles zien wat het antwoord bepaalt. Zet het bestand zelf in de registermap."),
    Regel("codering", FOUT, "Geen UTF-8",
          "Het bestand bevat bytes die geen UTF-8 zijn; sla het op als UTF-8 (een BOM mag)."),
    Regel("leeg-bestand", FOUT, "Leeg bestand",
          "Het bestand bevat niets dan witruimte of commentaar."),
    Regel("yaml-syntaxis", FOUT, "Ongeldige YAML",
          "De YAML-parser kan het bestand niet lezen; de melding noemt de regel en vaak de "
          "oorzaak (inspringing, een dubbele punt in tekst zonder aanhalingstekens)."),
    Regel("meerdere-documenten", FOUT, "Meer dan één YAML-document",
          "Het bestand bevat `---` met nog een document erna; een registerbestand is één "
          "document."),
    Regel("geen-mapping", FOUT, "Document is geen mapping",
          "Het document is een lijst of een losse waarde; verwacht een mapping met sleutels "
          "zoals `id` en `naam`."),
    Regel("dubbele-sleutel", FOUT, "Sleutel twee keer",
          "Een sleutel staat twee keer in dezelfde mapping (YAML zou stil de laatste nemen); de "
          "melding noemt beide regels."),
    Regel("sleutel", FOUT, "Sleutel geen tekst",
          "Een sleutel is een lijst, mapping of getal; een sleutel is gewone tekst."),
    Regel("anker", FOUT, "YAML-anker",
          "Ankers (`&naam`) zijn niet toegestaan: het register heeft ze niet nodig en ze maken "
          "een aliasbom mogelijk. Schrijf de waarde uit."),
    Regel("alias", FOUT, "YAML-alias",
          "Aliassen (`*naam`) zijn niet toegestaan; schrijf de waarde uit."),
    Regel("tag", FOUT, "YAML-tag",
          "Tags zoals `!!python/object` zijn niet toegestaan; ze zouden iets laten maken of "
          "uitvoeren. Schrijf de waarde als gewone tekst, getal of lijst."),
    Regel("te-diep", FOUT, "Te diep genest",
          "De structuur is dieper dan 32 niveaus; het register heeft zo'n diepte nooit nodig."),
    Regel("voorloopnul", FOUT, "Getal met voorloopnul",
          "Een waarde als `0716` zonder aanhalingstekens is een getal en verliest de nul. Zet "
          "codes tussen aanhalingstekens: `cbs_code: \"GM0716\"`."),
    Regel("getal-te-groot", FOUT, "Getal van duizenden cijfers",
          "Geen waarde in het register is zo groot; zet tekst tussen aanhalingstekens of "
          "verwijder het getal."),
)

