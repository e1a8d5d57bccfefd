//! Forecast calls for a period: each rep's own number and a manager's adjustment of
//! it, kept apart, every one with its date; the page shows the latest of each beside
//! the computed numbers.

use crate::analytics::period::Period;
use crate::domain::{CallKind, Currency, ForecastCall, Id, Money, Timestamp, Workspace};

/// The latest rep call and manager adjustment of one rep for a period.
#[derive(Clone, Debug, PartialEq)]
pub struct RepCalls {
    pub rep_id: Id,
    pub rep: String,
    pub own: Option<ForecastCall>,
    pub adjusted: Option<ForecastCall>,
    /// Every call for the period, newest first.
    pub history: Vec<ForecastCall>,
}

/// Every rep with a call for exactly `period`, by name.
pub fn calls_for(ws: &Workspace, period: &Period) -> Vec<RepCalls> {
    let mut by_rep: Vec<RepCalls> = Vec::new();
    let mut calls: Vec<&ForecastCall> = ws
        .forecast_calls
        .values()
        .filter(|c| c.period_start == period.start() && c.period_end == period.end())
        .collect();
    calls.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    for c in calls {
        let Some(rep) = &c.rep_id else { continue };
        let i = match by_rep.iter().position(|r| &r.rep_id == rep) {
            Some(i) => i,
            None => {
                by_rep.push(RepCalls {
                    rep_id: rep.clone(),
                    rep: ws
                        .reps
                        .get(rep)
                        .map_or("Unknown rep".into(), |r| r.name.clone()),
                    own: None,
                    adjusted: None,
                    history: Vec::new(),
                });
                by_rep.len() - 1
            }
        };
        let r = &mut by_rep[i];
        match c.kind {
            CallKind::Rep if r.own.is_none() => r.own = Some(c.clone()),
            CallKind::Manager { .. } if r.adjusted.is_none() => r.adjusted = Some(c.clone()),
            _ => {}
        }
        r.history.push(c.clone());
    }
    by_rep.sort_by(|a, b| a.rep.cmp(&b.rep));
    by_rep
}

/// A new call from what was typed; a clear message when it cannot be one.
#[allow(clippy::too_many_arguments)]
pub fn new_call(
    id: Id,
    rep_id: Option<Id>,
    manager_id: Option<Id>,
    period: &Period,
    amount: &str,
    note: &str,
    home: &Currency,
    now: Timestamp,
) -> Result<ForecastCall, String> {
    let rep_id = rep_id.ok_or("Choose whose number this is.")?;
    let money = Money::parse(amount, home).map_err(|e| format!("Amount: {e}"))?;
    if money.minor < 0 {
        return Err("Amount: a forecast cannot be negative.".into());
    }
    if period.is_all_time() {
        return Err("Pick a month, quarter or year to make a call for.".into());
    }
    let kind = match manager_id {
        Some(m) if m == rep_id => return Err("A manager adjusts another rep's number.".into()),
        Some(m) => CallKind::Manager { manager_id: m },
        None => CallKind::Rep,
    };
    Ok(ForecastCall {
        id,
        rep_id: Some(rep_id),
        team_of: None,
        period_start: period.start(),
        period_end: period.end(),
        kind,
        amount: money.minor,
        currency: money.currency,
        note: note.trim().to_string(),
        created_at: now,
        updated_at: now,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::kpi::fixture::{d, noon, Fx};

    #[test]
    fn latest_own_call_and_adjustment_are_kept_apart() {
        let mut fx = Fx::new();
        let boss = fx.rep("Boss", None);
        let ann = fx.rep("Ann", Some(&boss));
        let june = Period::month_of(d(2026, 6, 1), 1);
        let usd = Currency::usd();
        let mut n = 0u8;
        let mut put = |fx: &mut Fx, mgr: Option<&Id>, amount: &str, day: u32| {
            n += 1;
            let c = new_call(
                Id::from_random_bytes([n; 16]),
                Some(ann.clone()),
                mgr.cloned(),
                &june,
                amount,
                " note ",
                &usd,
                noon(d(2026, 6, day)),
            )
            .unwrap();
            fx.ws.put(c.into());
        };
        put(&mut fx, None, "1,000", 2);
        put(&mut fx, None, "1,200", 9);
        put(&mut fx, Some(&boss), "900", 10);
        let r = calls_for(&fx.ws, &june);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].rep, "Ann");
        assert_eq!(
            r[0].own.as_ref().unwrap().amount,
            120_000,
            "the latest own call"
        );
        assert_eq!(r[0].own.as_ref().unwrap().note, "note");
        assert_eq!(r[0].adjusted.as_ref().unwrap().amount, 90_000);
        assert_eq!(r[0].history.len(), 3);
        assert!(calls_for(&fx.ws, &Period::month_of(d(2026, 7, 1), 1)).is_empty());
    }

    #[test]
    fn bad_calls_are_refused_with_a_reason() {
        let june = Period::month_of(d(2026, 6, 1), 1);
        let usd = Currency::usd();
        let id = || Id::from_random_bytes([1; 16]);
        let rep = Id::from_random_bytes([2; 16]);
        let now = noon(d(2026, 6, 1));
        assert!(new_call(id(), None, None, &june, "10", "", &usd, now)
            .unwrap_err()
            .contains("whose"));
        assert!(
            new_call(id(), Some(rep.clone()), None, &june, "ten", "", &usd, now)
                .unwrap_err()
                .starts_with("Amount")
        );
        assert!(
            new_call(id(), Some(rep.clone()), None, &june, "-5", "", &usd, now)
                .unwrap_err()
                .contains("negative")
        );
        assert!(new_call(
            id(),
            Some(rep.clone()),
            Some(rep),
            &june,
            "5",
            "",
            &usd,
            now
        )
        .is_err());
    }
}
