//! Forecasts that measure their own accuracy. Pure: `today` is passed in.
//!
//! For a period and a scope, as of a day (the end of `cut`):
//!
//! | method | what it says |
//! | --- | --- |
//! | Closed so far | won in the period by then |
//! | Commit | closed + open deals in the Commit category expected in the period |
//! | Best case | Commit + open deals in Best case expected in the period |
//! | Pipeline (roll-up only) | every open deal expected in the period; omitted never counts |
//! | Weighted pipeline | closed + Σ amount × stage probability over the open deals expected in the period; P10–P90 from the variance Σ a²p(1 − p), normal approximation |
//! | Historical model | closed + Σ amount × the model's chance each open deal is won in the period (`model`), + deals not created yet that will be won in it (last year's run rate, `engine::fresh_business`); P10–P90 from Σ a²π(1 − π) plus the run rate's variance, normal approximation |
//! | Trend | won in the period's finished months + monthly bookings projected by Holt–Winters / Holt (`trend`), with its prediction interval |
//!
//! The backtest (`backtest`) replays the past from the change log and says how far
//! each method was from what closed: WMAPE = Σ|F − A| ÷ Σ A and bias = Σ(F − A) ÷ Σ A.
//! The recommended number is the method with the lowest backtest WMAPE for the scope.
//! `page` gathers what the forecast page shows; `calls` the reps' calls and managers'
//! adjustments; `snapshots` the stored weekly snapshots and their accuracy.

pub mod accuracy;
pub mod backtest;
pub mod calls;
pub mod edits;
pub mod engine;
pub mod facts;
pub mod memo;
pub mod model;
pub mod page;
pub mod snapshots;
pub mod stats;
pub mod trend;

#[cfg(test)]
mod tests;

/// The forecast methods compared in the backtest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    Commit,
    BestCase,
    Weighted,
    Historical,
    Trend,
}

impl Method {
    pub const ALL: [Method; 5] = [
        Method::Commit,
        Method::BestCase,
        Method::Weighted,
        Method::Historical,
        Method::Trend,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Method::Commit => "commit",
            Method::BestCase => "best_case",
            Method::Weighted => "weighted",
            Method::Historical => "historical",
            Method::Trend => "trend",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Method::Commit => "Commit",
            Method::BestCase => "Best case",
            Method::Weighted => "Weighted pipeline",
            Method::Historical => "Historical model",
            Method::Trend => "Trend",
        }
    }

    pub fn from_key(k: &str) -> Option<Method> {
        Self::ALL.into_iter().find(|m| m.key() == k)
    }

    pub fn index(self) -> usize {
        Self::ALL.iter().position(|m| *m == self).expect("listed")
    }

    /// How it is computed, in one sentence (the page and the help say the same).
    pub fn definition(self) -> &'static str {
        match self {
            Method::Commit => "Won so far plus the open deals in the Commit category expected to close in the period.",
            Method::BestCase => "Commit plus the open deals in the Best case category expected to close in the period.",
            Method::Weighted => "Won so far plus each open deal expected in the period times its stage's probability.",
            Method::Historical => "Won so far plus each open deal times the chance this workspace's history gives it of being won in the period (its stage, segment and owner, and how often close dates like its slipped), plus the deals not created yet that last year's run rate says will be won in it.",
            Method::Trend => "Won in the period's finished months plus monthly bookings projected by exponential smoothing (Holt–Winters with 24+ months of history, Holt's linear method with fewer).",
        }
    }
}
