"""What the tests and the benchmarks share: the synthetic PKI, the hostile cases, the site
server with its MIME map, the browser engines' drivers. Installed with the project
(pyproject.toml), so that both import it as `support` without path tricks."""
