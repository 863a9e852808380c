{% macro split_matches_filing(filed_ratio, split_factor, split_date, filed_date) %}
{#-
    Whether a market split event and a split ratio a filing reports are the same split
    (decision 035): factors within 1 % (N and 1/N alike: a reverse split stated as N), and the
    split from 366 days before to 92 days after the filing date.
-#}
    abs(abs(ln({{ filed_ratio }})) - abs(ln({{ split_factor }}))) <= ln(1.01)
    and {{ split_date }} between {{ filed_date }} - 366 and {{ filed_date }} + 92
{% endmacro %}
