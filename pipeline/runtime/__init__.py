"""The run: the stages over a corpus into OUT, one run at a time, in a time budget, with progress.

Owns :mod:`.runner` (``clean_text`` over one text, ``run`` over a corpus: reading, the stages in
the workers, the quote check, the outputs, in that order), :mod:`.budget` (the per-document time
limit), :mod:`.lock` (one run into an OUT at a time) and :mod:`.progress` (what stderr shows).
It is the top of the house below the CLI: it may use every other wing; none uses it.
"""
