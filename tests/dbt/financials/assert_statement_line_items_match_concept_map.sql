-- The statement marts' line items (macro statement_line_items) and seeds/concept_map agree:
-- returns a row per concept_map line item that no statement mart lists under its concept_map
-- statement, per listed line item that no concept maps and that is not derived-only, and per
-- line item listed twice. Severity error: a mismatch drops or misfiles a line item silently.

{%- set rows = [] %}
{%- for statement, items in statement_line_items().items() %}
    {%- for item in items %}
        {%- do rows.append("('" ~ item ~ "', '" ~ statement ~ "')") %}
    {%- endfor %}
{%- endfor %}

with

listed (line_item, statement) as (

    values {{ rows | join(', ') }}

),

mapped as (

    select distinct
        line_item,
        statement
    from {{ ref('concept_map') }}

),

mapped_but_not_listed as (

    select
        mapped.line_item,
        mapped.statement,
        'in concept_map but in no statement mart under this statement' as problem
    from mapped
    left join listed
        on mapped.line_item = listed.line_item and mapped.statement = listed.statement
    where listed.line_item is null

),

listed_but_not_mapped as (

    select
        listed.line_item,
        listed.statement,
        'in a statement mart but no concept maps to it' as problem
    from listed
    left join mapped
        on listed.line_item = mapped.line_item and listed.statement = mapped.statement
    where
        mapped.line_item is null
        and listed.line_item not in (
            {%- for item in derived_only_line_items() %}
                '{{ item }}'{{ "," if not loop.last }}
            {%- endfor %}
        )

),

listed_twice as (

    select
        line_item,
        min(statement) as statement,  -- noqa: RF04
        'listed in more than one statement mart or twice' as problem
    from listed
    group by line_item
    having count(*) > 1

),

final as (

    select * from mapped_but_not_listed
    union all
    select * from listed_but_not_mapped
    union all
    select * from listed_twice

)

select * from final
