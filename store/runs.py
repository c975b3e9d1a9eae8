"""Runs recorded in the store (crawl runs, scheduled firings): which of them a dead process left behind."""

from __future__ import annotations

import os
import socket
from typing import Any, Callable

from sqlalchemy import select
from sqlalchemy.orm import Session


def pid_alive(pid: int | None) -> bool:
    """A process of this host with that id exists (None: no process)."""
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def mark_interrupted(session: Session, model: Any, message: Callable[[Any], str], state: str = "status") -> int:
    """Rows of ``model`` left 'running' (in column ``state``) by a process of this host that no longer exists
    become 'interrupted', with ``message(row)`` as their message. A row without a pid, or of this very process,
    is left as it is. Returns how many rows changed."""
    host = socket.gethostname()
    column = getattr(model, state)
    stale = [r for r in session.execute(select(model).where(column == "running", model.host == host)).scalars()
             if r.pid and r.pid != os.getpid() and not pid_alive(r.pid)]
    for r in stale:
        setattr(r, state, "interrupted")
        r.message = message(r)
    return len(stale)


def mark_interrupted_runs(session: Session) -> int:
    """Crawl runs left 'running' by a process of this host that no longer exists are 'interrupted'."""
    from store.models import CrawlRun

    return mark_interrupted(session, CrawlRun, lambda r: "the crawling process died before the run finished")
