-- One row per company and raw_sec.company_facts key value (its primary key and its natural key,
-- macro quality_raw_keys) that more than one raw row shares: the company-facts part of the
-- `duplicate_keys__raw_sec__company_facts*` reconciliation checks (stg_sec__raw_key_duplicates
-- holds the other raw_sec tables). Read through stg_sec__company_facts, which keeps every raw row
-- (decision 010). Both keys start from the company (fact_id is the md5 of the natural key, cik
-- first), so duplicates are found company by company, and only for companies with new SEC data
-- (decision 029): a build after one company's new filing groups that company's facts, not the
-- whole table. Empty on correct loads.
-- Grouping every fact by its full key is the cost, so each key is first narrowed by a 64-bit
-- hash of its columns (macro key_hash): only rows whose hash another row of the company shares
-- can be duplicates, and the exact key comparison among those few rows decides. A hash
-- collision of unequal keys thus neither reports a duplicate nor hides one.

-- 500 companies per batch, not the default 100: each batch scans the raw facts once, and the
-- group-by spills to disk when it outgrows memory, so fewer, larger batches cost less.
{{ config(materialized='partitioned', keys_per_batch=500) }}

with

company_facts as (

    select * from {{ ref('stg_sec__company_facts') }}
    where {{ company_batch('cik') }}

),

{% for table, key, name in quality_raw_keys() if table == 'company_facts' %}
    {%- set columns = ['cik'] + (key | reject('equalto', 'cik') | list) %}
    {{ name }}__hashed as (

        select
            {{ columns | join(', ') }},
            {{ key_hash(key) }} as hashed_key
        from company_facts

    ),

    {{ name }}__shared_hashes as (

        -- the hashes that more than one row of a company has: every duplicate is among them
        select
            cik,
            hashed_key
        from {{ name }}__hashed
        group by cik, hashed_key
        having count(*) > 1

    ),

    {{ name }} as (

        -- the exact comparison, among the rows of shared hashes only
        select
            '{{ name }}' as check_suffix,
            candidates.cik,
            concat_ws(' ', candidates.{{ key | join(', candidates.') }}) as duplicated_key,
            count(*) as n_rows
        from {{ name }}__hashed as candidates
        inner join {{ name }}__shared_hashes as shared_hashes
            on
                candidates.cik = shared_hashes.cik
                and candidates.hashed_key = shared_hashes.hashed_key
        group by
            candidates.cik{% for column in key if column != 'cik' %},
            candidates.{{ column }}{% endfor %}
        having count(*) > 1

    ),

{% endfor %}

final as (

    {% for table, key, name in quality_raw_keys() if table == 'company_facts' %}
        select * from {{ name }}
        {{ "union all" if not loop.last }}
    {% else %}
        {#- while parsing, quality_raw_keys has no keys: a typed empty result -#}
        select
            cast(null as varchar) as check_suffix,
            cast(null as bigint) as cik,
            cast(null as varchar) as duplicated_key,
            cast(null as bigint) as n_rows
        where false
    {% endfor %}

)

select * from final
