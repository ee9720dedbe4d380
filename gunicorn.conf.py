"""gunicorn reads this file from the directory it is started in (the README's Production section
starts it from the repository). It adds a start-up check; every setting stays on the command line.
"""

import os

from ifs_pwa.config import env_flag
from ifs_pwa.deployment import memory_storage_warning


def when_ready(server):
    """Once the master is listening: warn when several workers would each count sign-in attempts
    on their own (nothing to say when nothing is counted)."""
    if not env_flag("RATELIMIT_ENABLED", True):
        return
    message = memory_storage_warning(server.cfg.workers,
                                     os.environ.get("RATELIMIT_STORAGE_URI", "memory://"))
    if message:
        server.log.warning(message)
