-- One row per scored filing (int_quality_filings): the balance_sheet_identity component of
-- fct_filing_quality_components. Per currency in which the filing tags total assets at its
-- instants: assets = liabilities and equity, and assets = liabilities + equity incl. NCI
-- (+ temporary equity, decision 022), each within max($1, 0.1 % of assets). Score 1 when every
-- check holds, 0 when one fails or none can be made (unverifiable).

{%- set temporary_equity_total =
    'TemporaryEquityCarryingAmountIncludingPortionAttributableToNoncontrollingInterests' %}
{%- set temporary_equity_parent = 'TemporaryEquityCarryingAmountAttributableToParent' %}
{%- set temporary_equity_nci = 'RedeemableNoncontrollingInterestEquityCarryingAmount' %}

with

filings as (

    select * from {{ ref('int_quality_filings') }}
    where is_in_scope

),

filing_facts as (

    select * from {{ ref('int_quality_filing_facts') }}

),

concept_map as (

    select * from {{ ref('concept_map') }}

),

balance_facts as (

    select
        filing_facts.cik,
        filing_facts.accession_number,
        filing_facts.unit,
        concept_map.line_item,
        filing_facts.concept,
        filing_facts.value * concept_map.sign as value,
        row_number() over (
            partition by
                filing_facts.cik, filing_facts.accession_number, filing_facts.unit,
                concept_map.line_item
            order by concept_map.priority asc
        ) as candidate_rank
    from filing_facts
    inner join concept_map
        on
            filing_facts.taxonomy = concept_map.taxonomy
            and filing_facts.concept = concept_map.concept
    where
        filing_facts.period_type = 'instant'
        and concept_map.line_item in (
            'total_assets', 'liabilities_and_equity', 'total_liabilities', 'total_equity',
            'stockholders_equity', 'noncontrolling_interest', 'temporary_equity',
            'temporary_equity_parent', 'redeemable_noncontrolling_interest'
        )

),

balance_sheets as (

    -- one row per filing and currency in which it tags total assets
    select
        cik,
        accession_number,
        unit,
        max(case when line_item = 'total_assets' then value end) as total_assets,
        max(case when line_item = 'liabilities_and_equity' then value end)
            as liabilities_and_equity,
        max(case when line_item = 'total_liabilities' then value end) as total_liabilities,
        -- equity incl. NCI: as tagged, else parent equity + NCI (0 when the filing tags none)
        coalesce(
            max(case when line_item = 'total_equity' then value end),
            max(case when line_item = 'stockholders_equity' then value end)
            + coalesce(max(case when line_item = 'noncontrolling_interest' then value end), 0)
        ) as equity_including_nci,
        -- temporary (mezzanine) equity: the total, else its parent and redeemable-NCI parts,
        -- which add up (decision 022; Tesla tags both)
        coalesce(
            max(case when concept = '{{ temporary_equity_total }}' then value end),
            coalesce(max(case when concept = '{{ temporary_equity_parent }}' then value end), 0)
            + coalesce(max(case when concept = '{{ temporary_equity_nci }}' then value end), 0)
        ) as temporary_equity
    from balance_facts
    where
        candidate_rank = 1
        or line_item in (
            'temporary_equity', 'temporary_equity_parent', 'redeemable_noncontrolling_interest'
        )
    group by cik, accession_number, unit
    having max(case when line_item = 'total_assets' then value end) is not null

),

balance_checks as (

    select
        cik,
        accession_number,
        unit,
        total_assets,
        liabilities_and_equity,
        total_liabilities + equity_including_nci + temporary_equity as liabilities_plus_equity,
        greatest(1, 0.001 * abs(total_assets)) as tolerance
    from balance_sheets

),

balance_results as (

    select
        cik,
        accession_number,
        count(*) filter (where liabilities_and_equity is not null)
        + count(*) filter (where liabilities_plus_equity is not null) as n_checks,
        count(*) filter (
            where abs(total_assets - liabilities_and_equity) > tolerance
        )
        + count(*) filter (
            where abs(total_assets - liabilities_plus_equity) > tolerance
        ) as n_failed,
        string_agg(
            case
                when abs(total_assets - liabilities_and_equity) > tolerance
                    then
                        'total_assets ' || cast(round(total_assets) as hugeint)
                        || ' <> liabilities_and_equity '
                        || cast(round(liabilities_and_equity) as hugeint) || ' ' || unit
            end, '; '
        ) as assets_vs_le_failure,
        string_agg(
            case
                when abs(total_assets - liabilities_plus_equity) > tolerance
                    then
                        'total_assets ' || cast(round(total_assets) as hugeint)
                        || ' <> liabilities + equity incl. NCI + temporary equity '
                        || cast(round(liabilities_plus_equity) as hugeint) || ' ' || unit
                        || ' (off by '
                        || cast(round(total_assets - liabilities_plus_equity) as hugeint)
                        || ')'
            end, '; '
        ) as assets_vs_l_plus_e_failure
    from balance_checks
    group by cik, accession_number

),

final as (

    select
        filings.cik,
        filings.accession_number,
        'balance_sheet_identity' as component,
        coalesce(balance_results.n_checks, 0) as n_checks,
        coalesce(balance_results.n_failed, 0) as n_failed,
        case
            when coalesce(balance_results.n_checks, 0) = 0 then 0.0
            when balance_results.n_failed = 0 then 1.0
            else 0.0
        end as component_score,
        case
            when balance_results.cik is null
                then 'unverifiable: no total assets tagged at the period end'
            when balance_results.n_checks = 0
                then
                    'unverifiable: neither liabilities and equity nor liabilities + equity '
                    || 'tagged at the period end'
            when balance_results.n_failed = 0
                then
                    'holds (' || balance_results.n_checks
                    || ' check(s) within max($1, 0.1 % of assets))'
            else concat_ws(
                '; ',
                balance_results.assets_vs_le_failure,
                balance_results.assets_vs_l_plus_e_failure
            )
        end as detail
    from filings
    left join balance_results
        on
            filings.cik = balance_results.cik
            and filings.accession_number = balance_results.accession_number

)

select * from final
