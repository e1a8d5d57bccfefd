//! Rep scorecards: a rep's numbers for a period beside the team median, plain-language
//! flags where the rep is well below the team, the attainment trend, activity mix,
//! lost reasons, stalled deals and overdue activities; and the side-by-side table of
//! a manager's reports.
//!
//! - **Team.** A rep's team is the active people of the same role reporting to the
//!   same manager (the rep included). With no manager, or fewer than `MIN_PEERS` in that
//!   group, it is every active person of that role.
//! - **Team median.** The median of a number over the team's members who have it (a
//!   win rate needs a closed deal); with an even count, the mean of the two middle ones.
//! - **Well below** (a flag): with at least `MIN_PEERS` team members having the number,
//!   and the rep's own sample at least the number's minimum (5 closed deals for a win
//!   rate, 3 won deals for deal size and cycle, 5 deals into a stage for its
//!   conversion, a quota for attainment), a number where higher is better below 70% of
//!   the team median, or a sales cycle longer than the median ÷ 0.7.

use super::stats::{tally, won_by_period, PeriodTally, Tally};
use super::{about_money, money_text};
use crate::analytics::kpi::{format_value, Better, KpiFacts, Unit, COUNTED_KINDS};
use crate::analytics::period::{Period, PeriodKind as AnalyticsKind};
use crate::analytics::quota::{QuotaBook, QuotaOwner};
use crate::analytics::scope::{team_of, People};
use crate::analytics::stalled::StalledReason;
use crate::analytics::text::plural;
use crate::domain::{Currency, Date, HomeSum, Id, Rates, StageKind, Workspace};
use std::collections::HashMap;

/// A flag needs at least this many team members with the number.
pub const MIN_PEERS: usize = 3;
/// "Well below": under this share of the team median (over it, inverted, for numbers
/// where lower is better).
pub const WELL_BELOW: f64 = 0.7;

/// A number on a scorecard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ScoreKey {
    Won,
    Attainment,
    WinRate,
    AverageDealSize,
    CycleMedian,
    DealsCreated,
    Activities,
    /// Conversion out of the default pipeline's n-th open stage.
    Conversion(usize),
}

/// The columns of the side-by-side table.
pub const TABLE_KEYS: [ScoreKey; 7] = [
    ScoreKey::Won,
    ScoreKey::Attainment,
    ScoreKey::WinRate,
    ScoreKey::AverageDealSize,
    ScoreKey::CycleMedian,
    ScoreKey::DealsCreated,
    ScoreKey::Activities,
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Unit(Unit),
    Count,
}

impl ScoreKey {
    pub fn label(self, stages: &[(Id, String, Option<String>)]) -> String {
        match self {
            ScoreKey::Won => "Won".into(),
            ScoreKey::Attainment => "Quota attainment".into(),
            ScoreKey::WinRate => "Win rate".into(),
            ScoreKey::AverageDealSize => "Average deal size".into(),
            ScoreKey::CycleMedian => "Sales cycle (median)".into(),
            ScoreKey::DealsCreated => "Deals created".into(),
            ScoreKey::Activities => "Activities completed".into(),
            ScoreKey::Conversion(i) => match stages.get(i) {
                Some((_, s, Some(next))) => format!("{s} → {next} conversion"),
                Some((_, s, None)) => format!("{s} → won conversion"),
                None => "Stage conversion".into(),
            },
        }
    }

    fn kind(self) -> Kind {
        match self {
            ScoreKey::Won | ScoreKey::AverageDealSize => Kind::Unit(Unit::Money),
            ScoreKey::Attainment | ScoreKey::WinRate | ScoreKey::Conversion(_) => {
                Kind::Unit(Unit::Ratio)
            }
            ScoreKey::CycleMedian => Kind::Unit(Unit::Days),
            ScoreKey::DealsCreated | ScoreKey::Activities => Kind::Count,
        }
    }

    pub fn better(self) -> Better {
        match self {
            ScoreKey::CycleMedian => Better::Lower,
            _ => Better::Higher,
        }
    }

    /// The smallest sample of the rep's own a flag needs.
    pub fn min_sample(self) -> usize {
        match self {
            ScoreKey::WinRate | ScoreKey::Conversion(_) => 5,
            ScoreKey::AverageDealSize | ScoreKey::CycleMedian => 3,
            ScoreKey::Attainment => 1,
            ScoreKey::Won | ScoreKey::DealsCreated | ScoreKey::Activities => 0,
        }
    }
}

/// A number of one rep: its value (if defined), what it came from, and its sample.
#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    pub value: Option<f64>,
    pub num: f64,
    pub den: f64,
    pub sample: usize,
}

impl Value {
    fn of(value: Option<f64>, num: f64, den: f64, sample: usize) -> Value {
        Value {
            value,
            num,
            den,
            sample,
        }
    }
}

/// A rep's value of `key` from their tally and quota.
pub fn value(key: ScoreKey, t: &Tally, quota: Option<&HomeSum>) -> Value {
    let ratio = |a: usize, b: usize| (b > 0).then(|| a as f64 / b as f64);
    match key {
        ScoreKey::Won => Value::of(Some(t.won.home as f64), t.won.home as f64, 1.0, t.won_n),
        ScoreKey::Attainment => match quota {
            Some(q) if q.home > 0 => Value::of(
                Some(t.won.home as f64 / q.home as f64),
                t.won.home as f64,
                q.home as f64,
                1,
            ),
            _ => Value::of(None, t.won.home as f64, 0.0, 0),
        },
        ScoreKey::WinRate => Value::of(
            ratio(t.won_n, t.closed_n()),
            t.won_n as f64,
            t.closed_n() as f64,
            t.closed_n(),
        ),
        ScoreKey::AverageDealSize => Value::of(
            (t.won.converted > 0).then(|| t.won.home as f64 / t.won.converted as f64),
            t.won.home as f64,
            t.won.converted as f64,
            t.won_n,
        ),
        ScoreKey::CycleMedian => Value::of(t.cycle_median(), 0.0, 0.0, t.won_n),
        ScoreKey::DealsCreated => Value::of(
            Some(t.created_n as f64),
            t.created_n as f64,
            1.0,
            t.created_n,
        ),
        ScoreKey::Activities => {
            let n = t.activities_total();
            Value::of(Some(n as f64), n as f64, 1.0, n)
        }
        ScoreKey::Conversion(i) => {
            let (e, a) = (
                t.entered.get(i).copied().unwrap_or(0),
                t.advanced.get(i).copied().unwrap_or(0),
            );
            Value::of(ratio(a, e), a as f64, e as f64, e)
        }
    }
}

/// The median of sorted numbers.
pub fn median_sorted(v: &[f64]) -> Option<f64> {
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2]),
        _ => Some((v[n / 2 - 1] + v[n / 2]) / 2.0),
    }
}

pub fn median_sorted_i64(v: &[i64]) -> Option<f64> {
    let f: Vec<f64> = v.iter().map(|x| *x as f64).collect();
    median_sorted(&f)
}

/// The median of the defined values.
pub fn median(values: impl IntoIterator<Item = Option<f64>>) -> (Option<f64>, usize) {
    let mut v: Vec<f64> = values.into_iter().flatten().collect();
    v.sort_by(|a, b| a.total_cmp(b));
    (median_sorted(&v), v.len())
}

fn text(key: ScoreKey, v: Option<f64>, home: &Currency) -> String {
    match (v, key.kind()) {
        (None, _) => "—".into(),
        (Some(x), Kind::Unit(u)) => format_value(x, u, home),
        (Some(x), Kind::Count) => {
            let r = (x * 10.0).round() / 10.0;
            if r.fract() == 0.0 {
                crate::analytics::text::group(r as usize)
            } else {
                format!("{r:.1}")
            }
        }
    }
}

/// Who a rep is compared with.
#[derive(Clone, Debug, PartialEq)]
pub struct Team {
    pub members: Vec<Id>,
    /// "Mia Chen’s team (4 reps)", "all 11 active reps".
    pub label: String,
}

/// A rep's team for comparisons (see the module's header).
pub fn team(ws: &Workspace, rep: &Id) -> Team {
    let Some(r) = ws.reps.get(rep) else {
        return Team {
            members: vec![rep.clone()],
            label: "no team".into(),
        };
    };
    let word = |n: usize| match r.role {
        crate::domain::RepRole::Manager => plural(n, "manager", "managers"),
        crate::domain::RepRole::Rep => plural(n, "rep", "reps"),
    };
    let mut same: Vec<Id> = ws
        .reps
        .values()
        .filter(|x| x.active && x.role == r.role && x.manager_id == r.manager_id)
        .map(|x| x.id.clone())
        .collect();
    if !same.contains(rep) {
        same.push(rep.clone());
    }
    same.sort();
    if r.manager_id.is_some() && same.len() >= MIN_PEERS {
        let manager = ws
            .rep_name(r.manager_id.as_ref())
            .unwrap_or("their manager");
        return Team {
            label: format!("{manager}’s team ({})", word(same.len())),
            members: same,
        };
    }
    let mut all: Vec<Id> = ws
        .reps
        .values()
        .filter(|x| x.active && x.role == r.role)
        .map(|x| x.id.clone())
        .collect();
    if !all.contains(rep) {
        all.push(rep.clone());
    }
    all.sort();
    let noun = match r.role {
        crate::domain::RepRole::Manager => "managers",
        crate::domain::RepRole::Rep => "reps",
    };
    Team {
        label: format!("all {} active {noun}", all.len()),
        members: all,
    }
}

/// A plain-language flag: "Discovery → Proposal conversion 18% vs team 41%", with the
/// numbers that explain it.
#[derive(Clone, Debug, PartialEq)]
pub struct Flag {
    pub key: ScoreKey,
    pub headline: String,
    pub explanation: String,
}

/// One number of a rep beside the team median.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub key: ScoreKey,
    pub label: String,
    pub rep: String,
    pub team: String,
    pub rep_value: Option<f64>,
    pub median: Option<f64>,
    /// Team members with the number.
    pub with_value: usize,
    /// What the rep's number came from: "4 won of 9 closed".
    pub detail: String,
    pub flag: Option<Flag>,
}

/// What the rep's number came from, in words.
fn detail(
    key: ScoreKey,
    v: &Value,
    stages: &[(Id, String, Option<String>)],
    period: &str,
    home: &Currency,
) -> String {
    let n = |x: f64| x as usize;
    match key {
        ScoreKey::Won => plural(v.sample, "deal won", "deals won"),
        ScoreKey::Attainment if v.value.is_some() => {
            format!(
                "{} of {}",
                about_money(v.num as i64, home),
                about_money(v.den as i64, home)
            )
        }
        ScoreKey::Attainment => format!("no quota for {period}"),
        ScoreKey::WinRate => format!("{} won of {} closed", n(v.num), n(v.den)),
        ScoreKey::AverageDealSize | ScoreKey::CycleMedian => {
            format!("over {}", plural(v.sample, "won deal", "won deals"))
        }
        ScoreKey::DealsCreated => format!("created in {period}"),
        ScoreKey::Activities => "calls, meetings, demos and e-mails".into(),
        ScoreKey::Conversion(i) => {
            let stage = stages.get(i).map_or("the stage", |s| s.1.as_str());
            format!(
                "{} of {} that entered {stage} moved forward",
                n(v.num),
                plural(n(v.den), "deal", "deals")
            )
        }
    }
}

/// The rep's number beside the median of `team` (their values), and its flag.
fn compare(key: ScoreKey, mine: &Value, team: &[Value], ctx: &Ctx) -> Comparison {
    let (med, with) = median(team.iter().map(|v| v.value));
    let label = key.label(ctx.stages);
    let rep = text(key, mine.value, ctx.home);
    let team_text = text(key, med, ctx.home);
    let detail = detail(key, mine, ctx.stages, ctx.period, ctx.home);
    let flag = match (mine.value, med) {
        (Some(x), Some(m)) if with >= MIN_PEERS && mine.sample >= key.min_sample() && m > 0.0 => {
            let (below, line) = match key.better() {
                Better::Higher => (
                    x < m * WELL_BELOW,
                    text(key, Some(m * WELL_BELOW), ctx.home),
                ),
                Better::Lower => (
                    x > m / WELL_BELOW,
                    text(key, Some(m / WELL_BELOW), ctx.home),
                ),
            };
            below.then(|| Flag {
                key,
                headline: format!("{label} {rep} vs team {team_text}"),
                explanation: format!(
                    "{}: {detail} in {}. Team median: {team_text}, over {} with this number in {}. Flagged because it is {}",
                    ctx.name,
                    ctx.period,
                    plural(with, "rep", "reps"),
                    ctx.team_label,
                    match key.better() {
                        Better::Higher => format!("below {line}, 70% of the team median."),
                        Better::Lower => format!("above {line}, the team median ÷ 0.7."),
                    }
                ),
            })
        }
        _ => None,
    };
    Comparison {
        key,
        label,
        rep,
        team: team_text,
        rep_value: mine.value,
        median: med,
        with_value: with,
        detail,
        flag,
    }
}

struct Ctx<'a> {
    stages: &'a [(Id, String, Option<String>)],
    home: &'a Currency,
    period: &'a str,
    team_label: &'a str,
    name: &'a str,
}

/// What a scorecard reads.
pub struct ScoreInput<'a> {
    pub ws: &'a Workspace,
    pub facts: &'a KpiFacts,
    pub rates: &'a Rates,
    pub today: Date,
    /// Stalled open deals with their reasons (the deal index's).
    pub stalled: &'a HashMap<Id, Vec<StalledReason>>,
}

/// Per rep, their values of every key, read once from a period's tally.
struct Values {
    by_rep: HashMap<Id, Vec<Value>>,
    keys: Vec<ScoreKey>,
}

fn values_of(
    input: &ScoreInput,
    t: &PeriodTally,
    book: &QuotaBook,
    reps: &[Id],
    keys: &[ScoreKey],
) -> Values {
    let by_rep = reps
        .iter()
        .map(|r| {
            let mine = t.of(input.facts, r);
            let quota = book.quota_of(&QuotaOwner::Rep(r.clone()), &t.period, input.rates);
            (
                r.clone(),
                keys.iter()
                    .map(|k| value(*k, mine, quota.as_ref()))
                    .collect(),
            )
        })
        .collect();
    Values {
        by_rep,
        keys: keys.to_vec(),
    }
}

impl Values {
    fn get(&self, rep: &Id, key: ScoreKey) -> Option<&Value> {
        let i = self.keys.iter().position(|k| *k == key)?;
        self.by_rep.get(rep).map(|v| &v[i])
    }
}

/// One period of the attainment trend.
#[derive(Clone, Debug, PartialEq)]
pub struct TrendRow {
    pub period: String,
    pub won: String,
    pub quota: String,
    pub attainment: String,
    pub team_median: String,
    /// The same two as ratios, for the trend chart.
    pub share: Option<f64>,
    pub median_share: Option<f64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MixRow {
    pub kind: String,
    pub rep: usize,
    pub rep_share: String,
    pub team_median: String,
    pub team_share: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReasonRow {
    pub reason: String,
    pub rep: usize,
    pub rep_share: String,
    pub team_share: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DealLine {
    pub id: Id,
    pub name: String,
    pub stage: String,
    pub why: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OverdueLine {
    pub id: Id,
    pub deal_id: Option<Id>,
    pub kind: String,
    pub subject: String,
    pub due: String,
    pub late: String,
}

/// A rep's scorecard for a period.
#[derive(Clone, Debug, PartialEq)]
pub struct Scorecard {
    pub rep: Id,
    pub name: String,
    pub period: String,
    pub team: String,
    /// Every number beside the team median, the stage conversions last.
    pub rows: Vec<Comparison>,
    pub flags: Vec<Flag>,
    pub trend: Vec<TrendRow>,
    pub mix: Vec<MixRow>,
    pub won_n: usize,
    pub lost_n: usize,
    /// Why the team's deals closed in the period were won, and lost: the rep's count
    /// and share beside the team's share, the rep's most frequent first.
    pub won_reasons: Vec<ReasonRow>,
    pub lost_reasons: Vec<ReasonRow>,
    pub stalled: Vec<DealLine>,
    pub overdue: Vec<OverdueLine>,
}

/// The periods of the trend: the chosen one and the five before it (quarters for a
/// custom range or all time).
fn trend_periods(p: &Period, today: Date, fiscal: u32) -> Vec<Period> {
    let last = match p.kind {
        AnalyticsKind::Month
        | AnalyticsKind::Quarter
        | AnalyticsKind::Year
        | AnalyticsKind::Week => *p,
        _ => Period::quarter_of(today, fiscal),
    };
    let mut v = vec![last];
    while v.len() < 6 {
        match v[0].previous() {
            Some(prev) => v.insert(0, prev),
            None => break,
        }
    }
    v
}

fn pct(a: usize, b: usize) -> String {
    if b == 0 {
        "—".into()
    } else {
        format_value(a as f64 / b as f64, Unit::Ratio, &Currency::usd())
    }
}

/// Counts reasons (won or lost) over the team's closed deals, and the rep's among them.
#[derive(Default)]
struct ReasonTally {
    team: HashMap<String, usize>,
    mine: HashMap<String, usize>,
    team_n: usize,
    mine_n: usize,
}

impl ReasonTally {
    /// A deal with `reason` (blank or none counts as "No reason given"); `mine` when
    /// the rep owns it.
    fn add(&mut self, reason: Option<&str>, mine: bool) {
        let reason = reason
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .unwrap_or("No reason given");
        *self.team.entry(reason.to_string()).or_default() += 1;
        self.team_n += 1;
        if mine {
            *self.mine.entry(reason.to_string()).or_default() += 1;
            self.mine_n += 1;
        }
    }

    fn rows(&self) -> Vec<ReasonRow> {
        let mut rows: Vec<ReasonRow> = self
            .team
            .iter()
            .map(|(r, n)| {
                let m = self.mine.get(r).copied().unwrap_or(0);
                ReasonRow {
                    reason: r.clone(),
                    rep: m,
                    rep_share: pct(m, self.mine_n),
                    team_share: pct(*n, self.team_n),
                }
            })
            .collect();
        rows.sort_by(|a, b| b.rep.cmp(&a.rep).then(a.reason.cmp(&b.reason)));
        rows
    }
}

/// The scorecard of `rep` for `period`: one tally pass for the team, one for the
/// trend, one over the deals for stalled deals and won and lost reasons, one over
/// activities.
pub fn scorecard(input: &ScoreInput, rep: &Id, period: Period) -> Scorecard {
    let ws = input.ws;
    let home = &ws.settings.home_currency;
    let fiscal = ws.settings.fiscal_year_start_month;
    let team = team(ws, rep);
    let name = ws.rep_name(Some(rep)).unwrap_or("Unknown rep").to_string();
    let t = tally(ws, input.facts, input.rates, &period);
    let book = QuotaBook::new(ws.quotas.values());
    let mut keys: Vec<ScoreKey> = TABLE_KEYS.to_vec();
    keys.extend((0..t.stages.len()).map(ScoreKey::Conversion));
    let values = values_of(input, &t, &book, &team.members, &keys);
    let period_label = period.label();
    let ctx = Ctx {
        stages: &t.stages,
        home,
        period: &period_label,
        team_label: &team.label,
        name: &name,
    };
    let empty = Value::of(None, 0.0, 0.0, 0);
    let rows: Vec<Comparison> = keys
        .iter()
        .map(|k| {
            let team_values: Vec<Value> = team
                .members
                .iter()
                .filter_map(|m| values.get(m, *k).cloned())
                .collect();
            compare(
                *k,
                values.get(rep, *k).unwrap_or(&empty),
                &team_values,
                &ctx,
            )
        })
        .collect();
    let flags = rows.iter().filter_map(|r| r.flag.clone()).collect();

    // Attainment by period, with the team's median attainment.
    let periods = trend_periods(&period, input.today, fiscal);
    let won = won_by_period(input.facts, input.rates, &periods);
    let zero = vec![HomeSum::default(); periods.len()];
    let won_of = |r: &Id| {
        input
            .facts
            .keys
            .get(r)
            .and_then(|k| won.get(&k))
            .unwrap_or(&zero)
    };
    let trend = periods
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let att = |r: &Id| {
                let q = book.quota_of(&QuotaOwner::Rep(r.clone()), p, input.rates)?;
                (q.home > 0).then(|| won_of(r)[i].home as f64 / q.home as f64)
            };
            let q = book.quota_of(&QuotaOwner::Rep(rep.clone()), p, input.rates);
            let (m, _) = median(team.members.iter().map(att));
            TrendRow {
                period: if p.kind == AnalyticsKind::Month {
                    p.short_label()
                } else {
                    p.label()
                },
                won: money_text(won_of(rep)[i].home, home),
                quota: q.as_ref().map_or("—".into(), |q| money_text(q.home, home)),
                attainment: text(ScoreKey::Attainment, att(rep), home),
                team_median: text(ScoreKey::Attainment, m, home),
                share: att(rep),
                median_share: m,
            }
        })
        .collect();

    // Activity mix: counts, shares, and the team's (median count, pooled share).
    let mine = t.of(input.facts, rep);
    let pooled: [usize; 4] = team.members.iter().fold([0; 4], |mut acc, m| {
        for (a, c) in acc.iter_mut().zip(t.of(input.facts, m).activities) {
            *a += c;
        }
        acc
    });
    let pooled_total: usize = pooled.iter().sum();
    let mix = COUNTED_KINDS
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let (m, _) = median(
                team.members
                    .iter()
                    .map(|r| Some(t.of(input.facts, r).activities[i] as f64)),
            );
            MixRow {
                kind: k.label().to_string(),
                rep: mine.activities[i],
                rep_share: pct(mine.activities[i], mine.activities_total()),
                team_median: text(ScoreKey::Activities, m, home),
                team_share: pct(pooled[i], pooled_total),
            }
        })
        .collect();

    // Won and lost reasons of the rep's and the team's deals closed in the period.
    let members: std::collections::HashSet<&Id> = team.members.iter().collect();
    let (mut won_r, mut lost_r) = (ReasonTally::default(), ReasonTally::default());
    let mut stalled = Vec::new();
    for d in ws.deals.values() {
        let Some(owner) = d.owner_id.as_ref() else {
            continue;
        };
        if owner == rep {
            if let Some(reasons) = input.stalled.get(&d.id) {
                stalled.push(DealLine {
                    id: d.id.clone(),
                    name: d.name.clone(),
                    stage: ws.stage_of(d).map(|s| s.name.clone()).unwrap_or_default(),
                    why: reasons
                        .iter()
                        .map(|r| r.to_string())
                        .collect::<Vec<_>>()
                        .join("; "),
                });
            }
        }
        if !members.contains(owner) || !d.closed_on.is_some_and(|c| period.contains(c)) {
            continue;
        }
        match ws.stage_of(d).map(|s| s.kind) {
            Some(StageKind::Won) => won_r.add(d.won_reason.as_deref(), owner == rep),
            Some(StageKind::Lost) => lost_r.add(d.lost_reason.as_deref(), owner == rep),
            _ => {}
        }
    }
    stalled.sort_by_key(|a| a.name.to_lowercase());

    // Overdue activities.
    let mut overdue: Vec<(Date, OverdueLine)> = ws
        .activities
        .values()
        .filter(|a| !a.done && a.owner_id.as_ref() == Some(rep))
        .filter_map(|a| {
            let due = a.due?.date();
            (due < input.today).then(|| {
                let days = (input.today - due).num_days() as usize;
                (
                    due,
                    OverdueLine {
                        id: a.id.clone(),
                        deal_id: a.deal_id.clone(),
                        kind: a.kind.label().to_string(),
                        subject: a.subject.clone(),
                        due: crate::domain::time::format_date(due),
                        late: format!("{} late", plural(days, "day", "days")),
                    },
                )
            })
        })
        .collect();
    overdue.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.subject.cmp(&b.1.subject)));
    Scorecard {
        rep: rep.clone(),
        name,
        period: period_label,
        team: team.label,
        rows,
        flags,
        trend,
        mix,
        won_n: mine.won_n,
        lost_n: mine.lost_n,
        won_reasons: won_r.rows(),
        lost_reasons: lost_r.rows(),
        stalled,
        overdue: overdue.into_iter().map(|(_, l)| l).collect(),
    }
}

/// Whose scorecards a people choice lists: everyone active; a manager's reports
/// (everyone below them, directly or not, not the manager); or one rep.
pub fn people_listed(ws: &Workspace, people: &People) -> Vec<Id> {
    let mut v: Vec<&crate::domain::Rep> = match people {
        People::Everyone => ws.reps.values().filter(|r| r.active).collect(),
        People::Team(m) => {
            let team = team_of(ws, m);
            ws.reps
                .values()
                .filter(|r| r.active && &r.id != m && team.contains(&r.id))
                .collect()
        }
        People::Rep(r) => ws.reps.get(r).into_iter().collect(),
    };
    v.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then(a.id.cmp(&b.id))
    });
    v.into_iter().map(|r| r.id.clone()).collect()
}

#[derive(Clone, Debug, PartialEq)]
pub struct BoardCell {
    pub text: String,
    /// Well below the rep's team (see the module's header).
    pub flagged: bool,
    /// The flag's headline, for the cell's description.
    pub why: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BoardRow {
    pub rep: Id,
    pub name: String,
    pub cells: Vec<BoardCell>,
    pub stalled: usize,
    pub overdue: usize,
    /// Every flag of the rep's scorecard, stage conversions included.
    pub flags: usize,
}

/// The side-by-side table: reps × numbers, with the median of the reps listed.
#[derive(Clone, Debug, PartialEq)]
pub struct Board {
    pub headers: Vec<String>,
    pub rows: Vec<BoardRow>,
    pub median: Vec<String>,
    pub period: String,
}

/// The table of `reps` for `period`: one tally pass for everyone.
pub fn board(input: &ScoreInput, reps: &[Id], period: Period) -> Board {
    let ws = input.ws;
    let home = &ws.settings.home_currency;
    let t = tally(ws, input.facts, input.rates, &period);
    let book = QuotaBook::new(ws.quotas.values());
    let mut keys: Vec<ScoreKey> = TABLE_KEYS.to_vec();
    keys.extend((0..t.stages.len()).map(ScoreKey::Conversion));
    // Everyone a listed rep is compared with.
    let teams: HashMap<Id, Team> = reps.iter().map(|r| (r.clone(), team(ws, r))).collect();
    let mut everyone: Vec<Id> = teams
        .values()
        .flat_map(|t| t.members.iter().cloned())
        .collect();
    everyone.extend(reps.iter().cloned());
    everyone.sort();
    everyone.dedup();
    let values = values_of(input, &t, &book, &everyone, &keys);
    let period_label = period.label();
    let mut stalled_n: HashMap<&Id, usize> = HashMap::new();
    for id in input.stalled.keys() {
        if let Some(o) = ws.deals.get(id).and_then(|d| d.owner_id.as_ref()) {
            *stalled_n.entry(o).or_default() += 1;
        }
    }
    let mut overdue_n: HashMap<&Id, usize> = HashMap::new();
    for a in ws.activities.values() {
        if !a.done && a.due.is_some_and(|d| d.date() < input.today) {
            if let Some(o) = a.owner_id.as_ref() {
                *overdue_n.entry(o).or_default() += 1;
            }
        }
    }
    let empty = Value::of(None, 0.0, 0.0, 0);
    let rows = reps
        .iter()
        .map(|r| {
            let team = &teams[r];
            let name = ws.rep_name(Some(r)).unwrap_or("Unknown rep").to_string();
            let ctx = Ctx {
                stages: &t.stages,
                home,
                period: &period_label,
                team_label: &team.label,
                name: &name,
            };
            let comps: Vec<Comparison> = keys
                .iter()
                .map(|k| {
                    let tv: Vec<Value> = team
                        .members
                        .iter()
                        .filter_map(|m| values.get(m, *k).cloned())
                        .collect();
                    compare(*k, values.get(r, *k).unwrap_or(&empty), &tv, &ctx)
                })
                .collect();
            BoardRow {
                rep: r.clone(),
                cells: comps
                    .iter()
                    .take(TABLE_KEYS.len())
                    .map(|c| BoardCell {
                        text: c.rep.clone(),
                        flagged: c.flag.is_some(),
                        why: c.flag.as_ref().map(|f| f.headline.clone()),
                    })
                    .collect(),
                flags: comps.iter().filter(|c| c.flag.is_some()).count(),
                stalled: stalled_n.get(r).copied().unwrap_or(0),
                overdue: overdue_n.get(r).copied().unwrap_or(0),
                name,
            }
        })
        .collect();
    let median_row = TABLE_KEYS
        .iter()
        .map(|k| {
            text(
                *k,
                median(reps.iter().map(|r| values.get(r, *k).and_then(|v| v.value))).0,
                home,
            )
        })
        .collect();
    Board {
        headers: TABLE_KEYS.iter().map(|k| k.label(&t.stages)).collect(),
        rows,
        median: median_row,
        period: period_label,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::kpi::fixture::{d, Fx};
    use crate::domain::{ActivityKind, PeriodKind};

    fn q3() -> Period {
        Period::quarter_of(d(2026, 8, 1), 1)
    }

    /// Mia's team of five; Ana converts Discovery poorly, Bo has too few deals to judge.
    fn team_of_five() -> (Fx, Id, Vec<Id>) {
        let mut fx = Fx::new();
        let mia = fx.rep("Mia Chen", None);
        let names = ["Ana", "Bo", "Cy", "Di", "Ed"];
        let reps: Vec<Id> = names.iter().map(|n| fx.rep(n, Some(&mia))).collect();
        // (rep, deals entering Discovery in Q3, of which moved on to Proposal)
        for (i, (entered, forward)) in [(11, 2), (2, 0), (10, 5), (8, 4), (6, 3)]
            .into_iter()
            .enumerate()
        {
            for k in 0..entered {
                let mut path = vec![
                    ("Prospecting", d(2026, 7, 1)),
                    ("Discovery", d(2026, 7, 10)),
                ];
                if k < forward {
                    path.push(("Proposal", d(2026, 8, 1)));
                }
                fx.deal(
                    &reps[i],
                    d(2026, 7, 1),
                    &path,
                    Some(100_000),
                    "USD",
                    None,
                    None,
                );
            }
        }
        (fx, mia, reps)
    }

    fn input<'a>(
        fx: &'a Fx,
        facts: &'a KpiFacts,
        rates: &'a Rates,
        stalled: &'a HashMap<Id, Vec<StalledReason>>,
    ) -> ScoreInput<'a> {
        ScoreInput {
            ws: &fx.ws,
            facts,
            rates,
            today: d(2026, 9, 30),
            stalled,
        }
    }

    #[test]
    fn medians_take_the_middle_and_skip_the_undefined() {
        assert_eq!(
            median([Some(3.0), None, Some(1.0), Some(2.0)]),
            (Some(2.0), 3)
        );
        assert_eq!(
            median([Some(4.0), Some(1.0), Some(2.0), Some(10.0)]),
            (Some(3.0), 4)
        );
        assert_eq!(median([None, None]), (None, 0));
    }

    #[test]
    fn a_rep_well_below_the_team_median_is_flagged_with_the_numbers() {
        let (fx, _, reps) = team_of_five();
        let facts = KpiFacts::build(&fx.ws);
        let rates = Rates::of(&fx.ws);
        let stalled = HashMap::new();
        let inp = input(&fx, &facts, &rates, &stalled);
        let s = scorecard(&inp, &reps[0], q3());
        assert_eq!(s.team, "Mia Chen’s team (5 reps)");
        let conv = s
            .rows
            .iter()
            .find(|r| r.key == ScoreKey::Conversion(2))
            .unwrap();
        // Ana 2/11 = 18.2%; the team: 0%, 18.2%, 50%, 50%, 50% → median 50%.
        assert_eq!((conv.rep.as_str(), conv.team.as_str()), ("18.2%", "50%"));
        let f = conv.flag.as_ref().unwrap();
        assert_eq!(
            f.headline,
            "Discovery → Proposal conversion 18.2% vs team 50%"
        );
        assert_eq!(
            f.explanation,
            "Ana: 2 of 11 deals that entered Discovery moved forward in Q3 2026. Team median: 50%, over 5 reps with this number in Mia Chen’s team (5 reps). Flagged because it is below 35%, 70% of the team median."
        );
        assert_eq!(s.flags.len(), 1, "{:?}", s.flags);
        // Bo is further below, but 2 deals are too few to judge.
        let bo = scorecard(&inp, &reps[1], q3());
        let conv = bo
            .rows
            .iter()
            .find(|r| r.key == ScoreKey::Conversion(2))
            .unwrap();
        assert_eq!(conv.rep, "0%");
        assert_eq!(conv.flag, None);
        // Cy at the median is not flagged.
        assert!(scorecard(&inp, &reps[2], q3()).flags.is_empty());
    }

    #[test]
    fn a_team_too_small_falls_back_to_all_active_reps_and_lower_is_better_for_cycles() {
        let mut fx = Fx::new();
        let m1 = fx.rep("M1", None);
        let m2 = fx.rep("M2", None);
        let a = fx.rep("A", Some(&m1));
        let others: Vec<Id> = ["B", "C", "D"]
            .iter()
            .map(|n| fx.rep(n, Some(&m2)))
            .collect();
        assert_eq!(team(&fx.ws, &a).label, "all 4 active reps");
        assert_eq!(team(&fx.ws, &others[0]).label, "M2’s team (3 reps)");
        // Cycles: A 100 days on 3 wins; the others 30, 40, 50.
        for (rep, days) in std::iter::once((&a, 100)).chain(others.iter().zip([30, 40, 50])) {
            for _ in 0..3 {
                let created = d(2026, 9, 20) - chrono::Days::new(days);
                fx.deal(
                    rep,
                    created,
                    &[("Prospecting", created), ("Won", d(2026, 9, 20))],
                    Some(100_000),
                    "USD",
                    None,
                    None,
                );
            }
        }
        let facts = KpiFacts::build(&fx.ws);
        let rates = Rates::of(&fx.ws);
        let stalled = HashMap::new();
        let s = scorecard(&input(&fx, &facts, &rates, &stalled), &a, q3());
        let cycle = s
            .rows
            .iter()
            .find(|r| r.key == ScoreKey::CycleMedian)
            .unwrap();
        // Median of 100, 30, 40, 50 is 45: 100 > 45 ÷ 0.7 = 64.3.
        assert_eq!(
            (cycle.rep.as_str(), cycle.team.as_str()),
            ("100 days", "45 days")
        );
        assert_eq!(
            cycle.flag.as_ref().unwrap().headline,
            "Sales cycle (median) 100 days vs team 45 days"
        );
        assert!(cycle
            .flag
            .as_ref()
            .unwrap()
            .explanation
            .ends_with("Flagged because it is above 64.3 days, the team median ÷ 0.7."));
    }

    #[test]
    fn won_and_lost_reasons_sit_beside_the_teams_for_deals_closed_in_the_period() {
        let mut fx = Fx::new();
        let mia = fx.rep("Mia", None);
        let ana = fx.rep("Ana", Some(&mia));
        let bo = fx.rep("Bo", Some(&mia));
        let outsider = fx.rep("Zoe", None);
        // (owner, closing stage, reason, closed on)
        let closes: [(&Id, &str, Option<&str>, Date); 9] = [
            (&ana, "Won", Some("Product fit"), d(2026, 8, 3)),
            (&ana, "Won", Some(" Product fit "), d(2026, 8, 4)),
            (&ana, "Won", None, d(2026, 8, 5)),
            (&bo, "Won", Some("Price"), d(2026, 8, 6)),
            (&bo, "Won", Some("Product fit"), d(2026, 8, 7)),
            (&ana, "Lost", Some("Timing"), d(2026, 8, 8)),
            (&bo, "Lost", Some("Price"), d(2026, 8, 9)),
            // Outside the period, and outside the team: not counted.
            (&ana, "Won", Some("Relationship"), d(2026, 6, 30)),
            (&outsider, "Won", Some("Relationship"), d(2026, 8, 1)),
        ];
        for (owner, stage, reason, on) in closes {
            let id = fx.deal(
                owner,
                d(2026, 6, 1),
                &[("Prospecting", d(2026, 6, 1)), (stage, on)],
                Some(100_000),
                "USD",
                None,
                None,
            );
            let mut x = fx.ws.deals.get(&id).unwrap().clone();
            match stage {
                "Won" => x.won_reason = reason.map(str::to_string),
                _ => x.lost_reason = reason.map(str::to_string),
            }
            fx.ws.put(x.into());
        }
        let facts = KpiFacts::build(&fx.ws);
        let rates = Rates::of(&fx.ws);
        let stalled = HashMap::new();
        let s = scorecard(&input(&fx, &facts, &rates, &stalled), &ana, q3());
        let rows = |v: &[ReasonRow]| -> Vec<(String, usize, String, String)> {
            v.iter()
                .map(|r| {
                    (
                        r.reason.clone(),
                        r.rep,
                        r.rep_share.clone(),
                        r.team_share.clone(),
                    )
                })
                .collect()
        };
        let row = |r: &str, n: usize, mine: &str, team: &str| {
            (r.to_string(), n, mine.to_string(), team.to_string())
        };
        // Ana won 3 (2 for product fit, 1 without a reason); the team 5.
        assert_eq!(
            rows(&s.won_reasons),
            [
                row("Product fit", 2, "66.7%", "60%"),
                row("No reason given", 1, "33.3%", "20%"),
                row("Price", 0, "0%", "20%"),
            ]
        );
        assert_eq!(
            rows(&s.lost_reasons),
            [
                row("Timing", 1, "100%", "50%"),
                row("Price", 0, "0%", "50%")
            ]
        );
        // Another quarter: nothing closed, no rows.
        let q4 = Period::quarter_of(d(2026, 11, 1), 1);
        let later = scorecard(&input(&fx, &facts, &rates, &stalled), &ana, q4);
        assert!(later.won_reasons.is_empty() && later.lost_reasons.is_empty());
    }

    #[test]
    fn the_board_lists_a_managers_reports_with_flags_stalled_and_overdue() {
        let (mut fx, mia, reps) = team_of_five();
        let outsider = fx.rep("Zoe", None);
        fx.quota(
            Some(&reps[0]),
            PeriodKind::Quarter,
            d(2026, 7, 1),
            1_000_000,
        );
        fx.activity(&reps[0], ActivityKind::Call, None);
        let mut a = fx.ws.activities.values().next().unwrap().clone();
        a.due = Some(d(2026, 9, 1).and_hms_opt(9, 0, 0).unwrap());
        fx.ws.put(a.into());
        let listed = people_listed(&fx.ws, &People::Team(mia.clone()));
        assert_eq!(listed.len(), 5);
        assert!(!listed.contains(&mia) && !listed.contains(&outsider));
        let facts = KpiFacts::build(&fx.ws);
        let rates = Rates::of(&fx.ws);
        let some_deal = fx
            .ws
            .deals
            .values()
            .find(|d| d.owner_id.as_ref() == Some(&reps[0]))
            .unwrap()
            .id
            .clone();
        let stalled = HashMap::from([(some_deal, vec![StalledReason::NoActivity { days: 20 }])]);
        let b = board(&input(&fx, &facts, &rates, &stalled), &listed, q3());
        assert_eq!(b.headers[1], "Quota attainment");
        let ana = b.rows.iter().find(|r| r.name == "Ana").unwrap();
        assert_eq!((ana.stalled, ana.overdue, ana.flags), (1, 1, 1));
        assert_eq!(ana.cells[1].text, "0%");
        assert_eq!(b.median[5], "8", "deals created: 11, 2, 10, 8, 6");
        let s = scorecard(&input(&fx, &facts, &rates, &stalled), &reps[0], q3());
        assert_eq!(s.stalled.len(), 1);
        assert_eq!(s.overdue[0].late, "29 days late");
        assert_eq!(s.trend.len(), 6);
        assert_eq!(s.trend[5].quota, "$10,000");
        // The chart's numbers are the table's: Ana's 0% of a $10,000 quota.
        assert_eq!(s.trend[5].attainment, "0%");
        assert_eq!(s.trend[5].share, Some(0.0));
    }
}
