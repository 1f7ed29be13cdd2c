"""Other shapes of a journey and its analysis: Markdown, Mermaid, CSV, XLSX,
PDF/PNG, graph exports (GraphML, GEXF, node-link JSON), SARIF and GitHub
annotations, the risk diff, journey YAML text; importers live in
:mod:`.imports`."""
