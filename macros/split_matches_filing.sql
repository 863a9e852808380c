{% macro split_matches_filing(filed_ratio, split_factor, split_date, filed_date) %}
{#-
    Whether a market split event and a split ratio a filing reports are the same split
    (decision 035): factors within 1 % (N and 1/N alike: a reverse split stated as N), and the
    split from 366 days before to 92 days after the filing date.
-#}
    abs(abs(ln({{ filed_ratio }})) - abs(ln({{ split_factor }}))) <= ln(1.01)
    and {{ split_date }} between {{ filed_date }} - 366 and {{ filed_date }} + 92
{% endmacro %}


{% macro split_ratio_concepts() %}
{#- The us-gaap elements in which a filing reports a stock split's ratio (decision 035). -#}
    'StockholdersEquityNoteStockSplitConversionRatio1',
    'StockholdersEquityNoteStockSplitConversionRatio'
{% endmacro %}


{% macro starts_split_occurrence(filed_date) %}
{#-
    1 when a filing's report of a split ratio starts a new split of that ratio, else 0: the
    first report, or one filed more than three years after the previous report of the same
    ratio by the same company (decisions 035, 037). Summed over the reports, it numbers them.
-#}
    case
        when
            {{ filed_date }} - lag({{ filed_date }}) over (
                partition by cik, split_ratio order by {{ filed_date }}
            ) <= 1096
            then 0
        else 1
    end
{% endmacro %}

{% macro split_occurrence(starts_occurrence, filed_date) %}
{#-
    The number of the split a report of a split ratio belongs to: the running sum of
    starts_split_occurrence over the company's reports of that ratio in filing-date order
    (decisions 035, 037). The frame is a RANGE, so every report filed on one day (a filing
    reports a ratio several times, and two filings can share a day) gets the same number: the
    flag sits on one of those tied rows in an order the engine chooses, and a ROWS frame would
    split them into two splits of one ratio on one date.
-#}
    sum({{ starts_occurrence }}) over (
        partition by cik, split_ratio order by {{ filed_date }}
        range between unbounded preceding and current row
    )
{% endmacro %}
