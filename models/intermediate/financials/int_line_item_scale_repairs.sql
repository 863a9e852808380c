-- One row per company, line item, fiscal year and fiscal period (Q1-Q4, FY) whose current value
-- is repaired (decision 039): the current version is 1e3 or 1e6 times (or 1/1e3, 1/1e6, within
-- 1 %) another version of the same period, and the filing's own figures favour the other one.
-- Evidence, in this order: (1) for weighted average shares, the per-share identity of the same
-- period's current values, net income / shares = EPS within 2 cents or 5 % — decisive when net
-- income and EPS are both reported: the repair needs the other version to fit and the current
-- one not to; (2) for a line whose fact is a part or the total of a subtotal identity of the
-- quality score (int_quality_identity_terms: gross profit = revenue - cost of revenue, assets =
-- current + noncurrent, ...), the identity with the other terms the same filing tags for the
-- same period and unit, within max($1, 0.1 % of the largest term) — decisive when the filing
-- tags every required term: the other version must make an identity hold that the current one
-- breaks, and none the other way (decision 045); (3) otherwise the neighbouring periods (the
-- previous and next quarter, or year) of the line item, whose own current values are free of
-- scale doubt: every one is within a factor of 10 of the other version. Without evidence, or
-- with evidence for both or neither, nothing is repaired. The repaired value is the other
-- version's own fact, so it stays traceable; the history (int_line_item_versions) keeps both.
-- Read by int_facts_resolved_to_line_items.
-- Built company by company, and only for companies with new SEC data (decision 029).

{{ config(materialized='partitioned') }}

{%- set scales = ['1e3', '1e6', '1e-3', '1e-6'] %}
{#- weighted share count -> the EPS it divides net income into -#}
{%- set per_share_identities = {
    'weighted_shares_basic': 'eps_basic',
    'weighted_shares_diluted': 'eps_diluted',
} %}

with

versions as (

    select * from {{ ref('int_line_item_versions') }}
    where {{ company_batch('cik') }}

),

identity_terms as (

    select * from {{ ref('int_quality_identity_terms') }}

),

concept_map as (

    select * from {{ ref('concept_map') }}

),

identity_facts as (

    -- every fact of the batch's companies that is a term of a subtotal identity (decision 045)
    select
        facts.cik,
        facts.accession_number,
        facts.taxonomy,
        facts.concept,
        facts.unit,
        facts.period_start,
        facts.period_end,
        facts.value,
        identity_terms.identity_name,
        identity_terms.term,
        identity_terms.coefficient,
        identity_terms.is_optional,
        identity_terms.priority
    from {{ ref('stg_sec__company_facts') }} as facts
    inner join identity_terms
        on
            facts.taxonomy = identity_terms.taxonomy
            and facts.concept = identity_terms.concept
            and facts.is_instant = (identity_terms.period_kind = 'instant')
    where {{ company_batch('facts.cik') }}

),

current_values as (

    -- what int_facts_resolved_to_line_items shows: the current version's latest re-report
    select
        cik,
        line_item,
        fiscal_year,
        fiscal_period,
        version_number,
        period_start,
        period_end,
        unit,
        coalesce(latest_value, value) as value,
        coalesce(latest_source_accession_number, source_accession_number) as accession_number,
        -- position in the line item's sequence of quarters (or years)
        case
            when fiscal_period = 'FY' then fiscal_year
            else fiscal_year * 4 + cast(right(fiscal_period, 1) as integer)
        end as period_position
    from versions
    where is_current

),

scale_pairs as (

    -- the current value and an older version of the period off by a power of 1,000
    select
        current_values.cik,
        current_values.line_item,
        current_values.fiscal_year,
        current_values.fiscal_period,
        current_values.period_position,
        current_values.period_start as current_period_start,
        current_values.period_end as current_period_end,
        current_values.unit as current_unit,
        current_values.value as current_value,
        current_values.accession_number as current_accession_number,
        other.version_number as other_version_number,
        other.value as other_value,
        case
            {%- for scale in scales %}
                when
                    abs(
                        cast(other.value as double precision)
                        / cast(current_values.value as double precision) / {{ scale }} - 1
                    ) <= 0.01
                    then '{{ scale }}'
            {%- endfor %}
        end as scale
    from current_values
    inner join versions as other
        on
            current_values.cik = other.cik
            and current_values.line_item = other.line_item
            and current_values.fiscal_year = other.fiscal_year
            and current_values.fiscal_period = other.fiscal_period
            and current_values.version_number <> other.version_number
    where current_values.value <> 0 and other.value <> 0

),

scale_doubts as (

    -- one row per period with a scale doubt: the latest other version off by a power of 1,000
    -- (its version number and value);
    -- two different scales (1e3 and 1e-3) leave it ambiguous, never repaired
    select
        cik,
        line_item,
        fiscal_year,
        fiscal_period,
        period_position,
        current_period_start,
        current_period_end,
        current_unit,
        current_value,
        current_accession_number,
        max(other_version_number) as other_version_number,
        max_by(other_value, other_version_number) as other_value,
        count(distinct scale) as n_scales,
        min(scale) as scale
    from scale_pairs
    where scale is not null
    group by
        cik,
        line_item,
        fiscal_year,
        fiscal_period,
        period_position,
        current_period_start,
        current_period_end,
        current_unit,
        current_value,
        current_accession_number

),

per_share_evidence as (

    -- (1) net income / shares = EPS within 2 cents or 5 %, for the current and the other value
    select
        scale_doubts.cik,
        scale_doubts.line_item,
        scale_doubts.fiscal_year,
        scale_doubts.fiscal_period,
        net_income.value as net_income,
        eps.value as eps,
        abs(
            cast(net_income.value as double precision)
            / cast(scale_doubts.current_value as double precision)
            - eps.value
        ) <= greatest(0.02, 0.05 * abs(eps.value)) as current_fits,
        abs(
            cast(net_income.value as double precision)
            / cast(scale_doubts.other_value as double precision)
            - eps.value
        ) <= greatest(0.02, 0.05 * abs(eps.value)) as other_fits
    from scale_doubts
    inner join current_values as net_income
        on
            scale_doubts.cik = net_income.cik
            and net_income.line_item = 'net_income'
            and scale_doubts.fiscal_year = net_income.fiscal_year
            and scale_doubts.fiscal_period = net_income.fiscal_period
    inner join current_values as eps
        on
            scale_doubts.cik = eps.cik
            and scale_doubts.fiscal_year = eps.fiscal_year
            and scale_doubts.fiscal_period = eps.fiscal_period
            and eps.line_item = case scale_doubts.line_item
                {%- for shares, eps in per_share_identities.items() %}
                    when '{{ shares }}' then '{{ eps }}'
                {%- endfor %}
            end

),

doubted_terms as (

    -- (2) the identity terms the doubted value is in the filing the current value cites: a fact
    -- of that filing, period and unit with the current value, under a concept of the line item
    select distinct
        scale_doubts.cik,
        scale_doubts.line_item,
        scale_doubts.fiscal_year,
        scale_doubts.fiscal_period,
        scale_doubts.current_accession_number,
        scale_doubts.current_value,
        scale_doubts.other_value,
        identity_facts.identity_name,
        identity_facts.term,
        identity_facts.coefficient,
        identity_facts.is_optional,
        identity_facts.period_start,
        identity_facts.period_end,
        identity_facts.unit
    from scale_doubts
    inner join identity_facts
        on
            scale_doubts.cik = identity_facts.cik
            and scale_doubts.current_accession_number = identity_facts.accession_number
            and scale_doubts.current_period_start is not distinct from identity_facts.period_start
            and scale_doubts.current_period_end = identity_facts.period_end
            and scale_doubts.current_unit = identity_facts.unit
            and scale_doubts.current_value = identity_facts.value
    inner join concept_map
        on
            scale_doubts.line_item = concept_map.line_item
            and identity_facts.taxonomy = concept_map.taxonomy
            and identity_facts.concept = concept_map.concept
    where scale_doubts.n_scales = 1

),

other_terms_ranked as (

    -- the identity's other terms as the same filing tags them for the period and unit: per
    -- term the highest-priority concept, as the subtotal check reads them
    select
        doubted_terms.cik,
        doubted_terms.line_item,
        doubted_terms.fiscal_year,
        doubted_terms.fiscal_period,
        doubted_terms.identity_name,
        identity_facts.term,
        identity_facts.coefficient,
        identity_facts.is_optional,
        identity_facts.value,
        row_number() over (
            partition by
                doubted_terms.cik, doubted_terms.line_item, doubted_terms.fiscal_year,
                doubted_terms.fiscal_period, doubted_terms.identity_name, identity_facts.term
            order by identity_facts.priority asc, identity_facts.concept asc
        ) as term_rank
    from doubted_terms
    inner join identity_facts
        on
            doubted_terms.cik = identity_facts.cik
            and doubted_terms.current_accession_number = identity_facts.accession_number
            and doubted_terms.identity_name = identity_facts.identity_name
            and doubted_terms.term <> identity_facts.term
            and doubted_terms.period_start is not distinct from identity_facts.period_start
            and doubted_terms.period_end = identity_facts.period_end
            and doubted_terms.unit = identity_facts.unit

),

other_terms as (

    select
        cik,
        line_item,
        fiscal_year,
        fiscal_period,
        identity_name,
        -- total - sum(coefficient x part) over the other terms
        sum(
            case when term = 'total' then value else -coefficient * value end
        ) as signed_sum,
        max(abs(value)) as largest_term,
        count(*) filter (where not is_optional) as n_required_tagged
    from other_terms_ranked
    where term_rank = 1
    group by cik, line_item, fiscal_year, fiscal_period, identity_name

),

required_terms as (

    select
        identity_name,
        count(distinct term) filter (where not is_optional) as n_required_terms
    from identity_terms
    group by identity_name

),

identity_checks as (

    -- each identity with the current and with the other version in the doubted term's place,
    -- within max($1, 0.1 % of the largest term) (int_filings_checked_for_subtotal_identities)
    select
        doubted_terms.cik,
        doubted_terms.line_item,
        doubted_terms.fiscal_year,
        doubted_terms.fiscal_period,
        doubted_terms.identity_name,
        other_terms.signed_sum + case
            when doubted_terms.term = 'total' then doubted_terms.current_value
            else -doubted_terms.coefficient * doubted_terms.current_value
        end as current_difference,
        other_terms.signed_sum + case
            when doubted_terms.term = 'total' then doubted_terms.other_value
            else -doubted_terms.coefficient * doubted_terms.other_value
        end as other_difference,
        greatest(
            1, 0.001 * greatest(other_terms.largest_term, abs(doubted_terms.current_value))
        ) as current_tolerance,
        greatest(
            1, 0.001 * greatest(other_terms.largest_term, abs(doubted_terms.other_value))
        ) as other_tolerance
    from doubted_terms
    inner join other_terms
        on
            doubted_terms.cik = other_terms.cik
            and doubted_terms.line_item = other_terms.line_item
            and doubted_terms.fiscal_year = other_terms.fiscal_year
            and doubted_terms.fiscal_period = other_terms.fiscal_period
            and doubted_terms.identity_name = other_terms.identity_name
    inner join required_terms
        on doubted_terms.identity_name = required_terms.identity_name
    -- every required term tagged: the doubted one and the others
    where
        other_terms.n_required_tagged + case when doubted_terms.is_optional then 0 else 1 end
        = required_terms.n_required_terms

),

parts_evidence as (

    select
        cik,
        line_item,
        fiscal_year,
        fiscal_period,
        count(*) as n_identities,
        count(
            case
                when
                    abs(other_difference) <= other_tolerance
                    and abs(current_difference) > current_tolerance
                    then 1
            end
        ) as n_fitting_only_other,
        count(
            case
                when
                    abs(current_difference) <= current_tolerance
                    and abs(other_difference) > other_tolerance
                    then 1
            end
        ) as n_fitting_only_current,
        string_agg(
            identity_name || ' off by ' || cast(round(current_difference) as hugeint)
            || ' with the current value, by ' || cast(round(other_difference) as hugeint)
            || ' with the other',
            '; ' order by identity_name
        ) as identities
    from identity_checks
    group by cik, line_item, fiscal_year, fiscal_period

),

neighbour_evidence as (

    -- (2) the previous and next period's current values, when their own values have no
    -- scale doubt: how many there are and how many are within a factor of 10 of the other value
    select
        scale_doubts.cik,
        scale_doubts.line_item,
        scale_doubts.fiscal_year,
        scale_doubts.fiscal_period,
        count(*) as n_neighbours,
        count(
            case
                when
                    abs(
                        ln(abs(cast(neighbours.value as double precision)))
                        - ln(abs(cast(scale_doubts.other_value as double precision)))
                    ) < ln(10)
                    then 1
            end
        ) as n_neighbours_fitting_other,
        string_agg(
            cast(cast(neighbours.value as double precision) as varchar), ', '
            order by neighbours.period_position
        ) as neighbour_values
    from scale_doubts
    inner join current_values as neighbours
        on
            scale_doubts.cik = neighbours.cik
            and scale_doubts.line_item = neighbours.line_item
            and (scale_doubts.fiscal_period = 'FY') = (neighbours.fiscal_period = 'FY')
            and abs(scale_doubts.period_position - neighbours.period_position) = 1
            and neighbours.value <> 0
    left join scale_doubts as neighbour_doubts
        on
            neighbours.cik = neighbour_doubts.cik
            and neighbours.line_item = neighbour_doubts.line_item
            and neighbours.fiscal_year = neighbour_doubts.fiscal_year
            and neighbours.fiscal_period = neighbour_doubts.fiscal_period
    where neighbour_doubts.cik is null
    group by
        scale_doubts.cik,
        scale_doubts.line_item,
        scale_doubts.fiscal_year,
        scale_doubts.fiscal_period

),

judged as (

    select
        scale_doubts.*,
        other.value as repaired_value,
        other.source_fact_id,
        other.source_accession_number,
        other.source_taxonomy,
        other.source_concept,
        other.source_form,
        other.source_filed_date,
        other.period_type,
        other.period_start,
        other.period_end,
        other.unit,
        case
            when scale_doubts.n_scales <> 1 then null
            when per_share_evidence.cik is not null
                then
                    case
                        when per_share_evidence.other_fits and not per_share_evidence.current_fits
                            then concat(
                                'net income ',
                                cast(round(per_share_evidence.net_income) as bigint),
                                ' / shares = EPS ',
                                cast(per_share_evidence.eps as double precision),
                                ' within 2 cents or 5 %'
                            )
                    end
            -- decision 045: the filing's subtotal identities, decisive when checked
            when parts_evidence.cik is not null
                then
                    case
                        when
                            parts_evidence.n_fitting_only_other > 0
                            and parts_evidence.n_fitting_only_current = 0
                            then concat(
                                'parts add to total: ', parts_evidence.identities,
                                ' (within max(1, 0.1 % of the largest term))'
                            )
                    end
            when
                neighbour_evidence.n_neighbours > 0
                and neighbour_evidence.n_neighbours_fitting_other
                = neighbour_evidence.n_neighbours
                then concat(
                    'neighbouring periods ', neighbour_evidence.neighbour_values,
                    ' within a factor of 10'
                )
        end as repair_evidence
    from scale_doubts
    inner join versions as other
        on
            scale_doubts.cik = other.cik
            and scale_doubts.line_item = other.line_item
            and scale_doubts.fiscal_year = other.fiscal_year
            and scale_doubts.fiscal_period = other.fiscal_period
            and scale_doubts.other_version_number = other.version_number
    left join per_share_evidence
        on
            scale_doubts.cik = per_share_evidence.cik
            and scale_doubts.line_item = per_share_evidence.line_item
            and scale_doubts.fiscal_year = per_share_evidence.fiscal_year
            and scale_doubts.fiscal_period = per_share_evidence.fiscal_period
    left join parts_evidence
        on
            scale_doubts.cik = parts_evidence.cik
            and scale_doubts.line_item = parts_evidence.line_item
            and scale_doubts.fiscal_year = parts_evidence.fiscal_year
            and scale_doubts.fiscal_period = parts_evidence.fiscal_period
    left join neighbour_evidence
        on
            scale_doubts.cik = neighbour_evidence.cik
            and scale_doubts.line_item = neighbour_evidence.line_item
            and scale_doubts.fiscal_year = neighbour_evidence.fiscal_year
            and scale_doubts.fiscal_period = neighbour_evidence.fiscal_period

),

final as (

    select
        cik,
        line_item,
        fiscal_year,
        fiscal_period,
        repaired_value as value,
        source_fact_id,
        source_accession_number,
        source_taxonomy,
        source_concept,
        source_form,
        source_filed_date,
        period_start,
        period_end,
        unit,
        'scale_' || scale as repair,
        repair_evidence,
        current_value as repaired_from_value,
        current_accession_number as repaired_from_accession_number
    from judged
    -- decision 015: the FY balance is the Q4 balance again; the Q4 judgement is the one shown
    where
        repair_evidence is not null
        and not (fiscal_period = 'FY' and period_type = 'instant')

)

select * from final
