//! Dashboard: every KPI of the period and scope with the change against the period
//! before, and the tables behind them. The arithmetic is `analytics::kpi`.

mod charts;
mod page;
mod tables;
mod tiles;

pub use page::DashboardPage;
