"""The pure scoring function of travel matching (travel.matching)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from travel.matching import (
    budget_part,
    dates_part,
    destination_part,
    interests_part,
    match_score,
    normalise_destination,
    parse_interests,
    plan_facts,
)


def facts(**overrides):
    base = {"destination": "云南", "start_date": date(2030, 10, 1), "end_date": date(2030, 10, 7),
            "budget": Decimal("5000"), "interests": "徒步,摄影"}
    return plan_facts(**{**base, **overrides})


def test_identical_plans_score_one():
    assert match_score(facts(), facts()) == 1.0


def test_identical_plans_without_interests_score_one():
    assert match_score(facts(interests=""), facts(interests="")) == 1.0


def test_no_date_overlap_gives_a_zero_date_part():
    assert dates_part(date(2030, 10, 1), date(2030, 10, 7), date(2030, 10, 8), date(2030, 10, 9)) == 0.0
    far = match_score(facts(), facts(start_date=date(2031, 1, 1), end_date=date(2031, 1, 2)))
    assert far == pytest.approx(1 - 0.30)


def test_touching_ranges_share_one_day():
    assert dates_part(date(2030, 10, 1), date(2030, 10, 7), date(2030, 10, 7), date(2030, 10, 13)) == pytest.approx(1 / 13)


def test_dates_part_is_overlap_over_union():
    # seed example: 10-01..10-07 vs 10-02..10-08 → 6 shared days of 8
    assert dates_part(date(2023, 10, 1), date(2023, 10, 7), date(2023, 10, 2), date(2023, 10, 8)) == 6 / 8


def test_budget_part_edges():
    assert budget_part(Decimal("0"), Decimal("0")) == 1.0
    assert budget_part(Decimal("0"), Decimal("100")) == 0.0
    assert budget_part(Decimal("4500"), Decimal("5000")) == 0.9


def test_interests_part_edges():
    assert interests_part(frozenset(), frozenset()) == 1.0
    assert interests_part(parse_interests("徒步"), frozenset()) == 0.0
    assert interests_part(parse_interests("徒步,摄影"), parse_interests("徒步，美食")) == pytest.approx(1 / 3)
    assert parse_interests(" 徒步 , 摄影、美食,,") == {"徒步", "摄影", "美食"}


def test_destination_part_normalises_and_rewards_containment():
    assert normalise_destination(" Da Li ") == "dali"
    assert destination_part("dali", "dali") == 1.0
    assert destination_part(normalise_destination("云南"), normalise_destination("云南大理")) == 0.5
    assert destination_part("beijing", "shanghai") == 0.0
    assert destination_part("", "") == 0.0


def test_score_is_symmetric_and_bounded():
    a = facts()
    b = facts(destination="云南大理", start_date=date(2030, 10, 3), budget=Decimal("3000"), interests="美食")
    assert match_score(a, b) == match_score(b, a)
    assert 0.0 <= match_score(a, b) <= 1.0


def test_completely_different_plans_score_zero():
    b = facts(destination="北京", start_date=date(2031, 1, 1), end_date=date(2031, 1, 2), budget=Decimal("0"),
              interests="购物")
    assert match_score(facts(), b) == 0.0


def test_the_fast_scorer_gives_exactly_match_score():
    import random

    from travel.matching import Scorer

    rng = random.Random(4)
    probe = facts()
    scorer = Scorer(probe)
    for _ in range(500):
        start = date(2030, 9, 20) + timedelta(days=rng.randint(0, 20))
        raw = {"destination": rng.choice(["云南", "云南大理", "北京", " 云 南 ", ""]), "start_date": start,
               "end_date": start + timedelta(days=rng.randint(0, 10)),
               "budget": Decimal(rng.choice([0, 1, 4500, 5000, 9999])),
               "interests": rng.choice(["徒步,摄影", "美食", "", "摄影，徒步", "露营、徒步"])}
        assert scorer.score(**raw) == match_score(probe, plan_facts(**raw)), raw
