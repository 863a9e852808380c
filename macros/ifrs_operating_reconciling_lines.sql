{% macro ifrs_operating_reconciling_lines() %}
{#-
    Decision 034: the ifrs-full operating-classified lines between cash generated from operations
    (CashFlowsFromUsedInOperations) and net cash from operating activities, each with the sign it
    adds with (the paid lines are tagged as positive outflows). Used by the derivation and by the
    reconciliation that recomputes it, so both read one list.
-#}
    {{ return([
        ('InterestReceivedClassifiedAsOperatingActivities', '+'),
        ('DividendsReceivedClassifiedAsOperatingActivities', '+'),
        ('OtherInflowsOutflowsOfCashClassifiedAsOperatingActivities', '+'),
        ('InterestPaidClassifiedAsOperatingActivities', '-'),
        ('DividendsPaidClassifiedAsOperatingActivities', '-'),
        ('IncomeTaxesPaidRefundClassifiedAsOperatingActivities', '-'),
    ]) }}
{% endmacro %}
