"""The installable, offline side of the app: manifest, service worker, offline page."""
