//! Customer metrics: churn rate, customer acquisition cost and lifetime value.
//!
//! When an account was a customer: from `customer_since` until `churned_on` (not
//! included). A customer who churned and came back has a `customer_since` after its
//! `churned_on`: it was a customer from its creation day until it churned, and is one
//! again from its new customer-since date. An account churned without a known start
//! was a customer from its creation day.

use super::definitions::MetricKey;
use super::reading::Reading;
use super::KpiInput;
use crate::analytics::period::Period;
use crate::analytics::scope::Matcher;
use crate::domain::time::local_day;
use crate::domain::{Account, Date, HomeSum, StageKind};
use std::collections::HashMap;

/// The spans an account was a customer: `[from, until)`, `until` open when still one.
pub fn customer_spans(a: &Account) -> Vec<(Date, Option<Date>)> {
    let created = local_day(a.created_at);
    match (a.customer_since, a.churned_on) {
        (None, None) => Vec::new(),
        (Some(s), None) => vec![(s, None)],
        (None, Some(c)) => vec![(created.min(c), Some(c))],
        (Some(s), Some(c)) if s <= c => vec![(s, Some(c))],
        (Some(s), Some(c)) => vec![(created.min(c), Some(c)), (s, None)],
    }
}

pub(super) fn readings(
    input: &KpiInput,
    m: &Matcher<u32>,
    p: &Period,
) -> HashMap<MetricKey, Reading> {
    let f = input.facts;
    let mut out = HashMap::new();
    if !m.accounts_apply() {
        for key in [MetricKey::ChurnRate, MetricKey::Cac, MetricKey::Cltv] {
            out.insert(key, Reading::undefined("accounts have no pipeline"));
        }
        return out;
    }
    let in_scope: Vec<bool> = f.account_facts.iter().map(|a| m.holds(&a.place)).collect();
    let accounts = || {
        f.account_facts
            .iter()
            .zip(&in_scope)
            .filter(|(_, ok)| **ok)
            .map(|(a, _)| a)
    };

    // Churn: customers on the first day, and those of them lost in the period.
    let churn = if p.is_all_time() {
        Reading::undefined("churn needs a period with a start: choose one")
    } else {
        let start = p.start();
        let mut at_start = 0usize;
        let mut lost = 0usize;
        for a in accounts() {
            for (from, until) in &a.spans {
                let active_at_start = *from < start && until.is_none_or(|u| u >= start);
                if active_at_start {
                    at_start += 1;
                    if until.is_some_and(|u| p.contains(u)) {
                        lost += 1;
                    }
                }
            }
        }
        Reading::ratio(
            lost as f64,
            at_start as f64,
            at_start,
            "there were no customers at the start of this period",
        )
    };
    out.insert(MetricKey::ChurnRate, churn.clone());

    // CAC: spend in the period ÷ new customers in the period.
    let new_customers = accounts()
        .flat_map(|a| &a.spans)
        .filter(|(from, _)| p.contains(*from))
        .count();
    let cac = if !input.scope.is_everyone() {
        Reading::undefined(
            "spend is entered for the whole company, so this is shown for everyone only",
        )
    } else {
        let mut spend = HomeSum::default();
        let mut entries = 0usize;
        for s in input.ws.spend.values() {
            let from = s.period_start.max(p.start());
            let until = s.period_end.min(p.end());
            if from > until {
                continue;
            }
            let days = (s.period_end - s.period_start).num_days() + 1;
            let shared = (until - from).num_days() + 1;
            let part = (i128::from(s.amount) * i128::from(shared) / i128::from(days.max(1))) as i64;
            spend.add(input.rates, part, &s.currency, s.period_start);
            entries += 1;
        }
        if entries == 0 {
            Reading::undefined("no sales and marketing spend entered for this period")
        } else if new_customers == 0 {
            Reading {
                numerator: spend.home as f64,
                n: entries,
                ..Reading::undefined("no new customers in this period")
            }
        } else {
            Reading::defined(
                spend.home as f64 / new_customers as f64,
                spend.home as f64,
                new_customers as f64,
                new_customers,
            )
            .left_out(&spend)
        }
    };
    out.insert(MetricKey::Cac, cac);

    // CLTV: average MRR per customer × gross margin ÷ monthly churn.
    let day = super::deals::as_of_day(p, input.today);
    let customer: Vec<bool> = f
        .account_facts
        .iter()
        .zip(&in_scope)
        .map(|(a, ok)| {
            *ok && a
                .spans
                .iter()
                .any(|(from, until)| *from <= day && until.is_none_or(|u| day < u))
        })
        .collect();
    let customers = customer.iter().filter(|c| **c).count();
    let mut mrr = HomeSum::default();
    let mut with_mrr = 0usize;
    for (_, d) in f.live_deals() {
        let (Some(m), Some(closed)) = (d.mrr, d.closed) else {
            continue;
        };
        let won = f.stage(d.stage).is_some_and(|s| s.kind == StageKind::Won);
        if won && closed <= day && customer.get(d.account as usize).copied().unwrap_or(false) {
            mrr.add(input.rates, m, f.currency(d.currency), closed);
            with_mrr += 1;
        }
    }
    let margin = input.ws.settings.gross_margin_pct;
    let months = p.days().map(|d| d as f64 / (365.25 / 12.0));
    let cltv = match (margin, churn.value, months) {
        (None, ..) => Reading::undefined("set the gross margin in Settings"),
        (_, _, None) => {
            Reading::undefined("lifetime value needs a period with a start: choose one")
        }
        (_, None, _) => Reading::undefined(format!(
            "needs a churn rate: {}",
            churn.reason.clone().unwrap_or_default()
        )),
        (_, Some(0.0), _) => {
            Reading::undefined("no customer churned in this period, so the lifetime has no end")
        }
        _ if customers == 0 => Reading::undefined("no customers at the end of this period"),
        _ if with_mrr == 0 => {
            Reading::undefined("no won deal of a customer has a monthly recurring revenue")
        }
        (Some(m), Some(c), Some(months)) => {
            let arpa = mrr.home as f64 / customers as f64;
            let monthly_churn = c / months.max(1e-9);
            let value = arpa * (m / 100.0) / monthly_churn;
            Reading::defined(value, arpa * (m / 100.0), monthly_churn, customers).left_out(&mrr)
        }
    };
    out.insert(MetricKey::Cltv, cltv);
    out
}
