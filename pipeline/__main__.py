"""``python -m pipeline`` is the ``coi-pipeline`` command."""

import sys

from .cli import main

sys.exit(main())
