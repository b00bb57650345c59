"""WSGI entry point: `gunicorn wsgi:app`."""
import gc

from quality_assess import create_app

app = create_app()

# What the app builds at start (compiled templates, the ORM's mappings, the catalogues) lives as long as the
# process: frozen, the cyclic collector stops walking it on every collection, and young objects are collected
# less often. A 200-action plan page spent a third of its time in the collector (docs/benchmarks.md).
gc.freeze()
gc.set_threshold(10_000, 10, 10)
