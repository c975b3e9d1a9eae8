"""The recurring jobs (crawl, re-parse, report), callable from the CLI now and from a scheduler later."""
