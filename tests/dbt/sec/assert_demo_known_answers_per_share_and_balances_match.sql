-- Known answers of the demo companies (seed demo_known_answers) for the columns the marts
-- provide today: diluted EPS as filed (fct_income_statement) and total assets, total
-- liabilities and stockholders' equity (fct_balance_sheet, the FY and Q4 rows sharing the
-- year-end balance). A seed cell left empty (no filing reports the figure) is not checked; a
-- filled one must be in the mart, exactly. Returns one row per mismatch.

with

known_answers as (

    select
        cast(cik as bigint) as cik,
        ticker,
        cast(fiscal_year as integer) as fiscal_year,
        fiscal_period,
        cast(eps_diluted as decimal(38, 10)) as eps_diluted,
        cast(total_assets as decimal(38, 10)) as total_assets,
        cast(total_liabilities as decimal(38, 10)) as total_liabilities,
        cast(stockholders_equity as decimal(38, 10)) as stockholders_equity
    from {{ ref('demo_known_answers') }}

),

income_statement as (

    select * from {{ ref('fct_income_statement') }}

),

balance_sheet as (

    select * from {{ ref('fct_balance_sheet') }}

),

companies_in_mart as (

    select distinct cik from income_statement

),

expected as (

    {% for column in ['eps_diluted', 'total_assets', 'total_liabilities',
                      'stockholders_equity'] %}
        select
            known_answers.cik,
            known_answers.ticker,
            known_answers.fiscal_year,
            known_answers.fiscal_period,
            '{{ column }}' as column_name,
            known_answers.{{ column }} as expected_value
        from known_answers
        inner join companies_in_mart on known_answers.cik = companies_in_mart.cik
        where known_answers.{{ column }} is not null
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

actual as (

    select
        cik,
        fiscal_year,
        fiscal_period,
        'eps_diluted' as column_name,
        cast(eps_diluted as decimal(38, 10)) as actual_value
    from income_statement
    {% for column in ['total_assets', 'total_liabilities', 'stockholders_equity'] %}
        union all
        select
            cik,
            fiscal_year,
            fiscal_period,
            '{{ column }}' as column_name,
            cast({{ column }} as decimal(38, 10)) as actual_value
        from balance_sheet
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
        actual.actual_value
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
where expected_value is distinct from actual_value
