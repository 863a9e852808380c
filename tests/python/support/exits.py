"""Exit codes the tests expect from `finloom` (README "Running it unattended")."""

#: Completed with gaps or new source findings.
EXIT_GAPS = 3

#: The corpus lacks Apple's submissions overflow page (CIK0000320193-submissions-001.json) and
#: LPA's submissions file: a load that asks for either completes with that gap.
EXIT_CORPUS_AAPL_OR_LPA = EXIT_GAPS
