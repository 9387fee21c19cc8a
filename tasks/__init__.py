"""Prefect tasks: thin wrappers that move data between the lake and the domain package.

They carry the Prefect settings (retries, caching, tags) and nothing else. Documents are
batched: one parse task handles ``settings.batch_size`` documents, never one task per document.
"""
