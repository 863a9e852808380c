{% macro is_filed_in_split_interval(value, splits) %}
{#-
    Join condition (decision 037): the split of int_stock_splits_combined `splits` whose
    interval [previous_split_date, split_date) holds the filing date of the value `value` cites
    (`source_filed_date`). Its factor_to_latest_basis is the product of the company's splits
    dated after that filing: the factor from the filing's basis to the latest. A value filed on
    or after the company's last split joins no split (factor 1).
-#}
    {{ value }}.cik = {{ splits }}.cik
    and {{ value }}.source_filed_date < {{ splits }}.split_date
    and (
        {{ splits }}.previous_split_date is null
        or {{ value }}.source_filed_date >= {{ splits }}.previous_split_date
    )
{% endmacro %}


{% macro split_factor_to_latest_basis(value, splits) %}
{#-
    The factor from the split basis of the filing `value` cites to the company's latest basis
    (decision 037), over a left join on is_filed_in_split_interval: 1 when no split follows the
    filing, NULL when the value cites no filing. Share counts are multiplied by it, per-share
    amounts divided.
-#}
    case
        when {{ value }}.source_filed_date is not null
            then coalesce({{ splits }}.factor_to_latest_basis, 1)
    end
{% endmacro %}
