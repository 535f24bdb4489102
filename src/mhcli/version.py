"""mhcli's version, in a module of its own: the cache and the fetcher need it without importing
the package's front door (which would be an import back up, see CONTRIBUTING)."""

__version__ = "0.2.0"
