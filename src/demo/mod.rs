//! Demo data: a realistic, internally consistent sales workspace for demos and
//! training, generated as a pure function of (size, seed, today, now).
//!
//! What it holds: the default "Sales" pipeline and a "Renewals" pipeline; territories
//! (North America, EMEA, APAC by segment); a team of reps with different win rates,
//! cycle lengths, deal sizes and activity levels, their managers, and in larger teams a
//! rep who left (their accounts went to a new hire); two years and a quarter of accounts,
//! contacts, leads (converted ones linked to their account, contact and deal), deals with
//! full stage histories (closes bunch up at quarter ends, more in Q4), activities,
//! quarterly quotas set from each rep's track record, monthly spend and coaching notes.
//! Open deals today: most with a next step and a meeting or task coming up, some
//! stalled, some overdue.
//!
//! Nothing here reads a clock or a random source: ids come from `SeededIds`, choices from
//! a seeded splitmix generator, dates from `today` and `now`. The browser runs the
//! generator a chunk at a time (`next_chunk`) to show progress and stay responsive.

mod accounts;
mod activities;
mod deals;
mod finance;
mod leads;
mod names;
mod people;
mod plan;
mod rng;
#[cfg(test)]
mod tests;

use crate::domain::id::SeededIds;
use crate::domain::{Currency, Date, Record, Settings, Timestamp, Workspace};
use people::World;
use plan::{Clock, Plan, Stats};
use rng::Rng;

/// How big a demo workspace to make.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DemoSize {
    Small,
    Medium,
    Large,
}

impl DemoSize {
    pub const ALL: [DemoSize; 3] = [DemoSize::Small, DemoSize::Medium, DemoSize::Large];

    pub fn label(self) -> &'static str {
        match self {
            DemoSize::Small => "Small — 3 reps, ~200 deals",
            DemoSize::Medium => "Medium — 12 reps, ~5,000 deals",
            DemoSize::Large => "Large — 40 reps, ~50,000 deals, ~200,000 activities",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            DemoSize::Small => "small",
            DemoSize::Medium => "medium",
            DemoSize::Large => "large",
        }
    }

    pub fn from_key(key: &str) -> Option<DemoSize> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    /// Deals in the workspace.
    fn deals(self) -> usize {
        match self {
            DemoSize::Small => 200,
            DemoSize::Medium => 5_000,
            DemoSize::Large => 50_000,
        }
    }
}

/// About this many records per chunk.
pub const CHUNK_RECORDS: usize = 5_000;

/// Everything the parts of the generator share.
struct State {
    rng: Rng,
    ids: SeededIds,
    clock: Clock,
    world: World,
    plan: Plan,
    stats: Stats,
    lost_reasons: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Team,
    Accounts,
    Leads,
    Totals,
    Done,
}

/// Makes a demo workspace a chunk of records at a time:
///
/// ```
/// # use salesdeck::demo::{DemoGenerator, DemoSize};
/// # use chrono::TimeZone;
/// let now = chrono::Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
/// let mut g = DemoGenerator::new(DemoSize::Small, 7, now.date_naive(), now);
/// let mut ws = salesdeck::domain::Workspace::default();
/// ws.settings = g.settings();
/// while let Some(chunk) = g.next_chunk() {
///     for r in chunk {
///         ws.put(r);
///     }
///     // show g.progress(), yield to the browser
/// }
/// assert!(ws.deals.len() > 100);
/// ```
pub struct DemoGenerator {
    st: State,
    settings: Settings,
    setup: Vec<Record>,
    phase: Phase,
    next_account: usize,
    next_lead: usize,
}

impl DemoGenerator {
    pub fn new(size: DemoSize, seed: u64, today: Date, now: Timestamp) -> Self {
        let mut rng = Rng::new(seed);
        let mut ids = SeededIds::new(seed ^ 0x0DE3_0DA7_A5EE_D000);
        let clock = Clock::new(today, now);
        let (world, setup) = World::build(size, &mut rng, &mut ids, &clock);
        let plan = Plan::new(&mut rng, &clock, size.deals());
        let quarters = clock.quarter(clock.today) + 2;
        let stats = Stats {
            won: vec![vec![0; quarters]; world.reps.len()],
            closed: vec![(0, 0); world.reps.len()],
            new_customers: vec![0; clock.month(clock.today) + 1],
            ..Stats::default()
        };
        let settings = Settings {
            workspace_name: "Demo".into(),
            home_currency: Currency::usd(),
            me: Some(world.reps[0].id.clone()),
            // A software company's margin, so lifetime value can be shown.
            gross_margin_pct: Some(78.0),
            updated_at: Some(now),
            ..Settings::default()
        };
        DemoGenerator {
            st: State {
                rng,
                ids,
                clock,
                world,
                plan,
                stats,
                lost_reasons: settings.lost_reasons.clone(),
            },
            settings,
            setup,
            phase: Phase::Team,
            next_account: 0,
            next_lead: 0,
        }
    }

    /// The workspace settings: named "Demo", in USD, "me" is the first rep.
    pub fn settings(&self) -> Settings {
        self.settings.clone()
    }

    /// The next records (about `CHUNK_RECORDS`), or `None` when everything is written.
    pub fn next_chunk(&mut self) -> Option<Vec<Record>> {
        if self.phase == Phase::Done {
            return None;
        }
        let mut out = Vec::with_capacity(CHUNK_RECORDS + 200);
        while out.len() < CHUNK_RECORDS && self.phase != Phase::Done {
            match self.phase {
                Phase::Team => {
                    out.append(&mut self.setup);
                    self.phase = Phase::Accounts;
                }
                Phase::Accounts => {
                    if self.next_account < self.st.plan.accounts() {
                        accounts::account_unit(&mut self.st, self.next_account, &mut out);
                        self.next_account += 1;
                    } else {
                        self.phase = Phase::Leads;
                    }
                }
                Phase::Leads => {
                    if self.next_lead < self.st.plan.other_leads {
                        leads::lead_unit(&mut self.st, self.next_lead, &mut out);
                        self.next_lead += 1;
                    } else {
                        self.phase = Phase::Totals;
                    }
                }
                Phase::Totals => {
                    finance::quotas(&mut self.st, &mut out);
                    finance::spend(&mut self.st, &mut out);
                    finance::coaching(&mut self.st, &mut out);
                    self.phase = Phase::Done;
                }
                Phase::Done => {}
            }
        }
        Some(out)
    }

    /// How far along the generator is, from 0 to 1.
    pub fn progress(&self) -> f32 {
        if self.phase == Phase::Done {
            return 1.0;
        }
        // Accounts carry most of the records; a lead unit is about a fifth of one.
        let accounts = self.st.plan.accounts() as f64;
        let leads = self.st.plan.other_leads as f64 * 0.2;
        let done = self.next_account as f64 + self.next_lead as f64 * 0.2;
        (done / (accounts + leads + 1.0)).clamp(0.0, 0.99) as f32
    }
}

/// The whole demo workspace at once (every chunk, with the settings applied).
pub fn generate(size: DemoSize, seed: u64, today: Date, now: Timestamp) -> Workspace {
    let mut g = DemoGenerator::new(size, seed, today, now);
    let mut ws = Workspace {
        settings: g.settings(),
        ..Workspace::default()
    };
    while let Some(chunk) = g.next_chunk() {
        for r in chunk {
            ws.put(r);
        }
    }
    ws
}
