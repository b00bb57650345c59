"""WSGI entry point: `gunicorn wsgi:app`."""
from quality_assess import create_app

app = create_app()
