"""Where values sit in an uploaded JSON text, so an import problem can name its line."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from ifs_pwa.portability.restore import Places, offsets

TRICKY = """{"a" :
  [ 1 ,{"b":"x,]}\\"[{" ,
  "c" : [ ] , "d":{}},
  "tail"
 ], "e": {"f": [[1, 2], {"g": [3]}]}
}"""


def test_every_value_is_found_where_it_begins():
    found = offsets(TRICKY)
    assert TRICKY[found[("a",)]] == "["
    assert TRICKY[found[("a", 0)]] == "1"
    assert TRICKY[found[("a", 1, "b")]:].startswith('"x,]}')
    assert TRICKY[found[("a", 1, "c")]:].startswith("[ ]")
    assert TRICKY[found[("a", 1, "d")]:].startswith("{}")
    assert TRICKY[found[("a", 2)]:].startswith('"tail"')
    assert TRICKY[found[("e", "f", 1)]:].startswith('{"g"')
    # Four levels down (a record's field's items) and no further: deeper values are read whole.
    assert TRICKY[found[("e", "f", 1, "g")]:].startswith("[3]")
    assert max(map(len, found)) == 4 and ("e", "f", 1, "g", 0) not in found


def test_a_missing_value_is_named_by_the_nearest_one_holding_it():
    places = Places(TRICKY)
    assert places.line("a", 2) == 4
    assert places.line("a", 1, "c") == 3
    assert places.line("a", 1, "nowhere", 7) == 2  # the record that lacks it
    assert places.line("no such key") == 1


JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=5)),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.text(max_size=4), inner, max_size=3)),
    max_leaves=12,
)


# 60 documents are enough: in trial runs of 60, each run held values four levels down (where
# `offsets` stops) 6-9 times, and empty objects, empty lists and escaped text 9-24 times each,
# in all four layouts. 200 cost several seconds of every run and reached nothing more.
@settings(max_examples=60, deadline=None)
@given(document=JSON, indent=st.sampled_from([None, 0, 1, 3]))
def test_each_found_value_reads_back_as_itself(document, indent):
    """Whatever the layout, decoding from each offset gives the value at that path."""
    text = json.dumps({"top": document}, indent=indent)
    decoder = json.JSONDecoder()
    for path, at in offsets(text).items():
        value = {"top": document}
        for key in path:
            value = value[key]
        assert decoder.raw_decode(text, at)[0] == value, (path, text)
