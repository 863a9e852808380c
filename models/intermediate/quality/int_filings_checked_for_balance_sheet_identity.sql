-- One row per scored filing (int_quality_filings): the balance_sheet_identity component of
-- fct_filing_quality_components. Per currency in which the filing tags total assets at its
-- period end: assets = liabilities and equity, and assets = liabilities + equity incl. NCI
-- (+ temporary equity, decisions 022, 036), each within max($1, 0.1 % of assets). The balance
-- sheets and their residuals are int_balance_sheet_residuals_explained's: a residual that the
-- filing's own elements of equity outside permanent equity explain (seeds/
-- equity_outside_permanent_equity, decision 036) is a mezzanine line under an element the check
-- does not add, so that check holds; any other residual fails it, with its explanation or its
-- size. Score 1 when every check holds, 0 when one fails or none can be made (unverifiable).
-- Built company by company, and only for companies with new SEC data (decision 029).

{{ config(materialized='partitioned') }}

with

filings as (

    select * from {{ ref('int_quality_filings') }}
    where is_in_scope and {{ company_batch('cik') }}

),

balance_sheets as (

    select * from {{ ref('int_balance_sheet_residuals_explained') }}
    where {{ company_batch('cik') }}

),

balance_checks as (

    select
        *,
        liabilities_and_equity is not null as has_filed_total_check,
        total_liabilities + equity_including_nci + temporary_equity is not null
            as has_parts_check,
        liabilities_and_equity is not null
        and abs(total_assets - liabilities_and_equity) > tolerance as is_off_filed_total,
        -- decision 036: explained by equity outside permanent equity = the check holds
        total_liabilities + equity_including_nci + temporary_equity is not null
        and abs(total_assets - (total_liabilities + equity_including_nci + temporary_equity))
        > tolerance
        and not (
            status = 'explained'
            and explanation_source = 'equity_outside_permanent_equity'
            and residual_basis = 'liabilities + equity incl. NCI + temporary equity'
        ) as is_off_parts,
        total_liabilities + equity_including_nci + temporary_equity as liabilities_plus_equity
    from balance_sheets

),

balance_results as (

    select
        cik,
        accession_number,
        count(*) filter (where has_filed_total_check)
        + count(*) filter (where has_parts_check) as n_checks,
        count(*) filter (where is_off_filed_total)
        + count(*) filter (where is_off_parts) as n_failed,
        string_agg(
            case
                when is_off_filed_total
                    then
                        'total_assets ' || cast(round(total_assets) as hugeint)
                        || ' <> liabilities_and_equity '
                        || cast(round(liabilities_and_equity) as hugeint) || ' ' || unit
            end, '; '
        ) as assets_vs_le_failure,
        string_agg(
            case
                when is_off_parts
                    then
                        'total_assets ' || cast(round(total_assets) as hugeint)
                        || ' <> liabilities + equity incl. NCI + temporary equity '
                        || cast(round(liabilities_plus_equity) as hugeint) || ' ' || unit
                        || ' (off by '
                        || cast(round(total_assets - liabilities_plus_equity) as hugeint)
                        || ')'
            end, '; '
        ) as assets_vs_l_plus_e_failure,
        -- decision 036: each residual, explained (by which elements) or not, with its size
        string_agg(
            case
                when status in ('explained', 'unexplained')
                    then
                        'residual ' || cast(round(residual) as hugeint) || ' ' || unit
                        || ' against ' || residual_basis
                        || case
                            when status = 'explained'
                                then
                                    ' explained by ' || explained_by
                                    || case
                                        when explanation_source = 'equity_outside_permanent_equity'
                                            then ' (equity outside permanent equity)'
                                        else ' (not an element of equity outside permanent equity)'
                                    end
                            else ' unexplained'
                        end
            end, '; '
        ) as residual_explanations
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
                    concat_ws(
                        '; ',
                        'holds (' || balance_results.n_checks
                        || ' check(s) within max($1, 0.1 % of assets))',
                        balance_results.residual_explanations
                    )
            else concat_ws(
                '; ',
                balance_results.assets_vs_le_failure,
                balance_results.assets_vs_l_plus_e_failure,
                balance_results.residual_explanations
            )
        end as detail
    from filings
    left join balance_results
        on
            filings.cik = balance_results.cik
            and filings.accession_number = balance_results.accession_number

)

select * from final
