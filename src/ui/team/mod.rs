//! Team: reps (with deactivation and reassignment) and territories; Team › Quotas
//! (the quota grid); Team › Goals; each rep's scorecard (`/team/<rep>`) with one-on-ones, and the
//! scorecards side by side.

mod deactivate;
mod goals;
mod grid;
mod quotas;
mod reps;
mod scorecard;
mod spend;
mod subnav;
mod territories;

pub use goals::GoalsPage;
pub use quotas::QuotasPage;
pub use reps::TeamPage;
pub use scorecard::{ScorecardPage, ScorecardsPage};
pub use spend::SpendPage;
