{% macro is_filed_in_split_interval(value, splits) %}
{#-
    Join condition (decision 037): the split of int_stock_splits_combined `splits` whose
    interval [previous_split_date, split_date) holds the filing date of the value `value` cites
    (`source_filed_date`). Its factor_to_latest_basis is the product of the company's splits
    dated after that filing: the factor from the filing's basis to the latest. A value filed on
    or after the company's last split joins no split (factor 1).
-#}
    {{ value }}.cik = {{ splits }}.cik
    and {{ value }}.source_filed_date < {{ splits }}.split_date
    and (
        {{ splits }}.previous_split_date is null
        or {{ value }}.source_filed_date >= {{ splits }}.previous_split_date
    )
{% endmacro %}


{% macro split_factor_to_latest_basis(value, splits) %}
{#-
    The factor from the split basis of the filing `value` cites to the company's latest basis
    (decision 037), over a left join on is_filed_in_split_interval: 1 when no split follows the
    filing, NULL when the value cites no filing. Share counts are multiplied by it, per-share
    amounts divided.
-#}
    case
        when {{ value }}.source_filed_date is not null
            then coalesce({{ splits }}.factor_to_latest_basis, 1)
    end
{% endmacro %}


{% macro split_adjusted_line_items(statement) %}
{#-
    The line items a statement mart also gives on the company's latest split basis (decisions
    037, 045), in the mart's column order, each with how: a per-share amount is divided by the
    split factor, a share count multiplied. The pivoted intermediate carries each one's
    `<item>_source_filed_date` (the filing whose basis it is on); the mart adds
    `<item>_split_adjusted` and `<item>_split_factor`.
-#}
{%- set items = {
    'income_statement': {
        'eps_basic': 'per_share',
        'eps_diluted': 'per_share',
        'weighted_shares_basic': 'share_count',
        'weighted_shares_diluted': 'share_count',
    },
    'balance_sheet': {
        'shares_outstanding': 'share_count',
        'shares_outstanding_cover': 'share_count',
    },
} %}
{{ return(items[statement]) }}
{% endmacro %}


{% macro split_adjusted_value(value, factor, kind) %}
{#-
    A value on the latest split basis (decision 037): a per-share amount (`kind` 'per_share')
    divided by its split factor, a share count ('share_count') multiplied; not rounded.
-#}
    {%- if kind == 'per_share' -%}
        cast({{ value }} as double precision) / {{ factor }}
    {%- elif kind == 'share_count' -%}
        cast({{ value }} as double precision) * {{ factor }}
    {%- else -%}
        {{ exceptions.raise_compiler_error("split_adjusted_value: unknown kind " ~ kind) }}
    {%- endif -%}
{% endmacro %}


{% macro split_factors_by_fiscal_period(periods, splits, items) %}
{#-
    A query: one row per company, fiscal year and fiscal period of `periods` (a pivoted
    statement with `<item>_source_filed_date` for each of `items`) that has at least one of
    them, with `<item>_split_factor`: the factor from the basis of the filing the item's value
    cites to the company's latest basis (is_filed_in_split_interval,
    split_factor_to_latest_basis; decision 037). NULL when the period has no such value.
-#}
    with filed as (
        {%- for item in items %}
            select
                cik,
                fiscal_year,
                fiscal_period,
                '{{ item }}' as line_item,
                {{ item }}_source_filed_date as source_filed_date
            from {{ periods }}
            where {{ item }}_source_filed_date is not null
            {%- if not loop.last %}
                union all
            {%- endif %}
        {%- endfor %}
    ),

    factors as (
        select
            filed.cik,
            filed.fiscal_year,
            filed.fiscal_period,
            filed.line_item,
            {{ split_factor_to_latest_basis('filed', splits) }} as split_factor
        from filed
        left join {{ splits }} on {{ is_filed_in_split_interval('filed', splits) }}
    )

    select
        cik,
        fiscal_year,
        fiscal_period,
        {%- for item in items %}
            max(case when line_item = '{{ item }}' then split_factor end)
                as {{ item }}_split_factor{{ "," if not loop.last }}
        {%- endfor %}
    from factors
    group by cik, fiscal_year, fiscal_period
{% endmacro %}


{% macro split_adjusted_statement(statement, pivoted, factor_columns) %}
{#-
    The query of a thin statement mart (decision 046): every row and column of the pivoted
    intermediate `pivoted` (built company by company) with the company's ticker (dim_company)
    and, for each of split_adjusted_line_items(`statement`), `<item>_split_adjusted` and
    `<item>_split_factor` on the company's latest split basis (int_stock_splits_combined,
    decision 037). `factor_columns` keeps each mart's column order: 'after_each' puts an item's
    factor right after its adjusted value, 'after_all' puts the factors after every adjusted
    value.
-#}
{%- if factor_columns not in ['after_each', 'after_all'] %}
    {{ exceptions.raise_compiler_error(
        "split_adjusted_statement: factor_columns is 'after_each' or 'after_all', not "
        ~ factor_columns) }}
{%- endif %}
{%- set line_items = statement_line_items(statement) %}
{%- set split_adjusted_items = split_adjusted_line_items(statement) %}

with

periods as (

    select * from {{ ref(pivoted) }}

),

companies as (

    select * from {{ ref('dim_company') }}

),

splits as (

    select * from {{ ref('int_stock_splits_combined') }}

),

split_factors as (

    -- decision 037: the splits after the reporting filing's date (none: factor 1)
    {{ split_factors_by_fiscal_period('periods', 'splits', split_adjusted_items.keys() | list) }}

),

final as (

    select
        periods.cik,
        companies.ticker,
        periods.fiscal_year,
        periods.fiscal_period,
        periods.fiscal_quarter,
        periods.period_start,
        periods.period_end,
        periods.unit,
        {%- for column in pivoted_line_item_columns(line_items) %}
            periods.{{ column }},
        {%- endfor %}
        {%- for item, kind in split_adjusted_items.items() %}
            {{ split_adjusted_value(
                'periods.' ~ item, 'split_factors.' ~ item ~ '_split_factor', kind
            ) }} as {{ item }}_split_adjusted,
            {%- if factor_columns == 'after_each' %}
            split_factors.{{ item }}_split_factor,
            {%- endif %}
        {%- endfor %}
        {%- if factor_columns == 'after_all' %}
            {%- for item in split_adjusted_items %}
            split_factors.{{ item }}_split_factor,
            {%- endfor %}
        {%- endif %}
        periods.n_line_items
    from periods
    left join companies on periods.cik = companies.cik
    left join split_factors
        on
            periods.cik = split_factors.cik
            and periods.fiscal_year = split_factors.fiscal_year
            and periods.fiscal_period = split_factors.fiscal_period

)

select * from final
{% endmacro %}
