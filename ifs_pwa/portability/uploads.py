"""Reading an uploaded file safely, and carrying a previewed file to the confirm step.

No preview needs a table. A Daylio file's text travels back in a hidden field, compressed and
signed (itsdangerous, with this person's id and a time limit), so confirm imports exactly the
file that was shown, and nobody can slip other content in between. A Befriend export can be ten
times larger than such a field may be, so its confirm sends the file itself again, with the
fingerprint of the one that was shown: another file is previewed, never brought in unseen.
Ten years of daily long notes make an export of about 16 MB: the import routes take up to
IMPORT_MAX_BYTES, while every other route keeps MAX_CONTENT_LENGTH.
"""

from __future__ import annotations

import hashlib

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from .schema import Problem


def file_limit() -> int:
    """IMPORT_MAX_BYTES (config.py): the import routes' own body limit, far above the rest of the
    app's, so that every export this app makes comes back in (restore.MAX_RECORDS bounds what a
    file may hold)."""
    return current_app.config["IMPORT_MAX_BYTES"]


def too_large() -> str:
    """Said the same way whether the view reads the file or the server refuses the request."""
    megabytes = file_limit() // (1024 * 1024)
    return (f"This file is larger than {megabytes} MB, more than we can bring in at once. A "
            "Befriend export is far smaller; from Daylio, try exporting a shorter period.")
# Werkzeug refuses form fields above MAX_FORM_MEMORY_SIZE (500 kB by default): stay below it.
SEALED_LIMIT = 450_000
PREVIEW_HOURS = 2


def read_upload(storage) -> str:
    """The file's text; too large, empty or not text are Problems with a plain message."""
    data = storage.stream.read(file_limit() + 1)
    if len(data) > file_limit():
        raise Problem(too_large())
    if not data.strip():
        raise Problem("That file is empty.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Problem("That file isn't text we can read: please choose the .json file from a "
                      "Befriend export or the .csv file from Daylio.") from None
    if "\x00" in text:
        raise Problem("That file isn't a JSON or CSV file: please choose the .json file from a "
                      "Befriend export or the .csv file from Daylio.")
    return text


def fingerprint(text: str) -> str:
    """Names a file's content: confirming a restore must send the very file that was previewed
    (the person may have chosen another in between)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="befriend-daylio-preview")


def seal(text: str, user_id: int) -> str:
    sealed = serializer().dumps({"user": user_id, "csv": text})
    if len(sealed) > SEALED_LIMIT:
        raise Problem("That Daylio file is too large to preview in one go. Daylio can export "
                       "a shorter period: try a year at a time.")
    return sealed


def unseal(sealed: str, user_id: int) -> str:
    try:
        payload = serializer().loads(sealed or "", max_age=PREVIEW_HOURS * 3600)
    except BadSignature:
        raise Problem("This preview has expired or was changed; please choose the file "
                      "again.") from None
    if not isinstance(payload, dict) or payload.get("user") != user_id:
        raise Problem("This preview belongs to another session; please choose the file again.")
    return payload["csv"]
