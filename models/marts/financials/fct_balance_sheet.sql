-- One row per company, fiscal year and fiscal period (Q1-Q4, FY): balance sheet line items at the
-- end of the fiscal period, pivoted from int_line_items_by_fiscal_period, each with its provenance
-- (accession, concept), whether it was derived (decision 014) and how. Balances are never
-- derived by subtraction across periods; the FY row is the balance at the fiscal year end, the
-- same facts as Q4 (decision 015). period_end is the balance sheet date; period_start is the
-- first day of the fiscal period the balance closes (decision 015).
-- Share counts are also given on the company's latest split basis (decisions 037, 045): a count
-- is on the basis of the filing that reported it, so it is multiplied by the factors of the
-- splits after that filing's date (int_stock_splits_combined); the as-filed columns are unchanged.
-- The pivot is built company by company (int_balance_sheet_pivoted); this table adds what a
-- company's SEC data does not decide, the ticker and the split basis, over every company
-- (decision 046); the query is the two marts' one: split_adjusted_statement.

{{ split_adjusted_statement(
    'balance_sheet', 'int_balance_sheet_pivoted', factor_columns='after_each'
) }}
