//! Pure Rust numbers for pages: totals, KPIs and forecasts. Takes `today` as an
//! argument and never reads a clock.

pub mod automation;
pub mod board;
pub mod board_view;
pub mod charts;
pub mod dashboard;
pub mod deal_history;
pub mod deal_index;
pub mod delete_impact;
pub mod forecast;
pub mod kpi;
pub mod lists;
pub mod my_day;
pub mod period;
pub mod periods;
pub mod planning;
pub mod quota;
pub mod review;
pub mod scope;
pub mod search;
pub mod stalled;
pub mod text;
pub mod timeline;
pub mod totals;
