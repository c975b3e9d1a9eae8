"""Raw archive: every fetched page is written here (gzip, named by its sha256) before anything parses it."""

from __future__ import annotations

import gzip
import hashlib
import os
from pathlib import Path


class RawArchive:
    def __init__(self, root: Path):
        self.root = Path(root)

    def key_for(self, source: str, digest: str) -> str:
        safe = "".join(c for c in source if c.isalnum() or c in "-_") or "unknown"
        return f"{safe}/{digest[:2]}/{digest}.gz"

    def put(self, source: str, body: bytes) -> tuple[str, str]:
        """Store ``body``; return (sha256 hex, archive key). Writing the same bytes twice writes once."""
        digest = hashlib.sha256(body).hexdigest()
        key = self.key_for(source, digest)
        path = self.root / key
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".tmp{os.getpid()}")
            with gzip.open(tmp, "wb", compresslevel=6) as fh:  # 9 costs twice the CPU for ~2% smaller files
                fh.write(body)
            os.replace(tmp, path)  # atomic: a reader never sees half a file
        return digest, key

    def get(self, key: str) -> bytes:
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:
            raise ValueError(f"archive key outside the archive: {key!r}")
        with gzip.open(path, "rb") as fh:
            return fh.read()
