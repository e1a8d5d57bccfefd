//! The accuracy view's per-rep rows: each rep's error per method (their own deals'
//! forecast against what they won), from the backtest (`rep_lines`) or from stored
//! snapshots (`stored_rep_lines`), named and sorted by name. The per-period chart is
//! `analytics::charts::accuracy`.

use super::backtest::Backtest;
use super::model::NO_OWNER;
use super::snapshots::StoredAccuracy;
use super::stats::ErrorSum;
use crate::analytics::kpi::facts::KpiFacts;
use crate::domain::Workspace;

#[derive(Clone, Debug, PartialEq)]
pub struct RepLine {
    pub rep: String,
    /// Per method (`Method::ALL` order).
    pub wmape: [Option<f64>; 5],
    pub bias: [Option<f64>; 5],
    /// How many forecasts were compared (the most of any method).
    pub n: usize,
}

/// A share as the page shows it: "23%", or "—" when there is none.
pub fn pct(v: Option<f64>) -> String {
    v.map_or("—".to_string(), |x| format!("{:.0}%", x * 100.0))
}

/// A signed share (a bias): "+12%", "−" for none.
pub fn signed_pct(v: Option<f64>) -> String {
    v.map_or("—".to_string(), |x| format!("{:+.0}%", x * 100.0))
}

impl RepLine {
    /// One cell per method (`Method::ALL` order): "WMAPE (bias)", like "23% (+5%)",
    /// or "—" when the rep had nothing to compare for that method.
    pub fn cells(&self) -> Vec<String> {
        self.wmape
            .iter()
            .zip(self.bias)
            .map(|(w, b)| match w {
                Some(_) => format!("{} ({})", pct(*w), signed_pct(b)),
                None => "—".to_string(),
            })
            .collect()
    }
}

pub fn rep_lines(bt: &Backtest, facts: &KpiFacts, ws: &Workspace) -> Vec<RepLine> {
    let mut out: Vec<RepLine> = bt
        .reps
        .iter()
        .filter(|r| r.methods.iter().any(|m| m.n > 0))
        .map(|r| {
            let rep = if r.owner == NO_OWNER || (r.owner as usize) >= facts.keys.len() {
                "No owner".to_string()
            } else {
                let id = facts.keys.key(r.owner);
                ws.reps
                    .get(id)
                    .map_or_else(|| "Unknown rep".to_string(), |p| p.name.clone())
            };
            line(rep, &r.methods)
        })
        .collect();
    out.sort_by(|a, b| a.rep.cmp(&b.rep));
    out
}

fn line(rep: String, methods: &[ErrorSum; 5]) -> RepLine {
    RepLine {
        rep,
        wmape: methods.map(|m| m.wmape()),
        bias: methods.map(|m| m.bias()),
        n: methods.iter().map(|m| m.n).max().unwrap_or(0),
    }
}

/// Each rep's stored snapshots against what they won, by name.
pub fn stored_rep_lines(a: &StoredAccuracy, ws: &Workspace) -> Vec<RepLine> {
    let mut out: Vec<RepLine> = a
        .reps
        .iter()
        .map(|(id, methods)| {
            let rep = ws
                .reps
                .get(id)
                .map_or_else(|| "Unknown rep".to_string(), |p| p.name.clone());
            line(rep, methods)
        })
        .collect();
    out.sort_by(|a, b| a.rep.cmp(&b.rep));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reps_cells_read_wmape_then_bias_per_method() {
        let r = RepLine {
            rep: "Ana".into(),
            wmape: [Some(0.234), None, Some(1.0), Some(0.0), None],
            bias: [Some(0.051), None, Some(-0.5), Some(0.0), None],
            n: 4,
        };
        assert_eq!(
            r.cells(),
            ["23% (+5%)", "—", "100% (-50%)", "0% (+0%)", "—"]
        );
        assert_eq!(pct(None), "—");
        assert_eq!(signed_pct(Some(0.126)), "+13%");
    }
}
