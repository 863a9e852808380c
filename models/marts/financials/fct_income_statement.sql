-- One row per company, fiscal year and fiscal period (Q1-Q4, FY): income statement line items
-- pivoted from int_line_items_by_fiscal_period, each with its provenance (accession, concept),
-- whether it was derived (from year-to-date figures, decision 009, or from an identity such as
-- gross profit = revenue - cost of revenue, decision 014) and the derivation formula.
-- Per-share amounts and share counts are also given on the company's latest split basis
-- (decision 037): a value is on the basis of the filing that reported it, so it is divided
-- (EPS) or multiplied (shares) by the factors of the splits after that filing's date
-- (int_stock_splits_combined); the as-filed columns are unchanged.
-- The pivot is built company by company (int_income_statement_pivoted); this table adds what a
-- company's SEC data does not decide, the ticker and the split basis, over every company
-- (decision 046); the query is the two marts' one: split_adjusted_statement.

{{ split_adjusted_statement(
    'income_statement', 'int_income_statement_pivoted', factor_columns='after_all'
) }}
