-- One row per company, fiscal year and fiscal period (Q1-Q4, FY): balance sheet line items at the
-- end of the fiscal period, pivoted from int_line_items_by_fiscal_period, each with its provenance
-- (accession, concept), whether it was derived (decision 014) and how. Balances are never
-- derived by subtraction across periods; the FY row is the balance at the fiscal year end, the
-- same facts as Q4 (decision 015). period_end is the balance sheet date; period_start is the
-- first day of the fiscal period the balance closes (decision 015).
-- Share counts are also given on the company's latest split basis (decisions 037, 045): a count
-- is on the basis of the filing that reported it, so it is multiplied by the factors of the
-- splits after that filing's date (int_stock_splits_combined); the as-filed columns are unchanged.

{%- set line_items = statement_line_items('balance_sheet') %}
{%- set split_adjusted_items = ['shares_outstanding', 'shares_outstanding_cover'] %}

with

line_items as (

    select * from {{ ref('int_line_items_by_fiscal_period') }}
    where statement = 'balance_sheet'

),

companies as (

    select * from {{ ref('dim_company') }}

),

fiscal_years as (

    select * from {{ ref('int_fiscal_years') }}

),

splits as (

    select * from {{ ref('int_stock_splits_combined') }}

),

share_counts as (

    -- decisions 037, 045: the splits after the reporting filing's date (none: factor 1)
    select
        line_items.cik,
        line_items.fiscal_year,
        line_items.fiscal_period,
        line_items.line_item,
        line_items.value,
        {{ split_factor_to_latest_basis('line_items', 'splits') }} as split_factor
    from line_items
    left join splits on {{ is_filed_in_split_interval('line_items', 'splits') }}
    where
        line_items.line_item in (
            {%- for item in split_adjusted_items %}
                '{{ item }}'{{ "," if not loop.last }}
            {%- endfor %}
        )

),

share_counts_split_adjusted as (

    select
        {%- for item in split_adjusted_items %}
            max(
                case
                    when line_item = '{{ item }}'
                        then cast(value as double precision) * split_factor
                end
            ) as {{ item }}_split_adjusted,
            max(case when line_item = '{{ item }}' then split_factor end)
                as {{ item }}_split_factor,
        {%- endfor %}
        cik,
        fiscal_year,
        fiscal_period
    from share_counts
    group by cik, fiscal_year, fiscal_period

),

balances as (

    select
        cik,
        fiscal_year,
        fiscal_period,
        max(fiscal_quarter) as fiscal_quarter,
        -- the balance sheet date; a cover-page share count (dei) is dated later (decision 038)
        coalesce(
            min(
                case
                    when line_item not in ('shares_outstanding', 'shares_outstanding_cover')
                        then period_end
                end
            ),
            min(period_end)
        ) as period_end,
        -- monetary line items are all in the company's reporting currency (decision 008)
        max(case when is_currency then unit end) as unit,
        {{ pivot_line_items(line_items) }}
        count(distinct line_item) as n_line_items
    from line_items
    group by cik, fiscal_year, fiscal_period

),

with_previous_quarter as (

    select
        *,
        lag(period_end) over (
            partition by cik, fiscal_year, fiscal_period = 'FY' order by period_end
        ) as previous_period_end,
        lag(fiscal_quarter) over (
            partition by cik, fiscal_year, fiscal_period = 'FY' order by period_end
        ) as previous_fiscal_quarter
    from balances

),

with_fiscal_year_start as (

    select
        with_previous_quarter.*,
        companies.ticker,
        {%- for item in split_adjusted_items %}
            share_counts_split_adjusted.{{ item }}_split_adjusted,
            share_counts_split_adjusted.{{ item }}_split_factor,
        {%- endfor %}
        fiscal_years.fiscal_year_start
    from with_previous_quarter
    left join companies on with_previous_quarter.cik = companies.cik
    left join fiscal_years
        on
            with_previous_quarter.cik = fiscal_years.cik
            and with_previous_quarter.fiscal_year = fiscal_years.fiscal_year
    left join share_counts_split_adjusted
        on
            with_previous_quarter.cik = share_counts_split_adjusted.cik
            and with_previous_quarter.fiscal_year = share_counts_split_adjusted.fiscal_year
            and with_previous_quarter.fiscal_period = share_counts_split_adjusted.fiscal_period

),

final as (

    select
        cik,
        ticker,
        fiscal_year,
        fiscal_period,
        fiscal_quarter,
        -- decision 015: FY and Q1 start with the fiscal year; Q2-Q4 the day after the previous
        -- quarter's balance date (NULL when the previous quarter has no balance)
        case
            when fiscal_period in ('FY', 'Q1') then fiscal_year_start
            when previous_fiscal_quarter = fiscal_quarter - 1 then previous_period_end + 1
        end as period_start,
        period_end,
        unit,
        {% for item in line_items %}
            {{ item }},
        {% endfor %}
        {% for item in line_items %}
            {{ item }}_is_derived,
            {{ item }}_source_accession,
            {{ item }}_source_concept,
            {{ item }}_derivation,
        {% endfor %}
        {% for item in split_adjusted_items %}
            {{ item }}_split_adjusted,
            {{ item }}_split_factor,
        {% endfor %}
        n_line_items
    from with_fiscal_year_start

)

select * from final
