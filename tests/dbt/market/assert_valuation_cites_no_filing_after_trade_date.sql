-- The look-ahead test (severity error, issue 4): no valuation figure may use a filing that was
-- not public on its trade date. One row per violation: a figure whose cited filed date is after
-- the trade date, whose cited accession was filed (per the SEC's filing index, else the company
-- facts that name it) after the trade date, a figure without a citation, or a dividend window
-- that reaches past the trade date.
with

valuations as (

    select * from {{ ref('fct_valuation_daily') }}

),

filings as (

    select
        accession_number,
        min(filing_date) as filing_date
    from {{ ref('stg_sec__filings') }}
    group by accession_number

),

fact_filings as (

    select
        accession_number,
        min(filed_date) as filing_date
    from {{ ref('stg_sec__company_facts') }}
    group by accession_number

),

citations as (

    {%- for figure, value in [
        ('shares', 'shares_outstanding_reported'),
        ('eps_diluted_ttm', 'eps_diluted_ttm'),
        ('revenue_ttm', 'revenue_ttm'),
    ] %}
        select
            symbol,
            trade_date,
            '{{ figure }}' as figure,
            {{ value }} is not null as has_value,
            {{ figure }}_accession_number as accession_number,
            {{ figure }}_filed_date as cited_filed_date
        from valuations
        {{- "\n    union all" if not loop.last }}
    {%- endfor %}

),

violations as (

    select
        citations.symbol,
        citations.trade_date,
        citations.figure,
        citations.accession_number,
        citations.cited_filed_date,
        coalesce(filings.filing_date, fact_filings.filing_date) as accession_filing_date
    from citations
    left join filings on citations.accession_number = filings.accession_number
    left join fact_filings on citations.accession_number = fact_filings.accession_number
    where
        citations.cited_filed_date > citations.trade_date
        or coalesce(filings.filing_date, fact_filings.filing_date) > citations.trade_date
        or (
            citations.has_value
            and (citations.accession_number is null or citations.cited_filed_date is null)
        )

    union all

    select
        symbol,
        trade_date,
        'dividends' as figure,
        null as accession_number,
        dividend_last_ex_date as cited_filed_date,
        null as accession_filing_date
    from valuations
    where dividend_last_ex_date > trade_date

)

select * from violations
