//! One record per row, per target: what each kind needs, checked field by field so
//! a row reports all its problems at once.

use super::cells;
use super::convert::{key, midnight, Ctx, Errors, Pending, Row};
use super::dates::parse_date_time;
use super::fields::Field;
use crate::domain::deal_log::{backfill, stage_map_of};
use crate::domain::{
    Account, Activity, Contact, Currency, Date, Deal, Lead, Pipeline, Record, Segment, Stage,
    StageChange, StageKind, Timestamp,
};
use chrono::Duration;

impl Ctx<'_> {
    pub(super) fn lead(&mut self, row: &Row) -> Result<Record, Vec<String>> {
        let mut e = Errors::default();
        let name = row.person_name();
        if name.is_empty() {
            e.required(Field::Name);
        }
        let email = self.email(row, &mut e);
        let score = match row.get(Field::Score) {
            "" => None,
            raw => cells::score(raw).map_err(|m| e.add(Field::Score, m)).ok(),
        };
        let company_size = match row.get(Field::CompanySize) {
            "" => None,
            raw => cells::employees(raw)
                .map_err(|m| e.add(Field::CompanySize, m))
                .ok(),
        };
        let created_at = self.created_at(row, &mut e);
        let owner = self.owner(row, &mut e);
        e.check()?;
        let owner_id = self.resolve_owner(owner);
        Ok(Record::Lead(Lead {
            id: (self.new_id)(),
            name,
            company: row.opt(Field::Company),
            email,
            phone: row.opt(Field::Phone),
            title: row.opt(Field::Title),
            company_size,
            source: row.opt(Field::Source),
            status: cells::lead_status(row.get(Field::Status)),
            disqualified_reason: None,
            score,
            owner_id,
            conversion: None,
            created_at,
            updated_at: self.now,
        }))
    }

    pub(super) fn account(&mut self, row: &Row) -> Result<Record, Vec<String>> {
        let mut e = Errors::default();
        let name = row.get(Field::Name);
        if name.is_empty() {
            e.required(Field::Name);
        } else if self.accounts.contains_key(&key(name)) {
            e.add(
                Field::Name,
                format!("an account named “{name}” already exists"),
            );
        }
        let segment = match row.get(Field::Segment) {
            "" => None,
            raw => {
                let s = Segment::from_label(raw);
                if s.is_none() {
                    e.add(
                        Field::Segment,
                        format!("“{raw}” is not B2C, B2B, Enterprise or SaaS"),
                    );
                }
                s
            }
        };
        let territory_id = match row.get(Field::Territory) {
            "" => None,
            raw => {
                let t = self.territories.get(&key(raw)).cloned();
                if t.is_none() {
                    e.add(Field::Territory, format!("no territory is named “{raw}”"));
                }
                t
            }
        };
        let created_at = self.created_at(row, &mut e);
        let owner = self.owner(row, &mut e);
        e.check()?;
        let owner_id = self.resolve_owner(owner);
        let id = (self.new_id)();
        self.accounts.insert(key(name), id.clone());
        Ok(Record::Account(Account {
            id,
            name: name.to_string(),
            domain: cells::domain(row.get(Field::Domain)),
            industry: row.opt(Field::Industry),
            segment,
            territory_id,
            owner_id,
            status: cells::customer_status(row.get(Field::Status)),
            customer_since: None,
            churned_on: None,
            created_at,
            updated_at: self.now,
        }))
    }

    pub(super) fn contact(&mut self, row: &Row) -> Result<Record, Vec<String>> {
        let mut e = Errors::default();
        let name = row.person_name();
        if name.is_empty() {
            e.required(Field::Name);
        }
        let raw_account = row.get(Field::Account);
        let account = match self.account_ref(raw_account) {
            Some(Pending::None) => {
                e.required(Field::Account);
                Pending::None
            }
            Some(found) => found,
            None => {
                e.add(
                    Field::Account,
                    format!("no account is named “{raw_account}” (allow creating missing accounts, or import accounts first)"),
                );
                Pending::None
            }
        };
        let email = self.email(row, &mut e);
        let created_at = self.created_at(row, &mut e);
        e.check()?;
        let Some(account_id) = self.resolve_account(account, None) else {
            return Err(vec!["Account: required".into()]);
        };
        Ok(Record::Contact(Contact {
            id: (self.new_id)(),
            account_id,
            name,
            title: row.opt(Field::Title),
            email,
            phone: row.opt(Field::Phone),
            created_at,
            updated_at: self.now,
        }))
    }

    pub(super) fn deal(&mut self, row: &Row) -> Result<Record, Vec<String>> {
        let mut e = Errors::default();
        let Some(pipeline) = self.pipeline else {
            return Err(vec![
                "Stage: the workspace has no pipeline to import deals into".into(),
            ]);
        };
        let external_id = row.opt(Field::ExternalId);
        let name = deal_name(row);
        if name.is_empty() {
            e.required(Field::Name);
        }
        if let Some(x) = &external_id {
            if self.external_ids.contains(x) {
                e.add(
                    Field::ExternalId,
                    format!("a deal with the id “{x}” is already imported"),
                );
            }
        }

        let forced = match row.get(Field::Currency) {
            "" => None,
            raw => Currency::new(raw)
                .map_err(|err| e.add(Field::Currency, err))
                .ok(),
        };
        let default = forced
            .clone()
            .unwrap_or_else(|| self.options.default_currency.clone());
        // An open deal may have no amount yet; a won one needs it (checked below).
        let amount = self.money(row, Field::Amount, &default, forced.as_ref(), &mut e);
        let currency = amount.as_ref().map_or(default, |m| m.currency.clone());
        let mrr = self.money(row, Field::Mrr, &currency, Some(&currency), &mut e);

        let status = cells::deal_status(row.get(Field::DealStatus))
            .map_err(|m| e.add(Field::DealStatus, m))
            .unwrap_or(None);
        let mapped: Option<&Stage> = match row.get(Field::Stage) {
            "" => None,
            raw => {
                let s = self.stages.get(raw).and_then(|id| pipeline.stage(id));
                if s.is_none() {
                    e.add(Field::Stage, format!("“{raw}” is not mapped to a stage"));
                }
                s
            }
        };
        let stage: Option<&Stage> = match status {
            Some(kind) => {
                let s = pipeline.stages.iter().find(|s| s.kind == kind);
                if s.is_none() {
                    e.add(Field::DealStatus, "the pipeline has no stage for it");
                }
                s
            }
            None => mapped.or_else(|| pipeline.first_open_stage()),
        };
        // With an open/won/lost column, the Stage column says how far a closed deal got.
        let reached = mapped.filter(|s| status.is_some() && s.kind == StageKind::Open);
        if stage.is_some_and(|s| s.kind == StageKind::Won) && row.get(Field::Amount).is_empty() {
            e.add(Field::Amount, "required for a won deal");
        }
        // Read only to be checked: new stages take their probability from the column.
        let probability = row.get(Field::Probability);
        if !probability.is_empty() {
            if let Err(m) = cells::score(probability) {
                e.add(Field::Probability, m);
            }
        }
        // The deal's own category only when it is not its stage's.
        let forecast_category = cells::forecast_category(row.get(Field::ForecastCategory))
            .map_err(|m| e.add(Field::ForecastCategory, m))
            .unwrap_or(None)
            .filter(|c| stage.is_some_and(|s| s.forecast_category != *c));

        let before_dates = e.0.len();
        let expected_close = self.date(row, Field::ExpectedClose, &mut e);
        let closed = self.date(row, Field::ClosedDate, &mut e);
        let won = self.date(row, Field::WonDate, &mut e);
        let lost = self.date(row, Field::LostDate, &mut e);
        let created = self.date(row, Field::CreatedDate, &mut e);
        let next_step_due = self.date(row, Field::NextStepDue, &mut e);
        let dates_ok = e.0.len() == before_dates;

        let mut timeline: Option<(Timestamp, Option<Date>, Vec<StageChange>)> = None;
        if let Some(stage) = stage {
            if stage.kind == StageKind::Open {
                let created_at = created.map_or(self.now, midnight);
                let history = vec![StageChange {
                    stage_id: stage.id.clone(),
                    at: created_at,
                }];
                timeline = Some((created_at, None, history));
            } else {
                let own = if stage.kind == StageKind::Won {
                    won
                } else {
                    lost
                };
                match closed.or(own).or(expected_close) {
                    None if dates_ok => e.add(
                        Field::ClosedDate,
                        "required for a won or lost deal (map a closed or close date column)",
                    ),
                    None => {}
                    Some(closed_on) => {
                        // Without a created date the cycle is unknown: count it as zero
                        // rather than from today, which would make it negative.
                        let created_on = created.unwrap_or(closed_on);
                        if closed_on < created_on {
                            e.add(
                                Field::ClosedDate,
                                format!("{closed_on} is before the created date {created_on}"),
                            );
                        } else {
                            let (from, to) = (midnight(created_on), midnight(closed_on));
                            let history = closed_history(pipeline, stage, reached, from, to);
                            timeline = Some((from, Some(closed_on), history));
                        }
                    }
                }
            }
        }
        if stage.is_none() && e.0.is_empty() {
            e.add(Field::Stage, "the pipeline has no open stage to start in");
        }
        let owner = self.owner(row, &mut e);
        let account = self
            .account_ref(row.get(Field::Account))
            .unwrap_or(Pending::None);
        e.check()?;
        // Always there once a row has no errors; the fallback only avoids a panic.
        let (Some(stage), Some((created_at, closed_on, stage_history))) = (stage, timeline) else {
            return Err(vec![
                "Stage: the deal could not be placed in the pipeline".into()
            ]);
        };
        let owner_id = self.resolve_owner(owner);
        let account_id = self.resolve_account(account, owner_id.as_ref());
        let contact_ids = self
            .contact_id(row, account_id.as_ref())
            .into_iter()
            .collect();
        let mut deal = Deal {
            id: (self.new_id)(),
            name,
            account_id,
            contact_ids,
            pipeline_id: pipeline.id.clone(),
            stage_id: stage.id.clone(),
            amount: amount.as_ref().map(|m| m.minor),
            currency,
            owner_id,
            expected_close,
            closed_on,
            forecast_category,
            lost_reason: (stage.kind == StageKind::Lost)
                .then(|| row.opt(Field::LostReason))
                .flatten(),
            won_reason: (stage.kind == StageKind::Won)
                .then(|| row.opt(Field::WonReason))
                .flatten(),
            next_step: row.opt(Field::NextStep),
            next_step_due,
            source_lead_id: None,
            mrr: mrr.map(|m| m.minor),
            external_id,
            stage_history,
            change_log: Vec::new(),
            created_at,
            updated_at: self.now,
        };
        // The status and close-date changes its stage history implies.
        deal.change_log = backfill(&deal, &stage_map_of([pipeline]));
        if let Some(x) = &deal.external_id {
            self.external_ids.insert(x.clone());
        }
        Ok(Record::Deal(deal))
    }

    pub(super) fn activity(&mut self, row: &Row) -> Result<Record, Vec<String>> {
        let mut e = Errors::default();
        let subject = row.get(Field::Subject);
        if subject.is_empty() {
            e.required(Field::Subject);
        }
        let due = match row.get(Field::Due) {
            "" => None,
            raw => parse_date_time(raw, self.options.date_format)
                .map_err(|m| e.add(Field::Due, m))
                .ok(),
        };
        let done = cells::done(row.get(Field::Done))
            .map_err(|m| e.add(Field::Done, m))
            .unwrap_or(false);
        let created_at = self.created_at(row, &mut e);
        let owner = self.owner(row, &mut e);
        e.check()?;
        let owner_id = self.resolve_owner(owner);
        // Links are best effort: an unknown deal or account leaves the activity unlinked.
        let account_id = self.accounts.get(&key(row.get(Field::Account))).cloned();
        let deal_id = self.deals.get(&key(row.get(Field::DealName))).cloned();
        let contact_id = self.contact_id(row, account_id.as_ref());
        Ok(Record::Activity(Activity {
            id: (self.new_id)(),
            kind: cells::activity_kind(row.get(Field::ActivityType)),
            subject: subject.to_string(),
            notes: row.opt(Field::Notes),
            due,
            done,
            // History has no completion time: the due time is the best guess.
            done_at: done.then(|| due.map_or(created_at, |d| d.and_utc())),
            outcome: None,
            owner_id,
            deal_id,
            account_id,
            contact_id,
            lead_id: None,
            created_at,
            updated_at: self.now,
        }))
    }
}

/// A deal's name: its Name cell; without one, its account and its id in the CRM it
/// came from ("Cancity (1C1I7A6R)"), as exports that identify deals only by id have it.
fn deal_name(row: &Row) -> String {
    let name = row.get(Field::Name);
    if !name.is_empty() {
        return name.to_string();
    }
    match (row.get(Field::Account), row.get(Field::ExternalId)) {
        ("", id) => id.to_string(),
        (account, "") => account.to_string(),
        (account, id) => format!("{account} ({id})"),
    }
}

/// The stage history of a deal imported closed: it walks the pipeline's open stages in
/// order (up to `reached`, else all of them), spread evenly from creation to close, then
/// enters its won or lost stage on the closed date. Cycle length, stage conversion and
/// backtests then work on imported history as on history made in the app.
fn closed_history(
    pipeline: &Pipeline,
    closed_stage: &Stage,
    reached: Option<&Stage>,
    created_at: Timestamp,
    closed_at: Timestamp,
) -> Vec<StageChange> {
    let open: Vec<&Stage> = pipeline
        .stages
        .iter()
        .filter(|s| s.kind == StageKind::Open)
        .collect();
    let upto = reached
        .and_then(|r| open.iter().position(|s| s.id == r.id))
        .map_or(open.len(), |i| i + 1);
    let span = (closed_at - created_at).num_seconds().max(0);
    let mut history: Vec<StageChange> = open[..upto]
        .iter()
        .enumerate()
        .map(|(i, s)| StageChange {
            stage_id: s.id.clone(),
            at: created_at + Duration::seconds(span * i as i64 / upto as i64),
        })
        .collect();
    history.push(StageChange {
        stage_id: closed_stage.id.clone(),
        at: closed_at,
    });
    history
}
