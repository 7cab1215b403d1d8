"""What a run writes and prints: every file of OUT, validated, and every summary for people.

Owns the per-document files and the corpus (:mod:`.emit`, :mod:`.dataset_card`), their JSON
Schemas (:mod:`.schemas`), putting a finished OUT in place (:mod:`.swap`), the findings log and
``findings.sarif`` (:mod:`.findings`, :mod:`.sarif`), ``report.html`` (:mod:`.report`), what a
run keeps of each written document (:mod:`.summary`), the GitHub annotations, step summary and
terminal summary (:mod:`.annotations`), the ``--output-format`` printers (:mod:`.formats`) and
the baseline of accepted findings (:mod:`.baseline`). It reads the quote check's results and the
plain data of :mod:`pipeline.document`; it runs nothing itself.
"""
