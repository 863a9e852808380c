-- Known answers of the demo companies (seed demo_known_answers) beyond revenue and net income:
-- per-share figures and share counts (fct_income_statement) and the balance sheet
-- (fct_balance_sheet, the FY and Q4 rows sharing the year-end balance). Each column is a trap of
-- issue 13 or guards one:
--   eps_diluted                  as filed, also where a later filing restated it for PCDV's 4:1
--                                split of 2023-08-25
--   eps_diluted_split_adjusted   on the latest split basis (decision 037); the seed holds the EPS
--                                the company would publish on today's basis, rounded to cents,
--                                while the mart divides the as-filed EPS by the split factor
--                                unrounded, so they may be up to a cent apart (a wrong or missing
--                                factor moves a demo EPS by a quarter or more)
--   weighted_shares_diluted      TLWD's prior-year quarters re-reported in thousands, repaired by
--                                net income / shares = EPS (decision 039)
--   temporary_equity             QSMC's convertible notes' equity component, tagged only as
--                                DebtInstrumentConvertibleCarryingAmountOfTheEquityComponent and
--                                derived where it closes the balance sheet (decision 036)
--   total_assets, total_liabilities, stockholders_equity
--   operating_cash_flow          (fct_cash_flow) the statement's total; VDHN, the IFRS 20-F filer,
--                                never tags it, so its years check decision 034's derivation
--                                from cash generated from operations less interest and income
--                                taxes paid (decision 044); quarters from year-to-date figures
-- A seed cell left empty (no filing reports the figure) is not checked; a filled one must be in
-- the mart, exactly unless a tolerance is listed. Returns one row per mismatch.

{%- set mart_columns = {
    'fct_income_statement': [
        'eps_diluted', 'eps_diluted_split_adjusted', 'weighted_shares_diluted'
    ],
    'fct_balance_sheet': [
        'total_assets', 'total_liabilities', 'temporary_equity', 'stockholders_equity'
    ],
    'fct_cash_flow': ['operating_cash_flow'],
} %}
{%- set tolerances = {'eps_diluted_split_adjusted': 0.01} %}

with

known_answers as (

    select * from {{ ref('demo_known_answers') }}

),

companies_in_mart as (

    select distinct cik from {{ ref('fct_income_statement') }}

),

expected as (

    {% for mart, columns in mart_columns.items() %}
        {% set outer_loop = loop %}
        {% for column in columns %}
            select
                cast(known_answers.cik as bigint) as cik,
                known_answers.ticker,
                cast(known_answers.fiscal_year as integer) as fiscal_year,
                known_answers.fiscal_period,
                '{{ column }}' as column_name,
                cast(known_answers.{{ column }} as decimal(38, 10)) as expected_value,
                cast({{ tolerances.get(column, 0) }} as decimal(38, 10)) as tolerance
            from known_answers
            inner join companies_in_mart
                on cast(known_answers.cik as bigint) = companies_in_mart.cik
            where known_answers.{{ column }} is not null
            {% if not (outer_loop.last and loop.last) %}union all{% endif %}
        {% endfor %}
    {% endfor %}

),

actual as (

    {% for mart, columns in mart_columns.items() %}
        {% set outer_loop = loop %}
        {% for column in columns %}
            select
                cik,
                fiscal_year,
                fiscal_period,
                '{{ column }}' as column_name,
                cast({{ column }} as decimal(38, 10)) as actual_value
            from {{ ref(mart) }}
            {% if not (outer_loop.last and loop.last) %}union all{% endif %}
        {% endfor %}
    {% endfor %}

),

compared as (

    select
        expected.cik,
        expected.ticker,
        expected.fiscal_year,
        expected.fiscal_period,
        expected.column_name,
        expected.expected_value,
        actual.actual_value,
        expected.tolerance
    from expected
    left join actual
        on
            expected.cik = actual.cik
            and expected.fiscal_year = actual.fiscal_year
            and expected.fiscal_period = actual.fiscal_period
            and expected.column_name = actual.column_name

)

select *
from compared
where
    actual_value is null
    or abs(expected_value - actual_value) > tolerance
