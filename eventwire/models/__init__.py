"""The room for shipped model weights (empty for now): the small learned models of the pipeline
(sentence gate, triggers, arguments), trained from the annotations under ``training/`` with a
fixed seed and loaded through ``importlib.resources``; ``docs/models.md`` will be their card.
"""
