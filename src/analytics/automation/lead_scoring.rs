//! Lead scoring in the open: a points model (fit + engagement) whose every point is
//! listed, and a naive Bayes model learned from this workspace's converted and
//! disqualified leads, with its holdout accuracy, used only when the sample is big
//! enough.
//!
//! Fit reads what a lead has: its source, its e-mail (a company domain or a free
//! mailbox), a phone number, and — when its company is already an account — that
//! account's segment and industry. Engagement counts the lead's activities in the
//! last 30 days, each weighted by `0.5^(age / 10 days)` (a call today counts 1, ten
//! days ago 0.5).

use crate::domain::{Id, Lead, LeadStatus, Segment, Timestamp, Workspace};
use std::collections::HashMap;

/// How a lead's score is made, for the help page.
pub const SCORING_RULE: &str = "A lead's score (0–100) adds points for what is known about it: its source (Referral 25, Partner 20, Webinar 15, Event 15, Website 10), its company's segment when the company is already an account (Enterprise 25, SaaS 20, B2B 15, B2C 5), a company e-mail address (+10; a free mailbox −5), a phone number (+5), and its activities in the last 30 days (8 points each, halved for every 10 days of age, at most 30). Every lead shows the points behind its score.";

/// Free mailboxes: an address there says nothing about a company.
const FREE_MAIL: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "hotmail.com",
    "outlook.com",
    "live.com",
    "aol.com",
    "icloud.com",
    "me.com",
    "gmx.com",
    "gmx.de",
    "web.de",
    "proton.me",
    "protonmail.com",
    "mail.com",
    "yandex.ru",
];

/// What scoring knows about one lead.
#[derive(Clone, Debug, PartialEq)]
pub struct LeadFacts {
    pub source: Option<String>,
    pub segment: Option<Segment>,
    pub industry: Option<String>,
    /// `Some(true)` for a company domain, `Some(false)` for a free mailbox.
    pub business_email: Option<bool>,
    pub has_phone: bool,
    /// Activities in the last 30 days, decayed (see the module comment).
    pub engagement: f64,
}

/// The points model; every weight is the user's to change.
#[derive(Clone, Debug, PartialEq)]
pub struct PointsModel {
    /// Points per source (matched without case), e.g. "Referral" → 20.
    pub source: Vec<(String, i32)>,
    pub segment: Vec<(Segment, i32)>,
    /// Points per industry (matched without case).
    pub industry: Vec<(String, i32)>,
    pub business_email: i32,
    pub free_email: i32,
    pub phone: i32,
    /// Points per decayed activity, capped at `engagement_cap`.
    pub per_activity: f64,
    pub engagement_cap: i32,
}

impl Default for PointsModel {
    fn default() -> Self {
        let s = |v: &[(&str, i32)]| v.iter().map(|(k, p)| (k.to_string(), *p)).collect();
        PointsModel {
            source: s(&[
                ("Referral", 25),
                ("Partner", 20),
                ("Webinar", 15),
                ("Event", 15),
                ("Website", 10),
                ("Cold outreach", 0),
            ]),
            segment: vec![
                (Segment::Enterprise, 25),
                (Segment::SaaS, 20),
                (Segment::B2B, 15),
                (Segment::B2C, 5),
            ],
            industry: Vec::new(),
            business_email: 10,
            free_email: -5,
            phone: 5,
            per_activity: 8.0,
            engagement_cap: 30,
        }
    }
}

/// One line of a score's explanation: "Source Referral: +25".
#[derive(Clone, Debug, PartialEq)]
pub struct Reason {
    pub label: String,
    pub points: i32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Score {
    /// 0–100.
    pub value: u8,
    pub reasons: Vec<Reason>,
}

impl Score {
    /// "Source Referral +25 · Company e-mail +10 · 2 recent activities +16".
    pub fn explain(&self) -> String {
        if self.reasons.is_empty() {
            return "Nothing known yet scores points".into();
        }
        self.reasons
            .iter()
            .map(|r| format!("{} {:+}", r.label, r.points))
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// Facts for every lead, in one pass over accounts and activities.
pub fn facts(ws: &Workspace, now: Timestamp) -> HashMap<Id, LeadFacts> {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let accounts: HashMap<String, &crate::domain::Account> =
        ws.accounts.values().map(|a| (norm(&a.name), a)).collect();
    let mut engagement: HashMap<&Id, f64> = HashMap::new();
    for a in ws.activities.values() {
        let Some(l) = &a.lead_id else { continue };
        let at = a.done_at.unwrap_or(a.created_at);
        let age = (now - at).num_seconds() as f64 / 86_400.0;
        if (0.0..=30.0).contains(&age) {
            *engagement.entry(l).or_default() += 0.5f64.powf(age / 10.0);
        }
    }
    ws.leads
        .values()
        .map(|l| {
            let account = l.company.as_deref().and_then(|c| accounts.get(&norm(c)));
            let business_email = l
                .email
                .as_deref()
                .and_then(|e| e.rsplit_once('@'))
                .map(|(_, d)| !FREE_MAIL.contains(&d.trim().to_lowercase().as_str()));
            (
                l.id.clone(),
                LeadFacts {
                    source: l.source.clone(),
                    segment: account.and_then(|a| a.segment),
                    industry: account.and_then(|a| a.industry.clone()),
                    business_email,
                    has_phone: l.phone.is_some(),
                    engagement: engagement.get(&l.id).copied().unwrap_or(0.0),
                },
            )
        })
        .collect()
}

impl PointsModel {
    pub fn score(&self, f: &LeadFacts) -> Score {
        let mut reasons = Vec::new();
        let mut add = |label: String, points: i32| {
            if points != 0 {
                reasons.push(Reason { label, points });
            }
        };
        if let Some(s) = &f.source {
            if let Some((k, p)) = self.source.iter().find(|(k, _)| k.eq_ignore_ascii_case(s)) {
                add(format!("Source {k}"), *p);
            }
        }
        if let Some(seg) = f.segment {
            if let Some((_, p)) = self.segment.iter().find(|(k, _)| *k == seg) {
                add(format!("Segment {}", seg.label()), *p);
            }
        }
        if let Some(i) = &f.industry {
            if let Some((k, p)) = self
                .industry
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(i))
            {
                add(format!("Industry {k}"), *p);
            }
        }
        match f.business_email {
            Some(true) => add("Company e-mail".into(), self.business_email),
            Some(false) => add("Free e-mail address".into(), self.free_email),
            None => {}
        }
        if f.has_phone {
            add("Phone number".into(), self.phone);
        }
        let eng = ((f.engagement * self.per_activity).round() as i32).min(self.engagement_cap);
        if eng > 0 {
            add(
                format!("Recent activity ({:.1} weighted in 30 days)", f.engagement),
                eng,
            );
        }
        let total: i32 = reasons.iter().map(|r| r.points).sum();
        Score {
            value: total.clamp(0, 100) as u8,
            reasons,
        }
    }
}

/// The features the learned model sees: each a yes/no fact.
fn features(f: &LeadFacts) -> Vec<String> {
    let mut v = vec![
        format!(
            "source={}",
            f.source.as_deref().unwrap_or("").to_lowercase()
        ),
        format!("segment={}", f.segment.map(|s| s.label()).unwrap_or("")),
        format!(
            "industry={}",
            f.industry.as_deref().unwrap_or("").to_lowercase()
        ),
        format!("email={:?}", f.business_email),
        format!("phone={}", f.has_phone),
    ];
    let eng = if f.engagement >= 2.0 {
        "high"
    } else if f.engagement > 0.0 {
        "some"
    } else {
        "none"
    };
    v.push(format!("engagement={eng}"));
    v
}

/// A naive Bayes model of "converts" against "is disqualified", with Laplace
/// smoothing, learned from closed-out leads.
#[derive(Clone, Debug, PartialEq)]
pub struct LearnedModel {
    prior: [f64; 2],
    /// feature → [count among disqualified, count among converted].
    counts: HashMap<String, [f64; 2]>,
    totals: [f64; 2],
    /// Share of the holdout predicted right.
    pub holdout_accuracy: f64,
    /// The share the majority class alone would get right on the same holdout.
    pub holdout_baseline: f64,
    pub trained_on: usize,
    pub holdout: usize,
}

/// Fewer closed-out leads than this and the learned model is not offered.
pub const MIN_SAMPLE: usize = 30;

#[derive(Clone, Debug, PartialEq)]
pub enum Learned {
    Ready(LearnedModel),
    /// Not enough converted and disqualified leads yet: (have, need).
    TooFew(usize, usize),
}

impl LearnedModel {
    fn fit(rows: &[(&LeadFacts, bool)]) -> LearnedModel {
        let mut counts: HashMap<String, [f64; 2]> = HashMap::new();
        let mut n = [0.0f64; 2];
        for (f, y) in rows {
            let c = *y as usize;
            n[c] += 1.0;
            for k in features(f) {
                counts.entry(k).or_default()[c] += 1.0;
            }
        }
        let total = (n[0] + n[1]).max(1.0);
        LearnedModel {
            prior: [(n[0] + 1.0) / (total + 2.0), (n[1] + 1.0) / (total + 2.0)],
            counts,
            totals: n,
            holdout_accuracy: 0.0,
            holdout_baseline: 0.0,
            trained_on: rows.len(),
            holdout: 0,
        }
    }

    /// P(converts) and each feature's pull in log-odds (positive helps).
    pub fn predict(&self, f: &LeadFacts) -> (f64, Vec<(String, f64)>) {
        let mut logit = (self.prior[1] / self.prior[0]).ln();
        let mut pulls = Vec::new();
        for k in features(f) {
            let c = self.counts.get(&k).copied().unwrap_or([0.0; 2]);
            // Each feature is one of a few values: smooth over two outcomes.
            let p1 = (c[1] + 1.0) / (self.totals[1] + 2.0);
            let p0 = (c[0] + 1.0) / (self.totals[0] + 2.0);
            let w = (p1 / p0).ln();
            logit += w;
            pulls.push((k, w));
        }
        pulls.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
        (1.0 / (1.0 + (-logit).exp()), pulls)
    }
}

/// Learns from converted (yes) and disqualified (no) leads: every fifth lead by id
/// is held out, the model is fitted on the rest, and its accuracy on the held-out
/// ones is reported next to always guessing the larger class.
pub fn learn(ws: &Workspace, facts: &HashMap<Id, LeadFacts>) -> Learned {
    let mut closed: Vec<(&Lead, bool)> = ws
        .leads
        .values()
        .filter_map(|l| match l.status {
            LeadStatus::Converted => Some((l, true)),
            LeadStatus::Disqualified => Some((l, false)),
            _ => None,
        })
        .collect();
    if closed.len() < MIN_SAMPLE {
        return Learned::TooFew(closed.len(), MIN_SAMPLE);
    }
    closed.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    let rows: Vec<(&LeadFacts, bool)> = closed
        .iter()
        .filter_map(|(l, y)| facts.get(&l.id).map(|f| (f, *y)))
        .collect();
    let (test, train): (Vec<_>, Vec<_>) = rows.iter().enumerate().partition(|(i, _)| i % 5 == 0);
    let train: Vec<(&LeadFacts, bool)> = train.into_iter().map(|(_, r)| *r).collect();
    let mut m = LearnedModel::fit(&train);
    let right = test
        .iter()
        .filter(|(_, (f, y))| (m.predict(f).0 >= 0.5) == *y)
        .count();
    let yes = test.iter().filter(|(_, (_, y))| *y).count();
    m.holdout = test.len();
    m.holdout_accuracy = right as f64 / test.len().max(1) as f64;
    m.holdout_baseline = yes.max(test.len() - yes) as f64 / test.len().max(1) as f64;
    Learned::Ready(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::entities::{Activity, ActivityKind};
    use crate::domain::workspace::tests::{account, now, seeded};
    use chrono::Duration;

    fn lead(id: Id, source: &str, email: &str, status: LeadStatus) -> Lead {
        Lead {
            id,
            name: "Lead".into(),
            company: Some("Acme".into()),
            email: Some(email.into()),
            phone: None,
            source: Some(source.into()),
            status,
            disqualified_reason: None,
            score: None,
            owner_id: None,
            conversion: None,
            created_at: now(),
            updated_at: now(),
        }
    }

    #[test]
    fn points_add_up_by_hand_and_explain_themselves() {
        let (mut ws, mut ids) = seeded();
        let mut acme = account(ids.next_id(), "ACME ");
        acme.segment = Some(Segment::Enterprise);
        ws.put(acme.into());
        let l = lead(ids.next_id(), "referral", "ana@acme.com", LeadStatus::New);
        let lid = l.id.clone();
        ws.put(l.into());
        // A call today (weight 1) and one ten days ago (0.5): 1.5 × 8 = 12 points.
        for days in [0, 10] {
            let at = now() - Duration::days(days);
            ws.put(
                Activity {
                    id: ids.next_id(),
                    kind: ActivityKind::Call,
                    subject: "Call".into(),
                    notes: None,
                    due: None,
                    done: true,
                    done_at: Some(at),
                    outcome: None,
                    owner_id: None,
                    deal_id: None,
                    account_id: None,
                    contact_id: None,
                    lead_id: Some(lid.clone()),
                    created_at: at,
                    updated_at: at,
                }
                .into(),
            );
        }
        let f = facts(&ws, now());
        let s = PointsModel::default().score(&f[&lid]);
        // Referral 25 + Enterprise 25 + company e-mail 10 + engagement 12 = 72.
        assert_eq!(s.value, 72);
        assert_eq!(
            s.explain(),
            "Source Referral +25 · Segment Enterprise +25 · Company e-mail +10 · Recent activity (1.5 weighted in 30 days) +12"
        );
        // A free mailbox costs points; nothing known scores nothing.
        let mut g = lead(ids.next_id(), "Unknown", "x@gmail.com", LeadStatus::New);
        g.company = None;
        let gid = g.id.clone();
        ws.put(g.into());
        let s = PointsModel::default().score(&facts(&ws, now())[&gid]);
        assert_eq!(s.value, 0);
        assert_eq!(s.explain(), "Free e-mail address -5");
    }

    #[test]
    fn learned_model_needs_a_sample_and_beats_chance_on_a_known_signal() {
        let (mut ws, mut ids) = seeded();
        for i in 0..10 {
            ws.put(lead(ids.next_id(), "Referral", "a@b.com", LeadStatus::Converted).into());
            let _ = i;
        }
        let f = facts(&ws, now());
        assert_eq!(learn(&ws, &f), Learned::TooFew(10, MIN_SAMPLE));

        // 400 leads: referrals with company e-mail convert 85% of the time, cold
        // outreach from free mailboxes 15%; a deterministic generator decides.
        let (mut ws, mut ids) = seeded();
        let mut state = 7u64;
        let mut below = |n: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % n
        };
        for _ in 0..400 {
            let good = below(2) == 0;
            let converts = below(100) < if good { 85 } else { 15 };
            let status = if converts {
                LeadStatus::Converted
            } else {
                LeadStatus::Disqualified
            };
            let l = if good {
                lead(ids.next_id(), "Referral", "x@corp.com", status)
            } else {
                lead(ids.next_id(), "Cold outreach", "x@gmail.com", status)
            };
            ws.put(l.into());
        }
        let f = facts(&ws, now());
        let Learned::Ready(m) = learn(&ws, &f) else {
            panic!("enough leads")
        };
        assert_eq!(m.holdout, 80);
        assert!(m.holdout_accuracy > 0.7, "{}", m.holdout_accuracy);
        assert!(m.holdout_accuracy > m.holdout_baseline, "{m:?}");
        let good = f
            .values()
            .find(|x| x.source.as_deref() == Some("Referral"))
            .unwrap();
        let (p, pulls) = m.predict(good);
        assert!(p > 0.7);
        assert!(pulls[0].1 > 0.0);
    }
}
