-- One row per company with SEC data: whether its statement marts must be rebuilt (decision 043).
-- A company's mart rows read its own SEC data (as int_sec_companies_to_build) and its ticker
-- from dim_company, which falls back on the SEC ticker file when the company's submissions list
-- none. That file is not per company: a load of it does not mark any company in
-- int_sec_companies_to_build. So a company is changed when its own SEC data is, and every
-- company is when the ticker file has a load newer than the last successful build.
-- Partitioned models that filter with company_mart_batch('cik') rebuild only these companies.

with

companies as (

    select * from {{ ref('int_sec_companies_to_build') }}

),

ticker_file_loads as (

    select max(newest_load_id) as newest_load_id
    from {{ ref('stg_sec__table_loads') }}
    where table_name = 'company_tickers'

),

flags as (

    select
        companies.cik,
        companies.is_changed as is_company_changed,
        -- no ticker file loaded at all: nothing new to rebuild on its account
        coalesce(ticker_file_loads.newest_load_id > {{ last_built_load_id('sec') }}, false)
            as is_ticker_file_changed
    from companies
    cross join ticker_file_loads

),

final as (

    select
        cik,
        is_company_changed,
        is_ticker_file_changed,
        is_company_changed or is_ticker_file_changed as is_changed
    from flags

)

select * from final
