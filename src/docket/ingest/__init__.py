"""Ingest: turning files, folders and containers into preserved, readable, searchable items."""
