-- Indicator identities that must hold on every row (severity error): RSI within 0-100, the close
-- inside its 52-week range, SMA/EMA/MACD NULL exactly during warm-up.
select
    symbol,
    trade_date,
    bar_number,
    rsi_14,
    high_52_week,
    low_52_week,
    adj_close_price
from {{ ref('fct_price_indicators') }}
where
    rsi_14 < 0
    or rsi_14 > 100
    or adj_close_price > high_52_week
    or adj_close_price < low_52_week
    or (sma_20 is null) != (bar_number < 20)
    or (sma_200 is null) != (bar_number < 200)
    or (ema_12 is null) != (bar_number < 12)
    or (ema_26 is null) != (bar_number < 26)
    or (macd_signal is null) != (bar_number < 34)
    or (daily_return is null) != (bar_number = 1)
