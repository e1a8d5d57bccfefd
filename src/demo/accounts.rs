//! One account at a time: the account, its contacts, the lead it came from, its deals
//! (new business, expansions, subscription renewals) and their activities. Whether the
//! account is a customer, and whether it churned, follows from its deals.

use super::activities::{self, Links};
use super::deals::{self, DealInput, DealKind, Outcome};
use super::names;
use super::people;
use super::plan::work_minute;
use super::rng::Rng;
use super::State;
use crate::domain::{
    Account, ActivityKind, Contact, CustomerStatus, Id, Lead, LeadConversion, LeadStatus, Record,
    Segment,
};
use chrono::Datelike;

pub(super) fn phone(rng: &mut Rng, region: &str) -> String {
    match region {
        "EMEA" => format!("+44 20 7946 {:04}", rng.between(0, 9_999)),
        "APAC" => format!("+61 2 5550 {:04}", rng.between(0, 9_999)),
        _ => format!(
            "+1 555 {:03} {:04}",
            rng.between(100, 999),
            rng.between(0, 9_999)
        ),
    }
}

/// How much a lead source lifts (or lowers) the chance of winning its deal.
fn source_boost(source: &str) -> f64 {
    match source {
        "Referral" => 1.3,
        "Partner" => 1.2,
        "Event" => 1.0,
        "Webinar" => 0.95,
        "Website" => 0.9,
        _ => 0.85,
    }
}

struct Person {
    id: Id,
    day: i64,
}

/// Writes account number `i` of the plan and everything that belongs to it.
pub(super) fn account_unit(st: &mut State, i: usize, out: &mut Vec<Record>) {
    let last = st.clock.last();
    let a_day = st.plan.account_days[i];
    let n_deals = st.plan.account_deals[i] as usize;
    let rep = st.world.pick_rep(&mut st.rng, a_day);
    let (region, territory_segment, territory_id, size_mult) = {
        let r = &st.world.reps[rep];
        let t = &st.world.territories[r.territory];
        (t.region, t.segment, t.id.clone(), r.size_mult)
    };
    // Mostly the territory's segment; now and then another (rarely an enterprise).
    let segment = if st.rng.chance(0.85) {
        territory_segment
    } else {
        [
            Segment::B2B,
            Segment::SaaS,
            Segment::B2C,
            Segment::Enterprise,
        ][st.rng.weighted(&[4.0, 3.0, 2.0, 1.0])]
    };
    let company = names::company(st.plan.name_offset, i);
    let domain = format!("{}.{}", company.stem, people::tld(region));
    let account_id = st.ids.next_id();
    let profile = deals::profile(segment);
    let subscription = segment == Segment::SaaS || (segment == Segment::B2B && st.rng.chance(0.3));

    // Contacts: the first one is the main contact (a decision maker).
    let n_contacts = st.rng.between(profile.contacts.0, profile.contacts.1) as usize;
    let mut people_here: Vec<Person> = Vec::with_capacity(n_contacts);
    let mut contacts: Vec<Contact> = Vec::with_capacity(n_contacts);
    for c in 0..n_contacts {
        let (first, last_name) = names::person(&mut st.rng);
        let title = if c == 0 || st.rng.chance(0.2) {
            st.rng.pick(names::DECISION_TITLES)
        } else {
            st.rng.pick(names::OTHER_TITLES)
        };
        let day = if c == 0 {
            a_day
        } else {
            (a_day + st.rng.between(0, 45)).min(last)
        };
        let at = st.clock.ts(day, work_minute(&mut st.rng));
        let id = st.ids.next_id();
        people_here.push(Person {
            id: id.clone(),
            day,
        });
        contacts.push(Contact {
            id,
            account_id: account_id.clone(),
            name: format!("{first} {last_name}"),
            title: Some(title.to_string()),
            email: Some(names::email(first, last_name, &domain)),
            phone: st.rng.chance(0.8).then(|| phone(&mut st.rng, region)),
            created_at: at,
            updated_at: at,
        });
    }

    // When each deal is created: the first soon after the account, the others later.
    let from_lead = n_deals > 0
        && st.rng.chance(match segment {
            Segment::Enterprise => 0.35,
            Segment::B2C => 0.7,
            _ => 0.55,
        });
    let mut deal_days: Vec<i64> = Vec::with_capacity(n_deals);
    if n_deals > 0 {
        let first = if from_lead {
            a_day
        } else {
            (a_day + st.rng.between(0, 6)).min(last)
        };
        deal_days.push(first);
        let lo = (first + 21).min(last);
        // Repeat business comes more often lately (more customers, more to sell).
        for _ in 1..n_deals {
            let a = st.rng.between(lo, last);
            let b = st.rng.between(lo, last);
            deal_days.push(if st.rng.chance(0.5) { a.max(b) } else { a });
        }
        deal_days[1..].sort_unstable();
    }

    let mut lead: Option<Lead> = None;
    let mut first_deal_at = None;
    // (kind, outcome, amount)
    let mut results: Vec<(DealKind, Outcome, i64)> = Vec::with_capacity(n_deals);
    // A won subscription comes up for renewal a year after it closed.
    let mut renewal_due: Option<(i64, i64)> = None;
    for (k, &planned_day) in deal_days.iter().enumerate() {
        let mut kind = if k == 0 {
            DealKind::New
        } else {
            DealKind::Expansion
        };
        let mut created = planned_day;
        let mut amount = 0;
        if let Some((due, previous)) = renewal_due {
            let start = due - st.rng.between(30, 50);
            if start <= last && st.rng.chance(0.75) {
                kind = DealKind::Renewal;
                created = start;
                let uplift = st.rng.uniform(1.0, 1.12);
                amount = deals::round_dollars(previous as f64 / 100.0 * uplift, profile.round);
                renewal_due = None;
            }
        }
        match kind {
            DealKind::New => amount = deals::amount(&mut st.rng, segment, size_mult),
            DealKind::Expansion => {
                let base = deals::amount(&mut st.rng, segment, size_mult) as f64 / 100.0;
                amount = deals::round_dollars(base * st.rng.uniform(0.2, 0.5), profile.round);
            }
            DealKind::Renewal => {}
        }
        let mrr = subscription.then_some(amount / 12);
        let name = match kind {
            DealKind::New => format!("{} — {}", company.name, st.rng.pick(names::PRODUCTS)),
            DealKind::Expansion => {
                format!("{} — {}", company.name, st.rng.pick(names::EXPANSIONS))
            }
            DealKind::Renewal => format!(
                "{} — Renewal {}",
                company.name,
                st.clock.date(created).year()
            ),
        };
        // The deal's contacts: the main contact and others who were there by then.
        let known: Vec<&Person> = people_here.iter().filter(|p| p.day <= created).collect();
        let mut deal_contacts = vec![people_here[0].id.clone()];
        for p in known.iter().skip(1) {
            if st.rng.chance(0.35) {
                deal_contacts.push(p.id.clone());
            }
        }
        let deal_id = st.ids.next_id();
        let mut win_boost = 1.0;
        let mut source_lead = None;
        if k == 0 && from_lead {
            let source_i = st.rng.weighted(names::CONVERTED_SOURCE_WEIGHTS);
            let source = names::LEAD_SOURCES[source_i];
            win_boost = source_boost(source);
            let lead_id = st.ids.next_id();
            source_lead = Some(lead_id.clone());
            let c = &contacts[0];
            let lead_day = created - st.rng.between(2, 30);
            let owner = st.world.owner_at(rep, created);
            let owner_id = st.world.reps[owner].id.clone();
            // Before it was converted, the lead was worked: a call or two, an email.
            let lead_links = Links {
                lead: Some(lead_id.clone()),
                ..Links::default()
            };
            for _ in 0..st.rng.between(0, 2) {
                let day = st.rng.between(lead_day, created);
                let (kind, subject) = if st.rng.chance(0.6) {
                    (ActivityKind::Call, "Intro call with lead")
                } else {
                    (ActivityKind::Email, "Replied to enquiry")
                };
                let a = activities::done(st, kind, subject, day, &owner_id, &lead_links);
                out.push(Record::Activity(a));
            }
            // The person who came in as the lead is not always the decision maker
            // who became the main contact (drawn on the lead's own random source so
            // the rest of the demo does not shift).
            let mut side = super::leads::side_rng(&lead_id);
            let lead_size = super::leads::company_size(&mut side, Some(segment));
            let lead_title = if side.chance(0.6) {
                c.title.clone()
            } else {
                Some(side.pick(names::OTHER_TITLES).to_string())
            };
            lead = Some(Lead {
                id: lead_id,
                name: c.name.clone(),
                company: Some(company.name.clone()),
                email: c.email.clone(),
                phone: c.phone.clone(),
                title: lead_title,
                company_size: Some(lead_size),
                source: Some(source.to_string()),
                status: LeadStatus::Converted,
                disqualified_reason: None,
                score: Some(st.rng.between(55, 95) as u8),
                owner_id: Some(owner_id),
                conversion: Some(LeadConversion {
                    account_id: account_id.clone(),
                    contact_id: Some(c.id.clone()),
                    deal_id: Some(deal_id.clone()),
                    converted_on: st.clock.date(created),
                }),
                created_at: st.clock.ts(lead_day, work_minute(&mut st.rng)),
                // Set to the conversion moment below.
                updated_at: st.clock.ts(lead_day, 0),
            });
        }
        let result = deals::simulate(
            st,
            DealInput {
                id: deal_id,
                name,
                account_id: account_id.clone(),
                contacts: deal_contacts,
                segment,
                rep,
                kind,
                created,
                amount,
                mrr,
                source_lead,
                win_boost,
            },
            out,
        );
        if k == 0 {
            // The account and its main contact exist from the first deal on (a
            // converted lead creates all three at once).
            first_deal_at = Some(result.deal.created_at);
            contacts[0].created_at = contacts[0].created_at.min(result.deal.created_at);
            if let Some(l) = lead.as_mut() {
                l.updated_at = result.deal.created_at.max(l.created_at);
            }
        }
        match result.outcome {
            Outcome::Won(day) => {
                st.stats.won[result.owner][st.clock.quarter(day)] += amount;
                st.stats.closed[result.owner].0 += 1;
                if subscription {
                    renewal_due = Some((day + 365, amount));
                }
            }
            Outcome::Lost(_) => st.stats.closed[result.owner].1 += 1,
            Outcome::Open => {}
        }
        results.push((kind, result.outcome, amount));
        out.push(Record::Deal(result.deal));
    }

    // Customer since the first win; churned after a lost renewal (with no win since),
    // or, now and then, after a long quiet spell.
    let first_win = results
        .iter()
        .filter_map(|(_, o, amt)| match o {
            Outcome::Won(d) => Some((*d, *amt)),
            _ => None,
        })
        .min();
    let mut churned_on = None;
    if first_win.is_some() {
        let last_win = results
            .iter()
            .filter_map(|(_, o, _)| match o {
                Outcome::Won(d) => Some(*d),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        let lost_renewal = results
            .iter()
            .filter_map(|(k, o, _)| match (k, o) {
                (DealKind::Renewal, Outcome::Lost(d)) => Some(*d),
                _ => None,
            })
            .max();
        if let Some(d) = lost_renewal.filter(|d| *d > last_win) {
            churned_on = Some(d);
        } else {
            let open = results.iter().any(|(_, o, _)| *o == Outcome::Open);
            let last_close = results
                .iter()
                .filter_map(|(_, o, _)| match o {
                    Outcome::Won(d) | Outcome::Lost(d) => Some(*d),
                    Outcome::Open => None,
                })
                .max()
                .unwrap_or(last);
            if !open && last - last_close >= 150 && st.rng.chance(0.3) {
                churned_on = Some(last_close + st.rng.between(90, last - last_close - 1));
            }
        }
    }
    if let Some((day, amt)) = first_win {
        st.stats.new_customers[st.clock.month(day)] += 1;
        st.stats.first_won_total += amt;
        st.stats.first_won_count += 1;
    }
    let status = match (first_win, churned_on) {
        (None, _) => CustomerStatus::Prospect,
        (Some(_), None) => CustomerStatus::Customer,
        (Some(_), Some(_)) => CustomerStatus::Churned,
    };

    // A prospect without deals got at least an email now and then.
    if n_deals == 0 && st.rng.chance(0.6) {
        let day = (a_day + st.rng.between(0, 10)).min(last);
        let owner = st.world.reps[st.world.owner_at(rep, day)].id.clone();
        let links = Links {
            account: Some(account_id.clone()),
            contact: Some(contacts[0].id.clone()),
            ..Links::default()
        };
        let a = activities::done(st, ActivityKind::Email, "Intro email", day, &owner, &links);
        out.push(Record::Activity(a));
    }

    let mut created_at = st.clock.ts(a_day, work_minute(&mut st.rng));
    if let Some(at) = first_deal_at {
        created_at = created_at.min(at);
    }
    let changed = [first_win.map(|(d, _)| d), churned_on]
        .into_iter()
        .flatten()
        .max();
    let updated_at = changed
        .map(|d| st.clock.ts(d, 18 * 60 + st.rng.between(0, 300)))
        .unwrap_or(created_at)
        .max(created_at);
    let owner = st.world.owner_at(rep, last);
    out.push(Record::Account(Account {
        id: account_id,
        name: company.name,
        domain: Some(domain),
        industry: Some(company.industry.to_string()),
        segment: Some(segment),
        territory_id: Some(territory_id),
        owner_id: Some(st.world.reps[owner].id.clone()),
        status,
        customer_since: first_win.map(|(d, _)| st.clock.date(d)),
        churned_on: churned_on.map(|d| st.clock.date(d)),
        created_at,
        updated_at,
    }));
    out.extend(contacts.into_iter().map(Record::Contact));
    if let Some(l) = lead {
        out.push(Record::Lead(l));
    }
}
