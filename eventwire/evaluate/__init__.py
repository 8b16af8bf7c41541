"""Evaluation: accuracy on gold sets, beside the pipeline (it runs an ``Extractor`` over them).

- ``gold.py``      readers of the gold sets in their native formats (the seed set, PLOVER's gold
                   standard records, PETRARCH's unit-test records);
- ``corpus.py``    the team's annotated corpus: loading, validation, statistics, agreement, and
                   scoring whole articles of a split through the pipeline (``eventwire corpus``,
                   ``eventwire eval training/corpus``);
- ``evaluate.py``  the evaluator: scores per PLOVER type, actors, places, dates and sizes, and
                   the failures by class (``eventwire eval``).
"""
