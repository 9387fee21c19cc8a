"""The four stages as plain functions over a Lake: ingest, parse, validate, publish.

Each reads its inputs from the lake and writes its outputs back, so the Prefect tasks that call
them pass only keys and counts, and any stage can be rerun on its own.
"""
