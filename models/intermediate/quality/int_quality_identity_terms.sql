-- One row per subtotal identity, term and candidate concept: the hand-kept list of what the
-- filing quality score checks beside the balance-sheet identity. An identity holds when
-- `total` = sum(coefficient * term) for one filing, period and unit; it is checked only where
-- the filing tags the total and every required term (optional terms count as 0 when absent).
-- Per term the candidate with the lowest priority tagged for the period is used. A term names
-- either a concept_map line item (all its concepts, with their priorities) or explicit
-- concepts; identities that must not mix concept families (debt with or without leases) name
-- concepts. Kept as a model beside the score rather than a seed so the quality area stays
-- self-contained; it is small reference data either way.

with

terms (
    identity_name, period_kind, term, coefficient, is_optional, line_item, taxonomy, concept,
    priority
) as (

    values
    -- gross profit = revenue - cost of revenue
    ('gross_profit', 'duration', 'total', 1, false, 'gross_profit', null, null, null),
    ('gross_profit', 'duration', 'revenue', 1, false, 'revenue', null, null, null),
    ('gross_profit', 'duration', 'cost_of_revenue', -1, false, 'cost_of_revenue', null, null, null),
    -- consolidated profit = the parent's share + the non-controlling interests' share
    (
        'profit_attribution', 'duration', 'total', 1, false, 'net_income_including_nci', null,
        null, null
    ),
    ('profit_attribution', 'duration', 'parent', 1, false, 'net_income', null, null, null),
    (
        'profit_attribution', 'duration', 'nci', 1, false, 'net_income_attributable_to_nci',
        null, null, null
    ),
    -- long-term debt = current + noncurrent portion (without finance leases)
    ('long_term_debt', 'instant', 'total', 1, false, null, 'us-gaap', 'LongTermDebt', 1),
    ('long_term_debt', 'instant', 'current', 1, false, null, 'us-gaap', 'LongTermDebtCurrent', 1),
    (
        'long_term_debt', 'instant', 'noncurrent', 1, false, null, 'us-gaap',
        'LongTermDebtNoncurrent', 1
    ),
    -- long-term debt and finance leases = current + noncurrent portion
    (
        'long_term_debt_and_leases', 'instant', 'total', 1, false, null, 'us-gaap',
        'LongTermDebtAndCapitalLeaseObligationsIncludingCurrentMaturities', 1
    ),
    (
        'long_term_debt_and_leases', 'instant', 'current', 1, false, null, 'us-gaap',
        'LongTermDebtAndCapitalLeaseObligationsCurrent', 1
    ),
    (
        'long_term_debt_and_leases', 'instant', 'noncurrent', 1, false, null, 'us-gaap',
        'LongTermDebtAndCapitalLeaseObligations', 1
    ),
    -- total assets = current + noncurrent assets
    ('assets', 'instant', 'total', 1, false, null, 'us-gaap', 'Assets', 1),
    ('assets', 'instant', 'total', 1, false, null, 'ifrs-full', 'Assets', 1),
    ('assets', 'instant', 'current', 1, false, null, 'us-gaap', 'AssetsCurrent', 1),
    ('assets', 'instant', 'current', 1, false, null, 'ifrs-full', 'CurrentAssets', 1),
    ('assets', 'instant', 'noncurrent', 1, false, null, 'us-gaap', 'AssetsNoncurrent', 1),
    ('assets', 'instant', 'noncurrent', 1, false, null, 'ifrs-full', 'NoncurrentAssets', 1),
    -- total liabilities = current + noncurrent liabilities
    ('liabilities', 'instant', 'total', 1, false, null, 'us-gaap', 'Liabilities', 1),
    ('liabilities', 'instant', 'total', 1, false, null, 'ifrs-full', 'Liabilities', 1),
    ('liabilities', 'instant', 'current', 1, false, null, 'us-gaap', 'LiabilitiesCurrent', 1),
    ('liabilities', 'instant', 'current', 1, false, null, 'ifrs-full', 'CurrentLiabilities', 1),
    (
        'liabilities', 'instant', 'noncurrent', 1, false, null, 'us-gaap',
        'LiabilitiesNoncurrent', 1
    ),
    (
        'liabilities', 'instant', 'noncurrent', 1, false, null, 'ifrs-full',
        'NoncurrentLiabilities', 1
    ),
    -- net change in cash (incl. exchange-rate effect) = operating + investing + financing + FX.
    -- CashAndCashEquivalentsPeriodIncreaseDecrease (before ASU 2016-18) includes the FX effect.
    (
        'cash_flow_sections', 'duration', 'total', 1, false, null, 'us-gaap',
        'CashCashEquivalentsRestrictedCashAndRestrictedCashEquivalentsPeriodIncreaseDecreaseIncludingExchangeRateEffect',  -- noqa: LT05
        1
    ),
    (
        'cash_flow_sections', 'duration', 'total', 1, false, null, 'us-gaap',
        'CashAndCashEquivalentsPeriodIncreaseDecrease', 2
    ),
    (
        'cash_flow_sections', 'duration', 'total', 1, false, null, 'ifrs-full',
        'IncreaseDecreaseInCashAndCashEquivalents', 1
    ),
    (
        'cash_flow_sections', 'duration', 'operating', 1, false, null, 'us-gaap',
        'NetCashProvidedByUsedInOperatingActivities', 1
    ),
    (
        'cash_flow_sections', 'duration', 'operating', 1, false, null, 'ifrs-full',
        'CashFlowsFromUsedInOperatingActivities', 1
    ),
    (
        'cash_flow_sections', 'duration', 'investing', 1, false, null, 'us-gaap',
        'NetCashProvidedByUsedInInvestingActivities', 1
    ),
    (
        'cash_flow_sections', 'duration', 'investing', 1, false, null, 'ifrs-full',
        'CashFlowsFromUsedInInvestingActivities', 1
    ),
    (
        'cash_flow_sections', 'duration', 'financing', 1, false, null, 'us-gaap',
        'NetCashProvidedByUsedInFinancingActivities', 1
    ),
    (
        'cash_flow_sections', 'duration', 'financing', 1, false, null, 'ifrs-full',
        'CashFlowsFromUsedInFinancingActivities', 1
    ),
    (
        'cash_flow_sections', 'duration', 'exchange_rate_effect', 1, true, null, 'us-gaap',
        'EffectOfExchangeRateOnCashCashEquivalentsRestrictedCashAndRestrictedCashEquivalentsIncludingDisposalGroupAndDiscontinuedOperations',  -- noqa: LT05
        1
    ),
    (
        'cash_flow_sections', 'duration', 'exchange_rate_effect', 1, true, null, 'us-gaap',
        'EffectOfExchangeRateOnCashCashEquivalentsRestrictedCashAndRestrictedCashEquivalents', 2
    ),
    (
        'cash_flow_sections', 'duration', 'exchange_rate_effect', 1, true, null, 'us-gaap',
        'EffectOfExchangeRateOnCashAndCashEquivalents', 3
    ),
    (
        'cash_flow_sections', 'duration', 'exchange_rate_effect', 1, true, null, 'ifrs-full',
        'EffectOfExchangeRateChangesOnCashAndCashEquivalents', 1
    ),
    -- net change in cash before the exchange-rate effect = operating + investing + financing
    (
        'cash_flow_sections_before_fx', 'duration', 'total', 1, false, null, 'us-gaap',
        'CashCashEquivalentsRestrictedCashAndRestrictedCashEquivalentsPeriodIncreaseDecreaseExcludingExchangeRateEffect',  -- noqa: LT05
        1
    ),
    (
        'cash_flow_sections_before_fx', 'duration', 'total', 1, false, null, 'us-gaap',
        'CashAndCashEquivalentsPeriodIncreaseDecreaseExcludingExchangeRateEffect', 2
    ),
    (
        'cash_flow_sections_before_fx', 'duration', 'total', 1, false, null, 'ifrs-full',
        'IncreaseDecreaseInCashAndCashEquivalentsBeforeEffectOfExchangeRateChanges', 1
    ),
    (
        'cash_flow_sections_before_fx', 'duration', 'operating', 1, false, null, 'us-gaap',
        'NetCashProvidedByUsedInOperatingActivities', 1
    ),
    (
        'cash_flow_sections_before_fx', 'duration', 'operating', 1, false, null, 'ifrs-full',
        'CashFlowsFromUsedInOperatingActivities', 1
    ),
    (
        'cash_flow_sections_before_fx', 'duration', 'investing', 1, false, null, 'us-gaap',
        'NetCashProvidedByUsedInInvestingActivities', 1
    ),
    (
        'cash_flow_sections_before_fx', 'duration', 'investing', 1, false, null, 'ifrs-full',
        'CashFlowsFromUsedInInvestingActivities', 1
    ),
    (
        'cash_flow_sections_before_fx', 'duration', 'financing', 1, false, null, 'us-gaap',
        'NetCashProvidedByUsedInFinancingActivities', 1
    ),
    (
        'cash_flow_sections_before_fx', 'duration', 'financing', 1, false, null, 'ifrs-full',
        'CashFlowsFromUsedInFinancingActivities', 1
    )

),

concept_map as (

    select * from {{ ref('concept_map') }}

),

line_item_terms as (

    select
        terms.identity_name,
        terms.period_kind,
        terms.term,
        terms.coefficient,
        terms.is_optional,
        terms.line_item,
        concept_map.taxonomy,
        concept_map.concept,
        concept_map.priority
    from terms
    inner join concept_map on terms.line_item = concept_map.line_item
    where terms.line_item is not null

),

concept_terms as (

    select
        identity_name,
        period_kind,
        term,
        coefficient,
        is_optional,
        line_item,
        taxonomy,
        concept,
        priority
    from terms
    where line_item is null

),

final as (

    select
        identity_name,
        period_kind,
        term,
        cast(coefficient as integer) as coefficient,
        is_optional,
        cast(line_item as varchar) as line_item,
        cast(taxonomy as varchar) as taxonomy,
        cast(concept as varchar) as concept,
        cast(priority as integer) as priority
    from line_item_terms
    union all
    select
        identity_name,
        period_kind,
        term,
        cast(coefficient as integer) as coefficient,
        is_optional,
        cast(line_item as varchar) as line_item,
        cast(taxonomy as varchar) as taxonomy,
        cast(concept as varchar) as concept,
        cast(priority as integer) as priority
    from concept_terms

)

select * from final
