{% macro rounding_unit(terms) %}
{#-
    The rounding of reported amounts: the coarsest power of ten (1 to 10^6) dividing every one
    of `terms` (SQL expressions; companyfacts carries no XBRL decimals, decision 016). A NULL or
    zero term does not bind. Used where a figure must close an identity "within the rounding of
    its terms" (decision 036).
-#}
    least(
        {%- for term in terms %}
            case
                when ({{ term }}) is null or ({{ term }}) = 0 then 1000000
                when ({{ term }}) % 1000000 = 0 then 1000000
                when ({{ term }}) % 100000 = 0 then 100000
                when ({{ term }}) % 10000 = 0 then 10000
                when ({{ term }}) % 1000 = 0 then 1000
                when ({{ term }}) % 100 = 0 then 100
                when ({{ term }}) % 10 = 0 then 10
                else 1
            end{{ "," if not loop.last }}
        {%- endfor %}
    )
{% endmacro %}
