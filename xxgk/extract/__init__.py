"""Extraction of facts and metadata from cleaned report text."""
