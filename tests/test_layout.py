"""Tables and sheets for people: words are never split, lines fit the width, and a table that
cannot fit becomes one block per record. Checked with the real commands at 80 and 40 columns,
in plain text (pipes, NO_COLOR) and in the rich terminal renderer."""

from __future__ import annotations

import re
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console

from mhcli import options
from mhcli.render import layout, plain, tables, terminal
from mhcli.render.layout import Whole
from mhcli.render.sheet import Section, Sheet
from tests.conftest import Result

COMMANDS = [["gemeenten"], ["districten"], ["partners"], ["route", "Tholen"]]
_SPLIT = re.compile(r"[\s\u2500-\u257f]+")  # whitespace and box-drawing characters


def _tokens(text: str) -> set[str]:
    """The words of an output, whatever the layout: a records label 'Naam:' counts as the
    header 'Naam', the dashes under a plain table header and bullets are no words, and
    'LET OP' (plain) is the rich 'Let op'."""
    words = {t.rstrip(":").casefold() for t in _SPLIT.split(text)}
    return {w for w in words if w and set(w) != {"-"} and w not in {"•", "!"}}


def _plain(mhcli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, args: list[str],
           width: int) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    result = mhcli(*args)
    assert result.code == 0, result.err
    return result.out


def _rich(mhcli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, args: list[str],
          width: int) -> str:
    buffer = StringIO()
    monkeypatch.setattr(options, "rich_terminal", lambda: True)
    monkeypatch.setattr(terminal, "console", lambda width_=None: Console(
        file=buffer, width=width, color_system=None, highlight=False, emoji=False,
        markup=False))
    result = mhcli(*args)
    assert result.code == 0, result.err
    return buffer.getvalue()


_BREAKS = re.compile(r"[ \u2500-\u257f]+")  # where a line may break (not a no-break space)


def _check_lines(text: str, width: int) -> None:
    for line in text.splitlines():
        # Only a single word longer than the width (a web address) may stick out.
        assert len(line) <= width or len([w for w in _BREAKS.split(line) if w]) == 1, line


@pytest.mark.parametrize("render", [_plain, _rich], ids=["tekst", "rich"])
@pytest.mark.parametrize("width", [80, 40])
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_no_word_is_split(args: list[str], width: int, render: Callable[..., str],
                          mhcli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    wide = _tokens(render(mhcli, monkeypatch, args, 200))
    narrow_text = render(mhcli, monkeypatch, args, width)
    narrow = _tokens(narrow_text)
    assert narrow == wide, (sorted(wide - narrow), sorted(narrow - wide))
    _check_lines(narrow_text, width)
    for word in ("Veiligheidshuis", "districtelijke", "aandachtsfunctionarissen", "Markiezaten",
                 "Zorgcoördinatie", "Noord-Brabant", "Arbeidsinspectie", "Hart van Brabant"):
        if word.split()[0] in wide:
            assert word.split()[0] in narrow


def test_gemeenten_at_80_is_a_table_without_row_lines(
        mhcli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    lines = _plain(mhcli, monkeypatch, ["gemeenten"], 80).splitlines()
    assert lines[:2] == ["Gemeente            CBS-code  District          Provincie",
                         "------------------  --------  ----------------  -------------"]
    assert "Tilburg             GM0855    Hart van Brabant  Noord-Brabant" in lines
    assert "" not in lines  # rows of one line need no blank line between them
    rich = _rich(mhcli, monkeypatch, ["gemeenten"], 80)
    assert "├" not in rich and "Hart van Brabant" in rich  # no separator after every row


def test_gemeenten_at_40_is_one_block_per_gemeente(
        mhcli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = _plain(mhcli, monkeypatch, ["gemeenten"], 40).split("\n\n")
    assert ("Gemeente:  Tilburg\nCBS-code:  GM0855\nDistrict:  Hart van Brabant\n"
            "Provincie: Noord-Brabant") in blocks
    assert len(blocks) == 35


def test_districten_side_by_side_become_one_block_per_district(
        mhcli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    text = _plain(mhcli, monkeypatch, ["districten"], 80)
    blocks = text.split("\n\n")
    assert [b.splitlines()[0] for b in blocks] == ["Hart van Brabant", "De Markiezaten",
                                                   "De Baronie", "Zeeland"]
    assert blocks[0].splitlines()[1] == "Gemeenten:              8"


def test_plain_table_wraps_at_spaces_exactly() -> None:
    rows = [["Tholen", "districtelijke werkgroep mensenhandel"], ["Goes", "kort"]]
    assert tables.plain(["Naam", "Aansturing"], rows, width=30) == (
        "Naam    Aansturing\n"
        "------  ----------------------\n"
        "Tholen  districtelijke\n"
        "        werkgroep mensenhandel\n"
        "\n"
        "Goes    kort\n")


def test_plain_table_too_narrow_becomes_records() -> None:
    rows = [["Tholen", "districtelijke werkgroep"]]
    assert tables.plain(["Naam", "Wie"], rows, width=21) == (
        "Naam: Tholen\n"
        "Wie:  districtelijke\n"
        "      werkgroep\n")
    # 'districtelijke' does not fit beside its label at 18: the value goes under it.
    assert tables.plain(["Naam", "Wie"], rows, width=18) == (
        "Naam: Tholen\nWie:\n  districtelijke\n  werkgroep\n")
    assert tables.plain(["Naam", "Bestuurlijk trekker(s)"], rows, width=18) == (
        "Naam:\n  Tholen\nBestuurlijk trekker(s):\n  districtelijke\n  werkgroep\n")


def test_a_long_word_is_kept_whole_even_beyond_the_width() -> None:
    assert layout.wrap("zie https://www.voorbeeld.nl/een/lang/pad nu", 12) == [
        "zie", "https://www.voorbeeld.nl/een/lang/pad", "nu"]


def test_a_path_is_never_wrapped_in_a_sheet() -> None:
    path = Whole("districten/de markiezaten met een lange naam.yaml")
    doc = Sheet("District", secties=[Section("Bron", velden=[("Bestand", path),
                                                               ("Uitleg", "een " * 20)])])
    assert f"   Bestand: {path}\n" in plain.sheet(doc, width=80)
    text = plain.sheet(doc, width=40)  # too long beside its label: under it, still whole
    assert f"   Bestand:\n     {path}\n" in text
    assert all(len(line) <= 40 for line in text.splitlines() if "yaml" not in line)
    buffer = StringIO()
    terminal.sheet(doc, Console(file=buffer, width=80, color_system=None))
    assert str(path) in buffer.getvalue()


@pytest.mark.parametrize("width", [1, 39, 41, 1000])
def test_plain_sheet_width_is_between_40_and_100(width: int) -> None:
    doc = Sheet("T", secties=[Section("S", regels=["woord " * 60])])
    longest = max(len(line) for line in plain.sheet(doc, width).splitlines())
    assert longest <= min(max(width, 40), 100)
    assert longest >= min(max(width, 40), 100) - 6


def test_rich_table_title_and_cells_are_literal(tmp_path: Path) -> None:
    buffer = StringIO()
    out = Console(file=buffer, width=80, color_system=None, highlight=False, emoji=False,
                  markup=False)
    terminal.table(["Naam"], [["[bold]x[/bold] :smile: \x1b[2J"]], out, "Titel [red]")
    text = buffer.getvalue()
    assert "[bold]x[/bold] :smile: \\x1b[2J" in text and "Titel [red]" in text
    assert "\x1b" not in text and "😄" not in text


def test_an_empty_table_is_its_header() -> None:
    assert tables.plain(["Naam", "Waar"], [], width=40) == "Naam  Waar\n----  ----\n"
    assert tables.plain([], [], width=40) == "\n"


_WORD = __import__("hypothesis.strategies", fromlist=["text"]).text(
    alphabet="abcdeéfgh-'()0123456789", min_size=1, max_size=14)


def test_tables_keep_every_word_at_any_width() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    cells = st.lists(_WORD, min_size=1, max_size=6).map(" ".join)

    @settings(max_examples=150, deadline=None)
    @given(st.integers(1, 4).flatmap(lambda n: st.tuples(
        st.lists(_WORD, min_size=n, max_size=n),
        st.lists(st.lists(cells, min_size=n, max_size=n), max_size=5))),
        st.integers(10, 120))
    def check(table: tuple[list[str], list[list[str]]], width: int) -> None:
        headers, rows = table
        text = tables.plain(headers, rows, width)
        words = [w for row in [headers, *rows] for c in row for w in c.split()]
        shown = [t.rstrip(":") for t in text.split()]
        for word in words:
            assert word in shown
        for line in text.splitlines():
            assert len(line) <= width or len(line.split()) <= 2, (line, width)

    check()


@pytest.mark.parametrize("command", ["route", "district", "gemeenten", "zoek", "site"])
def test_help_at_40_columns_keeps_every_word_whole(command: str, monkeypatch: pytest.MonkeyPatch,
                                                   mhcli: Callable[..., Result]) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    text = mhcli(command, "--help").out
    words = set(text.split())
    for whole in ("seksuele-uitbuiting,", "arbeidsuitbuiting,", "orgaanverwijdering.",
                  "[verplicht]", "FORMAAT", "Opties:"):
        if command == "route" or whole in ("Opties:",):
            assert whole in words, (command, whole)
    assert not re.search(r"\w…", text)  # no word cut short
    assert "Options" not in text and "<" not in text
    assert all(len(line) <= 40 for line in text.splitlines() if " " in line.strip()), text
