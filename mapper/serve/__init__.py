"""The live preview: HTTP server, file watching, live reload."""
