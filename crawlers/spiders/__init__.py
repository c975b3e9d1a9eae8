"""One spider per source site; each takes ``base_url`` so it crawls the real site or a mirror of it."""
