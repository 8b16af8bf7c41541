"""The learned stages: the weights' file format, reproducible training, the trigger model in the
pipeline (``coder="learned"``) and its options."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from eventwire.errors import ModelError, UsageError
from eventwire.models.linear import LinearModel, bucket, shipped
from eventwire.options import build_options

ROOT = Path(__file__).resolve().parents[1] / "training" / "corpus"


def _model(seed: int) -> LinearModel:
    rng = np.random.default_rng(seed)
    return LinearModel(rng.normal(size=(64, 3)).astype(np.float32),
                       np.array([0.1, 0.0, -0.1], dtype=np.float32), ("A", "B", "NONE"),
                       {"threshold": 0.5, "features_version": 1})


def test_bundle_round_trip_and_same_bytes(tmp_path) -> None:
    a, b = tmp_path / "a.model", tmp_path / "b.model"
    LinearModel.save_bundle({"types": _model(1), "gate": _model(2)}, a)
    LinearModel.save_bundle({"gate": _model(2), "types": _model(1)}, b)
    assert a.read_bytes() == b.read_bytes()
    back = LinearModel.read_bundle(a)
    assert back["types"].classes == ("A", "B", "NONE")
    assert np.array_equal(back["types"].weights, _model(1).weights)
    assert back["gate"].meta["threshold"] == 0.5


def test_a_bundle_is_read_in_place_as_np_load_reads_it(tmp_path) -> None:
    import io
    import zlib

    path = tmp_path / "a.model"
    LinearModel.save_bundle({"types": _model(1), "gate": _model(2)}, path)
    raw = zlib.decompress(path.read_bytes())
    expected = np.load(io.BytesIO(raw), allow_pickle=False)
    back = LinearModel.read_bundle(path)
    for name in ("types", "gate"):
        weights = back[name].weights
        assert np.array_equal(weights, expected[f"{name}.weights"])
        assert weights.dtype == np.float32 and not weights.flags.writeable  # a view, no copy
        assert np.array_equal(back[name].bias, expected[f"{name}.bias"])
    # a bundle whose members are compressed (np.savez_compressed) is read too, by np.load
    buf = io.BytesIO()
    np.savez_compressed(buf, **{"t.weights": _model(3).weights, "t.bias": _model(3).bias,
                                "t.classes": np.array(["A", "B", "NONE"]),
                                "t.meta": np.array('{"threshold": 0.5}')})
    other = tmp_path / "b.model"
    other.write_bytes(zlib.compress(buf.getvalue()))
    t = LinearModel.read_bundle(other)["t"]
    assert np.array_equal(t.weights, _model(3).weights) and t.classes == ("A", "B", "NONE")
    assert t.meta == {"threshold": 0.5}


def test_scores_are_probabilities_of_the_hashed_features() -> None:
    m = _model(3)
    p = m.scores([["x", "y"], []])
    assert p.shape == (2, 3)
    assert np.allclose(p.sum(axis=1), 1.0)
    logits = m.bias + m.weights[bucket("x", 64)] + m.weights[bucket("y", 64)]
    expected = np.exp(logits - logits.max()) / np.exp(logits - logits.max()).sum()
    assert np.allclose(p[0], expected, atol=1e-6)


def test_unreadable_model_is_a_clear_error(tmp_path) -> None:
    bad = tmp_path / "events.model"
    bad.write_bytes(b"not a model")
    with pytest.raises(ModelError, match="make model"):
        LinearModel.read_bundle(bad)


def test_a_model_of_other_features_is_refused_with_the_command_that_retrains_it(tmp_path
                                                                                ) -> None:
    from eventwire.pipeline.triggers import FEATURES_VERSION, TriggerModel

    old = {"features_version": FEATURES_VERSION - 1, "threshold": 0.1, "modes_of": {}}
    model = LinearModel(np.zeros((64, 2), dtype=np.float32), np.zeros(2, dtype=np.float32),
                        ("ASSAULT", "NONE"), old)
    LinearModel.save_bundle({"types": model, "modes": model, "modalities": model},
                            tmp_path / "events.model")
    with pytest.raises(ModelError, match=f"features version {FEATURES_VERSION - 1}, .*"
                                         "eventwire train CORPUS --out DIR"):
        TriggerModel.load(tmp_path)


def test_bucket_is_stable_across_processes() -> None:
    # CRC-32, not Python's salted hash(): these values hold in every process
    assert bucket("l=attack", 1 << 18) == 8855
    assert bucket("bias", 1 << 18) == 223835


def test_model_implies_learned_coder(tmp_path) -> None:
    assert build_options(model=str(tmp_path)).coder == "learned"
    assert build_options().coder == "rules"
    with pytest.raises(UsageError, match="--coder"):
        build_options(coder="neural")


def test_fit_is_reproducible() -> None:
    pytest.importorskip("sklearn")
    from eventwire.train import fit

    rows = [["bias", f"w={w}"] for w in ("attack", "meet", "say", "attack", "talk", "say")]
    labels = ["ASSAULT", "CONSULT", "NONE", "ASSAULT", "CONSULT", "NONE"]
    a = fit(rows, labels, 1e-4, 0, {})
    b = fit(rows, labels, 1e-4, 0, {})
    assert np.array_equal(a.weights, b.weights) and a.classes == b.classes
    probs = a.scores([["bias", "w=attack"]])[0]
    assert a.classes[int(probs.argmax())] == "ASSAULT"


@pytest.mark.model
@pytest.mark.slow
def test_train_twice_gives_the_same_bytes(tmp_path) -> None:
    pytest.importorskip("sklearn")
    from eventwire.evaluate.corpus import load_corpus
    from eventwire.train import ARTICLE_FLOORS, DATE_THRESHOLDS, ROLE_FLOORS, train

    small = _small_corpus(tmp_path)
    report = train(load_corpus(small), tmp_path / "one", seed=0)
    train(load_corpus(small), tmp_path / "two", seed=0)
    one = (tmp_path / "one" / "events.model").read_bytes()
    assert one == (tmp_path / "two" / "events.model").read_bytes()
    assert report["train"]["triggers"] > 0
    from eventwire.pipeline.triggers import TriggerModel

    model = TriggerModel.load(tmp_path / "one")
    assert model.model_id == report["model_id"]
    # the --min-confidence default is the floor whose events on the whole dev articles have
    # the best F0.5 (the lowest of equals), and the report gives every floor tried
    floors = report["dev"]["floors"]
    assert set(floors) == {str(c) for c in ARTICLE_FLOORS}
    best = max(row["f0.5"] for row in floors.values())
    assert model.min_confidence == min(float(c) for c, row in floors.items()
                                       if row["f0.5"] == best)
    assert report["min_confidence"] == model.min_confidence
    assert report["dev"]["at_min_confidence"] == floors[str(model.min_confidence)]
    # the date model is trained beside the others and chosen on dev
    assert model.dates() is not None
    assert set(report["dev"]["dates"]) == {"alpha", "threshold", "events", "f1", "precision",
                                           "recall", "accuracy"}
    assert report["dev"]["dates"]["threshold"] in DATE_THRESHOLDS
    # and the place model, chosen on dev by the F1 of the events' own places
    assert model.places() is not None
    assert set(report["dev"]["places"]) == {"alpha", "threshold", "events", "f1", "precision",
                                            "recall", "accuracy"}
    assert report["dev"]["places"]["threshold"] in DATE_THRESHOLDS
    # the gate ships one score per word of the clusters' table, read with the model
    from eventwire.knowledge import read_word_clusters

    with pytest.raises(ModelError, match="30000 words, the word clusters given 0"):
        model.gate(lambda w: False, lambda w: False)  # loaded without the clusters
    model = TriggerModel.load(tmp_path / "one", clusters=read_word_clusters())
    gate = model.gate(lambda w: False, lambda w: False)
    assert model.gate_words_model is not None and gate is not None
    assert gate.words_model is model.gate_words_model
    assert len(gate.vocabulary) == model.gate_words_model.dims == 30_000
    assert 0.0 <= gate.probability("Rebels shelled the town.") <= 1.0
    # the model names the tables its features read
    assert report["tables"] == model.types.meta["tables"] and len(report["tables"]) == 12
    # the argument model carries its roles' floors, and the report the parties dev's events
    # choose with and without them
    arguments = model.arguments()
    assert arguments is not None and dict(arguments.floors) == ROLE_FLOORS
    roles = report["dev"]["roles"]
    assert roles["floors"] == ROLE_FLOORS
    for key in ("chosen", "chosen_without_floors"):
        assert set(roles[key]) == {"source", "target"}
        assert all(0.0 <= v <= 1.0 for r in roles[key].values() for v in r.values())
    # the article pass needs right and wrong triggers found by half models; three articles a
    # half keep none, so it is left out and the type model's probability is calibrated alone
    assert report["dev"]["article"] == {"alpha": None, "examples": 0, "right": 0}
    assert model.article_model is None
    from eventwire.pipeline.article import Mention

    mention = Mention(0, "ASSAULT", 0.5, "attack", frozenset())
    assert model.article().confidences([mention]) == [model.calibrated(0.5)]


def _told_twice(n: int) -> object:
    """Examples of ``n`` articles where an attack is told in the first sentence (an event) and
    told again in the third (no event: the guidelines' R1), in the same words."""
    from eventwire.pipeline.article import sentence_words
    from eventwire.train import Examples

    ex = Examples()
    words = sentence_words("Rebels attacked the town")
    for k in range(n):
        for sentence, label in ((0, "ASSAULT"), (1, "NONE"), (2, "NONE")):
            lemma = "attack" if sentence != 1 else "say"
            ex.rows.append(["bias", f"l={lemma}"])
            ex.labels.append(label)
            ex.contexts.append((f"article-{k}", sentence, True, lemma, words))
    return ex


def test_article_pass_learns_that_an_act_told_again_is_no_new_event() -> None:
    pytest.importorskip("sklearn")
    from eventwire.pipeline.article import RIGHT, Mention, features, sentence_words
    from eventwire.train import article_pass, fit

    tr, dv = _told_twice(60), _told_twice(20)
    types = fit(tr.rows, tr.labels, 1e-3, 0, {})  # a word read as an attack half the time
    model, report = article_pass(tr, dv, types, 1e-3, 0.05, 0, {}, lambda _: None)
    assert model is not None and model.classes == (RIGHT, "wrong")
    # every article's two attacks were kept by the half models, one right, one wrong
    assert report["examples"] == 120 and report["right"] == 60
    # on dev the pass tells them apart; the type model alone cannot
    assert report["best"]["precision"] == 1.0 and report["best"]["recall"] == 1.0
    assert report["without"]["precision"] == 0.5
    words = sentence_words("Rebels attacked the town")
    first, again = Mention(0, "ASSAULT", 0.5, "attack", words), \
        Mention(2, "ASSAULT", 0.5, "attack", words)
    p_first, p_again = model.scores(features([], [first]) + features([first], [again]))[:, 0]
    assert p_first > 0.8 > 0.2 > p_again


SMALL_TRAIN = ("allsides-10004", "allsides-10018", "allsides-10035", "allsides-10051",
               "allsides-10052", "allsides-10059")
SMALL_DEV = ("allsides-10256", "allsides-10273")


def _small_corpus(tmp_path: Path) -> Path:
    """A few train and dev articles of the repository's corpus, with their gold readings."""
    from eventwire.evaluate.corpus import load_corpus

    corpus = load_corpus(ROOT)
    # fixed articles, so that the corpus's growth leaves the small model as it was (the first six
    # train and two dev articles until the forty-fourth session's rounds added ids among them)
    picked = [corpus.units[uid] for uid in SMALL_TRAIN + SMALL_DEV]
    out = tmp_path / "corpus"
    (out / "annotations" / "gold").mkdir(parents=True)
    with (out / "articles.jsonl").open("w") as f:
        for line in (ROOT / "articles.jsonl").read_text().splitlines():
            if json.loads(line)["article_id"] in {u.unit_id for u in picked}:
                f.write(line + "\n")
    for unit in picked:
        gold = corpus.gold(unit.unit_id)
        assert gold is not None
        (out / "annotations" / "gold" / gold.path.name).write_bytes(gold.path.read_bytes())
    return out


def test_corpus_digest_names_the_train_and_dev_annotations_only(tmp_path) -> None:
    """The model names the annotations it was trained and chosen on: a test article added or
    recoded leaves the digest (and so ``make model``'s bytes) as they were; a train one not."""
    from eventwire.evaluate.corpus import load_corpus
    from eventwire.train import corpus_digest

    small = _small_corpus(tmp_path)
    before = corpus_digest(load_corpus(small))
    corpus = load_corpus(ROOT)
    test_unit = corpus.annotated("test", "article")[0]
    gold = corpus.gold(test_unit.unit_id)
    assert gold is not None
    with (small / "articles.jsonl").open("a") as f:
        f.write(next(line for line in (ROOT / "articles.jsonl").read_text().splitlines()
                     if json.loads(line)["article_id"] == test_unit.unit_id) + "\n")
    (small / "annotations" / "gold" / gold.path.name).write_bytes(gold.path.read_bytes())
    assert len(load_corpus(small).annotated("test")) == 1
    assert corpus_digest(load_corpus(small)) == before
    train_file = sorted((small / "annotations" / "gold").glob("*.jsonl"))[0]
    lines = train_file.read_text().splitlines()
    head = json.loads(lines[0])
    assert load_corpus(small).units[head["unit"]].split in ("train", "dev")
    head["annotator"] = "someone else"
    train_file.write_text("\n".join([json.dumps(head), *lines[1:]]) + "\n")
    assert corpus_digest(load_corpus(small)) != before


@pytest.mark.model
def test_learned_coder_in_the_pipeline() -> None:
    if not shipped("events.model").exists():
        pytest.skip("no shipped model (make model)")
    from eventwire.pipeline import Extractor

    ex = Extractor(build_options(coder="learned"))
    assert ex.model is not None and ex.gate is not None
    import eventwire

    events = eventwire.extract("Police arrested 35 protesters in Tehran on Saturday.",
                               published="2022-10-11", extractor=ex)
    assert [e.event_type for e in events] == ["COERCE"]
    assert 0 < events[0].confidence < 1
    assert events[0].evidence.trigger == "arrested"
    assert events[0].coder_version.endswith(f"+events-{ex.model.model_id}")


def _learned_extractor():
    """An extractor of the shipped learned coder keeping every event (skipped without one)."""
    if not shipped("events.model").exists():
        pytest.skip("no shipped model (make model)")
    from eventwire.pipeline import Extractor

    ex = Extractor(build_options(coder="learned", min_confidence=0.0))
    assert ex.model is not None
    return ex


@pytest.mark.model
def test_learned_parties_of_states_coordinated_in_one_phrase() -> None:
    """"Syrian and Russian forces" is two parties, as the guidelines mark them."""
    import eventwire

    ex = _learned_extractor()
    events = eventwire.extract("Syrian and Russian forces attacked the town on Monday.",
                               published="2022-10-11", extractor=ex)
    assert [[(a.text, a.country, a.sector) for a in e.actors] for e in events] == [
        [("Syrian", "SYR", "MIL"), ("Russian forces", "RUS", "MIL")]]


@pytest.mark.model
def test_learned_date_is_the_acts_not_the_statements() -> None:
    import eventwire

    ex = _learned_extractor()
    assert ex.model.dates() is not None

    # published Tuesday 2022-10-11; the act's date, not the date of the statement reporting
    # it (the rules' scope takes "on Monday" and "on Tuesday" here)
    for text, trigger, day in (
            ("Police arrested the suspect early Sunday morning, a spokesman said on Monday.",
             "arrested", "2022-10-09"),
            ("Rebels attacked the convoy last night, the army said on Tuesday.",
             "attacked", "2022-10-10")):
        events = eventwire.extract(text, published="2022-10-11", extractor=ex)
        found = [e for e in events if e.evidence.trigger == trigger]
        assert len(found) == 1, text
        assert found[0].date.value == day, text


def _one_event(ex, text: str, trigger: str, published: str):  # type: ignore[no-untyped-def]
    """The one event of ``text`` whose evidence is ``trigger`` (the test fails on none or two)."""
    import eventwire

    found = [e for e in eventwire.extract(text, published=published, extractor=ex)
             if e.evidence.trigger == trigger]
    assert len(found) == 1, text
    return found[0]


def _found(ex, text: str, trigger: str, published: str) -> list:  # type: ignore[no-untyped-def]
    """The events of ``text`` whose trigger is ``trigger``."""
    import eventwire

    return [e for e in eventwire.extract(text, published=published, extractor=ex)
            if e.evidence.trigger == trigger]


def _dates(ex, text: str, trigger: str, published: str) -> list[str | None]:  # type: ignore[no-untyped-def]
    """The dates of the events of ``text`` whose trigger is ``trigger``."""
    return [e.date.value for e in _found(ex, text, trigger, published)]


@pytest.mark.model
def test_learned_date_is_read_in_the_tense_of_the_verb_it_hangs_from() -> None:
    ex = _learned_extractor()
    for text, trigger, published, day in (
            # published Tuesday 2022-10-11: "Friday" hangs from a past announcement, so it is
            # the Friday before, though the sanctions announced are to come; hanging from the
            # future act itself, it is the Friday after
            ("The president announced on Friday that he would impose sanctions on Iran.",
             "impose", "2022-10-11", "2022-10-07"),
            ("The foreign ministers will meet on Friday in Geneva.", "meet", "2022-10-11",
             "2022-10-14"),
            # published Monday 2022-12-12: a gerund has its governor's tense ("has threatened":
            # past, so the February before); an act whose own verb is past is dated in the
            # past, whatever the modality ("authorized airstrikes" reads as an act to come;
            # model e02096b2 gives the act to the noun, which takes its governor's tense)
            ("Erdogan has threatened to push deeper into Syria since sending troops into "
             "Afrin in February.", "sending", "2022-12-12", "2022-02"),
            ("Thursday, President Obama authorized airstrikes in Iraq.", "airstrikes",
             "2022-12-12", "2022-12-08")):
        assert _dates(ex, text, trigger, published) == [day], text


@pytest.mark.model
def test_learned_date_counts_from_the_event_it_is_told_against() -> None:
    ex = _learned_extractor()
    # published Friday 2013-12-27: "two days earlier" and "the next day" count from the last
    # dated event before them; an act in a clause "a day after" opens counts back from the
    # date of the clause it is set against, and that clause keeps its own date
    story = ("On Thursday, gunmen attacked a police station in Cairo. Two days earlier, a "
             "suicide bomber detonated outside a police building north of Cairo. The next day, "
             "police arrested three men.")
    assert _dates(ex, story, "attacked", "2013-12-27") == ["2013-12-26"]
    assert _dates(ex, story, "detonated", "2013-12-27") == ["2013-12-24"]
    assert _dates(ex, story, "arrested", "2013-12-27") == ["2013-12-25"]
    told = ("On Monday, three days after Trump and Erdogan spoke by phone, Ankara pledged "
            "$3.5bn to buy US missiles.")
    assert _dates(ex, told, "spoke", "2018-12-20") == ["2018-12-14"]
    came = "Kim's remarks on Saturday came a day after the army fired a missile into the sea."
    assert _dates(ex, came, "fired", "2017-09-16") == ["2017-09-15"]
    # an act set a day after another told by a noun counts from the date the noun's words
    # name, or from the date the article gave that act before; the noun is that act again, a
    # time marker and no event of its own (annotation.md R9): what a floor of 0 keeps of it
    # lies under the model's default floor and carries the attack's date (confidence 0.30 from
    # the forty-third session's model, none from the forty-fourth's, 0.17 from the forty-fifth's)
    assert _dates(ex, "Two days after the March 3 vote, the president resigned.", "resigned",
                  "2022-03-20") == ["2022-03-05"]
    story = ("On Thursday, a suicide bomber attacked a cultural centre in Kabul. A day after "
             "the Kabul attack, police arrested three men in Cairo.")
    assert _dates(ex, story, "arrested", "2017-12-31") == ["2017-12-29"]
    assert _dates(ex, story, "attacked", "2017-12-31") == ["2017-12-28"]
    marker = _found(ex, story, "attack", "2017-12-31")
    assert all(e.confidence < ex.model.min_confidence for e in marker)
    assert all(e.date.value == "2017-12-28" for e in marker)
    # with nothing dated before it, "the next day" has no date
    assert _dates(ex, "The next day, police arrested three men.", "arrested",
                  "2013-12-27") == [None]


@pytest.mark.model
def test_learned_date_is_read_where_the_parser_marks_it_badly() -> None:
    ex = _learned_extractor()
    # the parser's DATE runs on into the next words ("Sept. 3 and", "Last month 12"), or is a
    # TIME the grammar reads as the story's day
    for text, trigger, value in (
            ("The army shelled the town on Sept. 3 and two July attacks followed.", "shelled",
             "2022-09-03"),
            ("Last month 12 people were killed in an attack on a market in Kabul.", "attack",
             "2022-09"),
            ("The U.S. embassy in Cairo was attacked earlier in the day, officials said.",
             "attacked", "2022-10-11")):
        assert _dates(ex, text, trigger, "2022-10-11") == [value], text


@pytest.mark.model
def test_learned_place_is_where_the_act_happened() -> None:
    import eventwire

    ex = _learned_extractor()
    assert ex.model.places() is not None

    # the place of the act, not the place the statement came from, nor a party; a country
    # chosen that locates a place of its own beside it gives that place ("the Kabylie region
    # of Algeria"); a country with no place of its own beside it stays (Ankara is Turkey's)
    for text, trigger, place in (
            ("Rebels attacked an army convoy near Aleppo on Monday, the ministry said in "
             "Damascus.", "attacked", "Aleppo"),
            ("Police arrested three protesters in Istanbul, officials in Ankara said.",
             "arrested", "Istanbul"),
            ("Gourdel was abducted in the northeast Kabylie region of Algeria, the BBC "
             "reported.", "abducted", "Kabylie"),
            # (the place, not the trigger, is what is read here, so the doer is named: with
            # none, "was abducted" got ASSAULT 0.02 from `738da067`, under the type floor, and
            # "was kidnapped" no event at any floor from `dcd905b9`)
            ("Gunmen kidnapped a French tourist in the Kabylie region of Algeria on Sunday.",
             "kidnapped", "Kabylie"),
            ("Turkish jets bombed Kurdish fighters in Syria, officials in Ankara said.",
             "bombed", "Syria")):
        events = eventwire.extract(text, published="2022-10-11", extractor=ex)
        found = [e for e in events if e.evidence.trigger == trigger]
        assert len(found) == 1, text
        assert found[0].location is not None and found[0].location.text == place, text


@pytest.mark.model
def test_learned_place_can_be_a_building() -> None:
    """A stadium, a base, a palace is where an act happens, though the gazetteer holds no point
    for it: the place of its own words, in the country of a place named within it."""
    import eventwire

    ex = _learned_extractor()
    text = "Police arrested three protesters at Yankee Stadium in New York on Monday."
    events = eventwire.extract(text, published="2022-10-11", extractor=ex)
    found = [e for e in events if e.evidence.trigger == "arrested"]
    assert len(found) == 1
    where = found[0].location
    assert where is not None
    assert (where.text, where.country, where.precision, where.lat, where.geonameid) == (
        "Yankee Stadium", "USA", "other", None, None)


@pytest.mark.model
@pytest.mark.parametrize("text, trigger, place, country", [
    # a village the gazetteer does not hold, in the country named beside it
    ("United States-backed fighters retook the final enclave of the Islamic State on Saturday "
     "in Baghuz, eastern Syria.", "retook", "Baghuz", "SYR"),
    # a sea: no country
    ("Troops were deployed to the Persian Gulf on Monday, the ministry said.", "deployed",
     "the Persian Gulf", None),
])
def test_learned_place_can_be_a_name_the_gazetteer_lacks(text: str, trigger: str, place: str,
                                                         country: str | None) -> None:
    """A town, sea or region the parser marks (GPE, LOC) that the gazetteer does not resolve
    is still where the act happened: the place of its own words, with no point, in the
    country of a place named within it."""
    import eventwire

    ex = _learned_extractor()
    events = eventwire.extract(text, published="2019-03-25", extractor=ex)
    found = [e for e in events if e.evidence.trigger == trigger]
    assert len(found) == 1, text
    where = found[0].location
    assert where is not None, text
    assert (where.text, where.country, where.lat, where.geonameid) == (place, country, None, None)


@pytest.mark.model
def test_a_town_attacked_is_where_the_attack_happened() -> None:
    """"attacked Mosul": the town the act is done to is where it happened, though the argument
    model makes it the target and the place model offers no party (``events._attacked_place``);
    a town that is the object of a statement is no place ("criticized Washington")."""
    import eventwire

    ex = _learned_extractor()
    events = eventwire.extract(
        "Four Iraqi divisions collapsed when the militants attacked Mosul in June.",
        published="2014-06-25", extractor=ex)
    found = [e for e in events if e.evidence.trigger == "attacked"]
    assert len(found) == 1
    assert found[0].location is not None
    assert (found[0].location.text, found[0].location.country) == ("Mosul", "IRQ")
    events = eventwire.extract("Moscow sharply criticized Washington on Monday.",
                               published="2014-06-25", extractor=ex)
    assert [e.location for e in events if e.evidence.trigger == "criticized"] == [None]


@pytest.mark.model
def test_a_town_the_tables_do_not_place_is_no_party() -> None:
    """A town or a division the places stage finds under another tag, chosen as a party, that
    no table places in a country is where the act happened, not its target: "attacked the town
    of Gamboru Ngala", "shelled the Turkish province of Kilis" (the small model tags both
    PERSON). A place that stands for its government stays a party ("Kyiv rejected", "Texas
    ... sued")."""
    ex = _learned_extractor()

    def read(text: str, trigger: str) -> tuple[list[str], list[str], str | None]:
        ev = _one_event(ex, text, trigger, "2014-05-09")
        return ([a.text for a in ev.actors], [r.text for r in ev.recipients],
                ev.location.text if ev.location else None)

    _, targets, place = read("Extremists attacked the town of Gamboru Ngala on Nigeria's border "
                             "with Cameroon on Wednesday.", "attacked")
    assert "Gamboru Ngala" not in targets and place == "Gamboru Ngala"
    _, targets, place = read("Kurdish militias shelled the Turkish province of Kilis across the "
                             "border in response.", "shelled")
    assert targets == [] and place == "Kilis"
    sources, _, _ = read("Kyiv rejected the proposal on Monday.", "rejected")
    assert sources == ["Kyiv"]
    sources, _, _ = read("Texas and 25 other states sued the administration on Friday.", "sued")
    assert "Texas" in sources


@pytest.mark.model
def test_a_description_of_a_place_gives_the_name_it_holds() -> None:
    """"the walled Tuscan city of Lucca": where the place model chooses the description, the
    place is the name in its own "of" phrase (``events._named_of``), as the annotators give
    it; a name the model chooses itself stays ("the Russian city of Sochi")."""
    ex = _learned_extractor()
    for text, trigger, place in (
            ("At Tuesday's meeting in the walled Tuscan city of Lucca, the G-7 foreign ministers "
             "discussed Syria.", "meeting", "Lucca"),
            ("The foreign ministers will meet next week in the Russian city of Sochi.", "meet",
             "Sochi")):
        event = _one_event(ex, text, trigger, "2017-04-12")
        assert event.location is not None and event.location.text == place, text


def test_an_unresolved_place_name_the_actor_tables_know_is_no_place(extractor) -> None:
    """The small model tags a minister's family name GPE ("Hagel" in some sentences); a name
    the actor tables know as a party is not offered to the place model as a place of its own
    words, while a name they do not know is ("Baghuz"), and so is a seat of power the tables
    also know as a party ("the Kremlin" tagged GPE: where the meeting was held)."""
    from types import SimpleNamespace

    from spacy.tokens import Span

    from eventwire.pipeline.events import _unresolved_places

    doc = extractor.nlp("Hagel said troops retook Baghuz after talks at the Kremlin.")
    doc.ents = [Span(doc, 0, 1, label="GPE"), Span(doc, 4, 5, label="GPE"),
                Span(doc, 8, 10, label="GPE")]
    assert doc.ents[2].text == "the Kremlin"
    cand = SimpleNamespace(sentence=doc[:], offset=0)
    names_a_party = extractor.events._names_a_party
    assert names_a_party(doc.ents[0]) and not names_a_party(doc.ents[1])
    assert names_a_party(doc.ents[2])
    seats = extractor.knowledge.cue_set("seats")
    found = _unresolved_places(cand, {}, set(), seats, names_a_party)
    assert [p.text for p in found.values()] == ["Baghuz", "the Kremlin"]
    assert [p.text for p in _unresolved_places(cand, {}, set(), seats).values()] == [
        "Hagel", "Baghuz", "the Kremlin"]


@pytest.mark.model
def test_learned_place_can_be_a_seat_of_power() -> None:
    """"The Oval Office", tagged ORG, is where the meeting was held: a place of its own words,
    with no point and no country (a meeting there is no visit to the United States)."""
    import eventwire

    ex = _learned_extractor()
    text = "The president met the emir of Kuwait in the Oval Office on Tuesday."
    assert [e.label_ for e in ex.nlp(text).ents if e.text == "the Oval Office"] == ["ORG"]
    events = eventwire.extract(text, published="2022-10-11", extractor=ex)
    found = [e for e in events if e.evidence.trigger == "met"]
    assert len(found) == 1
    where = found[0].location
    assert where is not None
    assert (where.text, where.country, where.precision, where.lat) == (
        "the Oval Office", None, "other", None)


@pytest.mark.parametrize("text, described", [
    ("Rebels took control of the city on Sunday.", ["city"]),
    ("Clashes broke out in this town and near the Saudi capital.", ["town", "capital"]),
    # a place of its own: a description with other words, or naming it
    ("Troops entered the northern port city and the city of Aleppo.", []),
    ("A city was shelled; the Texas capital was not.", []),
])
def test_a_description_of_a_place_named_before_is_a_place_candidate(
        extractor, text: str, described: list[str]) -> None:
    """"retook the city" names where the act happened by a description of a place the article
    named before: the place model is offered it (at extraction only where the article named
    a place of its kind, ``events.place_of``), with its words for the gold's span."""
    from eventwire.pipeline.arguments import description_heads, place_candidates, place_words

    sent = next(extractor.nlp(text).sents)
    heads = description_heads(sent)
    assert [t.text for t in heads] == described
    assert all(t in place_candidates(sent) for t in heads)
    if "Saudi" in text:
        assert place_words(heads[-1]).text == "the Saudi capital"


@pytest.mark.parametrize("text, label, seat", [
    ("They held a closed-door Oval Office meeting last week.", "ORG", "Oval Office"),
    # tagged PERSON, the seat at the end of the name
    ("It was the first state visit to the Obama White House.", "PERSON", "Obama White House"),
])
def test_a_seat_of_power_the_parser_tags_otherwise_is_a_place_candidate(
        extractor, text: str, label: str, seat: str) -> None:
    """"The White House" tagged ORG is where a meeting was held as often as who held it: the
    place model is offered it (the argument model may still make it a party), as it is offered
    the parser's FAC names; a name that is no seat is not offered."""
    from eventwire.pipeline.arguments import place_candidates, seat_names

    sent = next(extractor.nlp(text).sents)
    ent = next(e for e in sent.ents if e.text == seat)
    assert ent.label_ == label  # the small model's tag, which this test is about
    seats = extractor.knowledge.cue_set("seats")
    assert [e.text for e in seat_names(sent, seats)] == [seat]
    assert ent.root in place_candidates(sent, seats)
    assert ent.root not in place_candidates(sent)
    assert seat_names(sent, {"kremlin"}) == []


@pytest.mark.model
def test_a_titled_subject_is_remembered_by_its_name() -> None:
    """The first sentence holds no event; its subject, a title "for" a country with the name
    the parser hangs on the country (and tags ORG), is still remembered, and the next
    sentence's family name is that envoy of the UN."""
    import eventwire

    ex = _learned_extractor()
    text = ("The UN special envoy for Syria, Staffan de Mistura, has said panic is spreading "
            "among the citizens of Idlib province. De Mistura pleaded with the Russian and "
            "Turkish presidents to find a solution.")
    events = eventwire.extract(text, published="2018-09-01", extractor=ex)
    found = [e for e in events if e.evidence.trigger == "pleaded"]
    assert len(found) == 1
    assert [(a.text, a.name, a.country, a.sector) for a in found[0].actors] == [
        ("De Mistura", "Staffan de Mistura", "UN", "IGO")]


@pytest.mark.model
def test_a_party_the_model_is_sure_of_is_kept_when_nothing_places_it() -> None:
    """"arrested the driver": the argument model is sure the driver is the target, and no
    table, name or earlier mention places him; the party stays, its words with no codes (not
    a person of the tables, nor a country guessed), and its kind from its word. "Another
    officer" and "agents" the tables do not know either; the sector model reads them as police
    (``sectors.py``): the officer of no country (nothing names one), the agents placed as the
    tables' police are."""
    import eventwire

    ex = _learned_extractor()

    def parties(text: str, trigger: str, role: str) -> list[tuple]:
        found = [e for e in eventwire.extract(text, published="2019-05-02", extractor=ex)
                 if e.evidence.trigger == trigger]
        assert len(found) == 1, text
        return [(a.text, a.name, a.country, a.sector, a.kind) for a in getattr(found[0], role)]

    for text, trigger, role, want in (
            ("Police in Dallas arrested the driver on Sunday.", "arrested", "recipients",
             ("the driver", None, None, None, "person")),
            ("The suspect was arrested by another officer.", "arrested", "actors",
             ("another officer", None, None, "COP", "person"))):
        assert parties(text, trigger, role) == [want], text
    agents = parties("A Honduran man threw rocks at agents on Saturday.", "threw", "recipients")
    police = parties("A Honduran man threw rocks at police on Saturday.", "threw", "recipients")
    assert [a[2:4] for a in agents] == [a[2:4] for a in police] == [("HND", "COP")]


@pytest.mark.model
def test_dictionaries_only_keeps_the_rules(tmp_path) -> None:
    from eventwire.pipeline import Extractor

    verbs = tmp_path / "test.verbs"
    verbs.write_text("--- SHUN [191] ---\nSHUN\n", encoding="utf-8")
    ex = Extractor(build_options(coder="learned", dictionaries_only=True,
                                 dictionaries=(str(verbs),)))
    assert ex.model is None and ex.gate is None


def test_missing_model_folder_is_a_clear_error(tmp_path) -> None:
    from eventwire.pipeline.triggers import TriggerModel

    with pytest.raises(ModelError, match="eventwire train"):
        TriggerModel.load(tmp_path)


def test_calibration_maps_are_monotone_and_fit_the_rate() -> None:
    pytest.importorskip("sklearn")
    from eventwire.pipeline.triggers import calibrate
    from eventwire.train import calibration

    rng = np.random.default_rng(0)
    # a model whose probability overstates: a trigger at probability p is right p/2 of the time
    probs = rng.uniform(0.05, 0.95, 4000)
    right = (rng.uniform(0, 1, 4000) < probs / 2).astype(float)
    pairs = list(zip(probs.tolist(), right.tolist()))
    for kind in ("platt", "isotonic"):
        curve = calibration(pairs, kind)
        assert curve["kind"] == kind
        mapped = [calibrate(p, curve) for p in (0.1, 0.3, 0.5, 0.7, 0.9)]
        assert mapped == sorted(mapped)
        assert abs(calibrate(0.8, curve) - 0.4) < 0.08   # the rate, not the raw probability
        assert all(0.0 <= m <= 1.0 for m in mapped)


@pytest.mark.model
def test_the_shipped_model_was_trained_on_the_present_tables() -> None:
    """The weights the package ships are those `make model` writes from the repo: a change to
    the trigger lexicon or the actor tables that the features read needs a retraining (the
    seventeenth session found `cb019adc` trained on tables seven sessions old)."""
    if not shipped("events.model").exists():
        pytest.skip("no shipped model (make model)")
    from eventwire.knowledge import load_knowledge, read_word_clusters, read_word_vectors
    from eventwire.pipeline.arguments import ActorWords
    from eventwire.pipeline.triggers import TriggerModel, lexicon_types, tables_digest

    knowledge = load_knowledge()
    clusters = read_word_clusters()
    present = tables_digest(lexicon_types(knowledge.triggers),
                            ActorWords.from_knowledge(knowledge), clusters,
                            read_word_vectors(rows=len(clusters)))
    trained = TriggerModel.load().types.meta.get("tables")
    assert trained == present, (
        f"the shipped model was trained on tables {trained}, the present ones are {present}: "
        "retrain it (`make model`) and measure it again (docs/models.md)")


def test_joined_examples_keep_each_events_candidates() -> None:
    from eventwire.train import Examples, _joined

    one = Examples(role_rows=[["a"], ["b"]], role_labels=["source", "none"],
                   role_groups=[(0, 2)])
    two = Examples(role_rows=[["c"], ["d"], ["e"]], role_labels=["none", "target", "none"],
                   role_groups=[(0, 1), (1, 3)])
    joined = _joined([one, two])
    assert joined.role_groups == [(0, 2), (2, 3), (3, 5)]
    assert [joined.role_labels[a:b] for a, b in joined.role_groups] == [
        ["source", "none"], ["none"], ["target", "none"]]


def test_the_span_models_are_fitted_in_full_batch_the_same_each_time() -> None:
    """The date and place models (``fit_full_batch``): no seed, the same weights from the same
    rows, and what the rows teach (a place after "in" is the event's, after "from" it is not)."""
    pytest.importorskip("sklearn")
    from eventwire.train import fit_full_batch

    rows = [["bias", "prep=in", f"dist={k % 3}"] for k in range(40)] \
        + [["bias", "prep=from", f"dist={k % 3}"] for k in range(40)]
    labels = ["place"] * 36 + ["none"] * 4 + ["none"] * 36 + ["place"] * 4
    one = fit_full_batch(rows, labels, 1e-3, {"kind": "place"})
    two = fit_full_batch(rows, labels, 1e-3, {"kind": "place"})
    assert one.weights.tobytes() == two.weights.tobytes()
    assert one.bias.tobytes() == two.bias.tobytes()
    k = one.classes.index("place")
    p_in, p_from = one.scores([["bias", "prep=in", "dist=0"],
                               ["bias", "prep=from", "dist=0"]])[:, k]
    assert p_in > 0.8 > 0.2 > p_from
    # a stronger penalty pulls both towards the rows' share (one half)
    flat = fit_full_batch(rows, labels, 1.0, {}).scores([["bias", "prep=in", "dist=0"]])[0, k]
    assert 0.5 < flat < p_in


def test_the_tables_digest_reads_what_the_features_read() -> None:
    from eventwire.pipeline.arguments import ActorWords
    from eventwire.pipeline.triggers import tables_digest

    lexicon = {"attack": frozenset({"VERB:ASSAULT"})}
    words = ActorWords({"army": "MIL"}, {"nato"})
    base = tables_digest(lexicon, words)
    assert base == tables_digest(dict(lexicon), ActorWords({"army": "MIL"}, {"nato"}))
    assert base != tables_digest({"attack": frozenset({"VERB:COERCE"})}, words)
    assert base != tables_digest(lexicon, ActorWords({"army": "REB"}, {"nato"}))
    assert base != tables_digest(lexicon, ActorWords({"army": "MIL"}, {"nato", "kremlin"}))
    assert base != tables_digest(lexicon, ActorWords({"army": "MIL"}, {"nato"}, {"kremlin"}))
    assert base != tables_digest(lexicon, None)
    # the word clusters: a word moved to another cluster is another feature
    clustered = tables_digest(lexicon, words, {"retook": ("3", "17")})
    assert clustered != base
    assert clustered == tables_digest(lexicon, words, {"retook": ("3", "17")})
    assert clustered != tables_digest(lexicon, words, {"retook": ("3", "18")})
    # the words' vectors, of which the gate's word scores are made
    vectors = np.array([[0.6, 0.8]], dtype=np.float32)
    with_vectors = tables_digest(lexicon, words, {"retook": ("3", "17")}, vectors)
    assert with_vectors != clustered
    assert with_vectors != tables_digest(lexicon, words, {"retook": ("3", "17")}, vectors[:, ::-1])


def test_the_gates_word_scores_are_its_sentence_vector_read_word_by_word() -> None:
    """``fit_gate`` learns over the mean of a sentence's word vectors and ships one score per
    word: the probabilities read that way are the classifier's own, and a word the annotations
    never showed moves a sentence as the words near it in unlabeled news do."""
    from scipy.sparse import csr_matrix, hstack

    from eventwire.pipeline.gate import gate_probabilities
    from eventwire.train import DIMS, GATE_VECTOR_WEIGHT, Examples, _matrix, fit_gate

    vocabulary = {"shelled": 0, "bombed": 1, "praised": 2, "admired": 3, "town": 4}
    vectors = np.array([[1, 0, 0], [0.9, 0.1, 0], [0, 1, 0], [0.1, 0.9, 0], [0, 0, 1]],
                       dtype=np.float32)
    ex = Examples()
    for k in range(40):
        verb, label = ("shelled", "event") if k % 2 else ("praised", "no")
        words = [verb, "the", "town"] + (["again"] if k % 3 else [])
        ex.gate_rows.append(["bias"] + [f"u={w}" for w in words])
        ex.gate_words.append(words)
        ex.gate_labels.append(label)
    gate, scores = fit_gate(ex, vocabulary, vectors, 1e-3, 0, {})
    assert scores is not None and scores.dims == len(vocabulary) and scores.classes == gate.classes
    # the same probabilities as the classifier over the hashed features and the dense mean
    from sklearn.linear_model import SGDClassifier

    dense = np.array([vectors[[vocabulary[w] for w in ws if w in vocabulary]].mean(axis=0)
                      for ws in ex.gate_words])
    mean, spread = dense.mean(axis=0), dense.std(axis=0) + 1e-6
    x = hstack([_matrix(ex.gate_rows), csr_matrix(GATE_VECTOR_WEIGHT * (dense - mean) / spread)])
    clf = SGDClassifier(loss="log_loss", alpha=1e-3, max_iter=20, tol=None, random_state=0)
    clf.fit(x.tocsr(), ex.gate_labels)
    expected = clf.predict_proba(x.tocsr())[:, list(clf.classes_).index("event")]
    got = gate_probabilities(gate, scores, vocabulary, ex.gate_rows, ex.gate_words)
    assert np.allclose(got, expected, atol=1e-5)
    assert clf.coef_.shape[1] == DIMS + 3
    # unseen in training: "bombed" reads like "shelled", "admired" like "praised"
    unseen = [["bias", "u=bombed", "u=the", "u=town"], ["bias", "u=admired", "u=the", "u=town"]]
    bombed, admired = gate_probabilities(gate, scores, vocabulary, unseen,
                                         [["bombed", "the", "town"], ["admired", "the", "town"]])
    assert bombed > 0.5 > admired
    without = gate_probabilities(gate, None, vocabulary, unseen, [[], []])
    assert without[0] == pytest.approx(without[1])  # the hashed features alone cannot tell


def test_the_gate_reads_words_the_annotations_never_showed_as_their_clusters() -> None:
    """The gate sees the coarse clusters of a sentence's words in unlabeled news (training/
    clusters.py): a word used like "seized" shares their evidence, whatever its spelling."""
    from eventwire.knowledge import read_word_clusters
    from eventwire.pipeline.gate import gate_features

    clusters = read_word_clusters()
    assert len(clusters) == 30_000
    # words used alike fall together: the attacks on places, the words of rebuke
    assert clusters["retook"][1] == clusters["recaptured"][1] == clusters["seized"][1]
    assert clusters["condemned"] == clusters["denounced"]
    assert clusters["retook"][1] != clusters["condemned"][1]
    gate = gate_features("The army retook the town.", lambda w: False, clusters)
    shared = [f for f in gate if f.startswith("uk=")]  # a cluster counts once a sentence
    assert f"uk={clusters['retook'][0]}" in shared and len(set(shared)) == len(shared)
    assert [f for f in gate if not f.startswith("uk=")] == \
        gate_features("The army retook the town.", lambda w: False)


@pytest.mark.parametrize("sentence, want", [
    ("The army retook the town.",
     ["q=0", "qopen=False", "qshare=0", "qend=False", "qsaid=False"]),
    # a quoted judgement alone: every word inside the marks
    ('"This type of behavior is unbelievable."',
     ["q=2", "qopen=True", "qshare=3", "qend=True", "qsaid=False"]),
    # curly marks read as straight ones; a quotation followed by its speaker
    ("\u201cWe will respond,\u201d the minister told reporters.",  # 3 of 7 words quoted
     ["q=2", "qopen=True", "qshare=1", "qend=False", "qsaid=True"]),
    ('The senator called the bill "a disaster".',
     ["q=2", "qopen=False", "qshare=1", "qend=True", "qsaid=False"]),
])
def test_the_gate_reads_how_a_sentence_quotes(sentence: str, want: list[str]) -> None:
    from eventwire.pipeline.gate import gate_features, quote_features

    assert quote_features(sentence) == want
    assert gate_features(sentence, lambda w: False)[-len(want):] == want


@pytest.mark.model
def test_min_confidence_defaults_to_the_models_floor() -> None:
    if not shipped("events.model").exists():
        pytest.skip("no shipped model (make model)")
    from eventwire.pipeline import Extractor

    import eventwire

    text = ("Police arrested 35 protesters in Tehran on Saturday. The minister said the talks "
            "might resume. Rebels attacked a convoy near Aleppo, the army said, and officials "
            "criticised the decision to halt aid.")
    every = Extractor(build_options(coder="learned", min_confidence=0.0))
    floor = every.model.min_confidence
    assert 0.0 < floor < 1.0
    default = Extractor(build_options(coder="learned"))
    all_events = eventwire.extract(text, published="2022-10-11", extractor=every)
    kept = eventwire.extract(text, published="2022-10-11", extractor=default)
    assert [e.event_id for e in kept] == [e.event_id for e in all_events
                                          if e.confidence >= floor]
    # the rules' scores are not calibrated: no floor unless asked
    rules_default = eventwire.extract(text, published="2022-10-11",
                                      extractor=Extractor(build_options()))
    rules_all = eventwire.extract(text, published="2022-10-11",
                                  extractor=Extractor(build_options(min_confidence=0.0)))
    assert rules_default and [e.event_id for e in rules_default] == [
        e.event_id for e in rules_all]


@pytest.mark.parametrize("value, expected", [
    ("2014-02-20", True), ("2015-08-02", True), ("2015-08-03", False), ("2016-08-01", False),
    ("2015-07", True), ("2015-08", False), ("2014", True), ("2015", False), (None, False)])
def test_background_is_a_date_more_than_a_year_before_the_article(value, expected) -> None:
    from datetime import date

    from eventwire.pipeline.events import _background
    from eventwire.records import EventDate

    assert _background(EventDate(value), date(2016, 8, 3)) is expected
    assert _background(EventDate(value), None) is False


def test_an_act_going_on_since_long_ago_is_no_background() -> None:
    """R2 is for acts that are over: "detained since 2011" in a 2016 article still goes on."""
    from datetime import date

    from eventwire.pipeline.dates import ongoing, resolve_date
    from eventwire.pipeline.events import _background

    since = resolve_date("since 2011", date(2016, 8, 3), "present")
    assert since.value == "2011" and ongoing(since)
    assert _background(since, date(2016, 8, 3)) is False
    over = resolve_date("in 2011", date(2016, 8, 3), "past")
    assert not ongoing(over) and _background(over, date(2016, 8, 3)) is True


@pytest.mark.parametrize("value, expected", [("2015-04", False), ("2015-03", True)])
def test_a_month_is_background_only_when_all_of_it_is(value, expected) -> None:
    from datetime import date

    from eventwire.pipeline.events import _background
    from eventwire.records import EventDate

    # April 2015 ends on the 30th, within a year of 2016-04-29
    assert _background(EventDate(value), date(2016, 4, 29)) is expected


@pytest.mark.model
def test_learned_coder_leaves_old_background_out() -> None:
    if not shipped("events.model").exists():
        pytest.skip("no shipped model (make model)")
    from eventwire.pipeline import Extractor

    ex = Extractor(build_options(coder="learned", min_confidence=0.0))
    import eventwire

    def shootings(text: str) -> list[str | None]:
        return [e.date.value for e in eventwire.extract(text, published="2016-08-03",
                                                        extractor=ex)
                if e.evidence.trigger == "shot"]

    assert shootings("On Monday, riot police shot dead 100 protesters in Kiev.") == [
        "2016-08-01"]
    assert shootings("In February 2014, riot police shot dead 100 protesters in Kiev.") == []


def test_date_floor_is_scored_by_the_f1_of_own_date_expressions() -> None:
    """Precision counts the events given another clause's date; recall the dates left unread."""
    from eventwire.pipeline.arguments import DATE
    from eventwire.train import date_scores

    class Fixed:  # the date model's probabilities of each expression, fixed
        classes = (DATE, "none")

        def __init__(self, probs):
            self.probs = iter(probs)

        def scores(self, rows):
            p = np.array(next(self.probs))
            return np.stack([p, 1 - p], axis=1)

    groups = [([["a"], ["b"]], [DATE, "none"]),   # its own date is the first expression
              ([["c"]], ["none"])]                # the sentence's only date is not its own
    probs = [[0.5, 0.1], [0.3]]
    high = date_scores(Fixed(probs), groups, 0.4)
    assert (high["precision"], high["recall"], high["accuracy"]) == (1.0, 1.0, 1.0)
    low = date_scores(Fixed(probs), groups, 0.2)   # the second event takes a date not its own
    assert (low["precision"], low["recall"], low["accuracy"]) == (0.5, 1.0, 0.5)
    assert abs(low["f1"] - 2 / 3) < 1e-9
    none = date_scores(Fixed(probs), groups, 0.6)  # no date given at all
    assert (none["recall"], none["f1"], none["accuracy"]) == (0.0, 0.0, 0.5)
