with

source as (

    {{ select_source_columns('sec', 'company_concepts') }}

),

renamed as (

    select
        cik,
        taxonomy,
        concept,
        label as concept_label,
        description as concept_description
    from source

),

deduplicated as (

    select distinct * from renamed

)

select * from deduplicated
