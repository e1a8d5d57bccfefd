//! Planning and coaching, pure: the quota grid (Team › Quotas) and the spend grid
//! (Team › Spend) with spreadsheet paste, goals and their progress, rep scorecards
//! against the team median with plain-language flags, coaching notes' action items,
//! and the attainment sentence of My day. Every number a planning page shows is
//! computed here, from the KPI facts (`kpi::KpiFacts`) where it reads deals and
//! activities, so a scorecard of every rep is one pass over them, not one per rep.

pub mod attainment;
pub mod cell;
pub mod coaching;
pub mod definitions;
pub mod goals;
pub mod paste;
pub mod quota_grid;
pub mod scorecard;
pub mod spend_grid;
pub mod stats;

use crate::domain::money::format_minor;
use crate::domain::Currency;

/// An amount as planned: "$41,000", or "$41,000.50" when it has cents.
pub fn money_text(minor: i64, home: &Currency) -> String {
    let scale = 10i64.pow(home.minor_digits());
    if minor % scale == 0 {
        crate::analytics::kpi::whole_money(minor as f64, home)
    } else {
        format_minor(minor, home)
    }
}

/// An amount rounded to whole units: "$30,326".
pub fn about_money(minor: i64, home: &Currency) -> String {
    crate::analytics::kpi::whole_money(minor as f64, home)
}
