"""The register as a static website (`mhcli site`); Jinja2 is imported only here."""
