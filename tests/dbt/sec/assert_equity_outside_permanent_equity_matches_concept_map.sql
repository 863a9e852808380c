-- Integrity (error): seeds/equity_outside_permanent_equity and seeds/concept_map agree (decision
-- 036). A `total` or `part` element maps to the same line item in concept_map (the statements and
-- the balance sheet check read the same temporary equity); a `sub_part` or `conditional` element
-- is not in concept_map (a slice mapped as an alternative would replace its part, and a
-- conditional element is temporary equity only where it closes a filing's residual).
-- Returns the disagreeing elements.

with

outside_permanent_equity as (

    select * from {{ ref('equity_outside_permanent_equity') }}

),

concept_map as (

    select * from {{ ref('concept_map') }}

),

compared as (

    select
        outside_permanent_equity.taxonomy,
        outside_permanent_equity.concept,
        outside_permanent_equity.role,
        outside_permanent_equity.line_item,
        concept_map.line_item as concept_map_line_item
    from outside_permanent_equity
    left join concept_map
        on
            outside_permanent_equity.taxonomy = concept_map.taxonomy
            and outside_permanent_equity.concept = concept_map.concept

)

select * from compared
where
    (
        role in ('total', 'part')
        and concept_map_line_item is distinct from line_item
    )
    or (role in ('sub_part', 'conditional') and concept_map_line_item is not null)
