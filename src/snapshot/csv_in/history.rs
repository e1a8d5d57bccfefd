//! A deal change history from another CRM: one row per change of a deal, each row the
//! deal's values just after it (the shape of Salesforce's Opportunity History: deal id
//! or name, date, stage, amount, currency, close date, probability, forecast category,
//! and the amount and close date before the change). It fills the stage history and
//! change log of the deals it names, so `deal_log::as_of` answers for every day the
//! file covers; the deals' current values, which come from the deals file, stay.
//!
//! Rows find their deal by the id the deals file brought (`Deal::external_id`; a
//! Salesforce id matches in its 15- or 18-character form), else by name (any case):
//! a name that several deals have is refused, as are rows naming no deal. A deal's rows
//! are sorted by date; consecutive rows become entries:
//!
//! - a stage change enters the stage history, with the status and close-date changes it
//!   implies (as `deal_log::backfill` makes them);
//! - an amount, currency, close date or forecast category change becomes a
//!   `FieldChange` from the previous row's value (`PrevAmount` and `PrevCloseDate` give
//!   the value before the first row). Cells mean the value then: an empty amount or
//!   close date is none, an empty currency the deal's, an empty forecast category (or
//!   Salesforce's "Closed") the stage's own.
//!
//! For each field the file has a column for, its entries replace what the deal's log
//! said up to the file's last row (the guesses the deals import made); entries after
//! it (edits made in Salesdeck since) are kept. When the file's last value of a field
//! is not the deal's value after that (its current value, or the "from" of the first
//! kept entry), the deal keeps its value and one entry bridges the two: at the deal's
//! `updated_at` (its import, usually), or a second after the last row when that is
//! later. Fields without a column keep their entries. Importing the same file again
//! changes nothing.

use super::cells;
use super::convert::{key, money, Errors, ImportOptions, ImportPlan, Row, RowError};
use super::dates::{parse_date, parse_date_time};
use super::fields::Field;
use super::read::CsvTable;
use super::stages::{self, Unknown};
use crate::domain::deal_log::{backfill, stage_map_of, DealChange, FieldChange};
use crate::domain::time::local_tz;
use crate::domain::{
    Change, Currency, Date, Deal, ForecastCategory, Id, Pipeline, Record, StageChange, Timestamp,
    Workspace,
};
use chrono::Duration;
use std::collections::HashMap;

/// What a history file does, for the review.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HistorySummary {
    /// Deals whose stage history and change log the import rewrites (one `Put` each).
    pub deals_updated: usize,
    /// Deals the file names whose history already is what it says (a re-import).
    pub deals_unchanged: usize,
    /// Stage-history entries the updated deals have after the import.
    pub stage_entries: usize,
    /// Change-log entries the updated deals have after the import.
    pub log_entries: usize,
    /// Updated deals whose last row disagrees with a current value, which is kept (an
    /// entry takes the field from the file's last value to it).
    pub reconciled: usize,
}

/// One good row of the file, read.
struct HistRow {
    index: usize,
    at: Timestamp,
    stage_raw: Option<String>,
    stage: Option<Id>,
    amount: Option<i64>,
    prev_amount: Option<i64>,
    currency: Currency,
    close: Option<Date>,
    prev_close: Option<Date>,
    category: Option<ForecastCategory>,
}

/// The columns the file has, so fields it says nothing about keep their log.
struct Tracked {
    amount: bool,
    currency: bool,
    close: bool,
    category: bool,
}

/// Deals by external id and by name.
struct DealIndex<'a> {
    by_id: HashMap<&'a str, Vec<&'a Deal>>,
    /// Salesforce ids by their first 15 characters (its 15-character form; the 18-character
    /// form adds a checksum), so either form finds the deal.
    by_sf15: HashMap<&'a str, Vec<&'a Deal>>,
    by_name: HashMap<String, Vec<&'a Deal>>,
}

/// The 15-character form of what may be a Salesforce id.
fn sf15(id: &str) -> Option<&str> {
    let sf = matches!(id.len(), 15 | 18) && id.bytes().all(|b| b.is_ascii_alphanumeric());
    sf.then(|| &id[..15])
}

impl<'a> DealIndex<'a> {
    fn new(ws: &'a Workspace) -> DealIndex<'a> {
        let mut deals: Vec<&Deal> = ws.deals.values().collect();
        deals.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
        let mut index = DealIndex {
            by_id: HashMap::new(),
            by_sf15: HashMap::new(),
            by_name: HashMap::new(),
        };
        for d in deals {
            if let Some(x) = d.external_id.as_deref() {
                index.by_id.entry(x).or_default().push(d);
                if let Some(k) = sf15(x) {
                    index.by_sf15.entry(k).or_default().push(d);
                }
            }
            index.by_name.entry(key(&d.name)).or_default().push(d);
        }
        index
    }

    /// The deal a row names, or why there is none (in `e`).
    fn find(&self, row: &Row, e: &mut Errors) -> Option<&'a Deal> {
        let id = row.get(Field::ExternalId);
        let name = row.get(Field::DealName);
        if !id.is_empty() {
            let found = self
                .by_id
                .get(id)
                .or_else(|| sf15(id).and_then(|k| self.by_sf15.get(k)));
            match found.map(Vec::as_slice) {
                Some([d]) => return Some(d),
                Some(many) if many.len() > 1 => {
                    e.add(
                        Field::ExternalId,
                        format!("{} deals have the id “{id}”", many.len()),
                    );
                    return None;
                }
                _ => {}
            }
            if name.is_empty() {
                e.add(
                    Field::ExternalId,
                    format!(
                        "no deal has the id “{id}” (import the deals file first, \
                         with its id column mapped to External id)"
                    ),
                );
                return None;
            }
            // A deal imported without its id may still be found by name (not one that
            // has another id: that is another deal).
            return self.named(name, Some(id), e);
        }
        if name.is_empty() {
            e.add(Field::DealName, "required (a deal id or name)");
            return None;
        }
        self.named(name, None, e)
    }

    fn named(&self, name: &str, id: Option<&str>, e: &mut Errors) -> Option<&'a Deal> {
        let all = self.by_name.get(&key(name)).map_or(&[][..], Vec::as_slice);
        let found: Vec<&Deal> = all
            .iter()
            .filter(|d| id.is_none() || d.external_id.is_none())
            .copied()
            .collect();
        match (found.as_slice(), id) {
            ([d], _) => Some(d),
            ([], Some(id)) => {
                e.add(
                    Field::DealName,
                    format!("no deal has the id “{id}” or is named “{name}”"),
                );
                None
            }
            ([], None) => {
                e.add(Field::DealName, format!("no deal is named “{name}”"));
                None
            }
            (many, _) => {
                e.add(
                    Field::DealName,
                    format!(
                        "{} deals are named “{name}”: map a column with their ids to \
                         External id to tell them apart",
                        many.len()
                    ),
                );
                None
            }
        }
    }
}

/// Plans a history file: every row checked, then one `Put` per deal whose history
/// changes (after the pipelines that get new stages, when the options allow them).
pub(super) fn plan(
    table: &CsvTable,
    options: &ImportOptions,
    columns: &HashMap<Field, usize>,
    ws: &Workspace,
    now: Timestamp,
    new_id: &mut dyn FnMut() -> Id,
) -> ImportPlan {
    let tracked = Tracked {
        amount: columns.contains_key(&Field::Amount),
        currency: columns.contains_key(&Field::Currency),
        close: columns.contains_key(&Field::ExpectedClose),
        category: columns.contains_key(&Field::ForecastCategory),
    };
    let index = DealIndex::new(ws);
    let default_id = ws.default_pipeline().map(|p| p.id.clone());
    let creates = options.new_stages.creates();
    let prob_col = columns.get(&Field::Probability).copied();
    let fmt = options.date_format;
    // Dates are the user's wall-clock times, like every date they type.
    let tz = local_tz();
    let mut resolved: HashMap<(Id, String), Option<Id>> = HashMap::new();
    let mut unknown: HashMap<Id, Unknown> = HashMap::new();
    let mut good: Vec<(&Deal, HistRow)> = Vec::new();
    let mut errors = Vec::new();

    for (i, cells) in table.rows.iter().enumerate() {
        let row = Row { cells, columns };
        let mut e = Errors::default();
        let deal = index.find(&row, &mut e);
        let at = match row.get(Field::ChangedAt) {
            "" => {
                e.required(Field::ChangedAt);
                None
            }
            raw => parse_date_time(raw, fmt)
                .map(|t| tz.to_utc(t))
                .map_err(|m| e.add(Field::ChangedAt, m))
                .ok(),
        };

        let stage_raw = row.opt(Field::Stage);
        let mut stage = None;
        if let (Some(raw), Some(deal)) = (&stage_raw, deal) {
            match ws.pipelines.get(&deal.pipeline_id) {
                None => e.add(Field::Stage, "the deal's pipeline no longer exists"),
                Some(p) => {
                    let by_name = creates || Some(&p.id) != default_id.as_ref();
                    stage = resolved
                        .entry((p.id.clone(), raw.clone()))
                        .or_insert_with(|| stages::resolve(raw, p, &options.values, ws, by_name))
                        .clone();
                    if stage.is_none() && creates {
                        unknown
                            .entry(p.id.clone())
                            .or_default()
                            .add(raw, stages::probability_of(cells, prob_col));
                    } else if stage.is_none() {
                        e.add(Field::Stage, format!("“{raw}” is not mapped to a stage"));
                    }
                }
            }
        }

        let deal_currency = deal.map_or(&options.default_currency, |d| &d.currency);
        let cell_currency = match row.get(Field::Currency) {
            "" => None,
            raw => Currency::new(raw)
                .map_err(|err| e.add(Field::Currency, err))
                .ok(),
        };
        let currency = cell_currency
            .clone()
            .unwrap_or_else(|| deal_currency.clone());
        let amount_of = |field: Field, e: &mut Errors| {
            let m = money(&row, field, &currency, cell_currency.as_ref(), e)?;
            if m.currency != currency {
                e.add(
                    field,
                    format!(
                        "“{}” is in {} but the deal is in {currency}",
                        row.get(field),
                        m.currency
                    ),
                );
                return None;
            }
            Some(m.minor)
        };
        let amount = amount_of(Field::Amount, &mut e);
        let prev_amount = amount_of(Field::PrevAmount, &mut e);
        let date_of = |field: Field, e: &mut Errors| match row.get(field) {
            "" => None,
            raw => parse_date(raw, fmt).map_err(|m| e.add(field, m)).ok(),
        };
        let close = date_of(Field::ExpectedClose, &mut e);
        let prev_close = date_of(Field::PrevCloseDate, &mut e);
        let probability = row.get(Field::Probability);
        if !probability.is_empty() {
            if let Err(m) = cells::score(probability) {
                e.add(Field::Probability, m);
            }
        }
        let category = cells::forecast_category(row.get(Field::ForecastCategory))
            .map_err(|m| e.add(Field::ForecastCategory, m))
            .unwrap_or(None);

        match (e.check(), deal, at) {
            (Ok(()), Some(deal), Some(at)) => good.push((
                deal,
                HistRow {
                    index: i,
                    at,
                    stage_raw,
                    stage,
                    amount,
                    prev_amount,
                    currency,
                    close,
                    prev_close,
                    category,
                },
            )),
            (result, _, _) => errors.push(RowError {
                row: table.row_number(i),
                messages: result.err().unwrap_or_default(),
            }),
        }
    }

    // Pipelines that get the file's new stages, in the pipelines' order.
    let mut changes = Vec::new();
    let mut pipelines = Vec::new();
    let mut extended: HashMap<Id, Pipeline> = HashMap::new();
    for p in ws.pipelines_in_order() {
        let Some(u) = unknown.get(&p.id) else {
            continue;
        };
        let (p2, update) = stages::extend(p.clone(), u, false, new_id, now);
        changes.push(Change::Put(Record::Pipeline(p2.clone())));
        pipelines.push(update);
        extended.insert(p2.id.clone(), p2);
    }
    if !extended.is_empty() {
        for (deal, r) in &mut good {
            if let (None, Some(raw), Some(p)) =
                (&r.stage, &r.stage_raw, extended.get(&deal.pipeline_id))
            {
                r.stage = stages::resolve(raw, p, &options.values, ws, true);
            }
        }
    }
    let all: Vec<&Pipeline> = ws
        .pipelines
        .values()
        .map(|p| extended.get(&p.id).unwrap_or(p))
        .collect();
    let stage_map = stage_map_of(all.iter().copied());
    let categories: HashMap<Id, ForecastCategory> = all
        .iter()
        .flat_map(|p| p.stages.iter().map(|s| (s.id.clone(), s.forecast_category)))
        .collect();

    // Each deal's rows, oldest first (file order on a tie), deals in file order.
    let imported = good.len();
    let mut order: Vec<&Deal> = Vec::new();
    let mut groups: HashMap<&Id, Vec<HistRow>> = HashMap::new();
    for (deal, r) in good {
        let group = groups.entry(&deal.id).or_default();
        if group.is_empty() {
            order.push(deal);
        }
        group.push(r);
    }
    let mut summary = HistorySummary::default();
    for deal in order {
        let Some(mut rows) = groups.remove(&deal.id) else {
            continue;
        };
        rows.sort_by_key(|r| (r.at, r.index));
        let (mut new, reconciled) = rebuild(deal, &rows, &tracked, &stage_map, &categories);
        if new == *deal {
            summary.deals_unchanged += 1;
            continue;
        }
        new.updated_at = now.max(deal.updated_at);
        summary.deals_updated += 1;
        summary.stage_entries += new.stage_history.len();
        summary.log_entries += new.change_log.len();
        summary.reconciled += usize::from(reconciled);
        changes.push(Change::Put(Record::Deal(new)));
    }
    ImportPlan {
        changes,
        imported,
        new_reps: Vec::new(),
        new_accounts: Vec::new(),
        errors,
        pipelines,
        history: Some(summary),
    }
}

/// One field's entries: the file's chain (from `first_from`, when the file gives the
/// value before its first row), then a bridge to the value the deal has after the
/// file (the first kept entry's "from", else `current`), then the entries after the
/// file's last row, kept. Also says whether a bridge was needed.
#[allow(clippy::too_many_arguments)]
fn chain<T: Clone + PartialEq>(
    existing: &[DealChange],
    pick: impl Fn(&FieldChange) -> Option<(T, T)>,
    make: impl Fn(T, T) -> FieldChange,
    values: impl IntoIterator<Item = (Timestamp, T)>,
    first_from: Option<T>,
    current: T,
    last_row: Timestamp,
    bridge_at: Timestamp,
) -> (Vec<DealChange>, bool) {
    let mut out = Vec::new();
    let mut prev = first_from;
    for (at, v) in values {
        if let Some(p) = prev.filter(|p| *p != v) {
            out.push(DealChange {
                at,
                field: make(p, v.clone()),
            });
        }
        prev = Some(v);
    }
    let kept: Vec<(&DealChange, T)> = existing
        .iter()
        .filter(|c| c.at > last_row)
        .filter_map(|c| pick(&c.field).map(|(from, _)| (c, from)))
        .collect();
    let (target, at) = match kept.first() {
        Some((c, from)) => (from.clone(), c.at),
        None => (current, bridge_at),
    };
    let mut bridged = false;
    if let Some(last) = prev.filter(|l| *l != target) {
        out.push(DealChange {
            at,
            field: make(last, target),
        });
        bridged = true;
    }
    out.extend(kept.into_iter().map(|(c, _)| c.clone()));
    (out, bridged)
}

/// The deal with the history of `rows` (sorted, at least one) in its stage history
/// and change log, its current values untouched; and whether a bridge entry was needed.
fn rebuild(
    deal: &Deal,
    rows: &[HistRow],
    tracked: &Tracked,
    stage_map: &HashMap<Id, (Id, crate::domain::StageKind)>,
    categories: &HashMap<Id, ForecastCategory>,
) -> (Deal, bool) {
    let last_row = rows[rows.len() - 1].at;
    let bridge_at = deal.updated_at.max(last_row + Duration::seconds(1));
    let mut new = deal.clone();
    let mut bridged = false;

    let mut history: Vec<StageChange> = Vec::new();
    let push = |history: &mut Vec<StageChange>, h: StageChange| {
        if history.last().map(|x| &x.stage_id) != Some(&h.stage_id) {
            history.push(h);
        }
    };
    for r in rows {
        if let Some(id) = &r.stage {
            push(
                &mut history,
                StageChange {
                    stage_id: id.clone(),
                    at: r.at,
                },
            );
        }
    }
    let stages_tracked = !history.is_empty();
    if stages_tracked {
        for h in deal.stage_history.iter().filter(|h| h.at > last_row) {
            push(&mut history, h.clone());
        }
        let last = &history[history.len() - 1];
        if last.stage_id != deal.stage_id {
            let at = bridge_at.max(last.at);
            history.push(StageChange {
                stage_id: deal.stage_id.clone(),
                at,
            });
            bridged = true;
        }
        new.stage_history = history;
    }

    let mut replaced: Vec<&str> = Vec::new();
    if stages_tracked {
        replaced.extend(["status", "closed_on", "pipeline"]);
    }
    for (on, name) in [
        (tracked.amount, "amount"),
        (tracked.currency, "currency"),
        (tracked.close, "expected_close"),
        (tracked.category, "forecast_category"),
    ] {
        if on {
            replaced.push(name);
        }
    }
    let mut log: Vec<DealChange> = deal
        .change_log
        .iter()
        .filter(|c| !replaced.contains(&c.field.name()))
        .cloned()
        .collect();
    if stages_tracked {
        log.extend(backfill(&new, stage_map));
    }
    let first = &rows[0];
    let existing = &deal.change_log;
    let mut add = |(entries, b): (Vec<DealChange>, bool)| {
        log.extend(entries);
        bridged |= b;
    };
    if tracked.amount {
        add(chain(
            existing,
            |f| match f {
                FieldChange::Amount(a, b) => Some((*a, *b)),
                _ => None,
            },
            FieldChange::Amount,
            rows.iter().map(|r| (r.at, r.amount)),
            first.prev_amount.map(Some),
            deal.amount,
            last_row,
            bridge_at,
        ));
    }
    if tracked.currency {
        add(chain(
            existing,
            |f| match f {
                FieldChange::Currency(a, b) => Some((a.clone(), b.clone())),
                _ => None,
            },
            FieldChange::Currency,
            rows.iter().map(|r| (r.at, r.currency.clone())),
            None,
            deal.currency.clone(),
            last_row,
            bridge_at,
        ));
    }
    if tracked.close {
        add(chain(
            existing,
            |f| match f {
                FieldChange::ExpectedClose(a, b) => Some((*a, *b)),
                _ => None,
            },
            FieldChange::ExpectedClose,
            rows.iter().map(|r| (r.at, r.close)),
            first.prev_close.map(Some),
            deal.expected_close,
            last_row,
            bridge_at,
        ));
    }
    if tracked.category {
        // A row's category is the deal's own (the override) only where it is not the
        // category of the stage the deal was in then.
        let mut stage: Option<&Id> = None;
        let overrides: Vec<(Timestamp, Option<ForecastCategory>)> = rows
            .iter()
            .map(|r| {
                stage = r.stage.as_ref().or(stage);
                let then = stage.unwrap_or_else(|| {
                    new.stage_history
                        .iter()
                        .rev()
                        .find(|h| h.at <= r.at)
                        .or(new.stage_history.first())
                        .map_or(&deal.stage_id, |h| &h.stage_id)
                });
                let own = categories.get(then).copied();
                (r.at, r.category.filter(|c| Some(*c) != own))
            })
            .collect();
        add(chain(
            existing,
            |f| match f {
                FieldChange::ForecastCategory(a, b) => Some((*a, *b)),
                _ => None,
            },
            FieldChange::ForecastCategory,
            overrides,
            None,
            deal.forecast_category,
            last_row,
            bridge_at,
        ));
    }
    log.sort_by_key(|c| c.at);
    new.change_log = log;
    (new, bridged)
}
