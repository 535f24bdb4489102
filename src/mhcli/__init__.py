"""mhcli: register en opdrachtregel voor de regionale aanpak mensenhandel Zeeland-West-Brabant."""

__version__ = "0.1.0"
