"""WSGI entry point: `gunicorn wsgi:app` and `flask --app wsgi db upgrade` both use it."""

from ifs_pwa import create_app

app = create_app()
