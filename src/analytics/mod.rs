//! Pure Rust numbers for pages: totals, KPIs and forecasts. Takes `today` as an
//! argument and never reads a clock.

pub mod board;
pub mod deal_index;
pub mod kpi;
pub mod my_day;
pub mod period;
pub mod periods;
pub mod quota;
pub mod scope;
pub mod search;
pub mod stalled;
pub mod timeline;
pub mod totals;
