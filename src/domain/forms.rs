//! Form input (the strings people type) turned into records, with an error per field.
//! The UI holds a form struct per page and calls `to_record`; it does no checking itself.

use super::entities::*;
use super::money::MoneyError;
use super::time::{format_date, parse_iso_date};
use super::validation::{looks_like_email, optional, required};
use super::{
    Currency, Date, FieldErrors, ForecastCategory, Id, Money, StageKind, Timestamp, Workspace,
};

fn parse_ref(value: &str) -> Option<Id> {
    optional(value).map(Id::from_string)
}

fn parse_optional_date(errors: &mut FieldErrors, field: &str, value: &str) -> Option<Date> {
    optional(value).and_then(|v| match parse_iso_date(&v) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.add(field, e);
            None
        }
    })
}

fn date_text(d: Option<Date>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// A human label for a date, or an em dash.
pub fn date_label(d: Option<Date>) -> String {
    d.map(format_date).unwrap_or_else(|| "—".into())
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct AccountForm {
    pub name: String,
    pub domain: String,
    pub industry: String,
    /// A `Segment` label or empty.
    pub segment: String,
    /// A `CustomerStatus` key.
    pub status: String,
    pub owner_id: String,
    /// When it became a customer (YYYY-MM-DD; empty: the day it is saved as one).
    pub customer_since: String,
    /// When it stopped being one (YYYY-MM-DD; empty: the day it is saved as churned).
    pub churned_on: String,
}

impl AccountForm {
    pub fn new(owner: Option<&Id>) -> Self {
        AccountForm {
            status: CustomerStatus::Prospect.key().into(),
            owner_id: owner.map(|i| i.to_string()).unwrap_or_default(),
            ..Default::default()
        }
    }

    pub fn from_account(a: &Account) -> Self {
        AccountForm {
            name: a.name.clone(),
            domain: a.domain.clone().unwrap_or_default(),
            industry: a.industry.clone().unwrap_or_default(),
            segment: a.segment.map(|s| s.label().to_string()).unwrap_or_default(),
            status: a.status.key().into(),
            owner_id: a
                .owner_id
                .as_ref()
                .map(|i| i.to_string())
                .unwrap_or_default(),
            customer_since: date_text(a.customer_since),
            churned_on: date_text(a.churned_on),
        }
    }

    /// Builds the account: a new one when `existing` is `None`.
    pub fn to_record(
        &self,
        ws: &Workspace,
        existing: Option<&Account>,
        id: Id,
        now: Timestamp,
        today: Date,
    ) -> Result<Account, FieldErrors> {
        let mut e = FieldErrors::new();
        let name = required(&mut e, "name", &self.name, "Name");
        let domain = optional(&self.domain).map(|d| {
            let d = d
                .trim_start_matches("https://")
                .trim_start_matches("http://")
                .trim_start_matches("www.")
                .trim_end_matches('/')
                .to_lowercase();
            if !d.contains('.') || d.contains(char::is_whitespace) || d.contains('/') {
                e.add("domain", "Enter a web domain like example.com");
            }
            d
        });
        let segment = optional(&self.segment).and_then(|s| {
            let seg = Segment::from_label(&s);
            if seg.is_none() {
                e.add("segment", "Choose a segment from the list");
            }
            seg
        });
        let status = CustomerStatus::from_key(&self.status).unwrap_or_else(|| {
            e.add("status", "Choose a status from the list");
            CustomerStatus::Prospect
        });
        let owner_id = parse_ref(&self.owner_id);
        if let Some(o) = &owner_id {
            if !ws.reps.contains(o) {
                e.add("owner_id", "That owner no longer exists");
            }
        }
        let (created_at, territory_id) = match existing {
            Some(a) => (a.created_at, a.territory_id.clone()),
            None => (now, None),
        };
        // The dates churn, CAC and lifetime value are computed from: typed, or stamped
        // with today when the status says so and none is typed.
        let since = parse_optional_date(&mut e, "customer_since", &self.customer_since);
        let churned = parse_optional_date(&mut e, "churned_on", &self.churned_on);
        for (field, day) in [("customer_since", since), ("churned_on", churned)] {
            if day.is_some_and(|d| d > today) {
                e.add(
                    field,
                    "This date is in the future: enter the day it happened",
                );
            }
        }
        let was_churned = existing.is_some_and(|a| a.status == CustomerStatus::Churned);
        let (customer_since, churned_on) = match status {
            CustomerStatus::Prospect => (None, None),
            CustomerStatus::Customer => match (since, churned) {
                // A churned customer who comes back is a customer again from today.
                (s, Some(c))
                    if was_churned
                        && s.is_none_or(|s| s <= c)
                        && existing.is_some_and(|a| a.customer_since == s) =>
                {
                    (Some(today.max(c)), Some(c))
                }
                (Some(s), Some(c)) if s <= c => {
                    e.add(
                        "churned_on",
                        format!(
                            "A customer who churned on {} and came back needs a customer-since date after it; clear this date if they never left",
                            format_date(c)
                        ),
                    );
                    (Some(s), Some(c))
                }
                (s, c) => (s.or(Some(today)), c),
            },
            CustomerStatus::Churned => {
                let c = churned.unwrap_or(today);
                if since.is_some_and(|s| s > c) {
                    e.add(
                        "churned_on",
                        format!(
                            "Churned on must be on or after customer since ({})",
                            format_date(since.expect("checked"))
                        ),
                    );
                }
                (since, Some(c))
            }
        };
        e.into_result(Account {
            id,
            name,
            domain,
            industry: optional(&self.industry),
            segment,
            territory_id,
            owner_id,
            status,
            customer_since,
            churned_on,
            created_at,
            updated_at: now,
        })
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct DealForm {
    pub name: String,
    pub account_id: String,
    pub amount: String,
    pub currency: String,
    pub pipeline_id: String,
    pub stage_id: String,
    pub owner_id: String,
    pub expected_close: String,
    /// A `ForecastCategory` key, or empty to use the stage's default.
    pub forecast_category: String,
    pub next_step: String,
    pub next_step_due: String,
    pub lost_reason: String,
    /// Optional: why a won deal was won.
    pub won_reason: String,
    pub closed_on: String,
    pub mrr: String,
    pub contact_ids: Vec<String>,
    pub source_lead_id: String,
}

impl DealForm {
    /// A blank form in the default pipeline's first stage, owned by "me".
    pub fn new(ws: &Workspace, account_id: Option<&Id>) -> Self {
        let pipeline = ws.default_pipeline();
        DealForm {
            account_id: account_id.map(|i| i.to_string()).unwrap_or_default(),
            currency: ws.settings.home_currency.code().to_string(),
            pipeline_id: pipeline.map(|p| p.id.to_string()).unwrap_or_default(),
            stage_id: pipeline
                .and_then(|p| p.first_open_stage())
                .map(|s| s.id.to_string())
                .unwrap_or_default(),
            owner_id: ws
                .settings
                .me
                .as_ref()
                .map(|i| i.to_string())
                .unwrap_or_default(),
            ..Default::default()
        }
    }

    pub fn from_deal(d: &Deal) -> Self {
        let amount_text = |minor: i64| Money::new(minor, d.currency.clone()).decimal();
        DealForm {
            name: d.name.clone(),
            account_id: d
                .account_id
                .as_ref()
                .map(|i| i.to_string())
                .unwrap_or_default(),
            amount: d.amount.map(amount_text).unwrap_or_default(),
            currency: d.currency.code().to_string(),
            pipeline_id: d.pipeline_id.to_string(),
            stage_id: d.stage_id.to_string(),
            owner_id: d
                .owner_id
                .as_ref()
                .map(|i| i.to_string())
                .unwrap_or_default(),
            expected_close: date_text(d.expected_close),
            forecast_category: d
                .forecast_category
                .map(|c| c.key().to_string())
                .unwrap_or_default(),
            next_step: d.next_step.clone().unwrap_or_default(),
            next_step_due: date_text(d.next_step_due),
            lost_reason: d.lost_reason.clone().unwrap_or_default(),
            won_reason: d.won_reason.clone().unwrap_or_default(),
            closed_on: date_text(d.closed_on),
            mrr: d.mrr.map(amount_text).unwrap_or_default(),
            contact_ids: d.contact_ids.iter().map(|c| c.to_string()).collect(),
            source_lead_id: d
                .source_lead_id
                .as_ref()
                .map(|l| l.to_string())
                .unwrap_or_default(),
        }
    }

    /// Builds the deal. A stage change is appended to the stage history; entering a won
    /// or lost stage closes the deal (today unless a close date is given); a lost deal
    /// needs a reason; reopening clears the close date.
    pub fn to_record(
        &self,
        ws: &Workspace,
        existing: Option<&Deal>,
        id: Id,
        now: Timestamp,
        today: Date,
    ) -> Result<Deal, FieldErrors> {
        let mut e = FieldErrors::new();
        let name = required(&mut e, "name", &self.name, "Deal name");
        let currency = match Currency::new(&self.currency) {
            Ok(c) => c,
            Err(err) => {
                e.add("currency", err.to_string());
                ws.settings.home_currency.clone()
            }
        };
        // An open deal may not have an amount yet; a won one was won for something.
        let money = parse_amount(&mut e, "amount", &self.amount, &currency, false);
        let mrr = optional(&self.mrr)
            .map(|m| parse_amount(&mut e, "mrr", &m, &currency, false))
            .and_then(|m| m.map(|m| m.minor));

        let account_id = parse_ref(&self.account_id);
        if let Some(a) = &account_id {
            if !ws.accounts.contains(a) {
                e.add("account_id", "That account no longer exists");
            }
        }
        let owner_id = parse_ref(&self.owner_id);
        if let Some(o) = &owner_id {
            if !ws.reps.contains(o) {
                e.add("owner_id", "That owner no longer exists");
            }
        }
        let pipeline_id = Id::from_string(self.pipeline_id.trim());
        let pipeline = ws.pipelines.get(&pipeline_id);
        let stage_id = Id::from_string(self.stage_id.trim());
        let stage = pipeline.and_then(|p| p.stage(&stage_id));
        if pipeline.is_none() {
            e.add("pipeline_id", "Choose a pipeline");
        } else if stage.is_none() {
            e.add("stage_id", "Choose a stage of this pipeline");
        }
        let expected_close = parse_optional_date(&mut e, "expected_close", &self.expected_close);
        let next_step_due = parse_optional_date(&mut e, "next_step_due", &self.next_step_due);
        let typed_closed_on = parse_optional_date(&mut e, "closed_on", &self.closed_on);
        let forecast_category = optional(&self.forecast_category).and_then(|k| {
            let c = ForecastCategory::from_key(&k);
            if c.is_none() {
                e.add("forecast_category", "Choose a forecast category");
            }
            c
        });
        let next_step = optional(&self.next_step);
        if next_step_due.is_some() && next_step.is_none() {
            e.add("next_step", "Describe the next step that is due");
        }

        let kind = stage.map(|s| s.kind).unwrap_or(StageKind::Open);
        if kind == StageKind::Won && money.is_none() && !e.has("amount") {
            e.add("amount", "Enter the amount this deal was won for");
        }
        let lost_reason = optional(&self.lost_reason);
        if kind == StageKind::Lost && lost_reason.is_none() {
            e.add("lost_reason", "Say why the deal was lost");
        }
        let closed_on = match kind {
            StageKind::Open => None,
            _ => typed_closed_on
                .or(existing.and_then(|d| d.closed_on))
                .or(Some(today)),
        };

        let mut stage_history = existing
            .map(|d| d.stage_history.clone())
            .unwrap_or_default();
        let stage_changed = existing.is_none_or(|d| d.stage_id != stage_id);
        if stage_changed {
            stage_history.push(StageChange {
                stage_id: stage_id.clone(),
                at: now,
            });
        }

        let contact_ids: Vec<Id> = self
            .contact_ids
            .iter()
            .map(|c| Id::from_string(c.trim()))
            .filter(|c| !c.as_str().is_empty())
            .collect();
        if contact_ids.iter().any(|c| !ws.contacts.contains(c)) {
            e.add("contact_ids", "A chosen contact no longer exists");
        }
        let source_lead_id = optional(&self.source_lead_id).map(Id::from_string);
        if source_lead_id
            .as_ref()
            .is_some_and(|l| !ws.leads.contains(l))
        {
            e.add("source_lead_id", "That lead no longer exists");
        }
        let deal = Deal {
            id,
            name,
            account_id,
            contact_ids,
            pipeline_id,
            stage_id,
            amount: money.as_ref().map(|m| m.minor),
            currency,
            owner_id,
            expected_close,
            closed_on,
            forecast_category,
            lost_reason: if kind == StageKind::Lost {
                lost_reason
            } else {
                None
            },
            won_reason: if kind == StageKind::Won {
                optional(&self.won_reason)
            } else {
                None
            },
            next_step,
            next_step_due,
            source_lead_id,
            mrr,
            external_id: existing.and_then(|d| d.external_id.clone()),
            stage_history,
            change_log: existing.map(|d| d.change_log.clone()).unwrap_or_default(),
            created_at: existing.map(|d| d.created_at).unwrap_or(now),
            updated_at: now,
        };
        // A stage's required fields are checked when a deal enters it.
        if let Some(stage) = stage.filter(|_| stage_changed) {
            for f in super::automation::playbooks::missing_required(&deal, stage) {
                if !e.has(f.form_field()) {
                    e.add(
                        f.form_field(),
                        format!(
                            "{} needs {} before a deal enters it",
                            stage.name,
                            f.phrase()
                        ),
                    );
                }
            }
        }
        e.into_result(deal)
    }
}

/// Parses an amount field in the form's currency. A symbol of another currency is an
/// error, not a silent conversion.
fn parse_amount(
    e: &mut FieldErrors,
    field: &str,
    text: &str,
    currency: &Currency,
    required: bool,
) -> Option<Money> {
    match Money::parse(text, currency) {
        Ok(m) if m.minor < 0 => {
            e.add(field, MoneyError::Negative.to_string());
            None
        }
        Ok(m) if &m.currency != currency => {
            e.add(
                field,
                format!(
                    "This amount is in {}, but the deal is in {}; change the currency or the amount",
                    m.currency, currency
                ),
            );
            None
        }
        Ok(m) => Some(m),
        Err(MoneyError::Empty) if !required => None,
        Err(err) => {
            e.add(field, err.to_string());
            None
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SettingsForm {
    pub workspace_name: String,
    pub home_currency: String,
    pub fiscal_year_start_month: String,
    pub stalled_after_days: String,
    pub my_name: String,
    pub my_email: String,
    /// One per line.
    pub lost_reasons: String,
    /// Percent, e.g. "72.5"; empty when not known.
    pub gross_margin_pct: String,
}

impl SettingsForm {
    pub fn from_workspace(ws: &Workspace) -> Self {
        let s = &ws.settings;
        let me = s.me.as_ref().and_then(|id| ws.reps.get(id));
        SettingsForm {
            workspace_name: s.workspace_name.clone(),
            home_currency: s.home_currency.code().to_string(),
            fiscal_year_start_month: s.fiscal_year_start_month.to_string(),
            stalled_after_days: s.stalled_after_days.to_string(),
            my_name: me.map(|r| r.name.clone()).unwrap_or_default(),
            my_email: me.and_then(|r| r.email.clone()).unwrap_or_default(),
            lost_reasons: s.lost_reasons.join("\n"),
            gross_margin_pct: s
                .gross_margin_pct
                .map(|m| m.to_string())
                .unwrap_or_default(),
        }
    }

    /// The new settings and, when a name is given, the rep record for "me" (created on
    /// first save, updated after).
    pub fn to_records(
        &self,
        ws: &Workspace,
        new_rep_id: Id,
        now: Timestamp,
    ) -> Result<(Settings, Option<Rep>), FieldErrors> {
        let mut e = FieldErrors::new();
        let workspace_name = required(
            &mut e,
            "workspace_name",
            &self.workspace_name,
            "Workspace name",
        );
        let home_currency = Currency::new(&self.home_currency).unwrap_or_else(|err| {
            e.add("home_currency", err.to_string());
            ws.settings.home_currency.clone()
        });
        let month = match self.fiscal_year_start_month.trim().parse::<u32>() {
            Ok(m) if (1..=12).contains(&m) => m,
            _ => {
                e.add("fiscal_year_start_month", "Choose a month");
                1
            }
        };
        let stalled = match self.stalled_after_days.trim().parse::<u32>() {
            Ok(d) if (1..=365).contains(&d) => d,
            _ => {
                e.add("stalled_after_days", "Enter a number of days from 1 to 365");
                ws.settings.stalled_after_days
            }
        };
        let gross_margin_pct = optional(&self.gross_margin_pct).and_then(|t| {
            let n = t.trim_end_matches('%').trim().replace(',', ".");
            match n.parse::<f64>() {
                Ok(m) if m > 0.0 && m <= 100.0 => Some((m * 100.0).round() / 100.0),
                _ => {
                    e.add(
                        "gross_margin_pct",
                        "Enter a percentage above 0 and up to 100, such as 72.5",
                    );
                    None
                }
            }
        });
        let my_email = optional(&self.my_email);
        if let Some(m) = &my_email {
            if !looks_like_email(m) {
                e.add("my_email", "Enter an e-mail address like ana@example.com");
            }
        }
        let my_name = optional(&self.my_name);
        if my_name.is_none() && my_email.is_some() {
            e.add("my_name", "Enter your name too");
        }
        let existing_me = ws.settings.me.as_ref().and_then(|id| ws.reps.get(id));
        let rep = my_name.map(|name| match existing_me {
            Some(r) => Rep {
                name,
                email: my_email.clone(),
                updated_at: now,
                ..r.clone()
            },
            None => Rep {
                id: new_rep_id,
                name,
                email: my_email.clone(),
                role: RepRole::Rep,
                manager_id: None,
                territory_id: None,
                active: true,
                created_at: now,
                updated_at: now,
            },
        });
        let settings = Settings {
            workspace_name,
            home_currency,
            fiscal_year_start_month: month,
            me: rep
                .as_ref()
                .map(|r| r.id.clone())
                .or(ws.settings.me.clone()),
            stalled_after_days: stalled,
            lost_reasons: {
                let mut v: Vec<String> = Vec::new();
                for r in self
                    .lost_reasons
                    .lines()
                    .map(str::trim)
                    .filter(|r| !r.is_empty())
                {
                    if !v.iter().any(|x| x.eq_ignore_ascii_case(r)) {
                        v.push(r.to_string());
                    }
                }
                v
            },
            gross_margin_pct,
            automation: ws.settings.automation.clone(),
            scoring: ws.settings.scoring.clone(),
            updated_at: Some(now),
        };
        e.into_result((settings, rep))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workspace::tests::{account, now, seeded};
    use chrono::NaiveDate;

    fn today() -> Date {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    #[test]
    fn account_form_requires_a_name_and_a_real_domain() {
        let (ws, mut ids) = seeded();
        let form = AccountForm {
            name: "  ".into(),
            domain: "not a domain".into(),
            ..AccountForm::new(None)
        };
        let err = form
            .to_record(&ws, None, ids.next_id(), now(), today())
            .unwrap_err();
        assert_eq!(err.get("name"), Some("Name is required"));
        assert_eq!(
            err.get("domain"),
            Some("Enter a web domain like example.com")
        );

        let ok = AccountForm {
            name: " Acme ".into(),
            domain: "https://www.Acme.com/".into(),
            segment: "SaaS".into(),
            ..AccountForm::new(None)
        }
        .to_record(&ws, None, ids.next_id(), now(), today())
        .unwrap();
        assert_eq!(ok.name, "Acme");
        assert_eq!(ok.domain.as_deref(), Some("acme.com"));
        assert_eq!(ok.segment, Some(Segment::SaaS));
        assert_eq!(ok.customer_since, None);
    }

    #[test]
    fn becoming_a_customer_and_churning_stamp_dates() {
        let (ws, mut ids) = seeded();
        let a = account(ids.next_id(), "Acme");
        let mut form = AccountForm::from_account(&a);
        form.status = "customer".into();
        let c = form
            .to_record(&ws, Some(&a), a.id.clone(), now(), today())
            .unwrap();
        assert_eq!(c.customer_since, Some(today()));
        let mut form = AccountForm::from_account(&c);
        form.status = "churned".into();
        let later = today() + chrono::Days::new(30);
        let ch = form
            .to_record(&ws, Some(&c), c.id.clone(), now(), later)
            .unwrap();
        assert_eq!(ch.customer_since, Some(today()));
        assert_eq!(ch.churned_on, Some(later));
    }

    #[test]
    fn customer_dates_are_typed_checked_and_a_returning_customer_keeps_its_churn() {
        let (ws, mut ids) = seeded();
        let a = account(ids.next_id(), "Acme");
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        let mut form = AccountForm::from_account(&a);
        form.status = "customer".into();
        form.customer_since = "2026-03-01".into();
        let c = form
            .to_record(&ws, Some(&a), a.id.clone(), now(), today())
            .unwrap();
        assert_eq!((c.customer_since, c.churned_on), (Some(d(3, 1)), None));
        // Churned before they became one: refused, nothing saved.
        let mut form = AccountForm::from_account(&c);
        form.status = "churned".into();
        form.churned_on = "2026-02-01".into();
        let e = form
            .to_record(&ws, Some(&c), c.id.clone(), now(), today())
            .unwrap_err();
        assert_eq!(
            e.get("churned_on"),
            Some("Churned on must be on or after customer since (Mar 1, 2026)")
        );
        form.churned_on = "2027-01-01".into();
        let e = form
            .to_record(&ws, Some(&c), c.id.clone(), now(), today())
            .unwrap_err();
        assert_eq!(
            e.get("churned_on"),
            Some("This date is in the future: enter the day it happened")
        );
        form.churned_on = "2026-09-30".into();
        let ch = form
            .to_record(&ws, Some(&c), c.id.clone(), now(), today())
            .unwrap();
        assert_eq!(ch.churned_on, Some(d(9, 30)));
        // Back as a customer: a customer again from today, the churn kept for history.
        let mut form = AccountForm::from_account(&ch);
        form.status = "customer".into();
        let back = form
            .to_record(&ws, Some(&ch), ch.id.clone(), now(), today())
            .unwrap();
        assert_eq!(
            (back.customer_since, back.churned_on),
            (Some(today()), Some(d(9, 30)))
        );
        // A typed customer-since on or before the churn is refused with the reason.
        let mut form = AccountForm::from_account(&back);
        form.customer_since = "2026-09-01".into();
        let e = form
            .to_record(&ws, Some(&back), back.id.clone(), now(), today())
            .unwrap_err();
        assert!(e
            .get("churned_on")
            .unwrap()
            .starts_with("A customer who churned on Sep 30, 2026 and came back"));
        form.customer_since = "nope".into();
        let e = form
            .to_record(&ws, Some(&back), back.id.clone(), now(), today())
            .unwrap_err();
        assert_eq!(
            e.get("customer_since"),
            Some("“nope” is not a date (expected YYYY-MM-DD)")
        );
    }

    #[test]
    fn deal_form_reports_each_bad_field() {
        let (ws, mut ids) = seeded();
        let mut form = DealForm::new(&ws, None);
        form.amount = "12abc".into();
        form.expected_close = "31/12/2026".into();
        form.account_id = "missing".into();
        let err = form
            .to_record(&ws, None, ids.next_id(), now(), today())
            .unwrap_err();
        assert_eq!(err.get("name"), Some("Deal name is required"));
        assert_eq!(
            err.get("amount"),
            Some("“12abc” is not an amount; use digits, e.g. 1,234.50")
        );
        assert!(err.get("expected_close").unwrap().contains("not a date"));
        assert_eq!(err.get("account_id"), Some("That account no longer exists"));
    }

    #[test]
    fn deal_amount_rules() {
        let (ws, mut ids) = seeded();
        let mut form = DealForm::new(&ws, None);
        form.name = "Big one".into();
        form.amount = "-5".into();
        let err = form
            .to_record(&ws, None, ids.next_id(), now(), today())
            .unwrap_err();
        assert_eq!(err.get("amount"), Some("The amount cannot be negative"));
        form.amount = "€1.234,50".into();
        let err = form
            .to_record(&ws, None, ids.next_id(), now(), today())
            .unwrap_err();
        assert!(err
            .get("amount")
            .unwrap()
            .contains("in EUR, but the deal is in USD"));
        form.currency = "EUR".into();
        let d = form
            .to_record(&ws, None, ids.next_id(), now(), today())
            .unwrap();
        assert_eq!(d.amount, Some(123_450));
        assert_eq!(d.amount_text(), "€1,234.50");
        // An open deal may have no amount yet; a won deal must have one.
        form.amount = "".into();
        let d = form
            .to_record(&ws, None, ids.next_id(), now(), today())
            .unwrap();
        assert_eq!((d.amount, d.amount_text().as_str()), (None, "No amount"));
        let won = ws
            .default_pipeline()
            .unwrap()
            .stages
            .iter()
            .find(|s| s.kind == StageKind::Won)
            .unwrap();
        form.stage_id = won.id.to_string();
        let err = form
            .to_record(&ws, None, ids.next_id(), now(), today())
            .unwrap_err();
        assert_eq!(
            err.get("amount"),
            Some("Enter the amount this deal was won for")
        );
    }

    #[test]
    fn new_deal_starts_its_stage_history_and_edits_append_to_it() {
        let (ws, mut ids) = seeded();
        let p = ws.default_pipeline().unwrap().clone();
        let mut form = DealForm::new(&ws, None);
        form.name = "Renewal".into();
        form.amount = "1,000".into();
        let id = ids.next_id();
        let d = form
            .to_record(&ws, None, id.clone(), now(), today())
            .unwrap();
        assert_eq!(d.stage_history.len(), 1);
        assert_eq!(d.stage_history[0].stage_id, p.stages[0].id);
        assert_eq!(d.closed_on, None);

        // Same stage: no new history entry.
        let later = now() + chrono::Duration::days(3);
        let same = DealForm::from_deal(&d)
            .to_record(&ws, Some(&d), id.clone(), later, today())
            .unwrap();
        assert_eq!(same.stage_history.len(), 1);
        assert_eq!(same.created_at, now());
        assert_eq!(same.updated_at, later);

        // Won: closes today.
        let mut f = DealForm::from_deal(&d);
        f.stage_id = p.stages[5].id.to_string();
        let won = f
            .to_record(&ws, Some(&d), id.clone(), later, today())
            .unwrap();
        assert_eq!(won.stage_history.len(), 2);
        assert_eq!(won.stage_history[1].at, later);
        assert_eq!(won.closed_on, Some(today()));
        assert_eq!(won.won_reason, None, "a won reason is optional");
        f.won_reason = "  Product fit ".into();
        let won = f
            .to_record(&ws, Some(&d), id.clone(), later, today())
            .unwrap();
        assert_eq!(won.won_reason.as_deref(), Some("Product fit"));
        assert_eq!(DealForm::from_deal(&won).won_reason, "Product fit");

        // Lost needs a reason, and forgets the won one.
        let mut f = DealForm::from_deal(&won);
        f.stage_id = p.stages[6].id.to_string();
        let err = f
            .to_record(&ws, Some(&won), id.clone(), later, today())
            .unwrap_err();
        assert_eq!(err.get("lost_reason"), Some("Say why the deal was lost"));
        f.lost_reason = "Price".into();
        let lost = f
            .to_record(&ws, Some(&won), id.clone(), later, today())
            .unwrap();
        assert_eq!(lost.lost_reason.as_deref(), Some("Price"));
        assert_eq!(lost.won_reason, None);

        // Reopening clears the close date and the reason.
        let mut f = DealForm::from_deal(&lost);
        f.stage_id = p.stages[2].id.to_string();
        let reopened = f.to_record(&ws, Some(&lost), id, later, today()).unwrap();
        assert_eq!(reopened.closed_on, None);
        assert_eq!(reopened.lost_reason, None);
        assert_eq!(reopened.stage_history.len(), 4);
    }

    #[test]
    fn deal_contacts_and_source_lead_must_exist() {
        let (ws, mut ids) = seeded();
        let mut form = DealForm::new(&ws, None);
        form.name = "x".into();
        form.amount = "1".into();
        form.contact_ids = vec!["gone".into()];
        form.source_lead_id = "gone".into();
        let e = form
            .to_record(&ws, None, ids.next_id(), now(), today())
            .unwrap_err();
        assert!(e.get("contact_ids").is_some());
        assert!(e.get("source_lead_id").is_some());
    }

    #[test]
    fn lost_reasons_are_trimmed_and_deduplicated() {
        let (ws, mut ids) = seeded();
        let mut form = SettingsForm::from_workspace(&ws);
        assert!(form.lost_reasons.contains("Price"));
        form.lost_reasons = " Price \nprice\n\nLegal ".into();
        let (s, _) = form.to_records(&ws, ids.next_id(), now()).unwrap();
        assert_eq!(s.lost_reasons, ["Price", "Legal"]);
    }

    #[test]
    fn deal_form_round_trips_amounts() {
        let (ws, mut ids) = seeded();
        let mut form = DealForm::new(&ws, None);
        form.name = "x".into();
        form.amount = "1,234.05".into();
        form.mrr = "99.5".into();
        let d = form
            .to_record(&ws, None, ids.next_id(), now(), today())
            .unwrap();
        let again = DealForm::from_deal(&d);
        assert_eq!(again.amount, "1234.05");
        assert_eq!(again.mrr, "99.50");
    }

    #[test]
    fn settings_form_creates_me_once_then_updates() {
        let (mut ws, mut ids) = seeded();
        let mut form = SettingsForm::from_workspace(&ws);
        form.my_name = "Ana".into();
        form.my_email = "nope".into();
        form.fiscal_year_start_month = "13".into();
        form.home_currency = "EURO".into();
        let err = form.to_records(&ws, ids.next_id(), now()).unwrap_err();
        assert!(err.get("my_email").is_some());
        assert!(err.get("fiscal_year_start_month").is_some());
        assert!(err.get("home_currency").is_some());

        form.my_email = "ana@example.com".into();
        form.fiscal_year_start_month = "4".into();
        form.home_currency = "eur".into();
        let (s, rep) = form.to_records(&ws, ids.next_id(), now()).unwrap();
        let rep = rep.unwrap();
        assert_eq!(s.me.as_ref(), Some(&rep.id));
        assert_eq!(s.home_currency.code(), "EUR");
        assert_eq!(s.fiscal_year_start_month, 4);
        ws.settings = s;
        ws.put(rep.clone().into());

        let mut form = SettingsForm::from_workspace(&ws);
        assert_eq!(form.my_name, "Ana");
        form.my_name = "Ana Silva".into();
        let (s2, rep2) = form.to_records(&ws, ids.next_id(), now()).unwrap();
        assert_eq!(rep2.unwrap().id, rep.id, "the same rep is updated");
        assert_eq!(s2.me, Some(rep.id));
    }
}

/// Contacts belong to an account.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContactForm {
    pub name: String,
    pub account_id: String,
    pub title: String,
    pub email: String,
    pub phone: String,
}

impl ContactForm {
    pub fn from_contact(c: &Contact) -> Self {
        ContactForm {
            name: c.name.clone(),
            account_id: c.account_id.to_string(),
            title: c.title.clone().unwrap_or_default(),
            email: c.email.clone().unwrap_or_default(),
            phone: c.phone.clone().unwrap_or_default(),
        }
    }

    pub fn to_record(
        &self,
        ws: &Workspace,
        existing: Option<&Contact>,
        id: Id,
        now: Timestamp,
    ) -> Result<Contact, FieldErrors> {
        let mut e = FieldErrors::new();
        let name = required(&mut e, "name", &self.name, "Name");
        let account_id = Id::from_string(self.account_id.trim());
        if self.account_id.trim().is_empty() {
            e.add("account_id", "Choose the contact's account");
        } else if !ws.accounts.contains(&account_id) {
            e.add("account_id", "That account no longer exists");
        }
        let email = optional(&self.email);
        if email.as_deref().is_some_and(|m| !looks_like_email(m)) {
            e.add("email", "Enter an e-mail address like ana@example.com");
        }
        e.into_result(Contact {
            id,
            account_id,
            name,
            title: optional(&self.title),
            email,
            phone: optional(&self.phone),
            created_at: existing.map(|c| c.created_at).unwrap_or(now),
            updated_at: now,
        })
    }
}

#[cfg(test)]
mod contact_tests {
    use super::*;
    use crate::domain::workspace::tests::{account, now, seeded};

    #[test]
    fn contacts_need_a_name_and_an_existing_account() {
        let (mut ws, mut ids) = seeded();
        let e = ContactForm::default()
            .to_record(&ws, None, ids.next_id(), now())
            .unwrap_err();
        assert_eq!(e.get("name"), Some("Name is required"));
        assert_eq!(e.get("account_id"), Some("Choose the contact's account"));
        let acme = ids.next_id();
        ws.put(account(acme.clone(), "Acme").into());
        let c = ContactForm {
            name: "Wile".into(),
            account_id: acme.to_string(),
            email: "wile@acme.com".into(),
            ..Default::default()
        }
        .to_record(&ws, None, ids.next_id(), now())
        .unwrap();
        assert_eq!(c.account_id, acme);
    }

    #[test]
    fn gross_margin_is_a_percentage_or_nothing() {
        let (ws, mut ids) = seeded();
        let mut form = SettingsForm::from_workspace(&ws);
        assert_eq!(form.gross_margin_pct, "");
        for (text, want) in [
            ("72.5", Some(72.5)),
            ("80 %", Some(80.0)),
            ("64,25", Some(64.25)),
            ("", None),
        ] {
            form.gross_margin_pct = text.into();
            let (s, _) = form.to_records(&ws, ids.next_id(), now()).unwrap();
            assert_eq!(s.gross_margin_pct, want, "{text}");
        }
        for bad in ["0", "101", "-5", "lots"] {
            form.gross_margin_pct = bad.into();
            let err = form.to_records(&ws, ids.next_id(), now()).unwrap_err();
            assert!(
                err.get("gross_margin_pct")
                    .unwrap()
                    .starts_with("Enter a percentage"),
                "{bad}"
            );
        }
    }
}
