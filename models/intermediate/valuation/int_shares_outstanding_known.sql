-- One row per company and date on which a filing with a share count became public: the count a
-- user could know from that date until the next such filing (decision 019). The cover-page count
-- (dei:EntityCommonStockSharesOutstanding, summed over the share classes a filing reports for the
-- same date) wins as soon as the company has filed one; before that, the balance-sheet count
-- (us-gaap:CommonStockSharesOutstanding). Among the counts filed so far, the one with the latest
-- as-of date wins (an amendment re-reporting an old cover date does not displace a newer count),
-- then the latest filed. Counts stay as reported: split adjustment happens per listing, in
-- fct_valuation_daily.
-- Built company by company, and only for companies with new SEC data (decisions 029, 043).

{{ config(materialized='partitioned') }}

with

facts as (

    select * from {{ ref('stg_sec__company_facts') }}
    where
        is_instant
        and unit = 'shares'
        and value > 0
        and (
            (taxonomy = 'dei' and concept = 'EntityCommonStockSharesOutstanding')
            or (taxonomy = 'us-gaap' and concept = 'CommonStockSharesOutstanding')
        )
        and {{ company_batch('cik') }}

),

reported_counts as (

    select
        cik,
        taxonomy,
        concept,
        accession_number,
        form,
        filed_date,
        period_end as as_of_date,
        sum(value) as shares_outstanding,
        count(*) as n_share_classes
    from facts
    group by cik, taxonomy, concept, accession_number, form, filed_date, period_end

),

counts as (

    select
        *,
        -- decision 019: the split basis of the count. A cover-page count is the number of
        -- shares on its as-of date; statements (the balance-sheet count) are retroactively
        -- restated for splits effective before they are issued (SEC SAB Topic 4C).
        case
            when taxonomy = 'dei' then as_of_date else filed_date
        end as split_basis_date
    from reported_counts

),

knowledge_dates as (

    select distinct
        cik,
        filed_date as known_from
    from counts

),

candidates as (

    select
        knowledge_dates.known_from,
        counts.*,
        row_number() over (
            partition by knowledge_dates.cik, knowledge_dates.known_from
            order by
                case when counts.taxonomy = 'dei' then 0 else 1 end asc,
                counts.as_of_date desc,
                counts.filed_date desc,
                counts.accession_number desc
        ) as candidate_rank
    from knowledge_dates
    inner join counts
        on
            knowledge_dates.cik = counts.cik
            and knowledge_dates.known_from >= counts.filed_date

),

final as (

    select
        cik,
        known_from,
        lead(known_from) over (partition by cik order by known_from) as known_to,
        shares_outstanding,
        n_share_classes,
        as_of_date,
        split_basis_date,
        taxonomy as source_taxonomy,
        concept as source_concept,
        accession_number as source_accession_number,
        form as source_form,
        filed_date as source_filed_date
    from candidates
    where candidate_rank = 1

)

select * from final
