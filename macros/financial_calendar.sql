{% macro annual_report_forms() %}
{#- Forms whose financial statements cover a whole fiscal year (amendments included). -#}
('10-K', '10-K/A', '10-K405', '10-KSB', '10-KSB/A', '20-F', '20-F/A', '40-F', '40-F/A')
{%- endmacro %}


{% macro fiscal_year_of(fiscal_year_end) %}
{#-
    The fiscal year label of a fiscal year ending on `fiscal_year_end` (decision 002): the calendar
    year in which it ends, except that a 52/53-week year ending January 1-7 belongs to the previous
    year (it is the "December" year that overran by a few days).
-#}
    case
        when
            extract(month from {{ fiscal_year_end }}) = 1
            and extract(day from {{ fiscal_year_end }}) <= 7
            then cast(extract(year from {{ fiscal_year_end }}) as integer) - 1
        else cast(extract(year from {{ fiscal_year_end }}) as integer)
    end
{%- endmacro %}


{% macro add_years(date_expression, years) %}
{#- `date_expression` shifted by a whole number of years (an expression), as a DATE. -#}
    {{ return(adapter.dispatch('add_years', 'finloom')(date_expression, years)) }}
{%- endmacro %}

{% macro default__add_years(date_expression, years) -%}
    cast({{ date_expression }} + ({{ years }}) * interval '1 year' as date)
{%- endmacro %}

{% macro duckdb__add_years(date_expression, years) -%}
    cast({{ date_expression }} + to_years(cast({{ years }} as integer)) as date)
{%- endmacro %}


{% macro is_currency_unit(unit) %}
{#- XBRL monetary units are ISO 4217 codes (USD, EUR, COP): three upper-case letters. -#}
    (length({{ unit }}) = 3 and upper({{ unit }}) = {{ unit }})
{%- endmacro %}
