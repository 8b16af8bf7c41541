"""Shipped model weights and how they are read.

- ``linear.py``     the file format and the application of the linear models (NumPy only);
- ``events.model``  the gate, trigger type, mode, modality and argument models, built by
                    ``make model`` (``eventwire train training/corpus --out eventwire/models``)
                    from the annotated corpus with a fixed seed; ``events.json`` beside it is
                    the training report (what it was trained on, the figures on dev).

``docs/models.md`` is their card. The pipeline uses them with ``--coder learned``.
"""
