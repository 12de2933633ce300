"""The CLI's command handlers, one module per group; each is a thin layer over desktop.services."""
