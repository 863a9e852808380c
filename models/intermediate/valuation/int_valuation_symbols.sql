-- One row per market symbol that is a listing of a loaded company: the Yahoo symbol equals one of
-- the company's SEC tickers (company_tickers, else dim_company's primary ticker). A company with
-- several share classes (GOOGL, GOOG) has one row per listed class, each with the same CIK.

with

instruments as (

    select * from {{ ref('stg_market__instruments') }}

),

companies as (

    select * from {{ ref('dim_company') }}

),

company_tickers as (

    select * from {{ ref('stg_sec__company_tickers') }}

),

ticker_candidates as (

    -- SEC's ticker file first (every class of a company), then the submissions header
    select
        upper(company_tickers.ticker) as ticker,
        company_tickers.cik,
        1 as source_rank
    from company_tickers
    inner join companies on company_tickers.cik = companies.cik

    union all

    select
        upper(ticker) as ticker,
        cik,
        2 as source_rank
    from companies
    where ticker is not null

),

ranked_tickers as (

    select
        ticker,
        cik,
        row_number() over (
            partition by ticker order by source_rank asc, cik asc
        ) as ticker_rank
    from ticker_candidates

),

final as (

    select
        instruments.symbol,
        ranked_tickers.cik,
        companies.ticker as company_ticker,
        instruments.currency,
        instruments.instrument_type
    from instruments
    inner join ranked_tickers
        on
            upper(instruments.symbol) = ranked_tickers.ticker
            and ranked_tickers.ticker_rank = 1
    inner join companies on ranked_tickers.cik = companies.cik

)

select * from final
