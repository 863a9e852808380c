-- Integrity (severity error): an F-pages section (`8F`) exists only in a 10-K whose Item 8 is a
-- short pointer (fewer than 500 words, the parser's POINTER_MAX_WORDS) and starts after that
-- Item 8 ends. Returns each `8F` section breaking this, with its Item 8 (NULL when missing).

with

sections as (

    select * from {{ ref('fct_filing_sections') }}

),

fpages as (

    select * from sections
    where section_key = '8F'

),

item_8 as (

    select * from sections
    where section_key = '8'

)

select
    fpages.accession_number,
    fpages.form,
    fpages.start_offset,
    item_8.end_offset as item_8_end_offset,
    item_8.word_count as item_8_word_count
from fpages
left join item_8 on fpages.accession_number = item_8.accession_number
where
    item_8.accession_number is null
    or fpages.form not like '10-K%'
    or item_8.word_count >= 500
    or fpages.start_offset < item_8.end_offset
