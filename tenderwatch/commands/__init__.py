"""The `tenders` commands, one module per command group; tenderwatch/cli.py puts them together."""
