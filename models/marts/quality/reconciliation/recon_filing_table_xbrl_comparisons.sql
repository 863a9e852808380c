-- One row per filing with parsed text tables (10-K, 10-Q, 20-F, 40-F and amendments) and line
-- item (revenue, net income, total assets, operating cash flow): the figure the filing's own
-- statement table prints for its own period, times the table's scale, beside the XBRL fact the
-- same accession reports for that line item and period, and the outcome (decision 040):
-- - `match`: equal within one unit of the table's scale (a figure printed in millions may
--   differ from the fact by rounding);
-- - `probable scale error`: equal only after rescaling by a power of 1,000 (the table's scale
--   was misread, or the fact was tagged with the wrong scale);
-- - `mismatch`: anything else (a tagging mistake on either side, or a label this model
--   misread); the ratio fact / table is given;
-- - `no statement table`, `not in table`, `no xbrl fact`: nothing to compare — never a
--   finding. A row missing from a table is not a mismatch.
-- Tables, rows and columns are found conservatively: the statement by its caption (after
-- "condensed" / "consolidated" and parentheticals such as "(Unaudited)" are dropped), the row by
-- an exact label list (a "total" line first; for net income the line attributable to the parent
-- first), and the column as the leftmost amount whose header names the year of the filing's
-- period end and, for flows, a duration that is the filing's own: the fiscal year in annual
-- reports, the quarter for a 10-Q's income statement and the year to date (any of quarter,
-- half, nine months) for its cash flow statement.

with

cells as (

    select * from {{ ref('fct_filing_table_cells') }}
    where
        form in {{ annual_report_forms() }}
        or form in ('10-Q', '10-Q/A')

),

facts as (

    select * from {{ ref('int_facts_classified_to_periods') }}

),

concept_map as (

    select * from {{ ref('concept_map') }}
    where line_item in ('revenue', 'net_income', 'total_assets', 'operating_cash_flow')

),

filings as (

    select distinct
        cik,
        ticker,
        accession_number,
        form,
        filing_date,
        report_date,
        form in {{ annual_report_forms() }} as is_annual_report
    from cells

),

line_items (line_item, financial_statement) as (

    values
    ('revenue', 'income_statement'),
    ('net_income', 'income_statement'),
    ('total_assets', 'balance_sheet'),
    ('operating_cash_flow', 'cash_flow_statement')

),

captioned_cells as (

    select
        *,
        -- "Johnson & Johnson and Subsidiaries Consolidated Statements of Earnings (Unaudited)"
        -- -> "statements of earnings"
        trim(
            regexp_replace(
                replace(
                    replace(
                        regexp_replace(lower(table_caption), '\s*\([^)]*\)', '', 'g'),
                        'condensed ', ''
                    ),
                    'consolidated ', ''
                ),
                '^.* and subsidiaries ', ''
            )
        ) as caption_key,
        trim(
            regexp_replace(
                regexp_replace(
                    regexp_replace(replace(lower(row_label), '’', ''''), '\([^)]*\)', ' ', 'g'),
                    '[/,:]', ' ', 'g'
                ),
                '\s+', ' ', 'g'
            )
        ) as label_key,
        lower(column_header) as header_key,
        -- the header names the year of the period end; for a fiscal year ending in January or
        -- February, retailers' "Fiscal 2024" (the year it began) also counts, second
        case
            when
                lower(column_header)
                like '%' || cast(extract(year from report_date) as varchar) || '%'
                then 1
            when
                extract(month from report_date) <= 2
                and lower(column_header)
                like '%fiscal ' || cast(extract(year from report_date) - 1 as varchar) || '%'
                then 2
        end as year_rank
    from cells
    where
        not is_header
        and cell_value is not null
        and value_unit is distinct from '%'
        and length(table_caption) <= 120

),

statement_cells as (

    select
        *,
        case
            when
                caption_key like 'balance sheet%'
                or caption_key like 'statement% of financial position'
                then 'balance_sheet'
            when
                caption_key like 'statement% of operations%'
                or caption_key like 'statement% of income%'
                or caption_key like 'statement% of earnings%'
                or caption_key like 'income statement%'
                then 'income_statement'
            when caption_key like 'statement% of cash flow%' then 'cash_flow_statement'
        end as financial_statement
    from captioned_cells

),

labelled_cells as (

    -- the rank of the row's label for each line item it may print (1 = preferred); exact lists,
    -- so "Total cost of revenues" or "Net income per share" never pass for a line item
    select
        statement_cells.*,
        case
            when
                statement_cells.financial_statement = 'income_statement'
                and statement_cells.label_key in (
                    'total net sales', 'total revenues', 'total revenue', 'total net revenues',
                    'total net revenue', 'total sales', 'total revenues net',
                    'total net sales and revenue', 'total net sales and revenues',
                    'total operating revenues', 'total net operating revenues'
                )
                then 1
            when
                statement_cells.financial_statement = 'income_statement'
                and statement_cells.label_key in (
                    'net sales', 'revenues', 'revenue', 'net revenues', 'net revenue', 'sales',
                    'revenues net', 'revenue net', 'net sales and revenue',
                    'net sales and revenues', 'operating revenues', 'net operating revenues'
                )
                then 2
        end as revenue_rank,
        case
            when
                statement_cells.financial_statement = 'income_statement'
                and (
                    statement_cells.label_key like 'net income attributable to %'
                    or statement_cells.label_key like 'net loss attributable to %'
                    or statement_cells.label_key like 'net earnings attributable to %'
                )
                and statement_cells.label_key not like '%noncontrolling%'
                and statement_cells.label_key not like '%non-controlling%'
                and statement_cells.label_key not like '%minority%'
                and statement_cells.label_key not like '%participating%'
                then 1
            when
                statement_cells.financial_statement = 'income_statement'
                and statement_cells.label_key in (
                    'net income', 'net loss', 'net earnings', 'net income loss',
                    'net loss income', 'net earnings loss'
                )
                then 2
        end as net_income_rank,
        case
            when
                statement_cells.financial_statement = 'balance_sheet'
                and statement_cells.label_key = 'total assets'
                then 1
        end as total_assets_rank,
        case
            when
                statement_cells.financial_statement = 'cash_flow_statement'
                and (
                    statement_cells.label_key in (
                        'total operating activities', 'cash provided by operations',
                        'net cash provided by operations'
                    )
                    or statement_cells.label_key like 'net cash %operating activities'
                    or statement_cells.label_key like 'cash %operating activities'
                    or statement_cells.label_key like 'net cash %operating activities%continuing%'
                    or statement_cells.label_key like 'cash %operating activities%continuing%'
                )
                and statement_cells.label_key not like '%discontinued%'
                then case when statement_cells.label_key like '%continuing%' then 2 else 1 end
        end as operating_cash_flow_rank
    from statement_cells
    where statement_cells.financial_statement is not null

),

row_candidates as (

    select
        labelled_cells.*,
        line_items.line_item,
        case line_items.line_item
            when 'revenue' then labelled_cells.revenue_rank
            when 'net_income' then labelled_cells.net_income_rank
            when 'total_assets' then labelled_cells.total_assets_rank
            when 'operating_cash_flow' then labelled_cells.operating_cash_flow_rank
        end as label_rank,
        case
            when labelled_cells.financial_statement = 'balance_sheet' then 'instant'
            when
                labelled_cells.header_key like '%three months%'
                or labelled_cells.header_key like '%quarter%'
                or labelled_cells.header_key like '%13 weeks%'
                or labelled_cells.header_key like '%thirteen weeks%'
                then 'quarter'
            when
                labelled_cells.header_key like '%six months%'
                or labelled_cells.header_key like '%26 weeks%'
                or labelled_cells.header_key like '%twenty-six weeks%'
                then 'half'
            when
                labelled_cells.header_key like '%nine months%'
                or labelled_cells.header_key like '%39 weeks%'
                or labelled_cells.header_key like '%thirty-nine weeks%'
                then 'nine_months'
            when
                labelled_cells.header_key like '%twelve months%'
                or labelled_cells.header_key like '%year%'
                or labelled_cells.header_key like '%52 weeks%'
                or labelled_cells.header_key like '%53 weeks%'
                then 'annual'
            -- an annual report's columns that name only a date are its fiscal years
            when labelled_cells.form in {{ annual_report_forms() }} then 'annual'
        end as period_type
    from labelled_cells
    inner join line_items on labelled_cells.financial_statement = line_items.financial_statement

),

own_period_cells as (

    -- the filing's own period: its year in the header, and the duration it reports
    select row_candidates.*
    from row_candidates
    where
        row_candidates.label_rank is not null
        and row_candidates.year_rank is not null
        and (
            row_candidates.financial_statement = 'balance_sheet'
            or (
                row_candidates.form in {{ annual_report_forms() }}
                and row_candidates.period_type = 'annual'
            )
            or (
                row_candidates.form not in {{ annual_report_forms() }}
                and row_candidates.financial_statement = 'income_statement'
                and row_candidates.period_type = 'quarter'
            )
            or (
                row_candidates.form not in {{ annual_report_forms() }}
                and row_candidates.financial_statement = 'cash_flow_statement'
                and row_candidates.period_type in ('quarter', 'half', 'nine_months')
            )
        )

),

table_cells as (

    -- one cell per filing and line item: the first statement table that prints the line, its
    -- best-ranked label, the first such row, the leftmost own-period column
    select
        *,
        row_number() over (
            partition by accession_number, line_item
            order by
                table_index asc, label_rank asc, row_index asc, year_rank asc, column_index asc
        ) as cell_rank
    from own_period_cells

),

statement_tables as (

    select distinct
        accession_number,
        financial_statement
    from statement_cells
    where financial_statement is not null

),

filing_facts as (

    select
        filings.accession_number,
        concept_map.line_item,
        facts.taxonomy,
        facts.concept,
        facts.unit,
        facts.period_type,
        facts.period_start,
        facts.period_end,
        cast(facts.value as double precision) as value,
        row_number() over (
            partition by filings.accession_number, concept_map.line_item, facts.period_type
            order by
                concept_map.priority asc,
                case when facts.unit = 'USD' then 0 else 1 end asc,
                facts.unit asc,
                facts.value asc
        ) as fact_rank
    from filings
    inner join facts
        on
            filings.cik = facts.cik
            and filings.accession_number = facts.accession_number
            and filings.report_date = facts.period_end
    inner join concept_map
        on
            facts.taxonomy = concept_map.taxonomy
            and facts.concept = concept_map.concept
            and facts.is_instant = (concept_map.period_type = 'instant')
    where {{ is_currency_unit('facts.unit') }}

),

compared as (

    select
        filings.cik,
        filings.ticker,
        filings.accession_number,
        filings.form,
        filings.filing_date,
        filings.report_date,
        line_items.line_item,
        line_items.financial_statement,
        statement_tables.financial_statement is not null as has_statement_table,
        table_cells.table_index,
        table_cells.table_caption,
        table_cells.row_index,
        table_cells.row_label,
        table_cells.column_index,
        table_cells.column_header,
        table_cells.period_type,
        table_cells.cell_text,
        table_cells.cell_value,
        table_cells.table_scale,
        table_cells.cell_value * coalesce(table_cells.table_scale, 1) as table_value,
        filing_facts.taxonomy as xbrl_taxonomy,
        filing_facts.concept as xbrl_concept,
        filing_facts.unit as xbrl_unit,
        filing_facts.period_start as xbrl_period_start,
        filing_facts.period_end as xbrl_period_end,
        filing_facts.value as xbrl_value,
        -- one unit of the table's last printed digit
        cast(coalesce(table_cells.table_scale, 1) as double precision) as tolerance
    from filings
    cross join line_items
    left join statement_tables
        on
            filings.accession_number = statement_tables.accession_number
            and line_items.financial_statement = statement_tables.financial_statement
    left join table_cells
        on
            filings.accession_number = table_cells.accession_number
            and line_items.line_item = table_cells.line_item
            and table_cells.cell_rank = 1
    left join filing_facts
        on
            filings.accession_number = filing_facts.accession_number
            and line_items.line_item = filing_facts.line_item
            and table_cells.period_type = filing_facts.period_type
            and filing_facts.fact_rank = 1

),

rescaled as (

    -- the power of 1,000 (other than 1) that makes the two agree, if any
    select
        compared.accession_number,
        compared.line_item,
        min(powers.exponent) as scale_exponent
    from compared
    cross join (
        values (-3), (-2), (-1), (1), (2), (3)
    ) as powers (exponent)
    where
        compared.table_value <> 0
        and abs(compared.xbrl_value - compared.table_value * power(1000.0, powers.exponent))
        <= compared.tolerance * power(1000.0, powers.exponent)
    group by compared.accession_number, compared.line_item

),

final as (

    select
        compared.cik,
        compared.ticker,
        compared.accession_number,
        compared.form,
        compared.filing_date,
        compared.report_date,
        compared.line_item,
        compared.financial_statement,
        case
            when not compared.has_statement_table then 'no statement table'
            when compared.table_value is null then 'not in table'
            when compared.xbrl_value is null then 'no xbrl fact'
            when abs(compared.xbrl_value - compared.table_value) <= compared.tolerance
                then 'match'
            when rescaled.scale_exponent is not null then 'probable scale error'
            else 'mismatch'
        end as status,
        compared.table_index,
        compared.table_caption,
        compared.row_index,
        compared.row_label,
        compared.column_index,
        compared.column_header,
        compared.period_type,
        compared.cell_text,
        compared.cell_value,
        compared.table_scale,
        compared.table_value,
        compared.xbrl_taxonomy,
        compared.xbrl_concept,
        compared.xbrl_unit,
        compared.xbrl_period_start,
        compared.xbrl_period_end,
        compared.xbrl_value,
        compared.xbrl_value / nullif(compared.table_value, 0) as value_ratio,
        power(1000.0, rescaled.scale_exponent) as scale_factor
    from compared
    left join rescaled
        on
            compared.accession_number = rescaled.accession_number
            and compared.line_item = rescaled.line_item

)

select * from final
