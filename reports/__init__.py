"""Weekly market report: SQL aggregates → pandas → Jinja2 HTML (autoescaped)."""
