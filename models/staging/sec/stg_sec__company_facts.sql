with

source as (

    {{ select_source_columns('sec', 'company_facts') }}

),

renamed as (

    select
        fact_id,
        cik,
        taxonomy,
        concept,
        unit,
        period_start,
        period_end,
        accession_number,
        value,
        period_start is null as is_instant,
        -- inclusive day count: a calendar quarter is 90-92 days, a 52-week year 364 (decision 001)
        period_end - period_start + 1 as duration_days,
        -- fy / fp / form / filed describe the reporting filing, never the fact's period
        fy as filing_fiscal_year,
        fp as filing_fiscal_period,
        form,
        filed as filed_date,
        frame
    from source

)

-- No exact-copy dedupe here (decision 010): raw_sec.company_facts is merged on fact_id, the md5 of
-- the whole natural key, so copies cannot occur, and `fact_id` being unique is tested. A DISTINCT
-- over every fact would cost each of the many reads of this view a full hash of ~10M rows.
select * from renamed
