-- Integrity (severity error): a filing's sections are disjoint, non-empty spans of its text, so a
-- chunk or table lies in at most one section. Holds for the F-pages section (`8F`) too, which is
-- cut out of the item that held it. Returns each section overlapping the next one, or empty.

with

sections as (

    select * from {{ ref('fct_filing_sections') }}

),

with_next as (

    select
        accession_number,
        section_key,
        start_offset,
        end_offset,
        lead(section_key) over (
            partition by accession_number order by start_offset
        ) as next_section_key,
        lead(start_offset) over (
            partition by accession_number order by start_offset
        ) as next_start_offset
    from sections

)

select * from with_next
where end_offset <= start_offset or end_offset > next_start_offset
