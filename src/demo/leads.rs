//! Leads that did not become deals (yet): new ones still to call, some being worked,
//! a few qualified, most of the old ones disqualified. Converted leads are written with
//! the accounts and deals they became (see `accounts.rs`).

use super::accounts::phone;
use super::activities::{self, Links};
use super::names;
use super::people;
use super::plan::work_minute;
use super::rng::Rng;
use super::State;
use crate::domain::{ActivityKind, Id, Lead, LeadStatus, Record, Segment};

/// A random source of its own per lead (seeded by its id), so a lead's title and
/// company size do not shift every other draw of the demo.
pub(super) fn side_rng(id: &Id) -> Rng {
    let seed = id.as_str().bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    });
    Rng::new(seed)
}

/// Employees of a lead's company: enterprises are big, consumer shops small.
pub(super) fn company_size(rng: &mut Rng, segment: Option<Segment>) -> u32 {
    let (lo, hi) = match segment {
        Some(Segment::Enterprise) => (1_000, 20_000),
        Some(Segment::SaaS) | Some(Segment::B2B) => (50, 1_500),
        Some(Segment::B2C) => (5, 200),
        None => (5, 400),
    };
    rng.between(lo, hi) as u32
}

/// Writes lead number `j` of those that were not converted.
pub(super) fn lead_unit(st: &mut State, j: usize, out: &mut Vec<Record>) {
    let last = st.clock.last();
    let today = st.clock.today;
    // Fresh inbound keeps the new-lead list busy.
    let day = if st.rng.chance(0.15) {
        last - st.rng.between(0, 30)
    } else {
        st.clock.growth_day(&mut st.rng, 0)
    };
    let rep = st.world.pick_rep(&mut st.rng, day);
    let region = st.world.territories[st.world.reps[rep].territory].region;
    let company = names::company(st.plan.name_offset, st.plan.accounts() + j);
    let domain = format!("{}.{}", company.stem, people::tld(region));
    let (first, last_name) = names::person(&mut st.rng);
    let source = names::LEAD_SOURCES[st.rng.weighted(names::OTHER_SOURCE_WEIGHTS)];
    let age = last - day;
    use LeadStatus::*;
    let status = if age <= 14 {
        [New, New, New, Working, Working][st.rng.below(5)]
    } else if age <= 60 {
        *st.rng
            .pick(&[Working, Working, Qualified, Disqualified, Disqualified])
    } else {
        let r = st.rng.unit();
        if r < 0.84 {
            Disqualified
        } else if r < 0.93 {
            Working
        } else {
            Qualified
        }
    };
    let score = match status {
        New => st.rng.between(20, 70),
        Working => st.rng.between(30, 80),
        Qualified => st.rng.between(60, 95),
        _ => st.rng.between(5, 45),
    } as u8;
    // The day the status was last changed.
    let touched = match status {
        New => day,
        _ => (day + st.rng.between(1, 30)).min(last),
    };
    let lead_id = st.ids.next_id();
    let owner = st.world.reps[st.world.owner_at(rep, touched)].id.clone();
    let links = Links {
        lead: Some(lead_id.clone()),
        ..Links::default()
    };
    let mut updated_at = st.clock.ts(touched, work_minute(&mut st.rng));
    let created_at = st.clock.ts(day, work_minute(&mut st.rng)).min(updated_at);
    // The lead's own random source (see `side_rng`): titles, sizes, and whether a
    // lead was disqualified without a logged touch (a form that said enough).
    let mut side = side_rng(&lead_id);
    let worked = match status {
        New => 0,
        Working => st.rng.between(1, 2),
        Qualified => 2,
        _ => {
            if side.chance(0.5) {
                1
            } else {
                0
            }
        }
    };
    for n in 0..worked {
        let d = if n + 1 == worked {
            touched
        } else {
            st.rng.between(day, touched)
        };
        let (kind, subject) = if st.rng.chance(0.6) {
            (ActivityKind::Call, "Call with lead")
        } else {
            (ActivityKind::Email, "Emailed lead")
        };
        let a = activities::done(st, kind, subject, d, &owner, &links);
        updated_at = updated_at.max(a.updated_at);
        out.push(Record::Activity(a));
    }
    let reason =
        (status == Disqualified).then(|| st.rng.pick(names::DISQUALIFIED_REASONS).to_string());
    if let Some(r) = &reason {
        if st.rng.chance(0.25) {
            let subject = format!("Disqualified: {}", r.to_lowercase());
            let a = activities::done(st, ActivityKind::Note, &subject, touched, &owner, &links);
            updated_at = updated_at.max(a.updated_at);
            out.push(Record::Activity(a));
        }
    }
    // New and working leads have a call to make: soon, today, or already overdue.
    if matches!(status, New | Working) && st.rng.chance(0.6) {
        let due = (today + st.rng.between(-4, 5)).max(day);
        let subject = if status == New {
            "Call the new lead"
        } else {
            "Follow up with lead"
        };
        let a = activities::planned(
            st,
            ActivityKind::Task,
            subject,
            due,
            touched,
            &owner,
            &links,
        );
        out.push(Record::Activity(a));
    }
    // Leads that went nowhere mostly came from people without a say, at small firms.
    let decider = side.chance(if status == Disqualified { 0.2 } else { 0.45 });
    let title = if decider {
        side.pick(names::DECISION_TITLES)
    } else {
        side.pick(names::OTHER_TITLES)
    };
    // Companies of every size send leads that go nowhere, small ones most often.
    let segment = *side.pick(&[
        None,
        None,
        Some(Segment::B2C),
        Some(Segment::B2B),
        Some(Segment::SaaS),
        Some(Segment::Enterprise),
    ]);
    let company_size = company_size(&mut side, segment);
    out.push(Record::Lead(Lead {
        id: lead_id,
        name: format!("{first} {last_name}"),
        company: Some(company.name),
        email: Some(names::email(first, last_name, &domain)),
        phone: st.rng.chance(0.6).then(|| phone(&mut st.rng, region)),
        title: Some(title.to_string()),
        company_size: Some(company_size),
        source: Some(source.to_string()),
        status,
        disqualified_reason: reason,
        score: Some(score),
        owner_id: Some(owner),
        conversion: None,
        created_at,
        updated_at,
    }));
}
