"""Cleaning: navigation lines, character normalisation, paragraphs and their spans."""

from __future__ import annotations

import html
import re
import time
from pathlib import Path

import pytest

from eventwire.pipeline.clean import (
    PARAGRAPH_SEP,
    Cleaner,
    caption_spans,
    clean,
    default_cleaner,
    heading_spans,
    highlight_spans,
    in_spans,
    inline_cards,
    load_cleaner,
    normalize_line,
)
from eventwire.errors import DataError
from eventwire.readers import article_from_text
from eventwire.records import Document

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PROSE = "Ministers from both countries met in Ankara on Monday to discuss the grain corridor."


def cleaned(text: str, title: str | None = None) -> Document:
    return clean(article_from_text(text, doc_id="t", title=title))


def assert_spans_consistent(doc: Document) -> None:
    paragraphs = [doc.text[s:e] for s, e in doc.paragraphs]
    assert PARAGRAPH_SEP.join(paragraphs) == doc.text
    for (_, end), (start, _) in zip(doc.paragraphs, doc.paragraphs[1:]):
        assert doc.text[end:start] == PARAGRAPH_SEP
    for p in paragraphs:
        assert p and p == p.strip() and "\n" not in p


# ---- navigation lines -------------------------------------------------------------------------

DROPPED = [
    "• Also read: Storm damage closes the port for a week",
    "Read more: Election results by region",
    "READ MORE »",
    "Read also - The budget vote explained",
    "See also: Timeline of the negotiations",
    "Related: Opposition leader released on bail",
    "Related articles",
    "Click here to subscribe to our newsletter",
    "Share this article",
    "Share on WhatsApp",
    "Facebook Twitter Email",
    "Follow us on Telegram",
    "Subscribe now to keep reading",
    "Sign up for our weekly briefing.",
    "ADVERTISEMENT",
    "Story continues below advertisement",
    "Photo: AFP",
    "Photograph: Jane Roe/Reuters",
    "(Photo by John Smith/AFP via Getty Images)",
    "© Reuters",
    "Copyright 2022 The Example Press. All rights reserved.",
    "Image caption, Protesters outside the parliament building",
    "By Jane Roe | 11 October 2022",
    "By JOHN SMITH and Ana de la Cruz, Reuters",
    "Updated: 11 October 2022 14:05 GMT",
    "Tue 11 Oct 2022 14.05 BST",
    "Image 4 of 9",
    "Listen to this article",
    "WATCH: The moment the bridge collapsed",
    "You may also like",
    "Tags: Ukraine, Turkey, diplomacy",
    "The post Leaders meet in Prague appeared first on Example Daily.",
    "[Continue reading]",
    "Story Continued Below",
    "Sign up for Daily Newsletters Manage Newsletters",
    "Reporting by Jane Roe; Editing by John Doe",
    "Slideshow (3 Images)",
    "* * *",
    "5 hours ago",
]

KEPT = [
    "Read more carefully, the statement suggests the talks have stalled.",
    "Related talks are expected in Doha next week.",
    "See also the foreign ministry's statement of Friday, he said.",
    "Share prices in Moscow fell after the sanctions were announced.",
    "Follow-up talks are planned for November, the ministry said.",
    "Subscribers to the state broadcaster were told to expect cuts.",
    "Photos by activists showed smoke rising over the city centre.",
    "By Monday, the troops had withdrawn from the town.",
    "Advertisements for the rally appeared across the capital.",
    "Watch groups said the vote was largely free and fair.",
    "Copyright claims against the broadcaster rose last year.",
    "Updated figures show 19 dead and around 100 wounded.",
    "The post office in the village was shelled on Tuesday.",
    "Photo evidence was presented to the court on Monday.",
    "- The army said it had shot down 12 drones overnight.",
    "More than 100 people were detained overnight, the interior ministry said.",
    "More - and more - soldiers are deserting, the commander admitted.",
    "Reporting by state media said at least five people were killed.",
    "Photos and videos posted online showed a column of tanks.",
    "Two years ago, the same ministers met in Sochi.",
    "19",
    "Also read: " + "the full statement, which runs to many pages, " * 8,  # too long for a link
]


@pytest.mark.parametrize("line", DROPPED)
def test_navigation_lines_are_dropped(line: str) -> None:
    assert default_cleaner().is_navigation(line)
    doc = cleaned(f"{PROSE}\n{line}\n{PROSE}")
    assert doc.text == f"{PROSE}{PARAGRAPH_SEP}{PROSE}"


@pytest.mark.parametrize("line", KEPT)
def test_prose_that_looks_like_navigation_is_kept(line: str) -> None:
    assert not default_cleaner().is_navigation(line)
    doc = cleaned(f"{PROSE}\n{line}\n{PROSE}")
    assert len(doc.paragraphs) == 3
    assert normalize_line(line) in doc.text


def test_navigation_inside_a_paragraph_is_prose() -> None:
    line = "The minister said talks would go on. Read more: the ministry's statement."
    assert cleaned(line).text == line


def test_navigation_table_examples_are_dropped_by_their_own_rule() -> None:
    cleaner = default_cleaner()
    assert len(cleaner.rules) >= 30
    for rule in cleaner.rules:
        assert rule.comment, f"{rule.where}: explain the rule in the comment column"
        assert rule.example and rule.example != "-", f"{rule.where}: give an example"
        assert cleaner.is_navigation(rule.example), rule.where
        assert rule in cleaner.rules_for(rule.example), \
            f"{rule.where}: its example {rule.example!r} does not match it"
    assert cleaner.rules_for(PROSE) == ()


@pytest.mark.parametrize(("rows", "message"), [
    ([{"kind": "suffix", "pattern": "x"}], "should be prefix, regex or define"),
    ([{"kind": "regex", "pattern": "(unclosed"}], "bad regex"),
    ([{"kind": "regex", "pattern": "{{missing}} x"}], "not defined"),
    ([{"kind": "define", "pattern": "no equals sign"}], "name=regex"),
    ([{"kind": "define", "pattern": "d=\\d+"}], "no prefix or regex rows"),
])
def test_bad_navigation_tables_raise_data_error(rows: list[dict[str, str]], message: str) -> None:
    full = [(f"nav.tsv:{i}", {"example": "x", "comment": "c", **row}) for i, row in enumerate(rows)]
    with pytest.raises(DataError, match=message):
        Cleaner.from_rows(full)


def test_a_custom_table_replaces_the_bundled_one(tmp_path: Path) -> None:
    table = tmp_path / "nav.tsv"
    table.write_text("kind\tpattern\texample\tcomment\n"
                     "define\tn=\\d+\t-\tdigits\n"
                     "regex\tpage {{n}}\tpage 3\tpage numbers\n"
                     "prefix\tmore news\tMore news: x\tcross-links\n", encoding="utf-8")
    cleaner = load_cleaner(table)
    assert [r.kind for r in cleaner.rules] == ["regex", "prefix"]
    doc = clean(article_from_text(f"{PROSE}\nPage 12\nMore news: x\nRead more: y"), cleaner)
    assert doc.text == f"{PROSE}{PARAGRAPH_SEP}Read more: y"


# ---- characters and whitespace ----------------------------------------------------------------

NORMALISED = [
    ("\u201cWe agree,\u201d he said.", '"We agree," he said.'),
    ("Russia\u2019s and Turkey\u2018s", "Russia's and Turkey's"),
    ("\u00ab Paix \u00bb et \u00abguerre\u00bb", '"Paix" et "guerre"'),
    ("\u201eTak\u201c", '"Tak"'),
    ("pages 10\u201312", "pages 10-12"),
    ("a non\u2011breaking hyphen", "a non-breaking hyphen"),
    ("talks \u2014 and more talks", "talks - and more talks"),
    ("long\u2014dash", "long\u2014dash"),
    ("zero\u200bwidth\u200d and soft\u00adhyphen\ufeff", "zerowidth and softhyphen"),
    ("control\x07 chars\x1b", "control chars"),
    ("tabs\tand   spaces\u00a0\u2009here", "tabs and spaces here"),
    ("   padded   ", "padded"),
    ("the Prince of Dol_Amroth", "the Prince of Dol Amroth"),   # pre-tokenised names
    ("_private and trailing_", "_private and trailing_"),         # not between words
]


@pytest.mark.parametrize(("raw", "expected"), NORMALISED)
def test_characters_are_normalised(raw: str, expected: str) -> None:
    assert cleaned(raw).text == expected


@pytest.mark.parametrize(("raw", "paragraphs"), [
    ("One.\r\nTwo.\rThree.\n", ["One.", "Two.", "Three."]),
    ("One.\n\n\n   \nTwo.", ["One.", "Two."]),
    ("One.\u2028Two.\u2029Three.\x0cFour.", ["One.", "Two.", "Three.", "Four."]),
    ("", []),
    (" \n\t\n", []),
])
def test_line_breaks_make_paragraphs(raw: str, paragraphs: list[str]) -> None:
    doc = cleaned(raw)
    assert [doc.text[s:e] for s, e in doc.paragraphs] == paragraphs
    assert_spans_consistent(doc)


def test_title_is_not_part_of_the_text() -> None:
    doc = cleaned("Ministers meet in Geneva\nThe ministers met on Monday.",
                  title="Ministers  meet in \u201cGeneva\u201d")
    assert doc.title == 'Ministers meet in "Geneva"'
    assert doc.text == "The ministers met on Monday."


def test_a_different_first_line_is_kept() -> None:
    doc = cleaned("Geneva talks end\nThe ministers met on Monday.", title="Ministers meet")
    assert doc.text.startswith("Geneva talks end")


def test_document_carries_the_article_fields() -> None:
    art = article_from_text("Text.", doc_id="d1", published="2022-10-11", url="https://e.x/a",
                            source="Wire")
    doc = clean(art)
    assert (doc.doc_id, doc.published.isoformat() if doc.published else None, doc.url,
            doc.source) == ("d1", "2022-10-11", "https://e.x/a", "Wire")


# ---- hard-wrapped text ------------------------------------------------------------------------

WRAPPED = """Showers continued throughout the week in
the coastal cocoa zone, easing the drought that began in
early January and improving prospects for the coming crop,
the exporters' association said in its weekly review.
    The dry period means the harvest will be late this year.
    Arrivals for the week ended February 22 were 155,221 bags
of 60 kilos, making a total for the season of 5.93
mln bags against 5.81 mln at the same stage last year.
"""


def test_hard_wrapped_lines_are_joined_into_paragraphs() -> None:
    doc = cleaned(WRAPPED)
    paragraphs = [doc.text[s:e] for s, e in doc.paragraphs]
    assert paragraphs == [
        ("Showers continued throughout the week in the coastal cocoa zone, easing the drought "
         "that began in early January and improving prospects for the coming crop, the "
         "exporters' association said in its weekly review."),
        "The dry period means the harvest will be late this year.",
        ("Arrivals for the week ended February 22 were 155,221 bags of 60 kilos, making a total "
         "for the season of 5.93 mln bags against 5.81 mln at the same stage last year."),
    ]
    assert_spans_consistent(doc)


def test_one_paragraph_per_line_is_not_joined() -> None:
    lines = ["Short news line one.", "Another short sentence here.", "A third one follows.",
             "And a fourth, to be sure."]
    doc = cleaned("\n".join(lines))
    assert [doc.text[s:e] for s, e in doc.paragraphs] == lines


def test_cleaning_is_idempotent() -> None:
    once = cleaned(WRAPPED + "\nRead more: x\n\u201cQuoted,\u201d she said.\n")
    twice = cleaned(once.text)
    assert (twice.text, twice.paragraphs) == (once.text, once.paragraphs)


def test_reuters_bodies_are_unwrapped() -> None:
    corpus = SHARED / "corpora" / "reuters21578" / "reut2-000.sgm"
    if not corpus.exists():
        pytest.skip("../shared/corpora is not here")
    bodies = [html.unescape(b) for b in
              re.findall(r"<BODY>(.*?)</BODY>", corpus.read_text(encoding="latin-1"), re.DOTALL)]
    long_bodies = [b for b in bodies if b.count("\n") >= 8][:200]
    paragraphs = lines = broken = 0
    for body in long_bodies:
        doc = cleaned(body)
        assert_spans_consistent(doc)
        texts = [doc.text[s:e] for s, e in doc.paragraphs]
        paragraphs += len(texts)
        lines += body.count("\n")
        broken += sum(1 for nxt in texts[1:] if nxt[:1].islower())  # a sentence cut in two
    assert paragraphs < 0.5 * lines
    assert broken <= 0.01 * paragraphs


# ---- the seed article -------------------------------------------------------------------------


def test_seed_article() -> None:
    seed = SHARED / "seed" / "article.txt"
    if not seed.exists():
        pytest.skip("../shared/seed is not here")
    raw = seed.read_text(encoding="utf-8")
    doc = cleaned(raw)
    assert "Also read" not in doc.text
    quotes = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})
    expected = [line.translate(quotes) for line in raw.splitlines()
                if line.strip() and "Also read" not in line]
    assert len(expected) == len(raw.strip().splitlines()) - 3
    assert [doc.text[s:e] for s, e in doc.paragraphs] == expected
    assert_spans_consistent(doc)


def test_clean_is_fast() -> None:
    seed = SHARED / "seed" / "article.txt"
    text = seed.read_text(encoding="utf-8") if seed.exists() else (PROSE + "\n") * 60
    text = (text * (5000 // len(text) + 1))[:5000]
    art = article_from_text(text)
    cleaner = default_cleaner()
    best = min(_timed(cleaner, art) for _ in range(20))
    assert best < 0.001, f"cleaning 5 kB took {best * 1000:.2f} ms"


def _timed(cleaner: Cleaner, art: object) -> float:
    start = time.perf_counter()
    cleaner.clean(art)  # type: ignore[arg-type]
    return time.perf_counter() - start


@pytest.mark.parametrize("paragraph,expected", [
    ("KYIV, Oct 17 (Northern Wire) - Russian missiles hit Kyiv.",
     ["KYIV, Oct 17 (Northern Wire)", "Russian missiles hit Kyiv."]),
    ("WASHINGTON (Reuters) - The U.S. said.", ["WASHINGTON (Reuters)", "The U.S. said."]),
    ("MOSCOW, Oct. 11 (AFP) \u2014 Putin met.", ["MOSCOW, Oct. 11 (AFP)", "Putin met."]),
    ("NEW YORK - Stocks rose.", ["NEW YORK", "Stocks rose."]),
    ("ASTANA, Kazakhstan, Oct 11 - Talks.", ["ASTANA, Kazakhstan, Oct 11", "Talks."]),
    ("NATO - Russia talks resumed.", ["NATO - Russia talks resumed."]),
    ("US - China talks resumed.", ["US - China talks resumed."]),
    ("The talks - held in Paris - ended.", ["The talks - held in Paris - ended."]),
])
def test_dateline_is_its_own_paragraph(paragraph, expected):
    from eventwire.pipeline.clean import split_dateline

    assert split_dateline(paragraph) == expected


CARD_TEXT = ("House GOP leaders plan to move forward despite a Friday morning tweet from "
             "President Trump Donald John TrumpTrump faces high stakes in meeting with Erdogan "
             "Democrats worry they don't have right candidate to beat Trump MORE saying he "
             "thinks Republicans should hold off.\n\nSen. Elizabeth Warren Elizabeth Ann "
             "WarrenFive takeaways from the Democratic debate MORE (D-Mass.) criticized the plan.")


def test_inline_cards_are_the_glued_name_to_more() -> None:
    cards = inline_cards(CARD_TEXT)
    assert [CARD_TEXT[a:b] for a, b in cards] == [
        "TrumpTrump faces high stakes in meeting with Erdogan Democrats worry they don't have "
        "right candidate to beat Trump MORE",
        "WarrenFive takeaways from the Democratic debate MORE"]
    # the article's own words around a card are not in it
    assert not in_spans(cards, CARD_TEXT.index("saying"))
    assert in_spans(cards, CARD_TEXT.index("Erdogan"))


def test_a_card_not_glued_to_its_headline_starts_at_the_full_name() -> None:
    # The Hill's card kept a space after the full name: "Paul Davis Ryan Retirees should say…"
    text = ("Democrats called on House Speaker Paul Ryan Paul Davis Ryan Retirees should say 'no "
            "thanks' to Romney's plan California Governor Newsom and family dress as 2020 "
            "Democrats MORE (R-Wis.) to remove Intelligence Committee Chairman Devin Nunes Devin "
            "Gerald NunesOvernight Defense: Trump hosts Erdogan MORE (R-Calif.) over his memo.")
    cards = inline_cards(text)
    assert [text[a:b] for a, b in cards] == [
        "Paul Davis Ryan Retirees should say 'no thanks' to Romney's plan California Governor "
        "Newsom and family dress as 2020 Democrats MORE",
        "NunesOvernight Defense: Trump hosts Erdogan MORE"]
    # the name the text wrote and its own words stay the sentence's
    assert not in_spans(cards, text.index("Speaker Paul Ryan") + 8)
    assert not in_spans(cards, text.index("(R-Wis.) to remove"))


@pytest.mark.parametrize("text, card", [
    # the two words of the name written again, then the headline
    ("The probe into Joe Biden Joe Biden Parnas: Trump knew what was going on MORE and his son "
     "went on.", "Joe Biden Parnas: Trump knew what was going on MORE"),
    # a card before the name's possessive, or before the party tag in square brackets
    ("Speaker Paul Ryan Paul Davis Ryan Retirees should say no MORE's (R-Wis.) plan failed.",
     "Paul Davis Ryan Retirees should say no MORE"),
    ("Speaker Paul Ryan Paul Davis Ryan Retirees should say no MORE [R-Wis.] had urged.",
     "Paul Davis Ryan Retirees should say no MORE"),
])
def test_spaced_cards_of_a_name_written_twice_or_before_a_possessive(text: str, card: str) -> None:
    assert [text[a:b] for a, b in inline_cards(text)] == [card]


@pytest.mark.parametrize("text", [
    "'MORE IMPORTANT THAN PRICE'\n\nTrump said so.",        # a subheading in capitals
    "He said Joe Biden Joe Biden would do MORE for us.",     # a name twice, no headline
    "Paul Ryan said Paul Ryan Jr. would do MORE for the party.",  # a name again, no card
    "PAUL RYAN PAUL DAVIS RYAN SAYS GOP WILL DO MORE to help",   # a heading in capitals
    "MORE FROM PRI.ORG:",                                      # a footer
    "The McDonald's franchise in New York opened MORE stores.",  # no glued name before it
])
def test_text_without_a_card_has_none(text) -> None:
    assert inline_cards(text) == ()


def _coder(coder: str, rules_extractor):
    """The session's extractor for the rules; for the learned coder one that keeps every
    event (skipped without a shipped model)."""
    from eventwire.models.linear import shipped
    from eventwire.options import build_options
    from eventwire.pipeline import Extractor

    if coder == "rules":
        return rules_extractor
    if not shipped("events.model").exists():
        pytest.skip("no shipped model (make model)")
    return Extractor(build_options(coder="learned", min_confidence=0.0))


@pytest.mark.parametrize("coder", ["rules", "learned"])
def test_no_event_or_party_comes_from_a_card(coder, extractor) -> None:
    from eventwire.pipeline import extract

    extractor = _coder(coder, extractor)
    cards = inline_cards(CARD_TEXT)
    events = extract(CARD_TEXT, published="2019-10-20", extractor=extractor)
    # without the cards the headlines' "meeting" and "beat" would be read as events
    assert events, "the article's own acts are still found"
    for ev in events:
        assert not in_spans(cards, ev.evidence.start), ev.evidence.trigger
        for actor in (*ev.actors, *ev.recipients):
            spots = [m.start() for m in re.finditer(rf"\b{re.escape(actor.text)}\b", CARD_TEXT)]
            assert any(not in_spans(cards, at) for at in spots), actor.text


def test_card_words_are_never_a_learned_party() -> None:
    from eventwire.models.linear import shipped
    from eventwire.options import build_options
    from eventwire.pipeline import Extractor
    from eventwire.pipeline.actors import DocumentMemory

    if not shipped("events.model").exists():
        pytest.skip("no shipped model (make model)")
    ex = Extractor(build_options(coder="learned", min_confidence=0.0))
    doc = ex.nlp("The senator sharply criticized the governor on Monday.")
    sent = next(iter(doc.sents))
    found = ex.events.sentence_events(sent, 0, 0, DocumentMemory.of(None), {})
    assert [c.trigger.text for c in found] == ["criticized"]
    assert found[0].actors and found[0].recipients
    # the same sentence with every word but the trigger inside a card: no party is left
    card = frozenset(t.i for t in doc if t.text != "criticized")
    found = ex.events.sentence_events(sent, 0, 0, DocumentMemory.of(None), {}, card)
    assert [c.trigger.text for c in found] == ["criticized"]
    assert found[0].actors == [] and found[0].recipients == []


MENU = ("Get the newsletter. Choose your country United States Afghanistan Albania Algeria "
        "Andorra Angola Argentina Armenia Australia Austria Azerbaijan Bahamas Bahrain Bangladesh "
        "Barbados Belarus Belgium Belize Benin Bhutan Bolivia Botswana Brazil Bulgaria Cameroon "
        "Canada Chad Chile China Colombia Congo Croatia Cuba Cyprus Denmark Egypt Estonia "
        "Ethiopia Fiji Finland France Gabon Georgia Germany Ghana Greece. Please enter a valid "
        "email address.")


@pytest.mark.parametrize(("sentence", "is_list"), [
    ("Choose your country United States Afghanistan Albania Algeria Andorra Angola Argentina "
     "Armenia Australia Austria Azerbaijan Bahamas Bahrain Bangladesh Barbados Belarus Belgium "
     "Belize Benin Bhutan", True),
    ("Pelosi named Hakeem Jeffries, D-N.Y.; Jason Crow, D-Colo.; Val Demings, D-Fla.; Sylvia "
     "Garcia, D-Texas; Zoe Lofgren, D-Calif.; Adam Schiff, D-Calif.; and Jerry Nadler, D-N.Y.",
     True),
    # prose with many names is kept: under four of five words capitalised
    ("Russian President Vladimir Putin met Turkish President Recep Tayyip Erdogan in Sochi on "
     "Tuesday and agreed that Syrian Kurdish forces would withdraw from the border with Turkey "
     "within a week.", False),
    ("Afghanistan Albania Algeria Andorra Angola Argentina", False),  # too short to tell
])
def test_a_list_of_names_is_told_from_prose(sentence: str, is_list: bool) -> None:
    from eventwire.pipeline.prefilter import is_name_list

    assert is_name_list(sentence) is is_list


@pytest.mark.parametrize("coder", ["rules", "learned"])
def test_no_event_comes_from_a_list_of_names(coder, extractor) -> None:
    from eventwire.pipeline import extract

    extractor = _coder(coder, extractor)
    text = ("Police fired tear gas at protesters in Delhi on Tuesday, officials said.\n\n" + MENU)
    events = extract(text, published="2020-02-25", extractor=extractor)
    menu_at = text.index("Choose")
    assert events, "the article's own act is still found"
    assert all(ev.evidence.start < menu_at for ev in events), \
        [ev.evidence.trigger for ev in events if ev.evidence.start >= menu_at]


CAPTIONED = (
    "Trump praised the talks on Friday.\n\n"
    "North Korean envoy Kim Yong Chol talks with U.S. President Donald Trump as they walk out "
    "of the Oval Office after a meeting at the White House in Washington, U.S., June 1, 2018. "
    "REUTERS/Leah Millis\n\n"
    "FILE PHOTO: Secretary David Shulkin talks with President Donald Trump in the Oval Office, "
    "January 9, 2018.\n\n"
    "FILE - In this April 5, 2019 file photo, President Donald Trump meets border agents in "
    "Calexico, Calif. (AP Photo/Jacquelyn Martin, File)\n\n"
    "Photos: The day Trump was impeached Pelosi walks to the House chamber. Hide Caption 5 of 11 "
    "Photos: The day Trump was impeached A rally is held on the Capitol grounds. Hide Caption 6 "
    "of 11\n\n"
    "Kim met Pompeo in New York on Thursday, Reuters reported.")


def _marked(spans_of, text):
    """The words of the spans ``spans_of`` finds in ``text``, and the text's paragraphs."""
    return [text[a:b] for a, b in spans_of(text)], text.split("\n\n")


def test_caption_paragraphs_are_told_from_prose() -> None:
    marked, paragraphs = _marked(caption_spans, CAPTIONED)
    assert marked == paragraphs[1:5]
    # a paragraph that names an agency as a source, not as a photo credit, is prose
    assert caption_spans("Reuters/Ipsos polls show a tie, officials said.") == ()
    assert caption_spans("WASHINGTON (AP) - The Senate voted on Tuesday.") == ()


def test_other_credits_and_caption_marks_make_captions() -> None:
    # USA TODAY's "(Photo: …)" at the end of the caption, POLITICO's "| X/POLITICO" with the
    # headline pasted after it, a credit in brackets after the photographer, the BBC's captions
    # of pictures and videos, USA TODAY's video summaries
    for caption in ("Secretary Kirstjen Nielsen speaks with Border Patrol agents near a border "
                    "wall Friday, Oct. 26, 2018, in Calexico, Calif. (Photo: Gregory Bull, AP)",
                    "Reid and Schumer say there's time for the House to pass a bill. | John "
                    "Shinkle/POLITICO House pressed on immigration",
                    "The Supreme Court in Washington, D.C., November 13, 2018 (Al Drago/Reuters)",
                    "Protesters display placards in New Delhi on June 18, 2020.(Prakash "
                    "Singh/AFP via Getty Images)",
                    "Image copyright AFP Image caption Mr Trump attended the UN on Monday",
                    "Media playback is unsupported on your device Media caption Sanders: Frankly "
                    "the suggestion is absurd",
                    "CLOSE President Donald Trump says Chinese officials called to restart talks. "
                    "USA TODAY"):
        text = f"The House passed the bill on Tuesday.\n\n{caption}\n\nIt now goes to the Senate."
        start = text.index(caption)
        assert caption_spans(text) == ((start, start + len(caption)),), caption
    assert caption_spans("He said the deal was done (Reuters).") == ()
    assert caption_spans("CLOSED schools reopened on Monday, officials said.") == ()
    # a bar between words and a slash in prose are no credit
    assert caption_spans("Sales rose 5% | year on year, and/or more, officials said.") == ()
    assert caption_spans("The deal was signed (photo: below) on Tuesday by the two sides.") == ()


def _read_around(extractor, text, published, spans_of):
    """The events of ``text`` and the spans ``spans_of`` finds in its cleaned text (the offsets
    of events are the cleaned text's), after checking that no event starts inside them."""
    from eventwire.pipeline import extract

    events = extract(text, published=published, extractor=extractor)
    spans = spans_of(clean(article_from_text(text)).text)
    assert not [ev for ev in events if in_spans(spans, ev.evidence.start)]
    return events, spans


def test_no_event_is_read_from_a_caption(extractor) -> None:
    events, spans = _read_around(extractor, CAPTIONED, "2018-06-02", caption_spans)
    # cleaning has dropped the short "FILE PHOTO:" and gallery lines (navigation.tsv); the two
    # long captions are left to this rule
    assert len(spans) == 2
    # the captions' "walk" and "meets" are read as acts without the rule; the prose's "met" is
    found = [ev.evidence.trigger for ev in events]
    assert "met" in found and not {"walk", "meets"} & set(found)


HIGHLIGHTED = (
    "Story highlights Kerry met Lavrov in Geneva to talk about Syria\n\n"
    "Russia condemned the U.S. airstrikes near Aleppo\n\n"
    "Officials say \"a deal is close\"\n\n"
    "Secretary of State John Kerry met Russian Foreign Minister Sergei Lavrov in Geneva on "
    "Friday, officials said.\n\n"
    "Short lines of the story that end without a stop are the story's own\n\n"
    "Russia condemned the U.S. airstrikes near Aleppo on Saturday.")


def test_story_highlights_are_told_from_the_story() -> None:
    marked, paragraphs = _marked(highlight_spans, HIGHLIGHTED)
    # the bullets end without a full stop; the first paragraph that ends with one is the story,
    # and what follows it is the story's, whatever its ending
    assert marked == paragraphs[:3]
    assert highlight_spans("\n\n".join(paragraphs[3:])) == ()
    # no more than HIGHLIGHT_BULLETS paragraphs are a summary
    many = "Story highlights one\n\n" + "\n\n".join(f"bullet {k}" for k in range(10))
    assert len(highlight_spans(many)) == 6


def test_story_highlights_after_a_caption_are_told_from_the_story() -> None:
    # USA TODAY: the lead picture's caption, its credit and the header share the first bullet's
    # line
    text = ("Obama speaks in the Roosevelt Room on November 15, 2013. (Photo: Alex Wong Getty "
            "Images) Story Highlights President Obama met leaders of four Senate committees\n\n"
            "Sen. Bob Corker said some lawmakers remained \"very unsatisfied\"\n\n"
            "WASHINGTON - Obama met the senators on Tuesday, the White House said.")
    marked, paragraphs = _marked(highlight_spans, text)
    assert marked == paragraphs[:2]
    # a credit alone, with no header after it, makes no highlights
    assert highlight_spans("A rally in Ohio. (Photo: Jane Roe, AP) The crowd cheered.") == ()


def test_no_event_is_read_from_story_highlights(extractor) -> None:
    events, spans = _read_around(extractor, HIGHLIGHTED, "2016-09-10", highlight_spans)
    assert len(spans) == 3
    # the story's meeting and condemnation are read from the story's sentences
    found = [ev for ev in events if ev.evidence.trigger in ("met", "condemned")]
    assert {ev.evidence.trigger for ev in found} == {"met", "condemned"}


LINKED = (
    "Police were trying on Saturday to learn why a gunman attacked a clinic in Colorado Springs."
    "\n\n"
    "Colorado Springs officer was father, former competitive skater\n\n"
    "In a statement, President Obama said the motive was unknown.\n\n"
    "Obama calls for greater gun control after Colorado shooting\n\n"
    "\u201cThis is not normal,\u201d Obama said.\n\n"
    "What comes next\n\n"
    "Senate Democrats urged a vote on background checks on Monday.")


def test_short_lines_without_a_stop_are_headings_not_the_story() -> None:
    marked, paragraphs = _marked(heading_spans, LINKED)
    # pasted headlines of other stories and a subhead; not the prose, not a closing quote
    assert marked == [paragraphs[1], paragraphs[3], paragraphs[5]]
    # the first paragraph is the story's own (a title, a dateline, a lede cut short)
    assert heading_spans("WASHINGTON\n\n" + LINKED)[0][0] > 0
    # a text that is mostly lines without stops (a list, a feed's summary) is left as it is
    assert heading_spans("Troops withdrew from Kunduz\n\nRebels seized the airport\n\n"
                         "Talks resume in Doha\n\nThe UN said so.") == ()


def test_no_event_is_read_from_a_heading(extractor) -> None:
    events, spans = _read_around(extractor, LINKED, "2015-11-28", heading_spans)
    assert len(spans) == 3
    assert "urged" in {ev.evidence.trigger for ev in events}


@pytest.mark.parametrize("text", [
    "Sens. Lindsey Graham and John McCain accused Russia of meddling.",
    "Reps. Adam Schiff and Devin Nunes criticized the Justice Department.",
    "Gens. James Mattis and John Kelly met the president.",
    "Sgt. First Class Pat Doe was killed by a roadside bomb.",
    "Amb. Nikki Haley condemned the attack.",
])
def test_a_title_does_not_end_a_sentence(text: str) -> None:
    """A title before its names, in the plural too, is no sentence's end: cut after "Sens."
    the act and its doers fell into two sentences and the event lost its sources."""
    from eventwire.pipeline.prefilter import split_sentences

    para = f"{text} The talks ended."
    assert [para[a:b] for a, b in split_sentences(para)] == [text, "The talks ended."]


@pytest.mark.parametrize("text, cut", [
    # a legislator's party-and-state tag before a day: the day and the act stay together
    ("Republican leaders met Sen. Mitch McConnell (R-Ky.) Friday to plan the vote. It ended.",
     ["It ended."]),
    ("Rep. Deb Haaland (D-N.M.) Tuesday criticized the Interior Department. It ended.",
     ["It ended."]),
    ("Troops of the (U.S.) Army left the base. It ended.", ["It ended."]),  # in brackets
    ('He said "Mr. Smith is here." It ended.', ["It ended."]),       # a title after a quote
    ("Gen. John Allen (Ret.) Tuesday said so. It ended.", ["It ended."]),
    # ... but a tag before a new sentence, a tag without brackets, a quoted word and a
    # bracketed sentence end their sentences
    ("said Sen. Chuck Schumer (D-N.Y.) The idea was bad.", ["The idea was bad."]),
    ('said Sen. John Kennedy (R-La.) "And I mean it."', ['"And I mean it."']),
    ("said Sen. Richard Burr, R-N.C. But Comey declined.", ["But Comey declined."]),
    ('Murkowski, R-Alaska, voted "no." With 51 votes it passed.', ["With 51 votes it passed."]),
    ('Trump told Reuters, "No. That I did not know."', ['That I did not know."']),
    ('They gave it a "C." Another said so.', ["Another said so."]),
    ("The crowd cheered. (Applause.) Thank you all.", ["(Applause.)", "Thank you all."]),
])
def test_a_bracketed_abbreviation_does_not_end_a_sentence(text: str, cut: list[str]) -> None:
    """"(R-Ky.)" before "Friday" is no sentence's end: cut there, the meeting's sentence lost
    its day and its date (a sentence of the corpus's train split read so); the sentences after
    the first are ``cut``."""
    from eventwire.pipeline.prefilter import split_sentences

    assert [text[a:b] for a, b in split_sentences(text)][1:] == cut


def test_a_plural_title_stays_with_its_names(extractor) -> None:
    """"Sens." is one word, as "Sen." is: split from its period the parser made "Sens" the
    subject and hung the senators beside it, and the meeting lost them as sides."""
    text = ("Sens. John McCain, R-Ariz., and Charles Schumer, D-N.Y., who helped write the "
            "Senate bill, met President Obama and Vice President Biden on Thursday.")
    doc = extractor.nlp(text)
    assert doc[0].text == "Sens." and doc[0].head.text == "McCain"
    result = extractor.document(article_from_text(text, published="2013-07-12"))
    names = {a.name for ev in result.events for a in ev.actors}
    assert {"John McCain", "Chuck Schumer"} <= names
