//! The historical model: what this workspace's own closed deals say about an open
//! deal, learned as of a day (`cut`) from the deals closed by then only.
//!
//! **Will it be won?** For each stage (stage numbers are per pipeline), the share of
//! the closed deals that reached it and were won, shrunk toward the stage's set
//! probability `p0` by a beta-binomial posterior mean `p = (wins + k·p0) ÷ (n + k)`
//! with `k = 10`: the set probability counts as ten closed deals, so a stage with no
//! history keeps it and one with hundreds of closed deals says what they did. The
//! same is done per segment (the account's, or a size band when it has none: under
//! 10,000, 10,000–100,000, over 100,000 in the home currency) shrunk toward the stage,
//! and per owner shrunk toward the segment: a rep whose Proposal deals win half as
//! often as the stage says gets half. A deal 30 or more days past its expected close
//! is stale: its probability is scaled by how stale deals of its stage did against
//! all of them (the same shrinkage, toward the stage).
//!
//! **When?** Slippage is learned from the won deals' expected close dates as they
//! stood each week while open (the change log's expected-close entries): on time, how
//! many days after that date they really closed (before it, when negative); overdue,
//! how many days they still took. An open deal's chance of closing in a window of
//! days is read from those: `P(close ∈ window | still open)`, per pipeline and per
//! owner (the owner's samples with 30 of the pipeline's mixed in, so a rep with few
//! deals leans on the team). A deal without an expected close uses the days won deals
//! took from entering its stage. With no won deal to learn from, the expected close
//! is taken at its word.
//!
//! A deal's chance of being won in the window is the product of the two.

use super::engine::DealAt;
use super::facts::{ForecastFacts, StageMeta, Walk, STALE_DAYS};
use super::stats::{shrink, DayHist, K_PRIOR};
use crate::analytics::kpi::facts::KpiFacts;
use crate::domain::{Date, Segment, StageKind};
use rustc_hash::FxHashMap;

/// Pseudo-samples of the pipeline's timing mixed into an owner's.
pub const K_TIME: f64 = 30.0;
/// "No owner" in the model's tables.
pub const NO_OWNER: u32 = u32::MAX;

/// The segment or size band of a deal (see the module's header).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Group {
    Segment(Segment),
    Small,
    Mid,
    Large,
    NoAmount,
}

impl Group {
    /// `unit`: one whole unit of the home currency in minor units.
    pub fn of(segment: Option<Segment>, amount: Option<i64>, unit: i64) -> Group {
        match (segment, amount) {
            (Some(s), _) => Group::Segment(s),
            (None, None) => Group::NoAmount,
            (None, Some(a)) if a < 10_000 * unit => Group::Small,
            (None, Some(a)) if a < 100_000 * unit => Group::Mid,
            _ => Group::Large,
        }
    }

    pub fn label(self) -> String {
        match self {
            Group::Segment(s) => s.label().to_string(),
            Group::Small => "under 10,000".into(),
            Group::Mid => "10,000–100,000".into(),
            Group::Large => "over 100,000".into(),
            Group::NoAmount => "no amount".into(),
        }
    }
}

/// Closed deals and wins, and the days they spent in the stage (a snapshot of the
/// pipeline holds deals in proportion to how long they stay in it, so the rate that
/// applies to the open deals of a day weighs each closed deal by its days there).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Tally {
    /// Closed deals.
    pub n: f64,
    /// Of them won.
    pub wins: f64,
    /// Days in the stage, all and won.
    pub days: f64,
    pub won_days: f64,
}

impl Tally {
    /// Counts a closed deal (`w` = 1) or takes one back (`w` = −1). Every value is a
    /// whole number, so taking back is exact.
    fn add(&mut self, won: bool, days: f64, w: f64) {
        self.n += w;
        self.days += w * days;
        if won {
            self.wins += w;
            self.won_days += w * days;
        }
    }

    /// Wins as the time-weighted share of the closed deals: `n × won days ÷ days`
    /// (each deal weighed by its days in the stage, the weights scaled to add up to
    /// `n`); the plain count when no time was spent.
    pub fn weighted_wins(&self) -> f64 {
        if self.days > 0.0 {
            self.n * self.won_days / self.days
        } else {
            self.wins
        }
    }

    /// The time-weighted share won (`None` without closed deals).
    pub fn rate(&self) -> Option<f64> {
        (self.n > 0.0).then(|| self.weighted_wins() / self.n)
    }
}

#[derive(Clone, Debug, PartialEq)]
struct Timing {
    on_time: DayHist,
    overdue: DayHist,
}

impl Timing {
    fn new() -> Timing {
        Timing {
            on_time: DayHist::new(-400, 800),
            overdue: DayHist::new(0, 800),
        }
    }

    fn seal(&mut self) {
        self.on_time.seal();
        self.overdue.seal();
    }

    fn is_empty(&self) -> bool {
        self.on_time.total() == 0.0 && self.overdue.total() == 0.0
    }
}

/// How sure the model is of a deal, with what it was learned from.
#[derive(Clone, Debug, PartialEq)]
pub struct WinChance {
    /// The chance it is ever won.
    pub p: f64,
    /// The stage's set probability.
    pub p0: f64,
    /// The stage's learned probability, before segment and owner.
    pub p_stage: f64,
    pub stage: Tally,
    pub group: Group,
    pub group_tally: Tally,
    pub owner_tally: Tally,
    /// Stale: (the factor applied, stale deals of the stage).
    pub stale: Option<(f64, Tally)>,
}

/// When a deal is expected to close, by the model.
#[derive(Clone, Debug, PartialEq)]
pub struct When {
    /// The chance it closes in the window, if won.
    pub q: f64,
    /// The day it most likely closes, if won (the median).
    pub likely: Option<Date>,
    /// Samples the timing was read from (the owner's, the pipeline's).
    pub samples: (f64, f64),
    /// Why, in words ("closes a median 12 days after its expected close").
    pub how: TimingBasis,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TimingBasis {
    /// On time: the median days after its expected close that deals like it close.
    OnTime { median_slip: Option<i32> },
    /// Overdue by this many days; the median days such deals still took.
    Overdue { late: i64, median_left: Option<i32> },
    /// No expected close: days from entering its stage.
    FromStage { median_days: Option<i32> },
    /// Nothing to learn from: the expected close taken at its word.
    AtItsWord,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    pub cut: Date,
    /// By stage number.
    pub stage: Vec<Tally>,
    pub stale: Vec<Tally>,
    group: FxHashMap<(u32, Group), Tally>,
    owner: FxHashMap<(u32, Group, u32), Tally>,
    timing: FxHashMap<(u32, u32), Timing>,
    /// By stage number: days from entering it to the win, won deals.
    to_close: Vec<Option<DayHist>>,
    /// Per owner (and `NO_OWNER` for everyone): pushes of the expected close and won
    /// deals, for the slippage summary.
    pub pushes: FxHashMap<u32, (f64, f64)>,
    pub closed: usize,
    pub won: usize,
    unit: i64,
}

/// The open stages a deal entered by `until`, once each: (stage, first day entered,
/// days spent in it by `until`).
fn reached(
    facts: &KpiFacts,
    ff: &ForecastFacts,
    slot: usize,
    until: Date,
) -> Vec<(u32, Date, f64)> {
    let mut out: Vec<(u32, Date, f64)> = Vec::new();
    let h = &facts.deals[slot].history;
    for (i, &(s, day)) in h.iter().enumerate() {
        if day > until || ff.kind(s) != StageKind::Open {
            continue;
        }
        let left = h.get(i + 1).map_or(until, |n| n.1).min(until);
        let days = (left - day).num_days().max(0) as f64;
        match out.iter_mut().find(|(x, _, _)| *x == s) {
            Some(e) => e.2 += days,
            None => out.push((s, day, days)),
        }
    }
    out
}

/// What a closed deal was learned as: everything its part of the model depends on
/// (the rest is read from the deal as it is now, the same on every day).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Learned {
    close: Date,
    won: bool,
    owner: u32,
    group: Group,
}

/// The model kept up to date from one day to a later one: each day it is given the
/// deals as they stood then, and only the closed deals whose close (date, outcome,
/// owner or size) differs from what it last learned are taken back and learned again,
/// so a backtest's increasing as-of days cost what changed between them, not the
/// whole history each time. Counts are whole numbers, so the model is exactly the one
/// `Model::train` learns from scratch on the same day (a test holds them equal).
pub struct Trainer {
    model: Model,
    /// By deal slot: what it was learned as, if it was.
    learned: Vec<Option<Learned>>,
    /// By deal slot: the `advance` that last saw it.
    seen: Vec<u32>,
    epoch: u32,
}

impl Trainer {
    pub fn new(facts: &KpiFacts, ff: &ForecastFacts, cut: Date, unit: i64) -> Trainer {
        Trainer {
            model: Model {
                cut,
                stage: vec![Tally::default(); ff.stages.len()],
                stale: vec![Tally::default(); ff.stages.len()],
                group: FxHashMap::default(),
                owner: FxHashMap::default(),
                timing: FxHashMap::default(),
                to_close: vec![None; ff.stages.len()],
                pushes: FxHashMap::default(),
                closed: 0,
                won: 0,
                unit,
            },
            learned: vec![None; facts.deals.len()],
            seen: vec![0; facts.deals.len()],
            epoch: 0,
        }
    }

    /// The model as of `cut`, from `states` (every deal as of `cut`).
    pub fn advance(
        &mut self,
        facts: &KpiFacts,
        ff: &ForecastFacts,
        states: &[DealAt],
        cut: Date,
    ) -> &Model {
        self.model.cut = cut;
        self.epoch += 1;
        let unit = self.model.unit;
        for st in states {
            let slot = st.slot as usize;
            self.seen[slot] = self.epoch;
            let now = match (st.closed, st.kind) {
                (Some(close), StageKind::Won | StageKind::Lost) if close <= cut => Some(Learned {
                    close,
                    won: st.kind == StageKind::Won,
                    owner: st.place.owner.unwrap_or(NO_OWNER),
                    group: Group::of(st.place.segment, st.amount, unit),
                }),
                _ => None,
            };
            self.relearn(facts, ff, slot, now);
        }
        for slot in 0..self.learned.len() {
            if self.seen[slot] != self.epoch {
                self.relearn(facts, ff, slot, None);
            }
        }
        let m = &mut self.model;
        m.group.retain(|_, t| t.n != 0.0);
        m.owner.retain(|_, t| t.n != 0.0);
        m.timing.retain(|_, t| !t.is_empty());
        m.pushes.retain(|_, p| p.1 != 0.0);
        for h in m.to_close.iter_mut() {
            if h.as_ref().is_some_and(|h| h.total() == 0.0) {
                *h = None;
            }
        }
        for t in m.timing.values_mut() {
            if !t.on_time.is_sealed() || !t.overdue.is_sealed() {
                t.seal();
            }
        }
        for h in m.to_close.iter_mut().flatten() {
            if !h.is_sealed() {
                h.seal();
            }
        }
        &self.model
    }

    pub fn into_model(self) -> Model {
        self.model
    }

    fn relearn(&mut self, facts: &KpiFacts, ff: &ForecastFacts, slot: usize, now: Option<Learned>) {
        let was = self.learned[slot];
        if was == now {
            return;
        }
        if let Some(k) = was {
            learn(&mut self.model, facts, ff, slot, k, -1.0);
        }
        if let Some(k) = now {
            learn(&mut self.model, facts, ff, slot, k, 1.0);
        }
        self.learned[slot] = now;
    }
}

/// Adds what closed deal `slot` teaches (`w` = 1) or takes it back (`w` = −1).
fn learn(m: &mut Model, facts: &KpiFacts, ff: &ForecastFacts, slot: usize, k: Learned, w: f64) {
    let Learned {
        close,
        won,
        owner,
        group,
    } = k;
    if w > 0.0 {
        m.closed += 1;
        m.won += usize::from(won);
    } else {
        m.closed -= 1;
        m.won -= usize::from(won);
    }
    let kind = if won { StageKind::Won } else { StageKind::Lost };
    let now = &facts.deals[slot];
    let same = now.closed == Some(close) && ff.kind(now.stage) == kind;
    let extra = &ff.deals[slot];
    let walked;
    let (slips, stale, pushes) = if same {
        (&extra.slips, &extra.stale, extra.pushes)
    } else {
        walked = Walk::new(facts, slot).samples(close, won);
        (&walked.0, &walked.1, walked.2)
    };
    for (s, entered, days) in reached(facts, ff, slot, close) {
        m.stage[s as usize].add(won, days, w);
        m.group.entry((s, group)).or_default().add(won, days, w);
        m.owner
            .entry((s, group, owner))
            .or_default()
            .add(won, days, w);
        if won {
            m.to_close[s as usize]
                .get_or_insert_with(|| DayHist::new(0, 800))
                .add((close - entered).num_days() as i32, w);
        }
    }
    for s in stale {
        m.stale[*s as usize].add(won, 0.0, w);
    }
    if won {
        for who in [owner, NO_OWNER] {
            let e = m.pushes.entry(who).or_default();
            e.0 += w * f64::from(pushes);
            e.1 += w;
        }
        for slip in slips {
            let Some(pipeline) = ff.stage(slip.stage).map(|s| s.pipeline) else {
                continue;
            };
            for who in [owner, NO_OWNER] {
                let t = m.timing.entry((pipeline, who)).or_insert_with(Timing::new);
                if slip.overdue {
                    t.overdue.add(slip.days, w);
                } else {
                    t.on_time.add(slip.days, w);
                }
            }
        }
    }
}

impl Model {
    /// Learns from the deals in `states` (every deal as of `cut`) that were closed by
    /// then.
    pub fn train(
        facts: &KpiFacts,
        ff: &ForecastFacts,
        states: &[DealAt],
        cut: Date,
        unit: i64,
    ) -> Model {
        let mut t = Trainer::new(facts, ff, cut, unit);
        t.advance(facts, ff, states, cut);
        t.into_model()
    }

    /// The chance that a deal in `stage`, of `group`, owned by `owner`, is won (stale
    /// when it is 30+ days past its expected close).
    pub fn win_chance(
        &self,
        meta: &StageMeta,
        stage: u32,
        group: Group,
        owner: Option<u32>,
        stale: bool,
    ) -> WinChance {
        let p0 = meta.probability;
        let t = self.stage.get(stage as usize).copied().unwrap_or_default();
        let p1 = shrink(t.weighted_wins(), t.n, p0, K_PRIOR);
        let g = self.group.get(&(stage, group)).copied().unwrap_or_default();
        let p2 = shrink(g.weighted_wins(), g.n, p1, K_PRIOR);
        let o = self
            .owner
            .get(&(stage, group, owner.unwrap_or(NO_OWNER)))
            .copied()
            .unwrap_or_default();
        let mut p = shrink(o.weighted_wins(), o.n, p2, K_PRIOR);
        let stale = stale.then(|| {
            let s = self.stale.get(stage as usize).copied().unwrap_or_default();
            let ps = shrink(s.wins, s.n, p1, K_PRIOR);
            let factor = if p1 > 0.0 { (ps / p1).min(1.0) } else { 1.0 };
            (factor, s)
        });
        if let Some((f, _)) = stale {
            p *= f;
        }
        WinChance {
            p,
            p0,
            p_stage: p1,
            stage: t,
            group,
            group_tally: g,
            owner_tally: o,
            stale,
        }
    }

    /// The owner's timing samples mixed with the pipeline's: (counts in `range` given
    /// `given`) over (counts given `given`), with `read` picking the histogram.
    fn mixed(
        &self,
        pipeline: u32,
        owner: Option<u32>,
        read: impl Fn(&Timing) -> (f64, f64),
        total: impl Fn(&Timing) -> f64,
    ) -> Option<(f64, (f64, f64))> {
        let team = self.timing.get(&(pipeline, NO_OWNER))?;
        let mine = owner.and_then(|o| self.timing.get(&(pipeline, o)));
        let (tn, td) = read(team);
        let team_total = total(team);
        if td <= 0.0 || team_total <= 0.0 {
            return None;
        }
        let w = K_TIME / team_total;
        let (mn, md, mine_total) = mine.map_or((0.0, 0.0, 0.0), |t| {
            let (a, b) = read(t);
            (a, b, total(t))
        });
        let den = md + w * td;
        (den > 0.0).then(|| ((mn + w * tn) / den, (mine_total, team_total)))
    }

    /// The chance that an open deal closes in days `a..=b` after the cut (a ≥ 1), if
    /// it is won, and the day it most likely closes.
    #[allow(clippy::too_many_arguments)]
    pub fn timing(
        &self,
        pipeline: u32,
        stage: u32,
        owner: Option<u32>,
        expected: Option<Date>,
        entered: Date,
        a: i64,
        b: i64,
    ) -> When {
        let cut = self.cut;
        let (a32, b32) = (a as i32, b as i32);
        match expected {
            Some(e) if e >= cut => {
                let ahead = (e - cut).num_days() as i32;
                // Days after the expected close: d ∈ [a − e, b − e] given d ≥ 1 − e.
                let read = |t: &Timing| {
                    let given = t.on_time.total() - t.on_time.at_most(-ahead);
                    (t.on_time.between(a32 - ahead, b32 - ahead), given)
                };
                let got = self.mixed(pipeline, owner, read, |t| t.on_time.total());
                let median = self
                    .team(pipeline)
                    .and_then(|t| t.on_time.quantile_from(1 - ahead, 0.5));
                match got {
                    Some((q, samples)) => When {
                        q,
                        likely: median.map(|d| e + chrono::Duration::days(i64::from(d))),
                        samples,
                        how: TimingBasis::OnTime {
                            median_slip: median,
                        },
                    },
                    None => at_its_word(e, cut, a, b),
                }
            }
            Some(e) => {
                let late = (cut - e).num_days();
                let read = |t: &Timing| (t.overdue.between(a32, b32), t.overdue.total());
                let got = self.mixed(pipeline, owner, read, |t| t.overdue.total());
                let median = self.team(pipeline).and_then(|t| t.overdue.quantile(0.5));
                match got {
                    Some((q, samples)) => When {
                        q,
                        likely: median.map(|d| cut + chrono::Duration::days(i64::from(d))),
                        samples,
                        how: TimingBasis::Overdue {
                            late,
                            median_left: median,
                        },
                    },
                    None => at_its_word(e, cut, a, b),
                }
            }
            None => {
                let age = (cut - entered).num_days().max(0) as i32;
                match self.to_close.get(stage as usize).and_then(Option::as_ref) {
                    Some(h) if h.total() > 0.0 => {
                        let given = h.total() - h.at_most(age);
                        let q = if given > 0.0 {
                            h.between(age + a32, age + b32) / given
                        } else {
                            0.0
                        };
                        let median = h.quantile_from(age + 1, 0.5);
                        When {
                            q,
                            likely: median.map(|d| entered + chrono::Duration::days(i64::from(d))),
                            samples: (0.0, h.total()),
                            how: TimingBasis::FromStage {
                                median_days: h.quantile(0.5),
                            },
                        }
                    }
                    _ => When {
                        q: 0.0,
                        likely: None,
                        samples: (0.0, 0.0),
                        how: TimingBasis::AtItsWord,
                    },
                }
            }
        }
    }

    fn team(&self, pipeline: u32) -> Option<&Timing> {
        self.timing.get(&(pipeline, NO_OWNER))
    }

    /// Days won deals took from entering `stage`: (median, deals).
    pub fn days_to_close(&self, stage: u32) -> Option<(i32, f64)> {
        let h = self.to_close.get(stage as usize)?.as_ref()?;
        Some((h.quantile(0.5)?, h.total()))
    }

    /// The pipeline's slippage, for the page: (share of on-time samples that closed
    /// on or before their expected close, median days late of those that did not,
    /// samples).
    pub fn slippage(&self, pipeline: u32) -> Option<(f64, Option<i32>, f64)> {
        let t = self.team(pipeline)?;
        let n = t.on_time.total();
        if n <= 0.0 {
            return None;
        }
        let on_time = t.on_time.at_most(0) / n;
        Some((on_time, t.on_time.quantile_from(1, 0.5), n))
    }

    pub fn unit(&self) -> i64 {
        self.unit
    }
}

fn at_its_word(e: Date, cut: Date, a: i64, b: i64) -> When {
    let d = (e - cut).num_days();
    let d = d.max(1);
    When {
        q: if (a..=b).contains(&d) { 1.0 } else { 0.0 },
        likely: Some(e.max(cut + chrono::Duration::days(1))),
        samples: (0.0, 0.0),
        how: TimingBasis::AtItsWord,
    }
}

/// Whether an open deal counts as stale on `cut`.
pub fn is_stale(expected: Option<Date>, cut: Date) -> bool {
    expected.is_some_and(|e| (cut - e).num_days() >= STALE_DAYS)
}
