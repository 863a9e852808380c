-- One row per listing (symbol), line item (diluted EPS, revenue) and date on which a new version
-- of one of the company's values became public: the trailing-twelve-month (TTM) figure a user
-- could compute from that date until the next one, from the point-in-time history only
-- (int_line_item_versions_known_by_listing: the versions valid on each such date, per-share values
-- on the listing's latest split basis, decisions 018 and 019), so a restatement changes the TTM
-- only from its filing date on (decision 019).
--
-- The TTM ends with the latest fiscal period (Q1-Q4 or FY, by period end; FY before a Q4 with
-- the same end) known on that date:
--   * latest is FY                  -> the FY value as published         (method `fiscal_year`)
--   * latest is Qk                  -> the last four quarters: Qk and the quarters before it in
--                                      this fiscal year, the rest of the previous fiscal year
--                                                                        (`four_quarters`)
--   * ... when the previous Q4 is not reported discretely (the usual case: 10-Ks tag the year),
--     Q4 = FY - Q1 - Q2 - Q3, so TTM = FY(previous) - Q1..Qk(previous) + Q1..Qk(this year)
--                                                                        (`q4_derived`)
-- Every term must be known on the date, in one unit; otherwise the TTM is NULL (never a partial
-- sum). Per-share terms are on the listing's latest split basis term by term (see
-- int_line_item_versions_known_by_listing). EPS is not additive (each quarter has its own share
-- count), so a derived Q4 differs from the published one by a cent or so. The cited filing is the
-- latest-filed term: every term was filed on or before it.
--
-- Built symbol by symbol: only symbols with new market data, or every symbol after new SEC
-- data (int_valuation_symbols_to_build, decision 030).

{%- set quarters = ['Q1', 'Q2', 'Q3', 'Q4'] %}
{#- terms: (latest period, method, preference, fiscal year offset, fiscal period, sign) -#}
{%- set terms = [('FY', 'fiscal_year', 1, 0, 'FY', 1)] %}
{%- for k in range(1, 5) %}
    {%- for q in quarters[:k] %}
        {%- do terms.append(('Q' ~ k, 'four_quarters', 1, 0, q, 1)) %}
    {%- endfor %}
    {%- for q in quarters[k:] %}
        {%- do terms.append(('Q' ~ k, 'four_quarters', 1, -1, q, 1)) %}
    {%- endfor %}
    {%- if k < 4 %}
        {%- do terms.append(('Q' ~ k, 'q4_derived', 2, -1, 'FY', 1)) %}
        {%- for q in quarters[:k] %}
            {%- do terms.append(('Q' ~ k, 'q4_derived', 2, -1, q, -1)) %}
            {%- do terms.append(('Q' ~ k, 'q4_derived', 2, 0, q, 1)) %}
        {%- endfor %}
    {%- endif %}
{%- endfor %}

{{ config(materialized='partitioned') }}

with

symbols as (

    select * from {{ ref('int_valuation_symbols') }}
    where {{ valuation_batch('symbol') }}

),

known_versions as (

    select * from {{ ref('int_line_item_versions_known_by_listing') }}
    where {{ valuation_batch('symbol') }}

),

ttm_terms as (

    {%- for t in terms %}
        select
            '{{ t[0] }}' as latest_fiscal_period,
            '{{ t[1] }}' as ttm_method,
            {{ t[2] }} as method_preference,
            {{ t[3] }} as fiscal_year_offset,
            '{{ t[4] }}' as fiscal_period,
            {{ t[5] }} as term_sign
        {{- "\n        union all" if not loop.last }}
    {%- endfor %}

),

latest_periods as (

    select
        symbol,
        line_item,
        known_from,
        fiscal_year as latest_fiscal_year,
        fiscal_period as latest_fiscal_period,
        period_end as ttm_period_end
    from (
        select
            *,
            row_number() over (
                partition by symbol, line_item, known_from
                order by period_end desc, case when fiscal_period = 'FY' then 0 else 1 end asc
            ) as recency_rank
        from known_versions
    ) as ranked
    where recency_rank = 1

),

required_terms as (

    select
        latest_periods.*,
        ttm_terms.ttm_method,
        ttm_terms.method_preference,
        latest_periods.latest_fiscal_year + ttm_terms.fiscal_year_offset as term_fiscal_year,
        ttm_terms.fiscal_period as term_fiscal_period,
        ttm_terms.term_sign
    from latest_periods
    inner join ttm_terms on latest_periods.latest_fiscal_period = ttm_terms.latest_fiscal_period

),

matched_terms as (

    select
        required_terms.*,
        known_versions.value_on_latest_basis,
        known_versions.unit,
        known_versions.valid_from,
        known_versions.source_accession_number,
        row_number() over (
            partition by
                required_terms.symbol,
                required_terms.line_item,
                required_terms.known_from,
                required_terms.ttm_method
            order by
                known_versions.valid_from desc nulls last,
                known_versions.source_accession_number desc nulls last
        ) as filing_recency_rank
    from required_terms
    left join known_versions
        on
            required_terms.symbol = known_versions.symbol
            and required_terms.line_item = known_versions.line_item
            and required_terms.known_from = known_versions.known_from
            and required_terms.term_fiscal_year = known_versions.fiscal_year
            and required_terms.term_fiscal_period = known_versions.fiscal_period

),

methods as (

    select
        symbol,
        line_item,
        known_from,
        ttm_method,
        method_preference,
        count(*) as n_terms,
        count(value_on_latest_basis) as n_terms_known,
        count(distinct unit) as n_units,
        max(unit) as unit,
        -- summed as decimals: a sum of doubles depends on the order DuckDB's threads add the
        -- terms (AAPL's FY2021 Q1 TTM EPS came out 3.7 or 3.6999999999999997 run to run)
        cast(
            sum(cast(term_sign * value_on_latest_basis as decimal(38, 12))) as double precision
        ) as ttm_value_on_latest_basis,
        max(case when filing_recency_rank = 1 then source_accession_number end)
            as source_accession_number,
        max(valid_from) as source_filed_date
    from matched_terms
    group by symbol, line_item, known_from, ttm_method, method_preference

),

complete_methods as (

    select
        *,
        row_number() over (
            partition by symbol, line_item, known_from order by method_preference asc
        ) as method_rank
    from methods
    where n_terms_known = n_terms and n_units = 1

),

final as (

    -- every knowledge date keeps its row, with a NULL TTM when no method is complete, so an
    -- older TTM never stays in force past a date on which it stopped being the latest
    select
        latest_periods.symbol,
        symbols.cik,
        latest_periods.line_item,
        latest_periods.known_from,
        lead(latest_periods.known_from) over (
            partition by latest_periods.symbol, latest_periods.line_item
            order by latest_periods.known_from
        ) as known_to,
        latest_periods.latest_fiscal_year,
        latest_periods.latest_fiscal_period,
        latest_periods.ttm_period_end,
        complete_methods.ttm_method,
        complete_methods.n_terms,
        complete_methods.unit,
        complete_methods.ttm_value_on_latest_basis,
        complete_methods.source_accession_number,
        complete_methods.source_filed_date
    from latest_periods
    inner join symbols on latest_periods.symbol = symbols.symbol
    left join complete_methods
        on
            latest_periods.symbol = complete_methods.symbol
            and latest_periods.line_item = complete_methods.line_item
            and latest_periods.known_from = complete_methods.known_from
            and complete_methods.method_rank = 1

)

select * from final
