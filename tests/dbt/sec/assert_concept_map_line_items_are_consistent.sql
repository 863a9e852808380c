-- Each line item of concept_map has one statement, one scope and one period type (decision 006:
-- scopes never mix within a line item). Returns the inconsistent line items.

with

concept_map as (

    select * from {{ ref('concept_map') }}

),

per_line_item as (

    select
        line_item,
        count(distinct statement) as n_statements,
        count(distinct scope) as n_scopes,
        count(distinct period_type) as n_period_types
    from concept_map
    group by line_item

)

select *
from per_line_item
where n_statements > 1 or n_scopes > 1 or n_period_types > 1
