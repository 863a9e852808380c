{% macro pivot_line_items(line_items) %}
{#-
    The statement marts' columns for a `group by` over int_line_items_by_fiscal_period rows: per
    line item its value, then `<item>_is_derived`, `_source_accession`, `_source_concept` and
    `_derivation`, so every mart value carries its provenance (DESIGN: traceable to an accession
    and a source concept). Emits a trailing comma after the last column.
-#}
    {%- for item in line_items %}
        max(case when line_item = '{{ item }}' then value end) as {{ item }},
    {%- endfor %}
    {%- for item in line_items %}
        max(case when line_item = '{{ item }}' then cast(is_derived as integer) end)
        = 1 as {{ item }}_is_derived,
        max(case when line_item = '{{ item }}' then source_accession_number end)
            as {{ item }}_source_accession,
        max(case when line_item = '{{ item }}' then source_concept end)
            as {{ item }}_source_concept,
        max(case when line_item = '{{ item }}' then derivation end)
            as {{ item }}_derivation,
    {%- endfor %}
{% endmacro %}
