"""The learned sector of a party the tables leave without one (``pipeline/sectors.py``)."""

from __future__ import annotations

import numpy as np
import pytest

from eventwire.models.linear import LinearModel, bucket, shipped
from eventwire.pipeline.sectors import SECTOR_NONE, SectorModel, sector_features


def _party(extractor, text: str, head: str):
    doc = extractor.nlp(text)
    tok = next(t for t in doc if t.text == head)
    return extractor.resolver.phrase_tokens(tok), tok


def test_a_party_s_features_are_its_words_title_and_appositives(extractor) -> None:
    tokens, head = _party(extractor, "Hollywood producer Burt Sugarman sued the studio.",
                          "Sugarman")
    feats = sector_features(tokens, head, {"producer": ("7", "70")})
    assert {"h=sugarman", "ent=PERSON", "mod=producer", "w=burt", "c=70",
            "allpropn=False"} <= set(feats)
    assert "mod=burt" not in feats  # a name before the head is no title
    tokens, head = _party(extractor, "Keonna Thomas, 30, a Philadelphia mother, was charged.",
                          "Thomas")
    assert "appos=mother" in sector_features(tokens, head, {})


def _toy_model(dims: int = 1 << 10) -> LinearModel:
    """BUS for a word "inc", none otherwise."""
    weights = np.zeros((dims, 2), dtype=np.float32)
    weights[bucket("w=inc", dims), 0] = 4.0
    bias = np.array([0.0, 1.0], dtype=np.float32)
    return LinearModel(weights, bias, ("BUS", SECTOR_NONE), {})


def test_the_model_gives_its_likeliest_sector_over_its_floor(extractor) -> None:
    model = SectorModel(_toy_model(), 0.7, {})
    assert model.sector(*_party(extractor, "Apple Inc criticized the rule.", "Inc")) == "BUS"
    # none is likeliest: no sector
    assert model.sector(*_party(extractor, "The studio criticized the rule.", "studio")) is None
    # likeliest, but under the floor: no sector (e^3 / (1 + e^3) = 0.95)
    assert SectorModel(_toy_model(), 0.96, {}).sector(
        *_party(extractor, "Apple Inc criticized the rule.", "Inc")) is None


def test_the_floor_is_chosen_by_the_parties_given_their_own_sector_less_the_others() -> None:
    pytest.importorskip("sklearn")
    from eventwire.train import Examples, choose_sector_model, sector_scores

    model = _toy_model()
    rows = [["bias", "w=inc"], ["bias", "w=inc"], ["bias", "w=studio"]]
    assert sector_scores(model, rows, ["BUS", SECTOR_NONE, SECTOR_NONE], 0.5) == {
        "threshold": 0.5, "parties": 3, "given": 2, "right": 1, "wrong": 1}
    assert sector_scores(model, rows, ["BUS", "BUS", SECTOR_NONE], 0.99)["given"] == 0
    tr = Examples(sector_rows=[["bias", "w=inc"]] * 20 + [["bias", "w=army"]] * 20,
                  sector_labels=["BUS"] * 20 + ["MIL"] * 20)
    dv = Examples(sector_rows=[["bias", "w=inc"], ["bias", "w=army"]],
                  sector_labels=["BUS", "MIL"])
    chosen, report = choose_sector_model(tr, dv, {"seed": 0})
    assert chosen is not None and chosen.classes == ("BUS", "MIL")
    assert report["accuracy"] == 1.0 and report["right"] == 2 and report["wrong"] == 0
    # every floor gives both their own: the highest is kept
    assert chosen.meta["threshold"] == report["threshold"] == 0.7
    assert choose_sector_model(Examples(sector_rows=[["bias"]], sector_labels=["BUS"]), dv,
                               {}) == (None, {})


@pytest.mark.model
def test_the_learned_coder_gives_unknown_parties_a_sector_and_keeps_the_tables() -> None:
    if not shipped("events.model").exists():
        pytest.skip("no shipped model (make model)")
    import eventwire
    from eventwire.options import build_options
    from eventwire.pipeline import Extractor

    learned = Extractor(build_options(coder="learned", min_confidence=0.0))
    assert learned.events.sectors is not None
    rules = Extractor(build_options(coder="rules"))
    text = "Apple Inc sued the Federal Trade Commission on Monday."
    for ex, sector in ((learned, "BUS"), (rules, None)):
        sued = [e for e in eventwire.extract(text, published="2019-06-05", extractor=ex)
                if e.evidence.trigger == "sued"]
        assert len(sued) == 1
        assert [(a.text, a.sector) for a in sued[0].actors] == [("Apple Inc", sector)]
    # what the tables say stays: the army is MIL, whatever its words would give
    text = "The Syrian army shelled the town of Douma on Monday."
    shelled = [e for e in eventwire.extract(text, published="2018-02-27", extractor=learned)
               if e.evidence.trigger == "shelled"]
    assert [(a.country, a.sector) for a in shelled[0].actors] == [("SYR", "MIL")]
