-- One row per letter grade (A-F, every grade even when no filing has it) and report kind
-- (`annual`, `quarterly`, `all`): how many scored filings of fct_filing_quality earned it, their
-- share, the companies and the score range.

with

filing_quality as (

    select * from {{ ref('fct_filing_quality') }}

),

grades (grade, min_score) as (

    values ('A', 90), ('B', 80), ('C', 70), ('D', 60), ('F', 0)

),

report_kinds (report_kind) as (

    values ('annual'), ('quarterly'), ('all')

),

filings_by_kind as (

    select
        case when is_annual_report then 'annual' else 'quarterly' end as report_kind,
        cik,
        grade,
        quality_score
    from filing_quality
    union all
    select
        'all' as report_kind,
        cik,
        grade,
        quality_score
    from filing_quality

),

totals as (

    select
        report_kind,
        count(*) as n_filings_of_kind
    from filings_by_kind
    group by report_kind

),

counted as (

    select
        report_kind,
        grade,
        count(*) as n_filings,
        count(distinct cik) as n_companies,
        min(quality_score) as min_quality_score,
        max(quality_score) as max_quality_score
    from filings_by_kind
    group by report_kind, grade

),

final as (

    select
        report_kinds.report_kind,
        grades.grade,
        grades.min_score,
        coalesce(counted.n_filings, 0) as n_filings,
        coalesce(
            round(cast(counted.n_filings as double precision) / totals.n_filings_of_kind, 4), 0
        ) as share_of_filings,
        coalesce(counted.n_companies, 0) as n_companies,
        counted.min_quality_score,
        counted.max_quality_score
    from report_kinds
    cross join grades
    left join counted
        on
            report_kinds.report_kind = counted.report_kind
            and grades.grade = counted.grade
    left join totals on report_kinds.report_kind = totals.report_kind

)

select * from final
