"""Property-based fuzzing of what an import reads: the file itself, not just the form around it.

test_fuzz_forms.py varies the upload's form fields; here hypothesis varies the contents. A real
export of a person with one record of every kind has one value swapped for arbitrary JSON (any
key of any record, the settings, the top level; structured values such as contacts, answers and
settings more often, and in their own shape), or its text cut short. A Daylio CSV gets odd
cells, quotes, extra columns and undecodable bytes, and every preview that comes back is
confirmed with a mood mapping that may be nonsense. No file may earn a 5xx, and once a file is
accepted no page of the person may answer 5xx either: a value can pass the import and break a
page later. Each file goes into a new, empty account, so all of it is written (nothing is
"already here") and a page that breaks can only be the fault of the file just brought in.
"""

from __future__ import annotations

import json
import uuid
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from .pages import signed_in_pages
from .registry import CONFIRM, DAYLIO_HEADER, Person, seed, upload, url
from .test_fuzz_forms import EXAMPLES, FUZZ, NASTY, VALUES

SEALED = 'name="sealed" value="'
JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70),
              st.floats(allow_nan=False), VALUES),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=6,
)
# Values kept as JSON structures (lists of words or ids, contacts, answers, settings), and the
# texts read as codes: most files that break a page later hide something here.
STRUCTURED = ("helpers", "professional_contacts", "answers", "settings", "feelings",
              "self_qualities", "parts", "pattern", "spec", "practice_slug", "band", "score")
SHAPED_KEYS = st.sampled_from(["name", "phone", "items", "difficulty", "find", "job",
                               "feel_toward", "welcomed_at", "exile_caution_acknowledged_at", ""])
SHAPED_LEAVES = st.one_of(JSON_VALUES, st.lists(st.integers(-1, 6), max_size=10),
                          st.sampled_from(["Alex", "+44 20 7946 0000", "curious", "sad", "calm",
                                           "Somewhat difficult", "2025-03-01T08:30:00+00:00"]))
SHAPED = st.one_of(
    st.lists(st.one_of(st.dictionaries(SHAPED_KEYS, SHAPED_LEAVES, max_size=3), SHAPED_LEAVES),
             max_size=4),
    st.dictionaries(SHAPED_KEYS, SHAPED_LEAVES, max_size=3),
)


def rarely(chance: int):
    """True about once in `chance` draws: hypothesis's simplest choice (the first) is False."""
    return st.sampled_from([False] * (chance - 1) + [True])


@st.composite
def changed_exports(draw, document: dict) -> bytes:
    """The export with a value or two replaced (or removed), maybe cut short or re-encoded."""
    copy = json.loads(json.dumps(document))
    places = [(copy, key) for key in copy] + [(copy["user"], key) for key in copy["user"]]
    for name, records in document.items():
        if isinstance(records, list):
            places += [(copy[name][i], key) for i, record in enumerate(records) for key in record]
    if copy.get("safety_plan"):
        places += [(copy["safety_plan"], key) for key in copy["safety_plan"]]
    for _ in range(draw(st.integers(1, 2))):
        if not draw(rarely(3)):  # each structured key as likely as any other, wherever it is
            name = draw(st.sampled_from(STRUCTURED))
            holder, key = draw(st.sampled_from([p for p in places if p[1] == name]))
            holder[key] = draw(st.one_of(SHAPED, JSON_VALUES, VALUES))
            continue
        holder, key = draw(st.sampled_from(places))
        if draw(rarely(6)):
            holder.pop(key, None)
        else:  # text (often still valid: names, notes, answers) or any JSON at all
            holder[key] = draw(st.one_of(VALUES, JSON_VALUES))
    body = json.dumps(copy, ensure_ascii=draw(st.booleans())).encode()
    if draw(rarely(10)):
        body = body[: draw(st.integers(0, len(body)))]
    return body


CELLS = st.one_of(st.sampled_from(["2025-04-08", "22:40", "07:05 PM", "rad", "awful", "walk",
                                   "tired | sad", "<br>", '"', "", "2025-02-30", "25:99"]),
                  st.sampled_from(NASTY), st.text(max_size=30))


DAYLIO_ROW = ["2025-04-08", "April 8", "Tuesday", "22:40", "rad", "walk | tired", "Title",
              "A note"]


@st.composite
def daylio_rows(draw) -> list[str]:
    """A valid row with a cell or two changed, now and then one cell too few or too many."""
    row = list(DAYLIO_ROW)
    for _ in range(draw(st.integers(0, 2))):
        row[draw(st.integers(0, len(row) - 1))] = draw(CELLS)
    size = draw(st.sampled_from([8, 8, 8, 8, 7, 9]))
    return (row + [""])[:size]


@st.composite
def daylio_files(draw) -> bytes:
    rows = draw(st.lists(daylio_rows(), min_size=1, max_size=4))
    lines = [",".join('"' + cell.replace('"', '""') + '"' if draw(st.booleans()) else cell
                      for cell in row) for row in rows]
    body = (DAYLIO_HEADER + "\n".join(lines)).encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 9)) == 0:
        body += draw(st.binary(min_size=1, max_size=16))
    return body


# Zones far ahead of and behind UTC, where a day near the calendar's ends can't be moved.
ZONES = ["Asia/Tokyo", "Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC"]
MAPPINGS = st.dictionaries(st.sampled_from([f"mood-{n}" for n in range(6)]),
                           st.one_of(st.sampled_from([str(n) for n in range(12)]), VALUES),
                           max_size=3)


def test_no_file_makes_an_import_fail(app):
    owner = Person(app, "importer", timezone="Asia/Tokyo")
    seed(owner)
    document = json.loads(owner.client.get(url(app, "portability.export_json")).data)
    assert all(document[name] for name in ("parts", "checkins", "practice_sessions",
                                           "breathing_sessions", "measure_results"))
    answers: list[int] = []
    accepted: list[bytes] = []

    def post(person: Person, path: str, data: dict, fragment: bool):
        response = person.post(path, data, headers={"HX-Request": "true"} if fragment else {})
        answers.append(response.status_code)
        assert response.status_code < 500, (path, data, response.status_code)
        return response

    exports = changed_exports(document)

    @settings(FUZZ, max_examples=EXAMPLES * 2)
    @given(body=st.one_of(exports, exports, daylio_files(), st.binary(max_size=200)),
           name=st.sampled_from(["export.json", "daylio.csv", "x", ""]),
           mapping=MAPPINGS, fragment=st.booleans(), zone=st.sampled_from(ZONES))
    def fuzz(body, name, mapping, fragment, zone):
        person = Person(app, f"i{uuid.uuid4().hex[:12]}", timezone=zone)
        response = post(person, url(app, "portability.import_file"), upload(body, name),
                        fragment)
        html = response.get_data(as_text=True)
        if SEALED in html:  # a Daylio preview: confirm it, with whatever mapping was drawn
            sealed = html.split(SEALED, 1)[1].split('"', 1)[0]
            valid = {f"mood-{n}": "5" for n in range(6)}
            response = post(person, url(app, "portability.import_daylio"),
                            {"sealed": sealed, **valid, **mapping}, fragment)
        elif confirm := CONFIRM.search(html):  # a restore's preview: bring that file in
            response = post(person, url(app, "portability.import_file"),
                            {**upload(body, name), "confirm": confirm.group(1)}, fragment)
        if response.status_code == 303 or "HX-Redirect" in response.headers:
            accepted.append(body)
            every_page_opens(person, body)

    fuzz()
    # Some files came in, some were previewed, some were refused.
    assert {200, 303, 422} <= set(answers), sorted(set(answers))
    assert accepted, "no fuzzed file was accepted, so no page was opened after one"


def test_no_accepted_export_breaks_a_page(app):
    """Changed exports only, each into a new account: whatever is accepted must show."""
    owner = Person(app, "exporter", timezone="Asia/Tokyo")
    seed(owner)
    document = json.loads(owner.client.get(url(app, "portability.export_json")).data)
    answers: list[int] = []

    @settings(FUZZ, max_examples=EXAMPLES * 3)
    @given(body=changed_exports(document), zone=st.sampled_from(ZONES))
    def fuzz(body, zone):
        person = Person(app, f"i{uuid.uuid4().hex[:12]}", timezone=zone)
        response = person.post(url(app, "portability.import_file"), upload(body, "export.json"))
        if confirm := CONFIRM.search(response.get_data(as_text=True)):  # its preview: confirm
            response = person.post(url(app, "portability.import_file"),
                                   {**upload(body, "export.json"), "confirm": confirm.group(1)})
        answers.append(response.status_code)
        assert response.status_code < 500, (body, response.status_code)
        if response.status_code == 303:
            every_page_opens(person, body)

    fuzz()
    assert {303, 422} <= set(answers), sorted(set(answers))


def every_page_opens(person: Person, body: bytes) -> None:
    """After an accepted file, no page of the person (nor a download) may answer 5xx."""
    for path in signed_in_pages(person.app, person.username):
        status = person.client.get(path).status_code
        assert status < 500, (path, status, body.decode("utf-8", "replace")[:3000])


NEAR = st.dates(date(2025, 1, 1), date(2025, 12, 31)).map(str)
DAYS = st.one_of(NEAR, NEAR, NEAR, NEAR, st.dates().map(str), VALUES)
SUMMARY_QUERIES = st.tuples(
    st.tuples(st.just("start"), DAYS).map(lambda pair: [pair]),
    st.lists(st.tuples(st.just("end"), DAYS), min_size=1, max_size=2),
    st.lists(st.tuples(st.just("include"), st.one_of(
        st.sampled_from(["trend", "parts", "practices", "measures"]), VALUES)),
        min_size=1, max_size=5),
    st.lists(st.tuples(st.just("practices"), st.one_of(
        st.sampled_from(["get-to-know-a-protector", "witnessing-an-exile"]), VALUES)),
        max_size=3),
).map(lambda parts: [pair for part in parts for pair in part])


def test_no_summary_request_fails(app):
    """The summary is a GET form: its dates, sections and practices come from the address."""
    owner = Person(app, "summariser", timezone="Pacific/Kiritimati")
    seed(owner)
    answers: list[int] = []

    @settings(FUZZ, max_examples=EXAMPLES * 2)
    @given(query=SUMMARY_QUERIES, fragment=st.booleans())
    def fuzz(query, fragment):
        response = owner.client.get(url(app, "portability.summary_page"), query_string=query,
                                    headers={"HX-Request": "true"} if fragment else {})
        answers.append(response.status_code)
        assert response.status_code < 500, (query, response.status_code)

    fuzz()
    assert {200, 422} <= set(answers), sorted(set(answers))
