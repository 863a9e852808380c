with

source as (

    {{ select_source_columns('sec', 'company_facts_files') }}

),

renamed as (

    select
        cik,
        status as file_status,
        entity_name,
        facts_in_file,
        rows_loaded,
        duplicate_keys
    from source

),

deduplicated as (

    select distinct * from renamed

)

select * from deduplicated
