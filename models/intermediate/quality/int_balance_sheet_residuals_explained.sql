-- One row per scored filing, balance sheet date (the filing's own period end) and currency in
-- which the filing tags total assets: does its balance sheet balance, and if not, which of its
-- own facts at that date explain the residual (decision 036).
--   residual = total assets - (liabilities + equity incl. NCI + temporary equity), else, when
--   liabilities or equity are not tagged, total assets - liabilities and equity. Temporary
--   (mezzanine) equity is read through seeds/equity_outside_permanent_equity: the total, else
--   the parent part + the redeemable-NCI part (else its slices, summed; decision 022).
--   balanced     both checks hold within max($1, 0.1 % of assets) (decision 021)
--   explained    the residual equals one of the filing's instant facts at that date in that
--                currency, or a signed sum of two, within the rounding of the terms (3 x the
--                coarsest power of ten dividing all of them); the seed's elements are tried
--                first, then any element; the first match in that order is reported, with the
--                number of matches of its kind. A seed element the check already counts can only
--                be counted twice (it explains with a minus), a conditional one can only be
--                missing (a plus)
--   unexplained  no such fact: the residual is reported with its size
-- Built company by company, and only for companies with new SEC data (decision 029).

{{ config(materialized='partitioned') }}

{#- the coarsest power of ten (1 to 10^6) dividing a term; an absent term does not bind -#}
{%- set precision_of_term -%}
    case
        when TERM is null then 1000000
        when TERM % 1000000 = 0 then 1000000
        when TERM % 100000 = 0 then 100000
        when TERM % 10000 = 0 then 10000
        when TERM % 1000 = 0 then 1000
        when TERM % 100 = 0 then 100
        when TERM % 10 = 0 then 10
        else 1
    end
{%- endset %}

{%- set rounded_terms = [
    'total_assets', 'liabilities_and_equity', 'total_liabilities', 'equity_including_nci',
    'temporary_equity',
] %}

{%- set checked_line_items = [
    'total_assets', 'liabilities_and_equity', 'total_liabilities', 'total_equity',
    'stockholders_equity', 'noncontrolling_interest',
] %}

with

filings as (

    select * from {{ ref('int_quality_filings') }}
    where is_in_scope and {{ company_batch('cik') }}

),

filing_facts as (

    -- instants of a scored filing are all at its own period end (int_quality_filing_facts)
    select * from {{ ref('int_quality_filing_facts') }}
    where period_type = 'instant' and {{ company_batch('cik') }}

),

concept_map as (

    select * from {{ ref('concept_map') }}

),

outside_permanent_equity as (

    select * from {{ ref('equity_outside_permanent_equity') }}

),

mapped_facts as (

    -- the highest-priority concept the filing tags for each balance-sheet line item
    select
        filing_facts.cik,
        filing_facts.accession_number,
        filing_facts.period_end,
        filing_facts.unit,
        concept_map.line_item,
        filing_facts.value * concept_map.sign as value,
        row_number() over (
            partition by
                filing_facts.cik, filing_facts.accession_number, filing_facts.period_end,
                filing_facts.unit, concept_map.line_item
            order by concept_map.priority asc
        ) as candidate_rank
    from filing_facts
    inner join concept_map
        on
            filing_facts.taxonomy = concept_map.taxonomy
            and filing_facts.concept = concept_map.concept
    where
        concept_map.line_item in (
            {%- for item in checked_line_items %}
                '{{ item }}'{{ "," if not loop.last }}
            {%- endfor %}
        )

),

temporary_equity_facts as (

    -- the seed's elements that count as temporary equity wherever they are tagged
    select
        filing_facts.cik,
        filing_facts.accession_number,
        filing_facts.period_end,
        filing_facts.unit,
        filing_facts.concept,
        filing_facts.value,
        outside_permanent_equity.role,
        outside_permanent_equity.line_item
    from filing_facts
    inner join outside_permanent_equity
        on
            filing_facts.taxonomy = outside_permanent_equity.taxonomy
            and filing_facts.concept = outside_permanent_equity.concept
    where outside_permanent_equity.role in ('total', 'part', 'sub_part')

),

temporary_equity_by_role as (

    select
        cik,
        accession_number,
        period_end,
        unit,
        max(value) filter (where role = 'total') as total_value,
        max(value) filter (where role = 'part' and line_item = 'temporary_equity_parent')
            as parent_value,
        max(value) filter (
            where role = 'part' and line_item = 'redeemable_noncontrolling_interest'
        ) as redeemable_nci_value,
        sum(value) filter (where role = 'sub_part') as redeemable_nci_slices_value,
        max(concept) filter (where role = 'total') as total_concept,
        string_agg(concept, ' + ' order by concept) filter (where role = 'part')
            as part_concepts,
        string_agg(concept, ' + ' order by concept) filter (where role = 'sub_part')
            as slice_concepts
    from temporary_equity_facts
    group by cik, accession_number, period_end, unit

),

temporary_equity as (

    -- the total wins; else the parent part + the redeemable-NCI part, whose slices add up to it
    -- when it is not tagged (decision 022)
    select
        cik,
        accession_number,
        period_end,
        unit,
        coalesce(
            total_value,
            coalesce(parent_value, 0)
            + coalesce(redeemable_nci_value, redeemable_nci_slices_value, 0)
        ) as temporary_equity,
        case
            when total_value is not null then total_concept
            when redeemable_nci_value is not null then part_concepts
            else concat_ws(' + ', part_concepts, slice_concepts)
        end as temporary_equity_concepts
    from temporary_equity_by_role

),

balance_sheets as (

    select
        mapped_facts.cik,
        mapped_facts.accession_number,
        mapped_facts.period_end,
        mapped_facts.unit,
        max(mapped_facts.value) filter (where mapped_facts.line_item = 'total_assets')
            as total_assets,
        max(mapped_facts.value) filter (where mapped_facts.line_item = 'liabilities_and_equity')
            as liabilities_and_equity,
        max(mapped_facts.value) filter (where mapped_facts.line_item = 'total_liabilities')
            as total_liabilities,
        -- equity incl. NCI: as tagged, else parent equity + NCI (0 when the filing tags none)
        coalesce(
            max(mapped_facts.value) filter (where mapped_facts.line_item = 'total_equity'),
            max(mapped_facts.value) filter (where mapped_facts.line_item = 'stockholders_equity')
            + coalesce(
                max(mapped_facts.value) filter (
                    where mapped_facts.line_item = 'noncontrolling_interest'
                ),
                0
            )
        ) as equity_including_nci
    from mapped_facts
    where mapped_facts.candidate_rank = 1
    group by
        mapped_facts.cik, mapped_facts.accession_number, mapped_facts.period_end,
        mapped_facts.unit
    having
        max(mapped_facts.value) filter (where mapped_facts.line_item = 'total_assets') is not null

),

with_temporary_equity as (

    select
        balance_sheets.*,
        coalesce(temporary_equity.temporary_equity, 0) as temporary_equity,
        temporary_equity.temporary_equity_concepts
    from balance_sheets
    left join temporary_equity
        on
            balance_sheets.cik = temporary_equity.cik
            and balance_sheets.accession_number = temporary_equity.accession_number
            and balance_sheets.period_end = temporary_equity.period_end
            and balance_sheets.unit = temporary_equity.unit

),

residuals as (

    select
        *,
        total_liabilities + equity_including_nci + temporary_equity as liabilities_plus_equity,
        total_assets - liabilities_and_equity as assets_minus_liabilities_and_equity,
        total_assets - (total_liabilities + equity_including_nci + temporary_equity)
            as assets_minus_liabilities_plus_equity,
        greatest(1, 0.001 * abs(total_assets)) as tolerance,
        -- the rounding of the terms: the coarsest power of ten (up to 10^6) dividing all of them
        least(
            {%- for term in rounded_terms %}
                {{ precision_of_term | replace('TERM', term) }}{{ "," if not loop.last }}
            {%- endfor %}
        ) as rounding_unit
    from with_temporary_equity

),

checked as (

    select
        *,
        liabilities_and_equity is not null
        and abs(assets_minus_liabilities_and_equity) > tolerance as is_off_filed_total,
        liabilities_plus_equity is not null
        and abs(assets_minus_liabilities_plus_equity) > tolerance as is_off_parts
    from residuals

),

with_residual as (

    -- the residual to explain: against liabilities + equity when that check fails or is the
    -- only one, else against the filing's liabilities and equity
    select
        *,
        case
            when is_off_parts or not is_off_filed_total
                then coalesce(
                    assets_minus_liabilities_plus_equity, assets_minus_liabilities_and_equity
                )
            else assets_minus_liabilities_and_equity
        end as residual,
        case
            when (is_off_parts or not is_off_filed_total) and liabilities_plus_equity is not null
                then 'liabilities + equity incl. NCI + temporary equity'
            when liabilities_and_equity is not null then 'liabilities and equity'
        end as residual_basis
    from checked

),

off_balance as (

    select * from with_residual
    where (is_off_filed_total or is_off_parts) and residual is not null

),

candidates as (

    -- every instant fact of an off-balance sheet's filing, date and currency (one per concept)
    select distinct
        off_balance.cik,
        off_balance.accession_number,
        off_balance.period_end,
        off_balance.unit,
        filing_facts.concept,
        filing_facts.value,
        outside_permanent_equity.concept is not null as is_outside_permanent_equity,
        outside_permanent_equity.role
    from off_balance
    inner join filing_facts
        on
            off_balance.cik = filing_facts.cik
            and off_balance.accession_number = filing_facts.accession_number
            and off_balance.period_end = filing_facts.period_end
            and off_balance.unit = filing_facts.unit
    left join outside_permanent_equity
        on
            filing_facts.taxonomy = outside_permanent_equity.taxonomy
            and filing_facts.concept = outside_permanent_equity.concept
    where filing_facts.value <> 0

),

signs (sign) as (

    values (1), (-1)

),

signed_candidates as (

    -- a seed element the check already counts (total, part, slice) can only be counted twice
    -- (the filer's equity total includes it): it explains with a minus; a conditional one can
    -- only be missing: with a plus; any other element either way
    select
        candidates.*,
        signs.sign
    from candidates
    cross join signs
    where
        candidates.role is null
        or (candidates.role = 'conditional' and signs.sign = 1)
        or (candidates.role in ('total', 'part', 'sub_part') and signs.sign = -1)

),

single_matches as (

    select
        off_balance.cik,
        off_balance.accession_number,
        off_balance.period_end,
        off_balance.unit,
        candidates.is_outside_permanent_equity as is_all_outside_permanent_equity,
        1 as n_elements,
        case when candidates.sign < 0 then 1 else 0 end as n_negative,
        case when candidates.sign < 0 then '- ' else '+ ' end || candidates.concept
        || ' ' || cast(round(candidates.value) as hugeint) as explained_by
    from off_balance
    inner join signed_candidates as candidates
        on
            off_balance.cik = candidates.cik
            and off_balance.accession_number = candidates.accession_number
            and off_balance.period_end = candidates.period_end
            and off_balance.unit = candidates.unit
    where
        abs(off_balance.residual - candidates.sign * candidates.value)
        <= 3 * off_balance.rounding_unit

),

pair_matches as (

    select
        off_balance.cik,
        off_balance.accession_number,
        off_balance.period_end,
        off_balance.unit,
        first_candidate.is_outside_permanent_equity
        and second_candidate.is_outside_permanent_equity as is_all_outside_permanent_equity,
        2 as n_elements,
        case when first_candidate.sign < 0 then 1 else 0 end
        + case when second_candidate.sign < 0 then 1 else 0 end as n_negative,
        case when first_candidate.sign < 0 then '- ' else '+ ' end || first_candidate.concept
        || ' ' || cast(round(first_candidate.value) as hugeint)
        || case when second_candidate.sign < 0 then ' - ' else ' + ' end
        || second_candidate.concept || ' ' || cast(round(second_candidate.value) as hugeint)
            as explained_by
    from off_balance
    inner join signed_candidates as first_candidate
        on
            off_balance.cik = first_candidate.cik
            and off_balance.accession_number = first_candidate.accession_number
            and off_balance.period_end = first_candidate.period_end
            and off_balance.unit = first_candidate.unit
    inner join signed_candidates as second_candidate
        on
            first_candidate.cik = second_candidate.cik
            and first_candidate.accession_number = second_candidate.accession_number
            and first_candidate.period_end = second_candidate.period_end
            and first_candidate.unit = second_candidate.unit
            and first_candidate.concept < second_candidate.concept
    where
        abs(
            off_balance.residual
            - first_candidate.sign * first_candidate.value
            - second_candidate.sign * second_candidate.value
        )
        <= 3 * off_balance.rounding_unit

),

matches as (

    select * from single_matches
    union all
    select * from pair_matches

),

ranked_matches as (

    -- the seed's elements first, then fewer elements, then fewer subtractions
    select
        *,
        case
            when is_all_outside_permanent_equity and n_elements = 1 then 1
            when is_all_outside_permanent_equity then 2
            when n_elements = 1 then 3
            else 4
        end as match_kind,
        row_number() over (
            partition by cik, accession_number, period_end, unit
            order by
                not is_all_outside_permanent_equity, n_elements, n_negative, explained_by
        ) as match_rank
    from matches

),

best_matches as (

    select
        best.*,
        (
            select count(*) from ranked_matches as same_kind
            where
                same_kind.cik = best.cik
                and same_kind.accession_number = best.accession_number
                and same_kind.period_end = best.period_end
                and same_kind.unit = best.unit
                and same_kind.match_kind = best.match_kind
        ) as n_matches
    from ranked_matches as best
    where best.match_rank = 1

),

final as (

    select
        with_residual.cik,
        with_residual.accession_number,
        with_residual.period_end,
        with_residual.unit,
        with_residual.total_assets,
        with_residual.liabilities_and_equity,
        with_residual.total_liabilities,
        with_residual.equity_including_nci,
        with_residual.temporary_equity,
        with_residual.temporary_equity_concepts,
        with_residual.residual_basis,
        with_residual.residual,
        with_residual.tolerance,
        with_residual.rounding_unit,
        -- the filing's own totals agree (NULL when it tags no liabilities and equity)
        case
            when with_residual.liabilities_and_equity is not null
                then not with_residual.is_off_filed_total
        end as is_filed_total_balanced,
        case
            when with_residual.residual is null then 'unverifiable'
            when not (with_residual.is_off_filed_total or with_residual.is_off_parts)
                then 'balanced'
            when best_matches.explained_by is not null then 'explained'
            else 'unexplained'
        end as status,
        best_matches.explained_by,
        case
            when best_matches.is_all_outside_permanent_equity then 'equity_outside_permanent_equity'
            when best_matches.explained_by is not null then 'any_instant_element'
        end as explanation_source,
        best_matches.n_matches
    from with_residual
    left join best_matches
        on
            with_residual.cik = best_matches.cik
            and with_residual.accession_number = best_matches.accession_number
            and with_residual.period_end = best_matches.period_end
            and with_residual.unit = best_matches.unit
    inner join filings
        on
            with_residual.cik = filings.cik
            and with_residual.accession_number = filings.accession_number

)

select * from final
