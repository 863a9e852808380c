{{ config(
    severity='warn',
    meta={'expected_because':
        'a filing reports weighted shares in the wrong scale, EPS and share counts on different'
        ~ ' split bases, or EPS on income other than net income (participating securities,'
        ~ ' preferred dividends)'},
) }}
-- Source finding (warn, decision 025): net income ÷ weighted diluted shares agrees with the
-- reported diluted EPS within 2 cents or 5 % on every income-statement row that has all three.
-- Returns one row per disagreement (recon_eps_equals_net_income_per_share);
-- reconciliation_report shows the same check as `eps_equals_net_income_per_share`.

select
    check_name,
    affected_key,
    affected_rows,
    detail
from {{ ref('recon_eps_equals_net_income_per_share') }}
