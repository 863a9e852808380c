{{ config(
    severity='warn',
    meta={'expected_because':
        'the filer\'s own profit attribution does not add up in the values FinLoom picked '
        ~ '(a share restated in a later filing while another line kept the earlier figure, '
        ~ 'or a tagging mistake); a finding about the source data'},
) }}
-- Coverage/quality (warn), for us-gaap and ifrs-full filers alike (issue 13): on every
-- income-statement row with all three, net income attributable to the parent plus the
-- non-controlling interests' share equals consolidated net income (us-gaap NetIncomeLoss +
-- NetIncomeLossAttributableToNoncontrollingInterest = ProfitLoss; ifrs-full
-- ProfitLossAttributableToOwnersOfParent + ProfitLossAttributableToNoncontrollingInterests =
-- ProfitLoss), within 0.1 % and $1 as the balance-sheet identity. Returns the rows that do not.

with

income_statement as (

    select * from {{ ref('fct_income_statement') }}

),

checked as (

    select
        cik,
        ticker,
        fiscal_year,
        fiscal_period,
        period_end,
        net_income,
        net_income_attributable_to_nci,
        net_income_including_nci,
        net_income + net_income_attributable_to_nci - net_income_including_nci as difference,
        greatest(1, 0.001 * abs(net_income_including_nci)) as tolerance
    from income_statement
    where
        net_income is not null
        and net_income_attributable_to_nci is not null
        and net_income_including_nci is not null

)

select *
from checked
where abs(difference) > tolerance
