"""Property-based fuzzing of what an import reads: the file itself, not just the form around it.

test_fuzz_forms.py varies the upload's form fields; here hypothesis varies the contents. A real
export of a person with one record of every kind has one value swapped for arbitrary JSON (any
key of any record, the settings, the top level), or its text cut short; a Daylio CSV gets odd
cells, quotes, extra columns and undecodable bytes, and every preview that comes back is
confirmed with a mood mapping that may be nonsense. No file may earn a 5xx.
"""

from __future__ import annotations

import json
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from .registry import DAYLIO_HEADER, Person, seed, upload, url
from .test_fuzz_forms import EXAMPLES, FUZZ, NASTY, VALUES

SEALED = 'name="sealed" value="'
JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70),
              st.floats(allow_nan=False), VALUES),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=6,
)


@st.composite
def changed_exports(draw, document: dict) -> bytes:
    """The export with one value replaced (or removed), maybe cut short or re-encoded."""
    copy = json.loads(json.dumps(document))
    places = [(copy, key) for key in copy] + [(copy["user"], key) for key in copy["user"]]
    for name, records in document.items():
        if isinstance(records, list):
            places += [(copy[name][i], key) for i, record in enumerate(records) for key in record]
    if copy.get("safety_plan"):
        places += [(copy["safety_plan"], key) for key in copy["safety_plan"]]
    for _ in range(draw(st.integers(1, 2))):
        holder, key = draw(st.sampled_from(places))
        if draw(st.integers(0, 5)) == 0:
            holder.pop(key, None)
        else:  # text (often still valid: names, notes, answers) or any JSON at all
            holder[key] = draw(st.one_of(VALUES, JSON_VALUES))
    body = json.dumps(copy, ensure_ascii=draw(st.booleans())).encode()
    if draw(st.integers(0, 9)) == 0:
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

    def post(path: str, data: dict, fragment: bool):
        response = owner.post(path, data, headers={"HX-Request": "true"} if fragment else {})
        answers.append(response.status_code)
        assert response.status_code < 500, (path, data, response.status_code)
        return response

    @settings(FUZZ, max_examples=EXAMPLES * 2)
    @given(body=st.one_of(changed_exports(document), daylio_files(), st.binary(max_size=200)),
           name=st.sampled_from(["export.json", "daylio.csv", "x", ""]),
           mapping=MAPPINGS, fragment=st.booleans())
    def fuzz(body, name, mapping, fragment):
        response = post(url(app, "portability.import_file"), upload(body, name), fragment)
        html = response.get_data(as_text=True)
        if SEALED in html:  # a Daylio preview: confirm it, with whatever mapping was drawn
            sealed = html.split(SEALED, 1)[1].split('"', 1)[0]
            valid = {f"mood-{n}": "5" for n in range(6)}
            post(url(app, "portability.import_daylio"), {"sealed": sealed, **valid, **mapping},
                 fragment)

    fuzz()
    # Some files came in, some were previewed, some were refused.
    assert {200, 303, 422} <= set(answers), sorted(set(answers))


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
