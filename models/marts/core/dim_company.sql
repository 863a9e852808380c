-- One row per company (CIK) loaded from the SEC: its submissions header, or, when the header was
-- a reported gap (404), its company facts file, so every CIK in the fact marts has a row here.

with

submission_companies as (

    select * from {{ ref('stg_sec__companies') }}

),

company_facts_files as (

    select * from {{ ref('stg_sec__company_facts_files') }}

),

facts_only_companies as (

    select
        cik,
        entity_name as company_name
    from company_facts_files
    where
        file_status = 'loaded'
        and cik not in (select submission_companies.cik from submission_companies)

),

companies as (

    select
        cik,
        company_name,
        tickers,
        exchanges,
        sic,
        sic_description,
        fiscal_year_end,
        fiscal_year_end_month,
        entity_type,
        filer_category,
        state_of_incorporation,
        ein,
        'submissions' as profile_source
    from submission_companies
    union all
    select
        cik,
        company_name,
        null as tickers,
        null as exchanges,
        null as sic,
        null as sic_description,
        null as fiscal_year_end,
        null as fiscal_year_end_month,
        null as entity_type,
        null as filer_category,
        null as state_of_incorporation,
        null as ein,
        'company_facts' as profile_source
    from facts_only_companies

),

company_tickers as (

    select * from {{ ref('stg_sec__company_tickers') }}

),

sp500_constituents as (

    select * from {{ ref('stg_sec__sp500_constituents') }}

),

tickers_by_cik as (

    -- fallback when the submissions header lists no ticker
    select
        cik,
        min(ticker) as first_ticker
    from company_tickers
    group by cik

),

sp500_by_cik as (

    -- one company can list several share classes (GOOGL, GOOG)
    select
        cik,
        min(gics_sector) as gics_sector,
        min(gics_sub_industry) as gics_sub_industry,
        min(added_date) as sp500_added_date
    from sp500_constituents
    group by cik

),

with_tickers as (

    select
        companies.*,
        coalesce(
            nullif(split_part(companies.tickers, ',', 1), ''), tickers_by_cik.first_ticker
        ) as ticker
    from companies
    left join tickers_by_cik on companies.cik = tickers_by_cik.cik

),

final as (

    select
        with_tickers.cik,
        with_tickers.ticker,
        with_tickers.tickers,
        with_tickers.company_name as name,
        coalesce(
            nullif(split_part(with_tickers.exchanges, ',', 1), ''), company_tickers.exchange
        ) as exchange,
        with_tickers.exchanges,
        with_tickers.sic,
        with_tickers.sic_description,
        with_tickers.fiscal_year_end,
        with_tickers.fiscal_year_end_month,
        with_tickers.entity_type,
        with_tickers.filer_category,
        with_tickers.state_of_incorporation,
        with_tickers.ein,
        with_tickers.profile_source,
        sp500_by_cik.cik is not null as is_sp500,
        sp500_by_cik.gics_sector,
        sp500_by_cik.gics_sub_industry,
        sp500_by_cik.sp500_added_date
    from with_tickers
    left join company_tickers on with_tickers.ticker = company_tickers.ticker
    left join sp500_by_cik on with_tickers.cik = sp500_by_cik.cik

)

select * from final
