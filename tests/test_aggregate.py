"""Article identity (hash, MinHash LSH) and cross-article aggregation with GDELT's counts."""

from __future__ import annotations

import pytest
from store_fixtures import actor, city, make_event

from eventwire.store import aggregate
from eventwire.store.aggregate import Member
from eventwire.records import Evidence

WIRE = ("Russian President Vladimir Putin will hold talks with Turkish President Recep Tayyip "
        "Erdogan in the Kazakh capital Astana on Thursday, the Kremlin said on Tuesday. The two "
        "leaders are expected to discuss grain exports from Ukrainian ports and a proposal to "
        "build a gas hub in Turkey, Kremlin spokesman Dmitry Peskov told reporters. Erdogan has "
        "offered to mediate between Moscow and Kyiv. Turkey has not joined Western sanctions "
        "against Russia. The meeting will take place on the sidelines of a regional summit.")
SAME_TOPIC = ("Turkish President Recep Tayyip Erdogan said on Tuesday that he would travel to "
              "Kazakhstan this week, where he could see Vladimir Putin. Turkey buys Russian gas "
              "and has kept trade with Moscow open while Western states imposed sanctions. "
              "Analysts in Ankara said a new grain deal was unlikely before the winter.")


@pytest.mark.parametrize("a, b, same", [
    ("Russia met Turkey.", "Russia met Turkey.", True),
    ("Russia met Turkey.", "  russia   MET\nTurkey. ", True),
    ("Russia met Turkey.", "Russia met Turkey!", False),
    ("Russia met Turkey.", "Turkey met Russia.", False),
    ("Ｒussia met Turkey.", "Russia met Turkey.", True),  # NFKC folds the full-width letter
])
def test_text_hash_identity(a: str, b: str, same: bool) -> None:
    assert (aggregate.text_hash(a) == aggregate.text_hash(b)) is same
    assert len(aggregate.text_hash(a)) == 64


@pytest.mark.parametrize("text, expected", [
    ("", set()),
    ("one two", {b"one two"}),
    ("One two three", {b"one two three"}),
    ("one two three four", {b"one two three", b"two three four"}),
    ("A, b; c. A b c", {b"a b c", b"b c a", b"c a b"}),
])
def test_shingles(text: str, expected: set[bytes]) -> None:
    assert aggregate.shingles(text) == expected


def test_signature_survives_the_store() -> None:
    mh = aggregate.signature(WIRE)
    data = aggregate.signature_bytes(mh)
    assert len(data) == 4 * aggregate.NUM_PERM
    back = aggregate.signature_from_bytes(data)
    assert back.jaccard(mh) == 1.0
    assert back.jaccard(aggregate.signature(SAME_TOPIC)) == mh.jaccard(
        aggregate.signature(SAME_TOPIC))


@pytest.mark.parametrize("variant, duplicate", [
    ("ASTANA, Oct 11 (Northern Wire) - " + WIRE, True),
    ("MOSCOW (Northern Wire) - " + WIRE + " This story was syndicated from Northern Wire.", True),
    (WIRE.replace("on Thursday", "on Friday"), True),
    (WIRE + " Reporting by the world desk; editing by the night editor.", True),
    (SAME_TOPIC, False),
    (" ".join(WIRE.split()[:25]), False),  # a quarter of the story is not a copy of it
])
def test_near_duplicate_index(variant: str, duplicate: bool) -> None:
    index = aggregate.NearDuplicateIndex()
    index.add("wire", aggregate.signature(WIRE))
    index.add("other", aggregate.signature(SAME_TOPIC + " The summit ends on Friday."))
    match = index.match(aggregate.signature(variant))
    if duplicate:
        assert match is not None and match[0] == "wire"
        assert match[1] >= aggregate.NEAR_DUPLICATE_THRESHOLD
    else:
        assert match is None or match[0] != "wire"


def test_near_duplicate_index_prefers_the_closest() -> None:
    index = aggregate.NearDuplicateIndex()
    index.add("far", aggregate.signature(WIRE + " Extra one. Extra two. Extra three words here."))
    index.add("near", aggregate.signature(WIRE + " Extra one."))
    match = index.match(aggregate.signature(WIRE))
    assert match is not None and match[0] == "near"
    assert len(index) == 2 and "far" in index


RUS, TUR, KAZ = actor("RUS"), actor("TUR"), actor("KAZ")
BASE = {"actors": (RUS,), "recipients": (TUR,), "when": "2022-10-13", "place": city("Astana")}


@pytest.mark.parametrize("change, same_key", [
    ({}, True),
    ({"doc_id": "other-doc", "index": 5}, True),               # another article, same event
    ({"actors": (actor("RUS", "MIL"),)}, True),                # sectors are not in the key
    ({"confidence": 0.2}, True),
    ({"event_type": "ACCUSE"}, False),
    ({"actors": (KAZ,)}, False),
    ({"recipients": (TUR, KAZ)}, False),
    ({"when": "2022-10-14"}, False),
    ({"when": "2022-10"}, False),                              # a month is not that day
    ({"place": city("Paris")}, False),
    ({"place": None}, False),
])
def test_aggregation_key(change: dict, same_key: bool) -> None:
    base = make_event("doc-a", 0, **BASE)  # type: ignore[arg-type]
    args = {"doc_id": "doc-a", "index": 0, "event_type": "CONSULT", **BASE, **change}
    other = make_event(**args)
    assert (aggregate.cluster_id(base) == aggregate.cluster_id(other)) is same_key
    assert (aggregate.aggregation_key(base) == aggregate.aggregation_key(other)) is same_key


@pytest.mark.parametrize("kwargs", [
    {"when": None, "actors": (RUS,)},                    # no date
    {"when": "2022-10-13", "actors": (), "place": None},  # no country anywhere
])
def test_vague_events_stay_alone(kwargs: dict) -> None:
    a = make_event("doc-a", 0, **kwargs)
    b = make_event("doc-b", 0, **kwargs)
    assert aggregate.aggregation_key(a) is None
    assert aggregate.cluster_id(a) != aggregate.cluster_id(b)


def test_global_event_id_is_stable_and_positive() -> None:
    cid = aggregate.cluster_id(make_event("doc-a", 0, **BASE))  # type: ignore[arg-type]
    gid = aggregate.global_event_id(cid)
    assert gid == aggregate.global_event_id(cid)
    assert 0 < gid < 2 ** 60
    assert cid.startswith("c-") and len(cid) == 22


def _ev(i: int) -> Evidence:
    return Evidence(f"s{i}", i, 10 * i, 10 * i + 5, "met")


@pytest.mark.parametrize("mentions, expected", [
    ((), 1),
    ((_ev(3),), 2),
    ((_ev(3), _ev(5)), 3),
    ((_ev(0), _ev(3)), 2),  # the first evidence repeated is one mention
])
def test_mention_count(mentions: tuple[Evidence, ...], expected: int) -> None:
    assert aggregate.mention_count(make_event("d", 0, mentions=mentions)) == expected


@pytest.mark.parametrize("members, expected", [
    # one article, one source, two mentions in it
    ([Member("e1", "d1", "TASS", 2, 0.9)], (2, 1, 1, "e1")),
    # a syndicated copy is a second article and (here) a second source
    ([Member("e1", "d1", "TASS", 2, 0.9), Member("e1", "d2", "AP", 2, 0.9)], (4, 2, 2, "e1")),
    # two articles of the same source: two articles, one source
    ([Member("e1", "d1", "AP", 1, 0.5), Member("e2", "d2", "AP", 1, 0.7)], (2, 1, 2, "e2")),
    # unknown sources are each a source of their own
    ([Member("e1", "d1", None, 1, 0.5), Member("e2", "d2", None, 1, 0.5)], (2, 2, 2, "e1")),
    # two events of one document in one aggregate: one article, mentions add up
    ([Member("e1", "d1", "AP", 1, 0.5), Member("e2", "d1", "AP", 3, 0.5)], (4, 1, 1, "e1")),
])
def test_count_mentions(members: list[Member], expected: tuple) -> None:
    c = aggregate.count_mentions(members)
    assert (c.num_mentions, c.num_sources, c.num_articles, c.representative) == expected


def test_count_mentions_needs_members() -> None:
    with pytest.raises(ValueError):
        aggregate.count_mentions([])


@pytest.mark.parametrize("source, url, expected", [
    ("Reuters", "https://www.reuters.com/x", "Reuters"),
    (None, "https://www.reuters.com/world/x", "reuters.com"),
    ("  ", "https://apnews.com/article/x", "apnews.com"),
    (None, None, None),
    (None, "not a url", None),
])
def test_source_name(source: str | None, url: str | None, expected: str | None) -> None:
    assert aggregate.source_name(source, url) == expected


# ---- the LSH band keys (stored by the store, queried per article) -----------------------------


def test_the_lsh_layout_is_datasketchs_for_the_threshold() -> None:
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=aggregate.NEAR_DUPLICATE_THRESHOLD, num_perm=aggregate.NUM_PERM)
    assert (lsh.b, lsh.r) == (aggregate.LSH_BANDS, aggregate.LSH_ROWS)


def _variants(seed: int) -> dict[str, str]:
    """A 120-word story and copies of it with 0 to 45 % of the words replaced, plus unrelated
    stories: pairs on both sides of the LSH's S-curve."""
    import random

    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(400)]
    base = [rng.choice(vocab) for _ in range(120)]
    texts = {"base": " ".join(base)}
    for pct in range(0, 50, 3):
        words = list(base)
        for i in rng.sample(range(len(words)), len(words) * pct // 100):
            words[i] = rng.choice(vocab)
        texts[f"edit{pct:02d}"] = " ".join(words)
    for k in range(4):
        texts[f"other{k}"] = " ".join(rng.choice(vocab) for _ in range(120))
    return texts


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_band_keys_give_datasketchs_lsh_candidates(seed: int) -> None:
    from datasketch import MinHashLSH

    sigs = {key: aggregate.signature(text) for key, text in _variants(seed).items()}
    lsh = MinHashLSH(threshold=aggregate.NEAR_DUPLICATE_THRESHOLD, num_perm=aggregate.NUM_PERM)
    ours = aggregate.NearDuplicateIndex()
    for key, mh in sigs.items():
        lsh.insert(key, mh)
        ours.add(key, mh)
    some_near_missed = False
    for key, mh in sigs.items():
        data = aggregate.signature_bytes(mh)
        found = {k for k, _ in ours.candidates(aggregate.band_keys(data))}
        assert found == set(lsh.query(mh)), key
        some_near_missed |= any(
            k not in found and aggregate.similarity(data, aggregate.signature_bytes(m)) > 0.4
            for k, m in sigs.items())
    assert some_near_missed  # the corpus reaches the part of the curve where bands decide


@pytest.mark.parametrize("band", [0, 6, aggregate.LSH_BANDS - 1])
def test_a_changed_value_changes_only_its_bands_key(band: int) -> None:
    data = aggregate.signature_bytes(aggregate.signature(WIRE))
    keys = aggregate.band_keys(data)
    assert len(keys) == aggregate.LSH_BANDS and len(set(keys)) == aggregate.LSH_BANDS
    assert all(-2 ** 63 <= k < 2 ** 63 for k in keys)  # fits a signed BIGINT
    values = bytearray(data)
    values[4 * aggregate.LSH_ROWS * band] ^= 0xFF
    changed = aggregate.band_keys(bytes(values))
    assert [i for i in range(aggregate.LSH_BANDS) if changed[i] != keys[i]] == [band]


def test_values_beyond_the_last_band_do_not_count() -> None:
    data = bytearray(aggregate.signature_bytes(aggregate.signature(WIRE)))
    data[-1] ^= 0xFF  # the 128th value: 14 bands of 9 use 126
    assert aggregate.band_keys(bytes(data)) == aggregate.band_keys(
        aggregate.signature_bytes(aggregate.signature(WIRE)))


def test_band_keys_need_a_whole_signature() -> None:
    with pytest.raises(ValueError, match="512 bytes"):
        aggregate.band_keys(b"\0" * 100)


@pytest.mark.parametrize("candidates, expected", [
    # (key, how many of the 128 values equal the query's) → (key, similarity) or None
    ([], None),
    ([("b", 115), ("a", 115)], ("a", 115 / 128)),  # a tie goes to the smallest key
    ([("a", 96), ("b", 115)], ("b", 115 / 128)),
    ([("a", 64)], None),                            # under the threshold
    ([("a", 89)], None),                            # 0.695
    ([("a", 90)], ("a", 90 / 128)),                 # 0.703: at or above 0.7
])
def test_best_match(candidates: list[tuple[str, int]], expected: tuple[str, float] | None
                    ) -> None:
    import numpy as np

    base = np.arange(aggregate.NUM_PERM, dtype="<u4")

    def sharing(equal: int) -> bytes:
        other = base.copy()
        other[equal:] += 1000  # the rest differ
        return other.tobytes()

    found = [(key, sharing(equal)) for key, equal in candidates]
    assert aggregate.best_match(base.tobytes(), found) == expected


def test_the_index_forgets_what_is_removed() -> None:
    index = aggregate.NearDuplicateIndex()
    index.add("wire", aggregate.signature(WIRE))
    copy = aggregate.signature("ASTANA (Wire) - " + WIRE)
    assert index.match(copy) is not None
    index.remove("wire")
    index.remove("never-added")
    assert len(index) == 0 and index.match(copy) is None
    assert index.candidates(aggregate.band_keys(aggregate.signature_bytes(copy))) == []
