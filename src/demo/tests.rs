//! Native tests of the demo generator: determinism, sizes, integrity, realism.

use super::*;
use crate::domain::{ActivityKind, CustomerStatus, Deal, Id, Kind, LeadStatus, RepRole, StageKind};
use chrono::{Datelike, Duration, TimeZone};
use std::collections::{BTreeMap, HashSet};

fn now() -> Timestamp {
    chrono::Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap()
}

fn today() -> Date {
    now().date_naive()
}

fn small(seed: u64) -> Workspace {
    generate(DemoSize::Small, seed, today(), now())
}

fn stage_kind(ws: &Workspace, d: &Deal) -> StageKind {
    ws.stage_of(d).expect("the deal's stage exists").kind
}

/// Every reference points at a record of the right kind, and every deal's history is
/// consistent; panics with the first problem found.
fn check_integrity(ws: &Workspace) {
    let now = now();
    let today = today();
    for d in ws.deals.values() {
        let acc = d
            .account_id
            .as_ref()
            .expect("every demo deal has an account");
        assert!(ws.accounts.contains(acc), "deal {} account", d.id);
        assert!(ws.reps.contains(d.owner_id.as_ref().unwrap()), "deal owner");
        let p = ws.pipelines.get(&d.pipeline_id).expect("deal pipeline");
        assert!(p.stage(&d.stage_id).is_some(), "deal stage in its pipeline");
        for c in &d.contact_ids {
            let c = ws.contacts.get(c).expect("deal contact");
            assert_eq!(&c.account_id, acc, "a deal's contacts work at its account");
        }
        if let Some(l) = &d.source_lead_id {
            let lead = ws.leads.get(l).expect("source lead");
            let conv = lead.conversion.as_ref().expect("source lead is converted");
            assert_eq!(conv.deal_id.as_ref(), Some(&d.id));
        }
        assert!(!d.stage_history.is_empty(), "history");
        assert!(
            d.stage_history.windows(2).all(|w| w[0].at < w[1].at),
            "history increases: {}",
            d.name
        );
        assert!(d
            .stage_history
            .iter()
            .all(|c| p.stage(&c.stage_id).is_some()));
        assert_eq!(d.stage_history.last().unwrap().stage_id, d.stage_id);
        assert_eq!(d.stage_history[0].at, d.created_at);
        assert_eq!(
            p.stage(&d.stage_history[0].stage_id).unwrap().name,
            p.stages[0].name,
            "deals start in the first stage"
        );
        // Open stages are entered in board order.
        let positions: Vec<usize> = d
            .stage_history
            .iter()
            .map(|c| p.stages.iter().position(|s| s.id == c.stage_id).unwrap())
            .collect();
        let open_positions: Vec<usize> = positions
            .iter()
            .copied()
            .filter(|i| p.stages[*i].kind == StageKind::Open)
            .collect();
        assert_eq!(
            open_positions,
            (0..open_positions.len()).collect::<Vec<_>>()
        );
        assert!(d.created_at <= d.updated_at && d.updated_at <= now);
        assert!(d.amount.is_some_and(|a| a > 0));
        match stage_kind(ws, d) {
            StageKind::Open => {
                assert_eq!(d.closed_on, None);
                assert_eq!(d.lost_reason, None);
                assert_eq!(d.won_reason, None);
            }
            kind => {
                let closed = d.closed_on.expect("closed deals have closed_on");
                assert_eq!(closed, d.stage_history.last().unwrap().at.date_naive());
                assert!(closed < today);
                assert_eq!(kind == StageKind::Lost, d.lost_reason.is_some());
                if let Some(r) = &d.lost_reason {
                    assert!(ws.settings.lost_reasons.contains(r), "{r}");
                }
                if kind == StageKind::Lost {
                    assert_eq!(d.won_reason, None);
                }
            }
        }
    }
    for a in ws.activities.values() {
        let mut linked = 0;
        if let Some(id) = &a.deal_id {
            let d = ws.deals.get(id).expect("activity deal");
            assert_eq!(a.account_id, d.account_id);
            linked += 1;
        }
        if let Some(id) = &a.account_id {
            assert!(ws.accounts.contains(id), "activity account");
            linked += 1;
        }
        if let Some(id) = &a.contact_id {
            assert!(ws.contacts.contains(id), "activity contact");
            linked += 1;
        }
        if let Some(id) = &a.lead_id {
            assert!(ws.leads.contains(id), "activity lead");
            linked += 1;
        }
        assert!(linked > 0, "every activity is about something");
        assert!(ws.reps.contains(a.owner_id.as_ref().unwrap()));
        assert!(a.created_at <= a.updated_at && a.updated_at <= now);
        assert_eq!(a.done, a.done_at.is_some());
        if let Some(done) = a.done_at {
            assert!(done <= now);
        }
    }
    for c in ws.contacts.values() {
        assert!(ws.accounts.contains(&c.account_id));
        assert!(c.created_at <= c.updated_at && c.updated_at <= now);
    }
    for a in ws.accounts.values() {
        assert!(ws.reps.contains(a.owner_id.as_ref().unwrap()));
        assert!(ws.territories.contains(a.territory_id.as_ref().unwrap()));
        assert!(a.created_at <= a.updated_at && a.updated_at <= now);
        match a.status {
            CustomerStatus::Prospect => assert!(a.customer_since.is_none()),
            CustomerStatus::Customer => {
                assert!(a.customer_since.is_some() && a.churned_on.is_none())
            }
            CustomerStatus::Churned => {
                assert!(a.customer_since.unwrap() <= a.churned_on.unwrap());
                assert!(a.churned_on.unwrap() < today);
            }
        }
    }
    for l in ws.leads.values() {
        assert!(ws.reps.contains(l.owner_id.as_ref().unwrap()));
        assert!(l.created_at <= l.updated_at && l.updated_at <= now);
        assert_eq!(l.status == LeadStatus::Converted, l.conversion.is_some());
        if let Some(c) = &l.conversion {
            assert!(ws.accounts.contains(&c.account_id));
            let contact = ws.contacts.get(c.contact_id.as_ref().unwrap()).unwrap();
            assert_eq!(contact.account_id, c.account_id);
            let deal = ws.deals.get(c.deal_id.as_ref().unwrap()).unwrap();
            assert_eq!(deal.source_lead_id.as_ref(), Some(&l.id));
            assert_eq!(deal.account_id.as_ref(), Some(&c.account_id));
            assert_eq!(c.converted_on, deal.created_at.date_naive());
        }
    }
    for r in ws.reps.values() {
        if let Some(m) = &r.manager_id {
            assert_eq!(ws.reps.get(m).unwrap().role, RepRole::Manager);
        }
        assert!(ws.territories.contains(r.territory_id.as_ref().unwrap()));
    }
    for q in ws.quotas.values() {
        if let Some(r) = &q.rep_id {
            assert!(ws.reps.contains(r));
        }
        assert!(q.amount > 0 && q.updated_at <= now);
    }
    for s in ws.spend.values() {
        assert!(s.amount > 0 && s.period_start <= s.period_end && s.updated_at <= now);
    }
    for n in ws.coaching_notes.values() {
        assert!(ws.reps.contains(&n.rep_id) && n.updated_at <= now);
    }
    assert!(ws.reps.contains(ws.settings.me.as_ref().unwrap()));
}

fn counts(ws: &Workspace) -> String {
    Kind::ALL
        .iter()
        .map(|k| format!("{}={}", k.store_name(), ws.count(*k)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn win_rates(ws: &Workspace) -> BTreeMap<Id, f64> {
    let mut tally: BTreeMap<Id, (u32, u32)> = BTreeMap::new();
    for d in ws.deals.values() {
        let e = tally.entry(d.owner_id.clone().unwrap()).or_default();
        match stage_kind(ws, d) {
            StageKind::Won => e.0 += 1,
            StageKind::Lost => e.1 += 1,
            StageKind::Open => {}
        }
    }
    tally
        .into_iter()
        .filter(|(_, (w, l))| w + l >= 20)
        .map(|(id, (w, l))| (id, w as f64 / (w + l) as f64))
        .collect()
}

#[test]
fn sizes_have_keys_and_labels() {
    for s in DemoSize::ALL {
        assert_eq!(DemoSize::from_key(s.key()), Some(s));
        assert!(s
            .label()
            .starts_with(["Small", "Medium", "Large"][s as usize]));
    }
    assert_eq!(DemoSize::from_key("huge"), None);
    assert_eq!(DemoSize::Small.label(), "Small — 3 reps, ~200 deals");
}

#[test]
fn the_same_inputs_give_the_same_workspace() {
    let a = small(7);
    let b = small(7);
    assert_eq!(a, b);
    let c = small(8);
    assert_ne!(a, c);
    let a_ids: HashSet<&Id> = a.deals.values().map(|d| &d.id).collect();
    assert!(
        c.deals.values().all(|d| !a_ids.contains(&d.id)),
        "other seeds, other ids"
    );
    // A later "today" moves the whole history with it.
    let later = now() + Duration::days(30);
    let d = generate(DemoSize::Small, 7, later.date_naive(), later);
    assert_ne!(a, d);
    assert_eq!(a.deals.len(), d.deals.len());
}

#[test]
fn chunks_put_together_equal_generate() {
    let mut g = DemoGenerator::new(DemoSize::Small, 11, today(), now());
    let mut ws = Workspace {
        settings: g.settings(),
        ..Workspace::default()
    };
    let mut records = 0;
    let mut chunks = 0;
    let mut progress = vec![g.progress()];
    while let Some(chunk) = g.next_chunk() {
        assert!(chunk.len() <= CHUNK_RECORDS + 1_000, "{}", chunk.len());
        records += chunk.len();
        chunks += 1;
        for r in chunk {
            ws.put(r);
        }
        progress.push(g.progress());
    }
    assert!(g.next_chunk().is_none());
    assert_eq!(progress[0], 0.0);
    assert_eq!(*progress.last().unwrap(), 1.0);
    assert!(progress.windows(2).all(|w| w[0] <= w[1]), "{progress:?}");
    assert!(chunks >= 1);
    let all: usize = Kind::ALL.iter().map(|k| ws.count(*k)).sum();
    assert_eq!(records, all, "no id is used twice");
    assert_eq!(ws, generate(DemoSize::Small, 11, today(), now()));
    // The same records come in the same order every time.
    let stream = |seed| {
        let mut g = DemoGenerator::new(DemoSize::Small, seed, today(), now());
        std::iter::from_fn(move || g.next_chunk())
            .flatten()
            .collect::<Vec<Record>>()
    };
    assert_eq!(stream(11), stream(11));
    assert_eq!(stream(11).len(), records);
}

#[test]
fn small_has_three_reps_a_manager_and_about_200_deals() {
    let ws = small(1);
    let sellers: Vec<_> = ws
        .reps
        .values()
        .filter(|r| r.active && r.role == RepRole::Rep)
        .collect();
    assert_eq!(sellers.len(), 3, "{}", counts(&ws));
    assert!(ws.reps.values().any(|r| r.role == RepRole::Manager));
    assert!((150..=250).contains(&ws.deals.len()), "{}", counts(&ws));
    assert_eq!(ws.pipelines.len(), 2);
    assert_eq!(ws.default_pipeline().unwrap().name, "Sales");
    assert_eq!(ws.settings.workspace_name, "Demo");
    assert_eq!(ws.settings.home_currency.code(), "USD");
    let me = ws.reps.get(ws.settings.me.as_ref().unwrap()).unwrap();
    assert_eq!(me.role, RepRole::Rep);
    assert!(me.active);
    assert!(ws
        .deals
        .values()
        .any(|d| d.owner_id.as_ref() == Some(&me.id)));
    assert!(ws.accounts.len() > 50 && ws.contacts.len() > ws.accounts.len());
    assert!(ws.activities.len() > 3 * ws.deals.len(), "{}", counts(&ws));
    let same_owner = ws
        .deals
        .values()
        .filter(|d| {
            ws.accounts
                .get(d.account_id.as_ref().unwrap())
                .unwrap()
                .owner_id
                == d.owner_id
        })
        .count();
    assert!(
        same_owner * 10 >= ws.deals.len() * 9,
        "deals follow their account's owner"
    );
    assert!(ws.leads.len() > 100);
}

#[test]
fn every_reference_exists_and_histories_are_consistent() {
    for seed in [1, 2, 3] {
        check_integrity(&small(seed));
    }
}

#[test]
fn history_spans_two_years_with_closes_every_quarter() {
    let ws = small(4);
    let first = ws.deals.values().map(|d| d.created_at).min().unwrap();
    assert!(
        first.date_naive() <= today() - Duration::days(730),
        "{first}"
    );
    let last = ws.deals.values().map(|d| d.updated_at).max().unwrap();
    assert!(last <= now());
    // Won deals in each of the last eight quarters.
    let quarter = |d: Date| d.year() * 4 + d.month0() as i32 / 3;
    let won: HashSet<i32> = ws
        .deals
        .values()
        .filter(|d| stage_kind(&ws, d) == StageKind::Won)
        .map(|d| quarter(d.closed_on.unwrap()))
        .collect();
    let current = quarter(today());
    for q in current - 8..current {
        assert!(won.contains(&q), "no wins in quarter {q}");
    }
}

#[test]
fn open_deals_look_like_a_live_pipeline() {
    let ws = small(5);
    let open: Vec<&Deal> = ws
        .deals
        .values()
        .filter(|d| stage_kind(&ws, d) == StageKind::Open)
        .collect();
    assert!(open.len() >= 15, "open deals: {}", open.len());
    let future = open
        .iter()
        .filter(|d| d.expected_close.unwrap() >= today())
        .count();
    let overdue = open.len() - future;
    assert!(future > open.len() / 2 && overdue > 0, "{future} {overdue}");
    assert!(open.iter().filter(|d| d.next_step.is_some()).count() > open.len() / 2);
    let stages: HashSet<&Id> = open.iter().map(|d| &d.stage_id).collect();
    assert!(stages.len() >= 4, "open deals spread over the stages");
    let stalled = crate::analytics::stalled::stalled_deals(&ws, today());
    assert!(
        !stalled.is_empty() && stalled.len() < open.len(),
        "{}",
        stalled.len()
    );
    let open_tasks: Vec<_> = ws.activities.values().filter(|a| !a.done).collect();
    let due = |a: &&crate::domain::Activity| a.due.unwrap().date();
    assert!(open_tasks.iter().any(|a| due(a) >= today()));
    assert!(open_tasks.iter().any(|a| due(a) < today()));
    assert!(open_tasks.len() < ws.activities.len() / 5);
    let kinds: HashSet<ActivityKind> = ws.activities.values().map(|a| a.kind).collect();
    assert_eq!(kinds.len(), 6, "{kinds:?}");
}

#[test]
fn reps_win_at_different_rates() {
    let ws = small(6);
    let rates = win_rates(&ws);
    assert_eq!(rates.len(), 3, "{rates:?}");
    let max = rates.values().cloned().fold(0.0, f64::max);
    let min = rates.values().cloned().fold(1.0, f64::min);
    assert!(max - min > 0.07, "{rates:?}");
    assert!(min > 0.05 && max < 0.8, "{rates:?}");
}

#[test]
fn most_won_deals_say_why_with_several_reasons() {
    let ws = small(6);
    let won: Vec<&Deal> = ws
        .deals
        .values()
        .filter(|d| stage_kind(&ws, d) == StageKind::Won)
        .collect();
    let with: Vec<&str> = won.iter().filter_map(|d| d.won_reason.as_deref()).collect();
    let share = with.len() as f64 / won.len() as f64;
    assert!(share > 0.6 && share < 0.95, "{share} of {} won", won.len());
    let distinct: std::collections::BTreeSet<&str> = with.iter().copied().collect();
    assert!(distinct.len() >= 4, "{distinct:?}");
    assert!(distinct
        .iter()
        .all(|r| super::names::WON_REASONS.contains(r)));
}

#[test]
fn customers_come_from_wins_and_some_churn() {
    let ws = small(7);
    let mut first_win: BTreeMap<&Id, Date> = BTreeMap::new();
    for d in ws.deals.values() {
        if stage_kind(&ws, d) == StageKind::Won {
            let e = first_win
                .entry(d.account_id.as_ref().unwrap())
                .or_insert(d.closed_on.unwrap());
            *e = (*e).min(d.closed_on.unwrap());
        }
    }
    for a in ws.accounts.values() {
        assert_eq!(
            a.customer_since,
            first_win.get(&a.id).copied(),
            "{}",
            a.name
        );
    }
    let status = |s| ws.accounts.values().filter(|a| a.status == s).count();
    assert!(status(CustomerStatus::Churned) > 0, "{}", counts(&ws));
    assert!(status(CustomerStatus::Customer) > status(CustomerStatus::Churned));
    assert!(status(CustomerStatus::Prospect) > 0);
    assert!(ws.deals.values().any(|d| d.mrr.is_some()));
    let renewals = ws
        .pipelines
        .values()
        .find(|p| p.name == "Renewals")
        .unwrap();
    assert!(ws.deals.values().any(|d| d.pipeline_id == renewals.id));
}

#[test]
fn leads_convert_at_a_plausible_rate_from_several_sources() {
    let ws = small(8);
    let converted = ws
        .leads
        .values()
        .filter(|l| l.status == LeadStatus::Converted)
        .count();
    let rate = converted as f64 / ws.leads.len() as f64;
    assert!((0.15..0.6).contains(&rate), "{rate}");
    let sourced = ws
        .deals
        .values()
        .filter(|d| d.source_lead_id.is_some())
        .count();
    assert_eq!(sourced, converted);
    let sources: HashSet<&str> = ws
        .leads
        .values()
        .filter_map(|l| l.source.as_deref())
        .collect();
    assert!(sources.len() >= 5, "{sources:?}");
    for s in [
        LeadStatus::New,
        LeadStatus::Working,
        LeadStatus::Disqualified,
    ] {
        assert!(ws.leads.values().any(|l| l.status == s), "{s:?}");
    }
}

#[test]
fn quotas_spend_and_coaching_cover_the_history() {
    let ws = small(9);
    let current_quarter = chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    for r in ws
        .reps
        .values()
        .filter(|r| r.active && r.role == RepRole::Rep)
    {
        let mine: Vec<_> = ws
            .quotas
            .values()
            .filter(|q| q.rep_id.as_ref() == Some(&r.id))
            .collect();
        assert!(mine.len() >= 9, "{} quotas for {}", mine.len(), r.name);
        assert!(mine.iter().any(|q| q.period_start == current_quarter));
    }
    let team: Vec<_> = ws.quotas.values().filter(|q| q.rep_id.is_none()).collect();
    assert!(team.len() >= 9);
    // The team quota is the sum of the reps' quotas, and it grows with the business.
    let mut team_sorted = team.clone();
    team_sorted.sort_by_key(|q| q.period_start);
    for t in &team_sorted {
        let sum: i64 = ws
            .quotas
            .values()
            .filter(|q| q.rep_id.is_some() && q.period_start == t.period_start)
            .map(|q| q.amount)
            .sum();
        assert_eq!(t.amount, sum, "{}", t.period_start);
    }
    assert!(team_sorted.last().unwrap().amount > team_sorted[1].amount);
    let months: HashSet<Date> = ws.spend.values().map(|s| s.period_start).collect();
    assert!(months.len() >= 24, "{}", months.len());
    let categories: HashSet<&str> = ws
        .spend
        .values()
        .filter_map(|s| s.category.as_deref())
        .collect();
    assert_eq!(categories, HashSet::from(["Marketing", "Sales"]));
    assert!(!ws.coaching_notes.is_empty());
}

#[test]
fn the_snapshot_of_a_demo_passes_the_validator() {
    let ws = small(10);
    let doc = crate::snapshot::format::to_json(&ws, now());
    let parsed = crate::snapshot::validate::parse(&doc.to_string(), "2026-11-22T10:00:00Z")
        .unwrap_or_else(|p| panic!("{:?}", &p[..p.len().min(5)]));
    assert_eq!(parsed.workspace, ws);
}

#[test]
fn medium_has_about_5000_deals_and_holds_together() {
    let ws = generate(DemoSize::Medium, 3, today(), now());
    eprintln!("medium: {}", counts(&ws));
    assert!((4_000..=6_000).contains(&ws.deals.len()), "{}", counts(&ws));
    let active = ws
        .reps
        .values()
        .filter(|r| r.active && r.role == RepRole::Rep)
        .count();
    assert_eq!(active, 11);
    let left: Vec<&Id> = ws
        .reps
        .values()
        .filter(|r| !r.active)
        .map(|r| &r.id)
        .collect();
    assert_eq!(left.len(), 1, "a rep left");
    // Their closed deals stay theirs; their accounts and open deals went to a new hire.
    let owned_by_leaver = |d: &&Deal| d.owner_id.as_ref() == Some(left[0]);
    assert!(ws.deals.values().filter(owned_by_leaver).count() > 10);
    assert!(ws
        .deals
        .values()
        .filter(owned_by_leaver)
        .all(|d| stage_kind(&ws, d) != StageKind::Open));
    assert!(ws
        .accounts
        .values()
        .all(|a| a.owner_id.as_ref() != Some(left[0])));
    check_integrity(&ws);
    // Closes bunch up in the last month of a quarter.
    let mut by_month = [0usize; 3];
    for d in ws.deals.values() {
        if stage_kind(&ws, d) == StageKind::Won {
            by_month[d.closed_on.unwrap().month0() as usize % 3] += 1;
        }
    }
    assert!(by_month[2] > by_month[0] + by_month[0] / 2, "{by_month:?}");
    let rates = win_rates(&ws);
    let max = rates.values().cloned().fold(0.0, f64::max);
    let min = rates.values().cloned().fold(1.0, f64::min);
    assert!(max - min > 0.15, "{rates:?}");
}

/// About 2 s in a debug build, a fraction of that in release.
#[test]
fn large_has_50000_deals_and_200000_activities() {
    let started = std::time::Instant::now();
    let ws = generate(DemoSize::Large, 1, today(), now());
    eprintln!("large: {} in {:?}", counts(&ws), started.elapsed());
    assert!((45_000..=55_000).contains(&ws.deals.len()));
    assert!((170_000..=230_000).contains(&ws.activities.len()));
    check_integrity(&ws);
}

/// The forecasting story: close dates slip, several times per deal for the
/// optimists, so a month's weighted pipeline says more than closes in it.
#[test]
fn close_dates_slip_most_for_the_optimists() {
    use crate::domain::deal_log::FieldChange;
    let ws = generate(DemoSize::Medium, 1, today(), now());
    // Pushes (expected close moved later) per closed deal, by owner.
    let mut by_rep: BTreeMap<Id, (f64, f64)> = BTreeMap::new();
    for d in ws.deals.values() {
        if d.closed_on.is_none() {
            continue;
        }
        let pushes = d
            .change_log
            .iter()
            .filter(|c| matches!(c.field, FieldChange::ExpectedClose(Some(a), Some(b)) if b > a))
            .count();
        let e = by_rep.entry(d.owner_id.clone().unwrap()).or_default();
        e.0 += pushes as f64;
        e.1 += 1.0;
    }
    let mean: Vec<f64> = by_rep
        .values()
        .filter(|(_, n)| *n >= 20.0)
        .map(|(p, n)| p / n)
        .collect();
    let most = mean.iter().cloned().fold(0.0, f64::max);
    let least = mean.iter().cloned().fold(f64::INFINITY, f64::min);
    eprintln!("pushes per closed deal, by rep: {mean:.1?}");
    assert!(
        most >= 3.0,
        "some reps push each deal several times: {mean:?}"
    );
    assert!(least < most / 2.0, "others far less: {mean:?}");
}
