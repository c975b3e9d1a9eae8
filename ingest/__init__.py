"""The one arrow that joins the stages: archived page → parse → classify → store → link (see process.py)."""
