"""The MkDocs hooks (mkdocs.yml loads each by its path); a package, so that one hook and
deploy/ import another as `hooks.csp`."""
