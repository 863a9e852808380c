{{ config(
    severity='warn',
    meta={'expected_because':
        'a new share count moves the market cap by 40 % or more at the same close: a split'
        ~ ' the market events lack, a share count in the wrong scale, or a genuine change'
        ~ ' of the count (merger, offering, share classes counted differently)'},
) }}
-- Source finding (warn, decision 025): at each new filing's share count in fct_valuation_daily,
-- the market cap it implies against the cap the previous filing's count implies at the same
-- close, with the market's split events applied to both (decision 040). Returns one row per
-- listing and date the two differ by 40 % or more (recon_market_cap_steps_without_splits);
-- reconciliation_report shows the same check as `market_cap_steps_without_splits`.

select
    check_name,
    affected_key,
    affected_rows,
    detail
from {{ ref('recon_market_cap_steps_without_splits') }}
