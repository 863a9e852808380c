-- One row per income-statement row (company, fiscal year, fiscal period) whose net income ÷
-- weighted diluted shares disagrees with its reported diluted EPS by more than 2 cents and more
-- than 5 % (check `eps_equals_net_income_per_share`, a source warning, decision 025; decision
-- 039 repairs the scale errors this finds when a filing's own figures say which version is
-- right). Shares and EPS are compared on the latest split basis (decision 037), as a later
-- filing may restate EPS for a split while the shares stay as an earlier one filed; the 2 cents
-- of rounding of the as-filed EPS shrink with its split factor. Rows lacking any of the three
-- are not judged. The detail gives the figures and the
-- likely cause: shares off by a power of 1,000, EPS and shares on different split bases, or
-- unexplained (income allocated to participating securities or preferred dividends, a
-- different scope of net income).

{%- set split_factors = [2, 3, 4, 5, 7, 8, 10, 15, 20] %}

with

income_statements as (

    select * from {{ ref('fct_income_statement') }}

),

judged as (

    select
        cik,
        ticker,
        fiscal_year,
        fiscal_period,
        net_income,
        weighted_shares_diluted_split_adjusted as weighted_shares_diluted,
        eps_diluted_split_adjusted as eps_diluted,
        0.02 / eps_diluted_split_factor as rounding,
        cast(net_income as double precision)
        / weighted_shares_diluted_split_adjusted as implied_eps
    from income_statements
    where
        net_income is not null
        and weighted_shares_diluted_split_adjusted is not null
        and weighted_shares_diluted_split_adjusted <> 0
        and eps_diluted_split_adjusted is not null

),

disagreements as (

    select
        *,
        case when eps_diluted <> 0 then implied_eps / eps_diluted end as ratio
    from judged
    where abs(implied_eps - eps_diluted) > greatest(rounding, 0.05 * abs(eps_diluted))

),

final as (

    select
        'eps_equals_net_income_per_share' as check_name,
        cast(cik as varchar) || ' ' || fiscal_period || ' ' || cast(fiscal_year as varchar)
            as affected_key,
        1 as affected_rows,
        concat(
            'net income ', cast(round(net_income) as bigint), ' / weighted diluted shares ',
            cast(round(weighted_shares_diluted) as bigint), ' = ', round(implied_eps, 4),
            ' <> diluted EPS ', round(eps_diluted, 4), ' (latest split basis): ',
            case
                when
                    {%- for scale in ['1e3', '1e6', '1e-3', '1e-6'] %}
                        {% if not loop.first %}or {% endif -%}
                        abs(ratio / {{ scale }} - 1) <= 0.05
                    {%- endfor %}
                    then 'shares off by a power of 1,000'
                when
                    {%- for factor in split_factors %}
                        {% if not loop.first %}or {% endif -%}
                        abs(ratio * {{ factor }} - 1) <= 0.05
                        or abs(ratio / {{ factor }} - 1) <= 0.05
                    {%- endfor %}
                    then 'EPS and shares on different split bases'
                else 'unexplained'
            end
        ) as detail
    from disagreements

)

select * from final
