{{ config(
    severity='warn',
    meta={'expected_because':
        'a price history stitched from loads on two split bases, or a split the market events'
        ~ ' do not list: the raw close jumps by a split factor with no split event near it'},
) }}
-- Source finding (warn, decision 025): a raw close that moves by a common split factor (within
-- 3 %, by at least 40 %) with no split event of the symbol within 7 days. Yahoo restates closes
-- to the latest split, so such a jump means the closes and the split events disagree, and
-- close x later split factors (decision 019) is off by that factor. Returns one row per
-- symbol and date (recon_price_jumps_without_split_events); reconciliation_report shows the
-- same check as `price_jumps_without_split_events`.

select
    check_name,
    affected_key,
    affected_rows,
    detail
from {{ ref('recon_price_jumps_without_split_events') }}
