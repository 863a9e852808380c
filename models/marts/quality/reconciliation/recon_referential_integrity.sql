-- One row per mart (quality_company_marts) and cik/ticker that is not a company of
-- dim_company, or not one of that company's tickers (reconciliation checks
-- `referential_integrity__<mart>`); affected_rows counts the mart's rows.

with

companies as (

    select * from {{ ref('dim_company') }}

),

final as (

    {% for mart in quality_company_marts() %}
        select
            'referential_integrity__{{ mart }}' as check_name,
            mart_rows.cik || ' ' || coalesce(mart_rows.ticker, '') as affected_key,
            count(*) as affected_rows,
            case
                when companies.cik is null then 'cik not in dim_company'
                else 'ticker ' || mart_rows.ticker || ' not a ticker of the company in dim_company'
            end as detail
        from {{ ref(mart) }} as mart_rows
        left join companies on mart_rows.cik = companies.cik
        where
            companies.cik is null
            or (
                mart_rows.ticker is not null
                and mart_rows.ticker is distinct from companies.ticker
                and not list_contains(
                    string_split(coalesce(companies.tickers, ''), ','), mart_rows.ticker
                )
            )
        group by mart_rows.cik, mart_rows.ticker, companies.cik
        {{ "union all" if not loop.last }}
    {% endfor %}

)

select * from final
