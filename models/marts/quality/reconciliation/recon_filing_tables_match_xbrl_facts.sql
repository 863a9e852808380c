-- One row per filing and line item whose statement table, read at the filing's own period and
-- times the table's scale, differs from the XBRL fact the same accession reports for it
-- (reconciliation check `filing_tables_match_xbrl_facts`, decision 040): a probable scale error
-- (the two agree after rescaling by a power of 1,000) or a mismatch. Rows the table does not
-- print, facts the filing does not tag and filings without a statement table are no findings;
-- they stay in recon_filing_table_xbrl_comparisons. Key `cik accession line_item`.

with

comparisons as (

    select * from {{ ref('recon_filing_table_xbrl_comparisons') }}
    where status in ('mismatch', 'probable scale error')

),

final as (

    select
        'filing_tables_match_xbrl_facts' as check_name,
        cast(cik as varchar) || ' ' || accession_number || ' ' || line_item as affected_key,
        1 as affected_rows,
        status || ': ' || form || ' for ' || cast(report_date as varchar) || ' table '
        || cast(table_index as varchar) || ' "' || coalesce(table_caption, '?') || '" row "'
        || row_label || '" column "' || coalesce(column_header, '?') || '" prints '
        || cell_text || ' x ' || cast(coalesce(table_scale, 1) as varchar) || ' = '
        || cast(table_value as varchar) || '; ' || xbrl_taxonomy || ':' || xbrl_concept || ' ('
        || xbrl_unit || ', ' || coalesce(cast(xbrl_period_start as varchar) || '..', '')
        || cast(xbrl_period_end as varchar) || ') = ' || cast(xbrl_value as varchar)
        || '; ratio ' || coalesce(cast(round(value_ratio, 6) as varchar), '?')
        || coalesce(
            ' (the table x ' || cast(scale_factor as varchar) || ', within its rounding)', ''
        ) as detail
    from comparisons

)

select * from final
