"""Prefect flows: they only wire tasks. ``pipeline`` runs ingest, parse, validate, publish."""
