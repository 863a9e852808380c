{% macro reconciliation_checks() %}
{#-
    [check_name, category, severity, description] of every reconciliation check (decision 025).
    category: `source` (what the filer or the SEC published), `coverage` (what the filer tags)
    or `integrity` (FinLoom's own loads and models). severity: `info`, `warning` (source and
    coverage findings: flagged, never stop the build), `error` (our integrity: fails the build)
    or `critical` (a published figure differs from what it cites).
-#}
{%- set checks = [
    ['filing_index_filings_have_facts', 'source', 'warning',
     'Every 10-K/10-Q (and amendment) the filing index flags as XBRL, filed within the range '
     ~ "of its company's loaded facts, has facts."],
    ['fact_filings_are_in_filing_index', 'source', 'warning',
     'Every 10-K/10-Q (and amendment) that reported facts is in the filing index, except '
     ~ 'filings of companies whose submissions header is missing and filings dated within a '
     ~ 'missing overflow page (see filing_index_gaps).'],
    ['filing_index_gaps', 'source', 'warning',
     'Submissions overflow pages and headers that were reported missing (404) at load: the '
     ~ 'filing index is partial there, and the index checks exempt those filings.'],
    ['fact_accessions_are_known_filings', 'source', 'warning',
     'Every fact cites an accession that is a filing in the index (same exemptions); '
     ~ 'affected_rows counts facts.'],
    ['price_jumps_without_split_events', 'source', 'warning',
     'No raw close moves from the previous bar by a common split factor (within 3 %, by at '
     ~ 'least 40 %) without a split event of the symbol within 7 days.'],
    ['split_events_match_filings', 'source', 'warning',
     "A listing's split events match the split ratios its company's filings report "
     ~ '(StockholdersEquityNoteStockSplitConversionRatio1) within a year, both ways.'],
    ['filing_tables_match_xbrl_facts', 'source', 'warning',
     "A filing's statement tables, read at its own period and times the table's scale, print "
     ~ 'the revenue, net income, total assets and operating cash flow its XBRL facts report '
     ~ "(within one unit of the table's scale; decision 040)."],
    ['market_cap_steps_without_splits', 'source', 'warning',
     "No new filing's share count moves a listing's market cap by 40 % or more against the "
     ~ "previous filing's count at the same close, once the market's split events are applied "
     ~ '(decision 040).'],
    ['macro_revisions', 'source', 'info',
     'FRED observations whose value a later load saw changed from the value an earlier load '
     ~ 'had seen (a revision; both are kept in fct_macro_observations_history, decision 041).'],
    ['eps_equals_net_income_per_share', 'source', 'warning',
     'Net income / weighted diluted shares equals reported diluted EPS within 2 cents or 5 % '
     ~ 'on every income-statement row that has all three (decision 039).'],
    ['mart_values_equal_raw_facts', 'integrity', 'critical',
     'Every fct_financial_line_items value equals its cited raw fact times the concept sign, '
     ~ 'with the same taxonomy, concept, unit, period and accession; a derived value equals '
     ~ 'its derivation recomputed from raw year-to-date facts and mart values (decisions '
     ~ '009, 014).'],
    ['statement_marts_equal_line_items', 'integrity', 'critical',
     'Every value of fct_income_statement, fct_balance_sheet and fct_cash_flow, with its '
     ~ 'source accession and concept, equals the fct_financial_line_items row.'],
] %}
{%- for table, key, name in quality_raw_keys() %}
    {%- do checks.append([
        'duplicate_keys__' ~ name, 'integrity', 'error',
        'No two rows of raw_sec.' ~ table ~ ' share (' ~ key | join(', ') ~ ').'
    ]) %}
{%- endfor %}
{%- for model, key in quality_model_keys() %}
    {%- do checks.append([
        'duplicate_keys__' ~ model, 'integrity', 'error',
        'No two rows of ' ~ model ~ ' share (' ~ key | join(', ') ~ ').'
    ]) %}
{%- endfor %}
{%- for item in ['revenue', 'net_income', 'total_assets', 'total_liabilities',
                 'stockholders_equity', 'operating_cash_flow'] %}
    {%- do checks.append([
        'completeness__' ~ item, 'coverage', 'warning',
        'Share of scored filings reporting ' ~ item ~ ' for their own period '
        ~ '(fct_filing_line_item_coverage).'
    ]) %}
{%- endfor %}
{%- for mart in quality_company_marts() %}
    {%- do checks.append([
        'referential_integrity__' ~ mart, 'integrity', 'error',
        'Every cik of ' ~ mart ~ " is in dim_company, and its ticker is one of the company's."
    ]) %}
{%- endfor %}
{{ return(checks) }}
{% endmacro %}


{% macro reconciliation_check_values() %}
{#- The reconciliation_checks() catalogue as SQL `values` rows, for a CTE with columns
    (check_name, category, severity, description). -#}
    values
    {%- for name, category, severity, description in reconciliation_checks() %}
        ('{{ name }}', '{{ category }}', '{{ severity }}', '{{ description | replace("'", "''") }}')
        {{- "," if not loop.last }}
    {%- endfor %}
{% endmacro %}
