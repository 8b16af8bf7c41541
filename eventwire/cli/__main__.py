"""``python -m eventwire.cli``: the ``eventwire`` command."""

from . import main

main()
