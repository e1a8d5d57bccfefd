//! The team and its structure: pipelines, territories, managers and reps. Each rep gets
//! a profile (win rate, cycle length, deal size, activity level) so the team's numbers
//! differ the way real teams' do.

use super::names;
use super::plan::Clock;
use super::rng::Rng;
use super::DemoSize;
use crate::domain::id::SeededIds;
use crate::domain::{
    ForecastCategory, Id, Pipeline, Record, Rep, RepRole, Segment, StageKind, StageSpec, Territory,
};

pub(super) struct TerritoryInfo {
    pub id: Id,
    pub region: &'static str,
    pub segment: Segment,
}

pub(super) struct RepInfo {
    pub id: Id,
    pub manager: bool,
    pub territory: usize,
    pub win_rate: f64,
    pub cycle_mult: f64,
    pub size_mult: f64,
    pub activity_mult: f64,
    /// How the rep reads their deals, from 1 (optimistic: close dates too early, deals
    /// committed early, lost deals kept open) to −1 (sandbagging: dates too late,
    /// commits held back). The reps who win least are the optimists: their stage
    /// probabilities are far below the stages' set ones.
    pub optimism: f64,
    /// Share of new accounts this rep takes on.
    pub weight: f64,
    pub hired_day: i64,
    pub left_day: Option<i64>,
    /// Who took over this rep's accounts and open deals after `left_day`.
    pub successor: Option<usize>,
}

/// The stage ids of a pipeline and how a deal moves through it.
pub(super) struct PipelineInfo {
    pub id: Id,
    pub open: Vec<Id>,
    pub won: Id,
    pub lost: Id,
    /// Share of the cycle spent in each open stage.
    pub fractions: &'static [f64],
    /// How likely a lost deal was lost in each open stage.
    pub lost_weights: &'static [f64],
}

pub(super) struct World {
    pub territories: Vec<TerritoryInfo>,
    pub reps: Vec<RepInfo>,
    pub sales: PipelineInfo,
    pub renewals: PipelineInfo,
    /// Every stage's pipeline and kind (deals' change logs are read from their stage
    /// history).
    pub stages:
        std::collections::HashMap<crate::domain::Id, (crate::domain::Id, crate::domain::StageKind)>,
}

/// The team, territories and pipelines were set up before the first account.
const SETUP_DAY: i64 = -180;

const ALL_TERRITORIES: &[(&str, Segment)] = &[
    ("North America", Segment::B2B),
    ("North America", Segment::Enterprise),
    ("EMEA", Segment::B2B),
    ("North America", Segment::SaaS),
    ("EMEA", Segment::Enterprise),
    ("APAC", Segment::B2B),
    ("North America", Segment::B2C),
    ("EMEA", Segment::SaaS),
    ("APAC", Segment::SaaS),
];

/// A small team sells mid-sized deals: enterprise deals would swamp its numbers.
const SMALL_TERRITORIES: &[(&str, Segment)] = &[
    ("North America", Segment::B2B),
    ("North America", Segment::SaaS),
    ("EMEA", Segment::B2B),
];

pub(super) fn tld(region: &str) -> &'static str {
    match region {
        "EMEA" => "eu",
        "APAC" => "com.au",
        _ => "com",
    }
}

/// From 0.9 for the rep who wins least to −0.4 for the one who wins most: like most
/// sales teams, more optimists than sandbaggers.
fn optimism_by_rank(win: &[f64], i: usize) -> f64 {
    let n = win.len();
    if n < 2 {
        return 0.0;
    }
    let rank = win.iter().filter(|w| **w < win[i]).count();
    0.9 - 1.3 * rank as f64 / (n - 1) as f64
}

/// `n` values evenly spread over [lo, hi], in random order, with a little jitter.
fn spread(rng: &mut Rng, n: usize, lo: f64, hi: f64) -> Vec<f64> {
    let mut v: Vec<f64> = (0..n)
        .map(|i| {
            let t = if n == 1 {
                0.5
            } else {
                i as f64 / (n - 1) as f64
            };
            let jitter = rng.uniform(-0.03, 0.03) * (hi - lo);
            (lo + t * (hi - lo) + jitter).clamp(lo, hi)
        })
        .collect();
    rng.shuffle(&mut v);
    v
}

struct TeamShape {
    reps: usize,
    leavers: usize,
    territories: &'static [(&'static str, Segment)],
}

fn shape(size: DemoSize) -> TeamShape {
    match size {
        DemoSize::Small => TeamShape {
            reps: 3,
            leavers: 0,
            territories: SMALL_TERRITORIES,
        },
        DemoSize::Medium => TeamShape {
            reps: 12,
            leavers: 1,
            territories: ALL_TERRITORIES,
        },
        DemoSize::Large => TeamShape {
            reps: 40,
            leavers: 2,
            territories: ALL_TERRITORIES,
        },
    }
}

fn sales_pipeline(ids: &mut SeededIds, clock: &Clock) -> (Pipeline, PipelineInfo) {
    let p = Pipeline::default_sales(|| ids.next_id(), clock.ts(SETUP_DAY, 9 * 60));
    let info = PipelineInfo {
        id: p.id.clone(),
        open: p
            .stages
            .iter()
            .filter(|s| s.kind == StageKind::Open)
            .map(|s| s.id.clone())
            .collect(),
        won: stage_of_kind(&p, StageKind::Won),
        lost: stage_of_kind(&p, StageKind::Lost),
        fractions: &[0.12, 0.18, 0.25, 0.28, 0.17],
        // Many deals are lost late, after a proposal: the set probabilities of the late
        // stages are higher than what really happens.
        lost_weights: &[0.20, 0.20, 0.20, 0.22, 0.18],
    };
    (p, info)
}

fn stage_of_kind(p: &Pipeline, kind: StageKind) -> Id {
    p.stages
        .iter()
        .find(|s| s.kind == kind)
        .map(|s| s.id.clone())
        .expect("the pipeline has the stage")
}

/// A second pipeline for subscription renewals; created after "Sales", so "Sales" stays
/// the default.
fn renewals_pipeline(ids: &mut SeededIds, clock: &Clock) -> (Pipeline, PipelineInfo) {
    use ForecastCategory::{BestCase, Commit, Omitted};
    let spec: [StageSpec; 4] = [
        (
            "Renewal due",
            70,
            BestCase,
            StageKind::Open,
            Some(30),
            &["Usage reviewed with the customer"],
        ),
        (
            "Negotiating",
            85,
            Commit,
            StageKind::Open,
            Some(21),
            &["Renewal quote sent"],
        ),
        ("Renewed", 100, Commit, StageKind::Won, None, &[]),
        ("Not renewed", 0, Omitted, StageKind::Lost, None, &[]),
    ];
    let at = clock.ts(SETUP_DAY + 1, 9 * 60);
    let p = Pipeline::from_spec("Renewals", &spec, || ids.next_id(), at);
    let info = PipelineInfo {
        id: p.id.clone(),
        open: p.stages[..2].iter().map(|s| s.id.clone()).collect(),
        won: p.stages[2].id.clone(),
        lost: p.stages[3].id.clone(),
        fractions: &[0.55, 0.45],
        lost_weights: &[0.5, 0.5],
    };
    (p, info)
}

impl World {
    /// The team for `size`, and the records that describe it (pipelines, territories,
    /// reps). The first rep is a seller (settings' "me").
    pub fn build(
        size: DemoSize,
        rng: &mut Rng,
        ids: &mut SeededIds,
        clock: &Clock,
    ) -> (World, Vec<Record>) {
        let mut records = Vec::new();
        let (sales_p, sales) = sales_pipeline(ids, clock);
        let (renew_p, renewals) = renewals_pipeline(ids, clock);
        let stages = [&sales_p, &renew_p]
            .iter()
            .flat_map(|p| {
                p.stages
                    .iter()
                    .map(|s| (s.id.clone(), (p.id.clone(), s.kind)))
            })
            .collect();
        records.push(Record::Pipeline(sales_p));
        records.push(Record::Pipeline(renew_p));

        let shape = shape(size);
        let setup_at = clock.ts(SETUP_DAY, 10 * 60);
        let mut territories = Vec::new();
        for (region, segment) in shape.territories {
            let id = ids.next_id();
            records.push(Record::Territory(Territory {
                id: id.clone(),
                name: format!("{region} — {}", segment.label()),
                region: Some(region.to_string()),
                segment: Some(*segment),
                created_at: setup_at,
                updated_at: setup_at,
            }));
            territories.push(TerritoryInfo {
                id,
                region,
                segment: *segment,
            });
        }

        // Managers: one per region; the first region's manager heads the team.
        let mut regions: Vec<&'static str> = Vec::new();
        for t in &territories {
            if !regions.contains(&t.region) {
                regions.push(t.region);
            }
        }
        if size == DemoSize::Small {
            regions.truncate(1);
        }
        let mut used_names: Vec<String> = Vec::new();
        let mut unique_name = |rng: &mut Rng| loop {
            let (f, l) = names::person(rng);
            let name = format!("{f} {l}");
            if !used_names.contains(&name) {
                used_names.push(name.clone());
                return (f, l, name);
            }
        };
        let mut reps: Vec<RepInfo> = Vec::new();
        let mut rep_records: Vec<Rep> = Vec::new();
        let n = shape.reps;
        let win = spread(rng, n, 0.13, 0.38);
        let cycle = spread(rng, n, 0.7, 1.45);
        let size_m = spread(rng, n, 0.75, 1.35);
        let activity = spread(rng, n, 0.6, 1.5);
        let weight = spread(rng, n, 0.75, 1.3);
        for i in 0..n {
            let (f, l, name) = unique_name(rng);
            let id = ids.next_id();
            reps.push(RepInfo {
                id: id.clone(),
                manager: false,
                territory: i % territories.len(),
                win_rate: win[i],
                cycle_mult: cycle[i],
                size_mult: size_m[i],
                activity_mult: activity[i],
                optimism: optimism_by_rank(&win, i),
                weight: weight[i],
                hired_day: SETUP_DAY,
                left_day: None,
                successor: None,
            });
            rep_records.push(Rep {
                id,
                name,
                email: Some(names::email(f, l, "salesdeck-demo.example")),
                role: RepRole::Rep,
                manager_id: None,
                territory_id: None,
                active: true,
                created_at: setup_at,
                updated_at: setup_at,
            });
        }
        // Leavers: reps who left part-way through the history; a new hire took over
        // their territory and accounts. Never the first rep ("me").
        for k in 0..shape.leavers {
            let leaver = 1 + 2 * k;
            let successor = n - 1 - k;
            let left = (clock.days as f64 * rng.uniform(0.4, 0.7)) as i64;
            reps[leaver].left_day = Some(left);
            reps[leaver].successor = Some(successor);
            reps[successor].territory = reps[leaver].territory;
            reps[successor].hired_day = left - rng.between(0, 14);
            rep_records[leaver].active = false;
            rep_records[leaver].updated_at = clock.ts(left, 17 * 60);
            let hired = clock.ts(reps[successor].hired_day, 9 * 60);
            rep_records[successor].created_at = hired;
            rep_records[successor].updated_at = hired;
        }
        let mut manager_ids: Vec<(&'static str, Id)> = Vec::new();
        for region in &regions {
            let (f, l, name) = unique_name(rng);
            let id = ids.next_id();
            let territory = territories
                .iter()
                .position(|t| t.region == *region)
                .unwrap_or(0);
            rep_records.push(Rep {
                id: id.clone(),
                name,
                email: Some(names::email(f, l, "salesdeck-demo.example")),
                role: RepRole::Manager,
                manager_id: manager_ids.first().map(|(_, id)| id.clone()),
                territory_id: Some(territories[territory].id.clone()),
                active: true,
                created_at: setup_at,
                updated_at: setup_at,
            });
            reps.push(RepInfo {
                id: id.clone(),
                manager: true,
                territory,
                win_rate: 0.0,
                cycle_mult: 1.0,
                size_mult: 1.0,
                activity_mult: 1.0,
                optimism: 0.0,
                weight: 0.0,
                hired_day: SETUP_DAY,
                left_day: None,
                successor: None,
            });
            manager_ids.push((region, id));
        }
        for (i, r) in rep_records.iter_mut().enumerate().take(n) {
            let t = &territories[reps[i].territory];
            r.territory_id = Some(t.id.clone());
            r.manager_id = manager_ids
                .iter()
                .find(|(region, _)| *region == t.region)
                .or(manager_ids.first())
                .map(|(_, id)| id.clone());
        }
        records.extend(rep_records.into_iter().map(Record::Rep));
        (
            World {
                territories,
                reps,
                sales,
                renewals,
                stages,
            },
            records,
        )
    }

    /// Who owns what `rep` owned, on `day` (their successor once they left).
    pub fn owner_at(&self, rep: usize, day: i64) -> usize {
        let r = &self.reps[rep];
        match (r.left_day, r.successor) {
            (Some(left), Some(s)) if day >= left => s,
            _ => rep,
        }
    }

    /// A seller for a new account on `day`, by their share of new accounts.
    pub fn pick_rep(&self, rng: &mut Rng, day: i64) -> usize {
        let weights: Vec<f64> = self
            .reps
            .iter()
            .map(|r| {
                let employed = r.hired_day <= day && r.left_day.is_none_or(|l| day < l);
                if r.manager || !employed {
                    0.0
                } else {
                    r.weight
                }
            })
            .collect();
        if weights.iter().all(|w| *w == 0.0) {
            return 0;
        }
        rng.weighted(&weights)
    }

    /// Sellers (not managers).
    pub fn sellers(&self) -> impl Iterator<Item = (usize, &RepInfo)> {
        self.reps.iter().enumerate().filter(|(_, r)| !r.manager)
    }
}
