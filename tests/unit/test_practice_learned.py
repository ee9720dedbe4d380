"""What a practice may keep on a part's page: the choices offered and what each one writes."""

from datetime import date

from ifs_pwa.parts.models import Part
from ifs_pwa.practices.learned import ADD, REPLACE, SKIP, Proposal, keep

DAY = date(2026, 3, 29)


def test_an_empty_field_offers_keep_or_leave_and_a_status_never_adds():
    assert Proposal("fears", "", "Being left", DAY).choices == (REPLACE, SKIP)
    assert Proposal("status", "noticed", "getting_to_know", DAY).choices == (REPLACE, SKIP)
    full = Proposal("fears", "Being a burden", "Being left", DAY)
    assert full.choices == (REPLACE, ADD, SKIP) and full.suggested == ADD


def test_a_choice_that_would_not_fit_the_parts_page_is_not_offered():
    near_full = Proposal("body_location", "x" * 190, "in my chest", DAY)
    assert near_full.choices == (REPLACE, SKIP) and near_full.suggested == REPLACE
    too_long = Proposal("fears", "", "y" * 2001, DAY)
    assert too_long.choices == (SKIP,)


def test_add_dates_the_new_words_replace_takes_them_and_leave_changes_nothing():
    part = Part(name="The Heavy One", fears="Being a burden", needs="Rest", job="Guarding")
    found = [Proposal("fears", "Being a burden", "Being left", DAY),
             Proposal("needs", "Rest", "Comfort", DAY),
             Proposal("job", "Guarding", "Keeping me small", DAY)]
    changed = keep(part, found, {"fears": ADD, "needs": REPLACE, "job": SKIP})
    assert changed == ["fears", "needs"]
    assert part.fears == "Being a burden\n\n29 Mar 2026: Being left"
    assert part.needs == "Comfort" and part.job == "Guarding"
