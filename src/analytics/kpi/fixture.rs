//! A small workspace whose every KPI was worked out by hand (see `tests.rs`), and the
//! builders the KPI, chart and review tests share.

use crate::domain::id::SeededIds;
use crate::domain::workspace::tests::{account, deal, now, seeded};
use crate::domain::*;
use chrono::{NaiveDate, TimeZone};

pub fn d(y: i32, m: u32, day: u32) -> Date {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Noon UTC on a day.
pub fn noon(day: Date) -> Timestamp {
    chrono::Utc.from_utc_datetime(&day.and_hms_opt(12, 0, 0).unwrap())
}

pub struct Fx {
    pub ws: Workspace,
    pub ids: SeededIds,
}

impl Fx {
    pub fn new() -> Fx {
        let (ws, ids) = seeded();
        Fx { ws, ids }
    }

    pub fn stage(&self, name: &str) -> Id {
        self.ws
            .default_pipeline()
            .unwrap()
            .stages
            .iter()
            .find(|s| s.name == name)
            .unwrap_or_else(|| panic!("no stage {name}"))
            .id
            .clone()
    }

    pub fn rep(&mut self, name: &str, manager: Option<&Id>) -> Id {
        let id = self.ids.next_id();
        self.ws.put(
            Rep {
                id: id.clone(),
                name: name.into(),
                email: None,
                role: if manager.is_none() {
                    RepRole::Manager
                } else {
                    RepRole::Rep
                },
                manager_id: manager.cloned(),
                territory_id: None,
                active: true,
                created_at: now(),
                updated_at: now(),
            }
            .into(),
        );
        id
    }

    /// A deal of `owner` created on `created` that went through `path` (stage name,
    /// day entered), ending in the last one; closed on the day it entered a won or lost
    /// stage.
    #[allow(clippy::too_many_arguments)]
    pub fn deal(
        &mut self,
        owner: &Id,
        created: Date,
        path: &[(&str, Date)],
        amount: Option<i64>,
        currency: &str,
        expected: Option<Date>,
        account: Option<&Id>,
    ) -> Id {
        let id = self.ids.next_id();
        let mut x = deal(&self.ws, id.clone(), account.cloned());
        x.owner_id = Some(owner.clone());
        x.created_at = noon(created);
        x.amount = amount;
        x.currency = Currency::new(currency).unwrap();
        x.expected_close = expected;
        x.stage_history = path
            .iter()
            .map(|(s, day)| StageChange {
                stage_id: self.stage(s),
                at: noon(*day),
            })
            .collect();
        let (last, last_day) = path.last().expect("a path");
        x.stage_id = self.stage(last);
        let kind = self
            .ws
            .default_pipeline()
            .unwrap()
            .stage(&x.stage_id)
            .unwrap()
            .kind;
        x.closed_on = (kind != StageKind::Open).then_some(*last_day);
        if kind == StageKind::Lost {
            x.lost_reason = Some("Price".into());
        }
        x.updated_at = noon(*last_day);
        self.ws.put(x.into());
        id
    }

    pub fn account(&mut self, name: &str, since: Option<Date>, churned: Option<Date>) -> Id {
        let id = self.ids.next_id();
        let mut a = account(id.clone(), name);
        a.created_at = noon(d(2024, 1, 1));
        a.customer_since = since;
        a.churned_on = churned;
        a.status = match (since, churned) {
            (Some(s), Some(c)) if s > c => CustomerStatus::Customer,
            (_, Some(_)) => CustomerStatus::Churned,
            (Some(_), None) => CustomerStatus::Customer,
            _ => CustomerStatus::Prospect,
        };
        self.ws.put(a.into());
        id
    }

    pub fn lead(
        &mut self,
        created: Date,
        status: LeadStatus,
        deal: Option<&Id>,
        converted: Option<Date>,
    ) -> Id {
        let id = self.ids.next_id();
        // A converted lead became an account: the deal's, else any.
        let account = deal
            .and_then(|d| self.ws.deals.get(d))
            .and_then(|d| d.account_id.clone())
            .or_else(|| self.ws.sorted_ids(Kind::Account).into_iter().next())
            .unwrap_or_else(|| Id::from_string("acc"));
        self.ws.put(
            Lead {
                id: id.clone(),
                name: "Lead".into(),
                company: None,
                email: None,
                phone: None,
                title: None,
                company_size: None,
                source: Some("Webinar".into()),
                status,
                disqualified_reason: None,
                score: None,
                owner_id: None,
                conversion: converted.map(|on| LeadConversion {
                    account_id: account.clone(),
                    contact_id: None,
                    deal_id: deal.cloned(),
                    converted_on: on,
                }),
                created_at: noon(created),
                updated_at: noon(created),
            }
            .into(),
        );
        id
    }

    pub fn quota(&mut self, rep: Option<&Id>, kind: PeriodKind, start: Date, amount: i64) {
        let id = self.ids.next_id();
        self.ws.put(
            Quota {
                id,
                rep_id: rep.cloned(),
                team_of: None,
                period: kind,
                period_start: start,
                amount,
                currency: Currency::usd(),
                created_at: now(),
                updated_at: now(),
            }
            .into(),
        );
    }

    pub fn done(&mut self, owner: &Id, kind: ActivityKind, on: Date) {
        self.activity(owner, kind, Some(on));
    }

    pub fn activity(&mut self, owner: &Id, kind: ActivityKind, done: Option<Date>) {
        let id = self.ids.next_id();
        self.ws.put(
            Activity {
                id,
                kind,
                subject: "Touch".into(),
                notes: None,
                due: None,
                done: done.is_some(),
                done_at: done.map(noon),
                outcome: None,
                owner_id: Some(owner.clone()),
                deal_id: None,
                account_id: None,
                contact_id: None,
                lead_id: None,
                created_at: noon(d(2026, 6, 1)),
                updated_at: noon(d(2026, 6, 1)),
            }
            .into(),
        );
    }

    pub fn spend(&mut self, start: Date, end: Date, amount: i64) {
        let id = self.ids.next_id();
        self.ws.put(
            Spend {
                id,
                period_start: start,
                period_end: end,
                amount,
                currency: Currency::usd(),
                category: None,
                created_at: now(),
                updated_at: now(),
            }
            .into(),
        );
    }

    pub fn rate(&mut self, currency: &str, from: Date, rate: &str) {
        let id = self.ids.next_id();
        self.ws.put(
            ExchangeRate {
                id,
                currency: Currency::new(currency).unwrap(),
                quote: self.ws.settings.home_currency.clone(),
                valid_from: from,
                rate: Rate::parse(rate).unwrap(),
                created_at: now(),
                updated_at: now(),
            }
            .into(),
        );
    }

    pub fn set_mrr(&mut self, deal: &Id, mrr: i64) {
        let mut x = self.ws.deals.get(deal).unwrap().clone();
        x.mrr = Some(mrr);
        self.ws.put(x.into());
    }
}

/// The hand-computed workspace (every number is derived in `tests.rs`).
pub struct Known {
    pub fx: Fx,
    pub mia: Id,
    pub ana: Id,
    pub bo: Id,
    pub w1: Id,
    pub w2: Id,
    pub w3: Id,
    pub c1: Id,
    pub l1: Id,
    pub o1: Id,
    pub o2: Id,
    pub o3: Id,
    pub r1: Id,
}

pub const TODAY: (i32, u32, u32) = (2026, 11, 22);

pub fn today() -> Date {
    d(TODAY.0, TODAY.1, TODAY.2)
}

pub fn known() -> Known {
    let mut fx = Fx::new();
    let mia = fx.rep("Mia", None);
    let ana = fx.rep("Ana", Some(&mia));
    let bo = fx.rep("Bo", Some(&mia));
    fx.rate("EUR", d(2026, 1, 1), "1.2");
    let a1 = fx.account("Always", Some(d(2025, 1, 1)), None);
    let _a2 = fx.account("Leaving", Some(d(2025, 6, 1)), Some(d(2026, 11, 15)));
    let _a3 = fx.account("Came back", Some(d(2026, 10, 20)), Some(d(2026, 2, 1)));
    let a4 = fx.account("New", Some(d(2026, 10, 5)), None);
    let _a5 = fx.account("Prospect", None, None);
    // Won in Q4 2026.
    let w1 = fx.deal(
        &ana,
        d(2026, 9, 1),
        &[("Prospecting", d(2026, 9, 1)), ("Won", d(2026, 10, 11))],
        Some(1_000_000),
        "USD",
        None,
        Some(&a1),
    );
    let w2 = fx.deal(
        &ana,
        d(2026, 10, 1),
        &[("Prospecting", d(2026, 10, 1)), ("Won", d(2026, 10, 21))],
        Some(2_000_000),
        "USD",
        None,
        Some(&a4),
    );
    let w3 = fx.deal(
        &bo,
        d(2026, 8, 2),
        &[("Prospecting", d(2026, 8, 2)), ("Won", d(2026, 11, 20))],
        Some(500_000),
        "EUR",
        None,
        None,
    );
    let c1 = fx.deal(
        &bo,
        d(2026, 10, 6),
        &[("Prospecting", d(2026, 10, 6)), ("Won", d(2026, 11, 5))],
        Some(400_000_000),
        "COP",
        None,
        None,
    );
    fx.set_mrr(&w1, 100_000);
    fx.set_mrr(&w2, 50_000);
    // Lost in Q4.
    let l1 = fx.deal(
        &bo,
        d(2026, 10, 5),
        &[("Prospecting", d(2026, 10, 5)), ("Lost", d(2026, 11, 1))],
        Some(900_000),
        "USD",
        None,
        None,
    );
    // Closed in Q3.
    fx.deal(
        &ana,
        d(2026, 6, 1),
        &[("Prospecting", d(2026, 6, 1)), ("Won", d(2026, 7, 15))],
        Some(800_000),
        "USD",
        None,
        None,
    );
    fx.deal(
        &bo,
        d(2026, 7, 1),
        &[("Prospecting", d(2026, 7, 1)), ("Lost", d(2026, 8, 1))],
        Some(100_000),
        "USD",
        None,
        None,
    );
    // Open now.
    let o1 = fx.deal(
        &ana,
        d(2026, 10, 10),
        &[
            ("Prospecting", d(2026, 10, 10)),
            ("Proposal", d(2026, 10, 20)),
        ],
        Some(3_000_000),
        "USD",
        Some(d(2026, 12, 15)),
        None,
    );
    let o2 = fx.deal(
        &bo,
        d(2026, 11, 1),
        &[
            ("Prospecting", d(2026, 11, 1)),
            ("Discovery", d(2026, 11, 10)),
        ],
        Some(1_200_000),
        "USD",
        Some(d(2027, 1, 20)),
        None,
    );
    let o3 = fx.deal(
        &ana,
        d(2026, 11, 10),
        &[("Prospecting", d(2026, 11, 10))],
        None,
        "USD",
        Some(d(2026, 12, 1)),
        None,
    );
    // Won on Oct 12, reopened on Oct 30: open again, not won.
    let r1 = fx.deal(
        &ana,
        d(2026, 9, 15),
        &[
            ("Prospecting", d(2026, 9, 15)),
            ("Won", d(2026, 10, 12)),
            ("Negotiation", d(2026, 10, 30)),
        ],
        Some(5_000_000),
        "USD",
        Some(d(2027, 2, 1)),
        None,
    );
    for (id, name) in [
        (&w1, "Always: annual plan"),
        (&w2, "New Co: first order"),
        (&w3, "Berlin expansion"),
        (&c1, "Bogotá rollout"),
        (&l1, "Lost to a competitor"),
        (&o1, "Big proposal"),
        (&o2, "Discovery call"),
        (&o3, "No amount yet"),
        (&r1, "Reopened renewal"),
    ] {
        let mut x = fx.ws.deals.get(id).unwrap().clone();
        x.name = name.into();
        fx.ws.put(x.into());
    }
    // Leads: four created in Q4 (two became deals), two in Q3 (one converted in Q4).
    fx.lead(
        d(2026, 10, 3),
        LeadStatus::Converted,
        Some(&o1),
        Some(d(2026, 10, 10)),
    );
    let source = fx.lead(d(2026, 10, 15), LeadStatus::Qualified, None, None);
    let mut x = fx.ws.deals.get(&o2).unwrap().clone();
    x.source_lead_id = Some(source);
    fx.ws.put(x.into());
    fx.lead(d(2026, 10, 20), LeadStatus::Working, None, None);
    fx.lead(d(2026, 11, 2), LeadStatus::Disqualified, None, None);
    fx.lead(
        d(2026, 8, 10),
        LeadStatus::Converted,
        Some(&w2),
        Some(d(2026, 10, 20)),
    );
    fx.lead(d(2026, 9, 1), LeadStatus::New, None, None);
    // Quotas for Q4.
    fx.quota(Some(&ana), PeriodKind::Quarter, d(2026, 10, 1), 4_000_000);
    fx.quota(Some(&bo), PeriodKind::Quarter, d(2026, 10, 1), 3_000_000);
    fx.quota(None, PeriodKind::Quarter, d(2026, 10, 1), 6_000_000);
    // Spend: $10,000 a month in Q4.
    for m in [10, 11, 12] {
        let start = d(2026, m, 1);
        let end = (start + chrono::Months::new(1)) - chrono::Days::new(1);
        fx.spend(start, end, 1_000_000);
    }
    fx.ws.settings.gross_margin_pct = Some(80.0);
    // Activities completed in Q4, and some that do not count.
    fx.done(&ana, ActivityKind::Call, d(2026, 10, 2));
    fx.done(&ana, ActivityKind::Call, d(2026, 11, 3));
    fx.done(&ana, ActivityKind::Demo, d(2026, 11, 4));
    fx.done(&bo, ActivityKind::Email, d(2026, 10, 9));
    fx.done(&bo, ActivityKind::Meeting, d(2026, 11, 21));
    fx.done(&ana, ActivityKind::Task, d(2026, 10, 2));
    fx.done(&ana, ActivityKind::Call, d(2026, 9, 30));
    fx.activity(&ana, ActivityKind::Call, None);
    Known {
        fx,
        mia,
        ana,
        bo,
        w1,
        w2,
        w3,
        c1,
        l1,
        o1,
        o2,
        o3,
        r1,
    }
}
