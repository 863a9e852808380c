{{ config(
    severity='warn',
    meta={'expected_because':
        'the market data lists a split no filing reports, or a filing reports a split ratio'
        ~ ' the market events lack (e.g. a chart recorded without events)'},
) }}
-- Source finding (warn, decision 025): a listing's split events against the split ratios its
-- company's filings report (StockholdersEquityNoteStockSplitConversionRatio1): a market split
-- no filing reports within a year, or a filing ratio without a matching split event where the
-- bars cover the window. Returns one row per finding (recon_split_events_match_filings);
-- reconciliation_report shows the same check as `split_events_match_filings`.

select
    check_name,
    affected_key,
    affected_rows,
    detail
from {{ ref('recon_split_events_match_filings') }}
