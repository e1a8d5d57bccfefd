//! A deal's change log: every change of its amount, currency, expected close date,
//! forecast category override, owner, pipeline, open/won/lost status and close date,
//! with when it happened and the values before and after. Stage changes live in the
//! stage history beside it. Together they answer "what did this deal look like on
//! day D" exactly (`as_of`), which the pipeline review, slippage and the forecast
//! backtests read.
//!
//! Where it lives: inside the deal record (`Deal::change_log`), not in a store of its
//! own. A deal has tens of entries over years, so a large workspace (50,000 deals)
//! holds about half a million: as rows of their own they would each need an id and
//! timestamps, a second store in every deal write and another half a million rows to
//! read at open. Inside the deal they are written in the same put as the change they
//! describe (atomic by construction), deleted and restored with the deal (undo), and
//! carried by snapshots and merges with it. Nothing ever reads one entry without its
//! deal, and the whole log is in memory for the backtests.
//!
//! Who writes it: `log_edits`, applied by the app to every user action before it is
//! committed, so no edit path can forget it. Merges and imported histories bring their
//! own entries (`merge_logs`, `backfill`).

use super::changes::{Change, Record};
use super::entities::{Deal, StageChange};
use super::time::{local_day, stored};
use super::{Currency, Date, ForecastCategory, Id, StageKind, Timestamp, Workspace};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::HashMap;

/// One change of one field.
#[derive(Clone, Debug, PartialEq)]
pub struct DealChange {
    pub at: Timestamp,
    pub field: FieldChange,
}

/// A field's value before and after: `(from, to)`.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldChange {
    Amount(Option<i64>, Option<i64>),
    Currency(Currency, Currency),
    ExpectedClose(Option<Date>, Option<Date>),
    ForecastCategory(Option<ForecastCategory>, Option<ForecastCategory>),
    Owner(Option<Id>, Option<Id>),
    Pipeline(Id, Id),
    Status(StageKind, StageKind),
    ClosedOn(Option<Date>, Option<Date>),
}

impl FieldChange {
    /// The field's name as stored and shown: "amount", "expected_close"…
    pub fn name(&self) -> &'static str {
        match self {
            FieldChange::Amount(..) => "amount",
            FieldChange::Currency(..) => "currency",
            FieldChange::ExpectedClose(..) => "expected_close",
            FieldChange::ForecastCategory(..) => "forecast_category",
            FieldChange::Owner(..) => "owner",
            FieldChange::Pipeline(..) => "pipeline",
            FieldChange::Status(..) => "status",
            FieldChange::ClosedOn(..) => "closed_on",
        }
    }

    /// How people call the field: "Expected close".
    pub fn label(&self) -> &'static str {
        match self {
            FieldChange::Amount(..) => "Amount",
            FieldChange::Currency(..) => "Currency",
            FieldChange::ExpectedClose(..) => "Expected close",
            FieldChange::ForecastCategory(..) => "Forecast category",
            FieldChange::Owner(..) => "Owner",
            FieldChange::Pipeline(..) => "Pipeline",
            FieldChange::Status(..) => "Status",
            FieldChange::ClosedOn(..) => "Closed on",
        }
    }
}

// The stored form is flat and readable:
// {"at":"2026-03-02T10:00:00Z","field":"amount","from":500000,"to":650000}
impl Serialize for DealChange {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        fn pair<S: SerializeStruct, T: Serialize>(
            st: &mut S,
            from: &T,
            to: &T,
        ) -> Result<(), S::Error> {
            st.serialize_field("from", from)?;
            st.serialize_field("to", to)
        }
        let mut st = s.serialize_struct("DealChange", 4)?;
        st.serialize_field("at", &self.at)?;
        st.serialize_field("field", self.field.name())?;
        match &self.field {
            FieldChange::Amount(a, b) => pair(&mut st, a, b)?,
            FieldChange::Currency(a, b) => pair(&mut st, a, b)?,
            FieldChange::ExpectedClose(a, b) => pair(&mut st, a, b)?,
            FieldChange::ForecastCategory(a, b) => pair(&mut st, a, b)?,
            FieldChange::Owner(a, b) => pair(&mut st, a, b)?,
            FieldChange::Pipeline(a, b) => pair(&mut st, a, b)?,
            FieldChange::Status(a, b) => pair(&mut st, a, b)?,
            FieldChange::ClosedOn(a, b) => pair(&mut st, a, b)?,
        }
        st.end()
    }
}

#[derive(Deserialize)]
struct Wire {
    #[serde(deserialize_with = "stored::timestamp")]
    at: Timestamp,
    field: String,
    #[serde(default)]
    from: serde_json::Value,
    #[serde(default)]
    to: serde_json::Value,
}

impl<'de> Deserialize<'de> for DealChange {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let w = Wire::deserialize(d)?;
        fn pair<T: serde::de::DeserializeOwned, E: serde::de::Error>(
            field: &str,
            from: serde_json::Value,
            to: serde_json::Value,
        ) -> Result<(T, T), E> {
            let read = |side: &str, v: serde_json::Value| {
                T::deserialize(v).map_err(|e| E::custom(format!("{field} {side}: {e}")))
            };
            Ok((read("from", from)?, read("to", to)?))
        }
        let (f, a, b) = (w.field.as_str(), w.from, w.to);
        let field = match f {
            "amount" => pair(f, a, b).map(|(a, b)| FieldChange::Amount(a, b)),
            "currency" => pair(f, a, b).map(|(a, b)| FieldChange::Currency(a, b)),
            "expected_close" => pair(f, a, b).map(|(a, b)| FieldChange::ExpectedClose(a, b)),
            "forecast_category" => {
                pair(f, a, b).map(|(a, b)| FieldChange::ForecastCategory(a, b))
            }
            "owner" => pair(f, a, b).map(|(a, b)| FieldChange::Owner(a, b)),
            "pipeline" => pair(f, a, b).map(|(a, b)| FieldChange::Pipeline(a, b)),
            "status" => pair(f, a, b).map(|(a, b)| FieldChange::Status(a, b)),
            "closed_on" => pair(f, a, b).map(|(a, b)| FieldChange::ClosedOn(a, b)),
            other => Err(D::Error::custom(format!(
                "unknown field “{other}” (expected amount, currency, expected_close, forecast_category, owner, pipeline, status or closed_on)"
            ))),
        }?;
        Ok(DealChange { at: w.at, field })
    }
}

/// What changed between two versions of a deal, as log entries at `at`, in a fixed
/// field order. The stage is not among them: it has the stage history.
pub fn diff(
    old: &Deal,
    new: &Deal,
    old_status: StageKind,
    new_status: StageKind,
    at: Timestamp,
) -> Vec<DealChange> {
    let mut out = Vec::new();
    let mut push = |field: FieldChange| out.push(DealChange { at, field });
    if old.amount != new.amount {
        push(FieldChange::Amount(old.amount, new.amount));
    }
    if old.currency != new.currency {
        push(FieldChange::Currency(
            old.currency.clone(),
            new.currency.clone(),
        ));
    }
    if old.expected_close != new.expected_close {
        push(FieldChange::ExpectedClose(
            old.expected_close,
            new.expected_close,
        ));
    }
    if old.forecast_category != new.forecast_category {
        push(FieldChange::ForecastCategory(
            old.forecast_category,
            new.forecast_category,
        ));
    }
    if old.owner_id != new.owner_id {
        push(FieldChange::Owner(
            old.owner_id.clone(),
            new.owner_id.clone(),
        ));
    }
    if old.pipeline_id != new.pipeline_id {
        push(FieldChange::Pipeline(
            old.pipeline_id.clone(),
            new.pipeline_id.clone(),
        ));
    }
    if old_status != new_status {
        push(FieldChange::Status(old_status, new_status));
    }
    if old.closed_on != new.closed_on {
        push(FieldChange::ClosedOn(old.closed_on, new.closed_on));
    }
    out
}

/// The open/won/lost status of a deal in `ws` (open when its stage is unknown).
pub fn status_of(ws: &Workspace, deal: &Deal) -> StageKind {
    stage_kind(ws, &deal.pipeline_id, &deal.stage_id)
}

fn stage_kind(ws: &Workspace, pipeline: &Id, stage: &Id) -> StageKind {
    ws.pipelines
        .get(pipeline)
        .and_then(|p| p.stage(stage))
        .map(|s| s.kind)
        .unwrap_or(StageKind::Open)
}

/// Logs every deal edit among `changes` (one user action) against the deal as it is
/// in `ws`: the entries are appended to the stored log at the edit's `updated_at`,
/// and a stage change the caller did not put in the stage history is added to it.
/// Whatever log the caller's copy carried is replaced by the stored one plus these
/// entries, so no edit path can drop or rewrite history.
pub fn log_edits(ws: &Workspace, changes: &mut [Change]) {
    for change in changes.iter_mut() {
        let (Change::Put(Record::Deal(new)) | Change::Insert(Record::Deal(new))) = change else {
            continue;
        };
        let Some(old) = ws.deals.get(&new.id) else {
            continue;
        };
        let at = new.updated_at.max(old.updated_at);
        let entries = diff(old, new, status_of(ws, old), status_of(ws, new), at);
        let mut log = old.change_log.clone();
        log.extend(entries);
        new.change_log = log;
        let history_has_it = new
            .stage_history
            .last()
            .is_some_and(|h| h.stage_id == new.stage_id);
        if old.stage_id != new.stage_id && !history_has_it {
            new.stage_history.push(StageChange {
                stage_id: new.stage_id.clone(),
                at,
            });
        }
    }
}

/// The union of two logs of the same deal (a merge): every entry of either, once,
/// oldest first; entries at the same moment keep their order.
pub fn merge_logs(ours: &[DealChange], theirs: &[DealChange]) -> Vec<DealChange> {
    let mut out: Vec<DealChange> = ours.to_vec();
    for t in theirs {
        if !ours.contains(t) {
            out.push(t.clone());
        }
    }
    out.sort_by_key(|c| c.at);
    out
}

/// The union of two stage histories of the same deal (a merge), oldest first.
pub fn merge_stage_histories(ours: &[StageChange], theirs: &[StageChange]) -> Vec<StageChange> {
    let mut out: Vec<StageChange> = ours.to_vec();
    for t in theirs {
        if !ours.contains(t) {
            out.push(t.clone());
        }
    }
    out.sort_by_key(|c| c.at);
    out
}

/// The log a deal's stage history implies when nothing else is known (a workspace from
/// before the log existed, or a CSV import): a status change wherever the history moves
/// between open, won and lost stages, the close date set (on that day) and cleared with
/// them, and a pipeline change where consecutive stages belong to different pipelines.
/// The deal's other fields are taken to have had their current values all along.
/// `stages` gives each stage id's pipeline and kind.
pub fn backfill(deal: &Deal, stages: &HashMap<Id, (Id, StageKind)>) -> Vec<DealChange> {
    let mut out = Vec::new();
    let mut prev: Option<(Id, StageKind)> = None;
    let n = deal.stage_history.len();
    for (i, h) in deal.stage_history.iter().enumerate() {
        let Some((pipeline, kind)) = stages.get(&h.stage_id).cloned() else {
            continue;
        };
        if let Some((prev_pipeline, prev_kind)) = &prev {
            if *prev_pipeline != pipeline {
                out.push(DealChange {
                    at: h.at,
                    field: FieldChange::Pipeline(prev_pipeline.clone(), pipeline.clone()),
                });
            }
            if *prev_kind != kind {
                out.push(DealChange {
                    at: h.at,
                    field: FieldChange::Status(*prev_kind, kind),
                });
                let closed_then = |last: bool| match (last, deal.closed_on) {
                    (true, Some(d)) => Some(d),
                    _ => Some(local_day(h.at)),
                };
                let (from, to) = match (prev_kind, kind) {
                    (StageKind::Open, _) => (None, closed_then(i + 1 == n)),
                    (_, StageKind::Open) => (out_closed_on(&out), None),
                    _ => (out_closed_on(&out), closed_then(i + 1 == n)),
                };
                if from != to {
                    out.push(DealChange {
                        at: h.at,
                        field: FieldChange::ClosedOn(from, to),
                    });
                }
            }
        }
        prev = Some((pipeline, kind));
    }
    out
}

/// The close date the entries so far leave a deal with.
fn out_closed_on(entries: &[DealChange]) -> Option<Date> {
    entries.iter().rev().find_map(|c| match c.field {
        FieldChange::ClosedOn(_, to) => Some(to),
        _ => None,
    })?
}

/// Each stage id of `ws` with its pipeline and kind (for `backfill`).
pub fn stage_map(ws: &Workspace) -> HashMap<Id, (Id, StageKind)> {
    stage_map_of(ws.pipelines.values())
}

/// `stage_map` of some pipelines.
pub fn stage_map_of<'a>(
    pipelines: impl IntoIterator<Item = &'a super::Pipeline>,
) -> HashMap<Id, (Id, StageKind)> {
    pipelines
        .into_iter()
        .flat_map(|p| {
            p.stages
                .iter()
                .map(|s| (s.id.clone(), (p.id.clone(), s.kind)))
        })
        .collect()
}

/// A deal as it stood at the end of one day: its tracked fields then.
#[derive(Clone, Debug, PartialEq)]
pub struct DealState<'a> {
    pub pipeline_id: &'a Id,
    pub stage_id: &'a Id,
    pub amount: Option<i64>,
    pub currency: &'a Currency,
    pub owner_id: Option<&'a Id>,
    pub expected_close: Option<Date>,
    pub forecast_category: Option<ForecastCategory>,
    pub closed_on: Option<Date>,
}

impl DealState<'_> {
    /// Open, won or lost then (by the kind of the stage it was in).
    pub fn status(&self, ws: &Workspace) -> StageKind {
        stage_kind(ws, self.pipeline_id, self.stage_id)
    }

    /// The forecast category that applied then: the override, else the stage's.
    pub fn forecast_category(&self, ws: &Workspace) -> Option<ForecastCategory> {
        self.forecast_category.or_else(|| {
            ws.pipelines
                .get(self.pipeline_id)?
                .stage(self.stage_id)
                .map(|s| s.forecast_category)
        })
    }
}

/// The deal as it was at the end of local day `day` (every change made that day or
/// before applied, none after), or `None` if it did not exist yet. Exact for every
/// field the log tracks: it starts from today's values and takes back, newest first,
/// each change made after `day`.
pub fn as_of(deal: &Deal, day: Date) -> Option<DealState<'_>> {
    if local_day(deal.created_at) > day {
        return None;
    }
    let mut s = DealState {
        pipeline_id: &deal.pipeline_id,
        stage_id: &deal.stage_id,
        amount: deal.amount,
        currency: &deal.currency,
        owner_id: deal.owner_id.as_ref(),
        expected_close: deal.expected_close,
        forecast_category: deal.forecast_category,
        closed_on: deal.closed_on,
    };
    for c in deal.change_log.iter().rev() {
        if local_day(c.at) <= day {
            // Entries are in time order, but a merged log may interleave: keep going.
            continue;
        }
        match &c.field {
            FieldChange::Amount(from, _) => s.amount = *from,
            FieldChange::Currency(from, _) => s.currency = from,
            FieldChange::ExpectedClose(from, _) => s.expected_close = *from,
            FieldChange::ForecastCategory(from, _) => s.forecast_category = *from,
            FieldChange::Owner(from, _) => s.owner_id = from.as_ref(),
            FieldChange::Pipeline(from, _) => s.pipeline_id = from,
            FieldChange::Status(..) => {}
            FieldChange::ClosedOn(from, _) => s.closed_on = *from,
        }
    }
    // The stage then: the last one entered by the end of the day (the first one if the
    // history starts later than the deal, as an imported history may).
    if let Some(h) = deal
        .stage_history
        .iter()
        .rev()
        .find(|h| local_day(h.at) <= day)
        .or(deal.stage_history.first())
    {
        s.stage_id = &h.stage_id;
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::deal_rules::change_stage;
    use crate::domain::time::{set_local_tz, LocalTz};
    use crate::domain::workspace::tests::{deal, now, seeded};
    use chrono::{Duration, NaiveDate, TimeZone};

    fn day(y: i32, m: u32, d: u32) -> Date {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn at(y: i32, m: u32, d: u32, h: u32) -> Timestamp {
        chrono::Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
    }

    /// Commits `new` over its stored version the way the app does: logged first.
    fn edit(ws: &mut Workspace, new: Deal) {
        let mut changes = vec![Change::Put(Record::Deal(new))];
        log_edits(ws, &mut changes);
        ws.apply(changes);
    }

    #[test]
    fn as_of_replays_a_deal_pushed_twice_whose_amount_changed() {
        let (mut ws, mut ids) = seeded();
        let p = ws.default_pipeline().unwrap().clone();
        let mut d = deal(&ws, ids.next_id(), None);
        d.created_at = at(2026, 1, 5, 9);
        d.updated_at = d.created_at;
        d.amount = Some(500_000);
        d.expected_close = Some(day(2026, 3, 31));
        d.stage_history = vec![StageChange {
            stage_id: p.stages[0].id.clone(),
            at: d.created_at,
        }];
        ws.put(d.clone().into());

        // Feb 10: pushed to April, amount up. Mar 20: moved to Proposal and pushed to
        // June. Apr 2: amount down. May 15: won.
        let mut e = ws.deals.get(&d.id).unwrap().clone();
        e.expected_close = Some(day(2026, 4, 30));
        e.amount = Some(650_000);
        e.updated_at = at(2026, 2, 10, 15);
        edit(&mut ws, e);
        let e = ws.deals.get(&d.id).unwrap().clone();
        let mut e = change_stage(
            &e,
            &p,
            &p.stages[3].id,
            None,
            None,
            at(2026, 3, 20, 11),
            day(2026, 3, 20),
        )
        .unwrap();
        e.expected_close = Some(day(2026, 6, 30));
        edit(&mut ws, e);
        let mut e = ws.deals.get(&d.id).unwrap().clone();
        e.amount = Some(600_000);
        e.updated_at = at(2026, 4, 2, 8);
        edit(&mut ws, e);
        let e = ws.deals.get(&d.id).unwrap().clone();
        let won_stage = p.stages.iter().find(|s| s.kind == StageKind::Won).unwrap();
        let e = change_stage(
            &e,
            &p,
            &won_stage.id,
            None,
            Some(day(2026, 5, 15)),
            at(2026, 5, 15, 16),
            day(2026, 5, 15),
        )
        .unwrap();
        edit(&mut ws, e);

        let d = ws.deals.get(&d.id).unwrap();
        let fields: Vec<&str> = d.change_log.iter().map(|c| c.field.name()).collect();
        assert_eq!(
            fields,
            [
                "amount",
                "expected_close",
                "expected_close",
                "amount",
                "status",
                "closed_on"
            ]
        );
        assert_eq!(as_of(d, day(2026, 1, 4)), None, "not created yet");
        let jan = as_of(d, day(2026, 1, 5)).unwrap();
        assert_eq!(
            (jan.amount, jan.expected_close),
            (Some(500_000), Some(day(2026, 3, 31)))
        );
        assert_eq!(jan.stage_id, &p.stages[0].id);
        assert_eq!(jan.status(&ws), StageKind::Open);
        let feb = as_of(d, day(2026, 2, 10)).unwrap();
        assert_eq!(
            (feb.amount, feb.expected_close),
            (Some(650_000), Some(day(2026, 4, 30)))
        );
        let feb9 = as_of(d, day(2026, 2, 9)).unwrap();
        assert_eq!(feb9.expected_close, Some(day(2026, 3, 31)));
        let mar = as_of(d, day(2026, 3, 25)).unwrap();
        assert_eq!(
            (mar.amount, mar.expected_close),
            (Some(650_000), Some(day(2026, 6, 30)))
        );
        assert_eq!(mar.stage_id, &p.stages[3].id);
        let apr = as_of(d, day(2026, 4, 2)).unwrap();
        assert_eq!(apr.amount, Some(600_000));
        assert_eq!((apr.closed_on, apr.status(&ws)), (None, StageKind::Open));
        let may = as_of(d, day(2026, 5, 15)).unwrap();
        assert_eq!(
            (may.closed_on, may.status(&ws)),
            (Some(day(2026, 5, 15)), StageKind::Won)
        );
        // Today's state is the deal itself.
        let today = as_of(d, day(2026, 12, 1)).unwrap();
        assert_eq!(today.amount, d.amount);
        assert_eq!(today.stage_id, &d.stage_id);
    }

    #[test]
    fn as_of_reads_days_in_the_users_zone() {
        let (mut ws, mut ids) = seeded();
        let mut d = deal(&ws, ids.next_id(), None);
        d.created_at = at(2026, 1, 5, 9);
        d.updated_at = d.created_at;
        d.amount = Some(100);
        ws.put(d.clone().into());
        let mut e = d.clone();
        e.amount = Some(200);
        // 07:30 UTC on Nov 1 is 23:30 on Oct 31 in Los Angeles.
        e.updated_at = at(2026, 11, 1, 7) + Duration::minutes(30);
        edit(&mut ws, e);
        let d = ws.deals.get(&d.id).unwrap();
        assert_eq!(as_of(d, day(2026, 10, 31)).unwrap().amount, Some(100));
        set_local_tz(LocalTz::fixed(-8 * 3600));
        assert_eq!(as_of(d, day(2026, 10, 31)).unwrap().amount, Some(200));
        set_local_tz(LocalTz::utc());
    }

    #[test]
    fn every_tracked_field_is_logged_and_callers_cannot_rewrite_the_log() {
        let (mut ws, mut ids) = seeded();
        let mut d = deal(&ws, ids.next_id(), None);
        d.stage_history = vec![StageChange {
            stage_id: d.stage_id.clone(),
            at: now(),
        }];
        ws.put(d.clone().into());
        let other = ws.pipelines_in_order()[0].clone();
        let rep = ids.next_id();
        let mut e = d.clone();
        e.amount = None;
        e.currency = Currency::new("EUR").unwrap();
        e.expected_close = Some(day(2027, 1, 31));
        e.forecast_category = Some(ForecastCategory::Commit);
        e.owner_id = Some(rep.clone());
        e.stage_id = other.stages[1].id.clone();
        e.name = "Renamed".into();
        e.updated_at = now() + Duration::hours(1);
        // A caller's stray log entries are not kept.
        e.change_log = vec![DealChange {
            at: now(),
            field: FieldChange::Amount(Some(1), Some(2)),
        }];
        edit(&mut ws, e);
        let d2 = ws.deals.get(&d.id).unwrap();
        let fields: Vec<&str> = d2.change_log.iter().map(|c| c.field.name()).collect();
        assert_eq!(
            fields,
            [
                "amount",
                "currency",
                "expected_close",
                "forecast_category",
                "owner"
            ]
        );
        assert_eq!(
            d2.change_log[0].field,
            FieldChange::Amount(Some(10_000), None)
        );
        assert_eq!(d2.change_log[4].field, FieldChange::Owner(None, Some(rep)));
        assert!(d2
            .change_log
            .iter()
            .all(|c| c.at == now() + Duration::hours(1)));
        // The stage change the caller left out of the history is added.
        assert_eq!(d2.stage_history.len(), 2);
        assert_eq!(d2.stage_history[1].stage_id, other.stages[1].id);
        // A new deal has nothing to log; an edit that changes nothing tracked, nothing.
        let mut e = d2.clone();
        e.name = "Again".into();
        e.updated_at = now() + Duration::hours(2);
        edit(&mut ws, e);
        assert_eq!(ws.deals.get(&d.id).unwrap().change_log.len(), 5);
    }

    #[test]
    fn the_log_round_trips_through_json_and_bad_entries_are_named() {
        let entries = vec![
            DealChange {
                at: at(2026, 2, 1, 10),
                field: FieldChange::Amount(None, Some(5)),
            },
            DealChange {
                at: at(2026, 2, 1, 10),
                field: FieldChange::Currency(Currency::usd(), Currency::new("JPY").unwrap()),
            },
            DealChange {
                at: at(2026, 2, 1, 10),
                field: FieldChange::ExpectedClose(Some(day(2026, 3, 1)), None),
            },
            DealChange {
                at: at(2026, 2, 1, 10),
                field: FieldChange::ForecastCategory(None, Some(ForecastCategory::BestCase)),
            },
            DealChange {
                at: at(2026, 2, 1, 10),
                field: FieldChange::Owner(Some(Id::from_string("r1")), None),
            },
            DealChange {
                at: at(2026, 2, 1, 10),
                field: FieldChange::Pipeline(Id::from_string("p1"), Id::from_string("p2")),
            },
            DealChange {
                at: at(2026, 2, 1, 10),
                field: FieldChange::Status(StageKind::Open, StageKind::Won),
            },
            DealChange {
                at: at(2026, 2, 1, 10),
                field: FieldChange::ClosedOn(None, Some(day(2026, 2, 1))),
            },
        ];
        let json = serde_json::to_string(&entries).unwrap();
        assert!(
            json.starts_with(
                r#"[{"at":"2026-02-01T10:00:00Z","field":"amount","from":null,"to":5}"#
            ),
            "{json}"
        );
        let back: Vec<DealChange> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, entries);
        let bad = r#"{"at":"2026-02-01T10:00:00Z","field":"amount","from":"x","to":5}"#;
        let e = serde_json::from_str::<DealChange>(bad)
            .unwrap_err()
            .to_string();
        assert!(e.contains("amount from"), "{e}");
        let bad = r#"{"at":"2026-02-01T10:00:00Z","field":"colour","from":1,"to":2}"#;
        let e = serde_json::from_str::<DealChange>(bad)
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown field “colour”"), "{e}");
    }

    #[test]
    fn merged_logs_keep_both_sides_once() {
        let a = DealChange {
            at: at(2026, 1, 1, 0),
            field: FieldChange::Amount(Some(1), Some(2)),
        };
        let b = DealChange {
            at: at(2026, 1, 2, 0),
            field: FieldChange::Amount(Some(2), Some(3)),
        };
        let c = DealChange {
            at: at(2026, 1, 3, 0),
            field: FieldChange::ExpectedClose(None, Some(day(2026, 2, 1))),
        };
        let merged = merge_logs(&[a.clone(), c.clone()], &[a.clone(), b.clone()]);
        assert_eq!(merged, [a.clone(), b.clone(), c.clone()]);
        assert_eq!(
            merge_logs(&merged, &merged),
            merged,
            "merging again changes nothing"
        );
    }

    #[test]
    fn backfill_reads_status_and_close_dates_from_the_stage_history() {
        let (ws, mut ids) = seeded();
        let p = ws.default_pipeline().unwrap().clone();
        let won = p.stages.iter().find(|s| s.kind == StageKind::Won).unwrap();
        let mut d = deal(&ws, ids.next_id(), None);
        d.stage_history = vec![
            StageChange {
                stage_id: p.stages[0].id.clone(),
                at: at(2026, 1, 1, 9),
            },
            StageChange {
                stage_id: won.id.clone(),
                at: at(2026, 2, 1, 9),
            },
            StageChange {
                stage_id: p.stages[2].id.clone(),
                at: at(2026, 2, 3, 9),
            },
            StageChange {
                stage_id: won.id.clone(),
                at: at(2026, 3, 1, 9),
            },
        ];
        d.stage_id = won.id.clone();
        d.closed_on = Some(day(2026, 3, 2));
        d.created_at = at(2026, 1, 1, 9);
        let log = backfill(&d, &stage_map(&ws));
        let got: Vec<FieldChange> = log.iter().map(|c| c.field.clone()).collect();
        assert_eq!(
            got,
            [
                FieldChange::Status(StageKind::Open, StageKind::Won),
                FieldChange::ClosedOn(None, Some(day(2026, 2, 1))),
                FieldChange::Status(StageKind::Won, StageKind::Open),
                FieldChange::ClosedOn(Some(day(2026, 2, 1)), None),
                FieldChange::Status(StageKind::Open, StageKind::Won),
                FieldChange::ClosedOn(None, Some(day(2026, 3, 2))),
            ]
        );
        d.change_log = log;
        let mid = as_of(&d, day(2026, 2, 2)).unwrap();
        assert_eq!(
            (mid.closed_on, mid.status(&ws)),
            (Some(day(2026, 2, 1)), StageKind::Won)
        );
        let reopened = as_of(&d, day(2026, 2, 10)).unwrap();
        assert_eq!(
            (reopened.closed_on, reopened.status(&ws)),
            (None, StageKind::Open)
        );
    }
}
