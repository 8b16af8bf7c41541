"""Tests for eventwire.pipeline.dates: date expressions resolved against the publication date."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from eventwire.pipeline.dates import counts_from_another, is_date_text, resolve_date, resolve_from
from eventwire.records import EventDate

TUE = date(2022, 10, 11)  # the seed article's publication day, a Tuesday
SUN = date(2022, 10, 16)
MON = date(2022, 10, 17)
SAT_OCT_1 = date(2022, 10, 1)  # a Saturday, first of the month
MON_JAN_2 = date(2023, 1, 2)  # a Monday, first weekday of the year
SAT_DEC_31 = date(2022, 12, 31)

CASES = [
    # weekdays by tense (publication Tuesday 2022-10-11)
    ("on Thursday", TUE, "future", "2022-10-13", "day"),
    ("Thursday", TUE, "past", "2022-10-06", "day"),
    ("on Thursday", TUE, "present", "2022-10-13", "day"),
    ("early on Monday", TUE, "past", "2022-10-10", "day"),
    ("on Monday", TUE, "past", "2022-10-10", "day"),
    ("Monday", TUE, "future", "2022-10-17", "day"),
    ("on Saturday", TUE, "present", "2022-10-08", "day"),
    ("on Wednesday", TUE, "future", "2022-10-12", "day"),
    # the publication weekday is the publication day, whatever the tense
    ("on Tuesday", TUE, "past", "2022-10-11", "day"),
    ("On Tuesday", TUE, "future", "2022-10-11", "day"),
    ("Tuesday", TUE, "present", "2022-10-11", "day"),
    ("next Tuesday", TUE, "future", "2022-10-18", "day"),
    ("last Tuesday", TUE, "past", "2022-10-04", "day"),
    # "next" and "last" skip the day next to publication as they skip publication's own
    ("next Wednesday", TUE, "future", "2022-10-19", "day"),
    ("next Wednesday", date(2022, 10, 12), "future", "2022-10-19", "day"),
    ("next Thursday", TUE, "future", "2022-10-13", "day"),
    ("last Monday", TUE, "past", "2022-10-03", "day"),
    ("last Sunday", TUE, "past", "2022-10-09", "day"),
    ("last Thursday", SUN, "past", "2022-10-13", "day"),
    ("this past Sunday", TUE, "past", "2022-10-09", "day"),
    # parts of the day, times, abbreviations
    ("on Tuesday night", TUE, "past", "2022-10-11", "day"),
    ("Tuesday morning", TUE, "future", "2022-10-11", "day"),
    ("late Monday", TUE, "past", "2022-10-10", "day"),
    ("at 10 a.m. on Friday", TUE, "future", "2022-10-14", "day"),
    ("Thurs.", TUE, "future", "2022-10-13", "day"),
    # possessive weekdays: past unless the verb is future
    ("Monday's", TUE, "present", "2022-10-10", "day"),
    ("Monday\u2019s", TUE, "past", "2022-10-10", "day"),
    ("Monday's", TUE, "future", "2022-10-17", "day"),
    ("Friday's", TUE, "present", "2022-10-07", "day"),
    # Sunday / Monday wrap
    ("on Monday", SUN, "past", "2022-10-10", "day"),
    ("on Monday", SUN, "future", "2022-10-17", "day"),
    ("Saturday", SUN, "present", "2022-10-15", "day"),
    ("on Sunday", MON, "past", "2022-10-16", "day"),
    ("on Sunday", MON, "future", "2022-10-23", "day"),
    # month and year boundaries
    ("Thursday", SAT_OCT_1, "past", "2022-09-29", "day"),
    ("yesterday", SAT_OCT_1, "past", "2022-09-30", "day"),
    ("last week", SAT_OCT_1, "past", "2022-09", "month"),
    ("this week", SAT_OCT_1, "present", "2022", "year"),
    ("on Friday", MON_JAN_2, "past", "2022-12-30", "day"),
    ("last week", MON_JAN_2, "past", None, "none"),
    # the first or last days of a week: Monday to Wednesday, Thursday to Sunday (last week of
    # Monday 2 January 2023 ran from 26 December to 1 January)
    ("early last week", MON_JAN_2, "past", "2022-12", "month"),
    ("late last week", MON_JAN_2, "past", None, "none"),
    ("the end of last week", MON_JAN_2, "past", None, "none"),
    ("late last week", date(2020, 1, 7), "past", "2020-01", "month"),
    ("the end of last week", date(2020, 1, 7), "past", "2020-01", "month"),
    ("early last week", date(2020, 1, 7), "past", None, "none"),
    ("early in the week", SAT_OCT_1, "past", "2022-09", "month"),
    ("late in the week", SAT_OCT_1, "past", "2022", "year"),
    ("all week", SAT_OCT_1, "present", "2022", "year"),
    ("all week", TUE, "past", "2022-10", "month"),
    ("all day", TUE, "past", "2022-10-11", "day"),
    ("this week", MON_JAN_2, "present", "2023-01", "month"),
    ("the weekend", MON_JAN_2, "past", None, "none"),
    ("last month", MON_JAN_2, "past", "2022-12", "month"),
    ("last year", MON_JAN_2, "past", "2022", "year"),
    ("on December 30", MON_JAN_2, "past", "2022-12-30", "day"),
    ("tomorrow", SAT_DEC_31, "future", "2023-01-01", "day"),
    ("next week", SAT_DEC_31, "future", "2023-01", "month"),
    ("January 3", SAT_DEC_31, "future", "2023-01-03", "day"),
    ("January 3", SAT_DEC_31, "past", "2022-01-03", "day"),
    # relative months, weeks, years
    ("last month", TUE, "past", "2022-09", "month"),
    ("this month", TUE, "present", "2022-10", "month"),
    ("earlier this month", TUE, "past", "2022-10", "month"),
    ("next month", TUE, "future", "2022-11", "month"),
    ("the end of the month", TUE, "future", "2022-10", "month"),
    ("last week", TUE, "past", "2022-10", "month"),
    ("next week", TUE, "future", "2022-10", "month"),
    ("earlier this week", date(2022, 6, 1), "past", "2022-05", "month"),
    ("over the weekend", TUE, "past", "2022-10", "month"),
    ("this weekend", date(2022, 4, 28), "future", "2022", "year"),
    ("later this week", date(2022, 4, 28), "future", "2022", "year"),
    ("earlier this week", date(2022, 4, 28), "past", "2022-04", "month"),
    # "this week" by the verb's tense: done by the day of publication, or still to come
    ("this week", date(2016, 12, 30), "past", "2016-12", "month"),
    ("this week", date(2016, 12, 30), "future", None, "none"),
    ("this week", date(2022, 4, 28), "past", "2022-04", "month"),
    ("this week", date(2022, 4, 28), "future", "2022", "year"),
    ("last year", TUE, "past", "2021", "year"),
    ("late last year", TUE, "past", "2021", "year"),
    ("next year", TUE, "future", "2023", "year"),
    # month names by tense
    ("in June", TUE, "past", "2022-06", "month"),
    ("for June", TUE, "future", "2023-06", "month"),
    ("mid-June", TUE, "future", "2023-06", "month"),
    ("in October", TUE, "future", "2022-10", "month"),
    ("in October", TUE, "past", "2022-10", "month"),
    ("in December", TUE, "present", "2022-12", "month"),
    ("in August", TUE, "present", "2022-08", "month"),
    ("in April", TUE, "present", "2022-04", "month"),
    ("last October", TUE, "past", "2021-10", "month"),
    ("next October", TUE, "future", "2023-10", "month"),
    # explicit dates with and without a year
    ("on 12 March", TUE, "past", "2022-03-12", "day"),
    ("on 12 March", TUE, "future", "2023-03-12", "day"),
    ("March 12, 2022", TUE, "future", "2022-03-12", "day"),
    ("12th of March 2021", TUE, "past", "2021-03-12", "day"),
    ("the 12th of October", TUE, "past", "2021-10-12", "day"),
    ("Oct. 13", TUE, "future", "2022-10-13", "day"),
    ("Tuesday, Oct. 11, 2022", TUE, "past", "2022-10-11", "day"),
    ("2022-10-10", TUE, "past", "2022-10-10", "day"),
    ("13/10/2022", TUE, "past", "2022-10-13", "day"),
    ("10/11/2022", TUE, "past", "2022", "year"),
    ("Feb 29", TUE, "past", "2020-02-29", "day"),
    ("this March 26, 2019", TUE, "past", "2019-03-26", "day"),
    ("Saturday, December 16", date(2023, 12, 18), "past", "2023-12-16", "day"),
    ("Saturday, December 16", date(2023, 1, 5), "past", "2023-12-16", "day"),
    ("Friday, December 16", date(2023, 1, 5), "future", "2022-12-16", "day"),
    ("December 16", date(2023, 1, 5), "future", "2023-12-16", "day"),
    ("3759", TUE, "past", None, "none"),
    ("between the late 1890s and 1920", TUE, "past", None, "none"),
    ("March 16, 2020\n\nJust ten days ago", TUE, "past", "2020-03-16", "day"),
    ("June 2021", TUE, "past", "2021-06", "month"),
    ("in 2021", TUE, "past", "2021", "year"),
    ("the first quarter of 2022", TUE, "past", "2022", "year"),
    ("10-12 October", TUE, "present", "2022-10", "month"),
    ("30 December to 2 January", TUE, "future", None, "none"),
    ("from Monday to Wednesday", TUE, "past", "2022-10", "month"),
    # days and offsets
    ("yesterday", TUE, "past", "2022-10-10", "day"),
    ("today", TUE, "present", "2022-10-11", "day"),
    ("tonight", TUE, "future", "2022-10-11", "day"),
    ("last night", TUE, "past", "2022-10-10", "day"),
    ("tomorrow", TUE, "future", "2022-10-12", "day"),
    ("the day before yesterday", TUE, "past", "2022-10-09", "day"),
    ("two days ago", TUE, "past", "2022-10-09", "day"),
    ("three months ago", TUE, "past", "2022-07", "month"),
    ("a year ago", TUE, "past", "2021", "year"),
    ("two weeks ago", TUE, "past", "2022", "year"),
    # an approximate count reads as the count, at the precision reported
    ("nearly two days ago", TUE, "past", "2022-10-09", "day"),
    ("less than three months ago", TUE, "past", "2022-07", "month"),
    ("at least two days ago", TUE, "past", "2022-10-09", "day"),
    ("some three months ago", TUE, "past", "2022-07", "month"),
    ("almost a year ago", TUE, "past", "2021", "year"),
    ("some time last year", TUE, "past", "2021", "year"),
    ("more than a year", TUE, "past", None, "none"),          # a duration, no date
    # "the past weekend" is the last one, where "the past week" is the seven days to today
    ("over the past weekend", TUE, "past", "2022-10", "month"),
    ("in three days", TUE, "future", "2022-10-14", "day"),
    ("in two weeks' time", TUE, "future", "2022-10", "month"),
    ("in three days", TUE, "past", None, "none"),
    # vague: durations, open ranges, dates relative to another event
    ("weeks", TUE, "past", None, "none"),
    ("recently", TUE, "past", None, "none"),
    ("for years", TUE, "present", None, "none"),
    ("for three days", TUE, "past", None, "none"),
    ("since the start of the war", TUE, "present", None, "none"),
    ("until Friday", TUE, "future", None, "none"),
    ("before the vote", TUE, "future", None, "none"),
    ("the past week", TUE, "past", None, "none"),
    ("in recent weeks", TUE, "past", None, "none"),
    ("the next day", TUE, "past", None, "none"),
    ("three days later", TUE, "past", None, "none"),
    ("the 1990s", TUE, "past", None, "none"),
    ("2021-22", TUE, "past", None, "none"),
    ("overnight", TUE, "past", None, "none"),
    # "since", "by" and "into" name their date, as the corpus's annotators read them; what
    # goes on "since" a date began before publication, whatever the verb's tense
    ("since June", TUE, "past", "2022-06", "month"),
    ("since June", TUE, "present", "2022-06", "month"),
    ("since Friday night", TUE, "present", "2022-10-07", "day"),
    ("into Wednesday", TUE, "past", "2022-10-05", "day"),
    ("by Friday", TUE, "future", "2022-10-14", "day"),
    ("by the end of the year", TUE, "future", "2022", "year"),
    # words before a date that leave it as it is: a preposition the parser attaches
    # ("as recently as last spring", "including last November"), "just", "so far", "back"
    ("as recently as last spring", date(2014, 12, 16), "past", "2014", "year"),
    ("as last spring", date(2014, 12, 16), "past", "2014", "year"),
    ("including last November", date(2015, 10, 11), "past", "2014-11", "month"),
    ("so far this year", TUE, "present", "2022", "year"),
    ("just this weekend", TUE, "past", "2022-10", "month"),
    ("back in June", TUE, "past", "2022-06", "month"),
    ("as of Friday", TUE, "past", None, "none"),
    # the day of the story
    ("earlier in the day", TUE, "past", "2022-10-11", "day"),
    ("later in the day", TUE, "future", "2022-10-11", "day"),
    # seasons (meteorological, northern hemisphere) give their year; winter spans two
    ("this summer", TUE, "past", "2022", "year"),
    ("last summer", date(2015, 3, 25), "past", "2014", "year"),
    ("last summer", date(2015, 10, 5), "past", "2015", "year"),
    ("next spring", date(2015, 3, 25), "future", "2016", "year"),
    ("in the spring", date(2015, 3, 25), "past", "2015", "year"),
    ("in the fall", date(2015, 3, 25), "past", "2014", "year"),
    ("in the autumn", date(2015, 3, 25), "future", "2015", "year"),
    ("the summer of 2013", TUE, "past", "2013", "year"),
    ("last winter", TUE, "past", None, "none"),
    ("last summer", None, "past", None, "none"),
    # a day, a month or a season of the year before, of or after publication, whatever the
    # tense; two months of one year give the year
    ("on 5 July this year", TUE, "past", "2022-07-05", "day"),
    ("on 21 December last year", TUE, "past", "2021-12-21", "day"),
    ("in March last year", TUE, "future", "2021-03", "month"),
    ("in September of next year", TUE, "past", "2023-09", "month"),
    ("In February and March of this year", TUE, "past", "2022", "year"),
    ("the summer of last year", TUE, "past", "2021", "year"),
    ("in March last year", None, "past", None, "none"),
    ("Monday this year", TUE, "past", None, "none"),
    # no publication date: relative gives nothing, an explicit year still resolves
    ("on Thursday", None, "future", None, "none"),
    ("last month", None, "past", None, "none"),
    ("in June", None, "past", None, "none"),
    ("on 12 March", None, "past", None, "none"),
    ("yesterday", None, "past", None, "none"),
    ("March 12, 2022", None, "past", "2022-03-12", "day"),
    ("June 2021", None, "past", "2021-06", "month"),
    ("in 2021", None, "past", "2021", "year"),
]


@pytest.mark.parametrize(("text", "published", "tense", "value", "precision"), CASES)
def test_resolve_date(text, published, tense, value, precision):
    assert resolve_date(text, published, tense) == EventDate(value, precision, text)


def test_table_is_large_enough():
    assert len(CASES) >= 50


WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@pytest.mark.parametrize("offset", range(7))
@pytest.mark.parametrize("tense", ["past", "present", "future"])
def test_weekday_lands_on_that_weekday_within_a_week(offset, tense):
    published = TUE + timedelta(days=offset)
    for number, name in enumerate(WEEKDAY_NAMES):
        got = date.fromisoformat(resolve_date(f"on {name}", published, tense).value)
        assert got.weekday() == number
        delta = (got - published).days
        if number == published.weekday():
            assert delta == 0
        elif tense == "past":
            assert -6 <= delta < 0
        elif tense == "future":
            assert 0 < delta <= 6
        else:
            assert 1 <= abs(delta) <= 3


@pytest.mark.parametrize("month", range(1, 13))
@pytest.mark.parametrize("tense", ["past", "future"])
def test_month_name_lies_on_the_side_of_its_tense(month, tense):
    name = date(2000, month, 1).strftime("%B")
    for published in (date(2022, 1, 15), date(2022, 6, 15), date(2022, 12, 15)):
        result = resolve_date(f"in {name}", published, tense)
        assert result.precision == "month"
        year, got = map(int, result.value.split("-"))
        assert got == month
        months = (year - published.year) * 12 + month - published.month
        assert (-11 <= months <= 0) if tense == "past" else (0 <= months <= 11)


@pytest.mark.parametrize("text", [
    "March 12, 2022", "12 March 2022", "Oct. 3, 2021", "3rd October 2021", "2020-02-29",
    "Tuesday, 11 October 2022", "September 30, 2019", "on 1 January 2000",
])
def test_explicit_dates_agree_with_dateparser(text):
    dateparser = pytest.importorskip("dateparser")
    settings = {"RELATIVE_BASE": datetime(2022, 10, 11), "RETURN_AS_TIMEZONE_AWARE": False}
    expected = dateparser.parse(text.removeprefix("on "), languages=["en"], settings=settings)
    assert expected is not None
    assert resolve_date(text, TUE, "past") == EventDate(expected.date().isoformat(), "day", text)


def test_text_is_kept_stripped_and_empty_text_gives_nothing():
    assert resolve_date("  last month ", TUE, "past").text == "last month"
    assert resolve_date("", TUE, "past") == EventDate(None, "none", None)


def test_unknown_tense_is_refused():
    with pytest.raises(ValueError, match="tense"):
        resolve_date("on Thursday", TUE, "pluperfect")  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "expected"), [
    ("on Thursday", True), ("Monday's", True), ("last month", True), ("in three days", True),
    ("2021", True), ("the weekend", True), ("March 12", True), ("early next week", True),
    ("weeks", False), ("the past", False), ("recently", False), ("since June", True),
    ("until Friday", False), ("for three days", False), ("", False), ("the 1990s", False),
    ("Feb 30", False), ("a year", False), ("the same day", False), ("last summer", True),
    ("summers", False),
])
def test_is_date_text(text, expected):
    assert is_date_text(text) is expected


THU_DEC_26 = EventDate("2013-12-26", "day", "On Thursday")
IN_MARCH = EventDate("2015-03", "month", "in March")
IN_2015 = EventDate("2015", "year", "in 2015")


@pytest.mark.parametrize(("text", "values"), [
    # counted from a day, a month, a year: never finer than the date counted from
    ("Two days earlier", ("2013-12-24", "2015-03", "2015")),
    ("exactly one day later", ("2013-12-27", "2015-03", "2015")),
    ("three days after", ("2013-12-29", "2015-03", "2015")),
    ("a day before", ("2013-12-25", "2015-03", "2015")),
    ("The next day", ("2013-12-27", "2015-03", "2015")),
    ("the previous night's", ("2013-12-25", "2015-03", "2015")),
    ("the following morning", ("2013-12-27", "2015-03", "2015")),
    ("On the very same day", ("2013-12-26", "2015-03", "2015")),
    ("later that day", ("2013-12-26", "2015-03", "2015")),
    ("that night", ("2013-12-26", "2015-03", "2015")),
    ("later that month", ("2013-12", "2015-03", None)),
    ("that year", ("2013", "2015", "2015")),
    # ten days from a month may be the next month; a week or a year from now is no anaphor
    ("Ten days later", ("2014-01-05", None, None)),
    ("The day", (None, None, None)),
    ("last week", (None, None, None)),
    ("the day before yesterday", (None, None, None)),
])
def test_resolve_from_counts_from_the_other_events_date(text, values):
    got = tuple(resolve_from(text, anchor) for anchor in (THU_DEC_26, IN_MARCH, IN_2015))
    assert tuple(d.value for d in got) == values
    assert all(d.text == text for d in got)
    assert all((d.precision == "none") == (d.value is None) for d in got)
    assert counts_from_another(text) is (values[0] is not None)


def test_resolve_from_needs_a_dated_anchor():
    assert resolve_from("two days later", EventDate()) == EventDate(None, "none",
                                                                    "two days later")


SEED = "../shared/seed/article.txt"


def test_seed_article_dates():
    """The date words of the seed article, with the tense of their event verbs."""
    from pathlib import Path

    seed = Path(__file__).resolve().parents[1] / SEED
    if not seed.exists():
        pytest.skip(f"{SEED} is not present")
    text = seed.read_text(encoding="utf-8")
    expected = [
        ("on Thursday", "future", "2022-10-13"), ("on Tuesday", "past", "2022-10-11"),
        ("on Wednesday", "future", "2022-10-12"), ("Monday\u2019s", "present", "2022-10-10"),
        ("on Monday", "past", "2022-10-10"), ("last month", "past", "2022-09"),
        ("June", "future", "2023-06"),
    ]
    for words, tense, value in expected:
        assert words in text
        assert resolve_date(words, TUE, tense).value == value
    for vague in ("since the start of Russia\u2019s invasion of Ukraine", "weeks", "the past"):
        assert vague in text
        assert resolve_date(vague, TUE, "past").value is None
