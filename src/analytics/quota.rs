//! Quota for a period and a scope: the one set of rules the dashboard, My day, the
//! scorecards and the quota grid share.
//!
//! - **Whose.** A quota is a rep's (`rep_id`), a manager's team's (no rep, `team_of`)
//!   or the company's (neither). Per owner and per period (kind and first day) one
//!   quota counts: when a merge left several, the most recently updated one.
//! - **Finer wins.** An owner's quota for a fiscal quarter is only a check as soon as
//!   the owner has a monthly quota inside that quarter: the quarter's quota is then the
//!   sum of its months (a month left empty adds nothing, and the grid warns when the
//!   typed quarter differs from that sum). A yearly quota is likewise only a check once
//!   the owner has any quarterly or monthly quota inside the year.
//! - **Partial periods.** A quota that counts and only partly overlaps the period asked
//!   for counts in proportion to the days they share (a quarterly quota of $90,000 gives
//!   about $30,000 to one of its months). A rep who joined mid-quarter has the quota
//!   set for them: a quarter's (for what is left of it) or their months'.
//! - **Teams.** For everyone, the company's quota when one counts for the period, else
//!   the reps' added up; for a manager's team, the team's quota when one counts, else
//!   the quotas of the reps in the team added up. With a territory, segment or pipeline
//!   filter only the reps' own quotas can be added up.

use super::period::Period;
use crate::domain::{Date, HomeSum, Id, PeriodKind, Quota, Rates};
use chrono::{Days, Months};
use std::collections::HashMap;

/// The last day a quota covers.
pub fn quota_end(q: &Quota) -> Date {
    span_end(q.period, q.period_start)
}

/// The last day of a quota period of `kind` starting on `start`.
pub fn span_end(kind: PeriodKind, start: Date) -> Date {
    let months = match kind {
        PeriodKind::Month => 1,
        PeriodKind::Quarter => 3,
        PeriodKind::Year => 12,
    };
    start + Months::new(months) - Days::new(1)
}

fn rank(kind: PeriodKind) -> u8 {
    match kind {
        PeriodKind::Month => 0,
        PeriodKind::Quarter => 1,
        PeriodKind::Year => 2,
    }
}

/// Days `q` shares with the days `from..=to`, and how many days `q` has.
fn overlap_days(q: &Quota, from: Date, to: Date) -> (i64, i64) {
    let (qs, qe) = (q.period_start, quota_end(q));
    let days = (qe - qs).num_days() + 1;
    let s = qs.max(from);
    let e = qe.min(to);
    ((e - s).num_days() + 1, days)
}

/// `amount × shared ÷ days`, rounded half away from zero.
pub fn share(amount: i64, shared: i64, days: i64) -> i64 {
    if shared >= days {
        return amount;
    }
    if shared <= 0 || days <= 0 {
        return 0;
    }
    let num = i128::from(amount) * i128::from(shared);
    let den = i128::from(days);
    let q = num / den;
    let r = num % den;
    (if r.abs() * 2 >= den {
        q + num.signum()
    } else {
        q
    }) as i64
}

/// Whose quota a record is.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum QuotaOwner {
    Company,
    /// A manager's team.
    Team(Id),
    Rep(Id),
}

impl QuotaOwner {
    pub fn of(q: &Quota) -> QuotaOwner {
        match (&q.rep_id, &q.team_of) {
            (Some(r), _) => QuotaOwner::Rep(r.clone()),
            (None, Some(m)) => QuotaOwner::Team(m.clone()),
            (None, None) => QuotaOwner::Company,
        }
    }

    /// `rep_id` and `team_of` of a quota of this owner.
    pub fn fields(&self) -> (Option<Id>, Option<Id>) {
        match self {
            QuotaOwner::Company => (None, None),
            QuotaOwner::Team(m) => (None, Some(m.clone())),
            QuotaOwner::Rep(r) => (Some(r.clone()), None),
        }
    }
}

/// One owner's quotas: one per period, and which of them count.
#[derive(Clone, Debug, Default)]
pub struct OwnerQuotas<'a> {
    /// One per (kind, first day): the most recently updated one.
    typed: HashMap<(PeriodKind, Date), &'a Quota>,
    /// The typed quotas that count (not a check under finer ones), by first day.
    counting: Vec<&'a Quota>,
}

impl<'a> OwnerQuotas<'a> {
    fn build(quotas: Vec<&'a Quota>) -> OwnerQuotas<'a> {
        let mut typed: HashMap<(PeriodKind, Date), &'a Quota> = HashMap::new();
        for q in quotas {
            let slot = typed.entry((q.period, q.period_start)).or_insert(q);
            if (q.updated_at, &q.id) > (slot.updated_at, &slot.id) {
                *slot = q;
            }
        }
        let mut all: Vec<&'a Quota> = typed.values().copied().collect();
        all.sort_by_key(|q| (q.period_start, rank(q.period)));
        let counting = all
            .iter()
            .copied()
            .filter(|q| {
                !all.iter().any(|f| {
                    rank(f.period) < rank(q.period)
                        && overlap_days(f, q.period_start, quota_end(q)).0 > 0
                })
            })
            .collect();
        OwnerQuotas { typed, counting }
    }

    /// The quota typed for the period of `kind` starting on `start`.
    pub fn typed(&self, kind: PeriodKind, start: Date) -> Option<&'a Quota> {
        self.typed.get(&(kind, start)).copied()
    }

    /// Whether the quota typed for this period counts (it is not only a check).
    pub fn counts(&self, q: &Quota) -> bool {
        self.counting.iter().any(|c| c.id == q.id)
    }

    /// Every typed quota, oldest period first.
    pub fn all(&self) -> Vec<&'a Quota> {
        let mut v: Vec<&'a Quota> = self.typed.values().copied().collect();
        v.sort_by_key(|q| (q.period_start, rank(q.period)));
        v
    }

    /// The quota for the days `from..=to` (see the module's rules), in the home
    /// currency; `None` when no counting quota overlaps them.
    pub fn quota_between(&self, from: Date, to: Date, rates: &Rates) -> Option<HomeSum> {
        let mut sum = HomeSum::default();
        let mut any = false;
        for q in &self.counting {
            let (shared, days) = overlap_days(q, from, to);
            if shared > 0 {
                any = true;
                sum.add(
                    rates,
                    share(q.amount, shared, days),
                    &q.currency,
                    q.period_start,
                );
            }
        }
        any.then_some(sum)
    }

    /// The quota for `p`.
    pub fn quota(&self, p: &Period, rates: &Rates) -> Option<HomeSum> {
        self.quota_between(p.start(), p.end(), rates)
    }
}

/// Every quota of a workspace, by owner, with the rules applied once.
#[derive(Clone, Debug, Default)]
pub struct QuotaBook<'a> {
    owners: HashMap<QuotaOwner, OwnerQuotas<'a>>,
    /// Reps with quotas, sorted.
    reps: Vec<Id>,
}

impl<'a> QuotaBook<'a> {
    pub fn new(quotas: impl IntoIterator<Item = &'a Quota>) -> QuotaBook<'a> {
        let mut grouped: HashMap<QuotaOwner, Vec<&'a Quota>> = HashMap::new();
        for q in quotas {
            grouped.entry(QuotaOwner::of(q)).or_default().push(q);
        }
        let mut reps: Vec<Id> = grouped
            .keys()
            .filter_map(|o| match o {
                QuotaOwner::Rep(r) => Some(r.clone()),
                _ => None,
            })
            .collect();
        reps.sort_unstable();
        QuotaBook {
            owners: grouped
                .into_iter()
                .map(|(o, qs)| (o, OwnerQuotas::build(qs)))
                .collect(),
            reps,
        }
    }

    pub fn owner(&self, o: &QuotaOwner) -> Option<&OwnerQuotas<'a>> {
        self.owners.get(o)
    }

    /// The quota of one owner for `p`; `None` when none counts for it.
    pub fn quota_of(&self, o: &QuotaOwner, p: &Period, rates: &Rates) -> Option<HomeSum> {
        self.owners.get(o)?.quota(p, rates)
    }

    /// The quota for `p` of the people in scope (see `quota_for`).
    pub fn quota_for(
        &self,
        p: &Period,
        rep_in_scope: &dyn Fn(&Id) -> bool,
        of: QuotaOf,
        rates: &Rates,
    ) -> Option<HomeSum> {
        let own = match of {
            QuotaOf::Company => Some(QuotaOwner::Company),
            QuotaOf::Team(m) => Some(QuotaOwner::Team(m.clone())),
            QuotaOf::Reps => None,
        };
        if let Some(sum) = own.and_then(|o| self.quota_of(&o, p, rates)) {
            return Some(sum);
        }
        let mut sum = HomeSum::default();
        let mut any = false;
        for rep in self.reps.iter().filter(|r| rep_in_scope(r)) {
            if let Some(s) = self.quota_of(&QuotaOwner::Rep(rep.clone()), p, rates) {
                any = true;
                sum.home += s.home;
                sum.converted += s.converted;
                for (c, v) in s.unconverted {
                    *sum.unconverted.entry(c).or_default() += v;
                }
                sum.unconverted_count += s.unconverted_count;
            }
        }
        any.then_some(sum)
    }
}

/// Whose quota a scope asks for: the company's (everyone), a manager's team's, or the
/// sum of the reps in it. A team or company quota, when set for the period, stands for
/// its people; otherwise their own quotas are added up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuotaOf<'a> {
    Company,
    Team(&'a Id),
    Reps,
}

impl<'a> QuotaOf<'a> {
    /// What a scope asks for: with a territory, segment or pipeline filter only the
    /// reps' own quotas can be added up.
    pub fn of(scope: &'a super::scope::Scope) -> QuotaOf<'a> {
        use super::scope::People;
        if scope.territory.is_some() || scope.segment.is_some() || scope.pipeline.is_some() {
            return QuotaOf::Reps;
        }
        match &scope.people {
            People::Everyone => QuotaOf::Company,
            People::Team(m) => QuotaOf::Team(m),
            People::Rep(_) => QuotaOf::Reps,
        }
    }
}

/// The quota for `p` of the people in scope, in the home currency; `None` when none is
/// set for it (the rules are in the module's header).
pub fn quota_for(
    quotas: &[&Quota],
    p: &Period,
    rep_in_scope: &dyn Fn(&Id) -> bool,
    of: QuotaOf,
    rates: &Rates,
) -> Option<HomeSum> {
    QuotaBook::new(quotas.iter().copied()).quota_for(p, rep_in_scope, of, rates)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::scope::Scope;
    use crate::domain::workspace::tests::{now, seeded};
    use crate::domain::Currency;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> Date {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn quota(rep: Option<&Id>, kind: PeriodKind, start: Date, amount: i64) -> Quota {
        Quota {
            id: Id::from_string(format!("q{start}{amount}")),
            rep_id: rep.cloned(),
            team_of: None,
            period: kind,
            period_start: start,
            amount,
            currency: Currency::usd(),
            created_at: now(),
            updated_at: now(),
        }
    }

    #[test]
    fn months_win_over_their_quarter_and_partial_periods_are_prorated() {
        let (ws, mut ids) = seeded();
        let ana = ids.next_id();
        let rates = Rates::of(&ws);
        let all = Scope::everyone();
        let s = |id: &Id| all.resolve(&ws).rep(id);
        let qs = [
            quota(Some(&ana), PeriodKind::Quarter, d(2026, 10, 1), 9_200_000),
            quota(Some(&ana), PeriodKind::Month, d(2026, 10, 1), 3_000_000),
            quota(Some(&ana), PeriodKind::Month, d(2026, 11, 1), 3_000_000),
        ];
        let refs: Vec<&Quota> = qs.iter().collect();
        let q4 = Period::quarter_of(d(2026, 11, 5), 1);
        // The months are set for October and November: they are the quota (not the
        // quarter on top of them).
        assert_eq!(
            quota_for(&refs, &q4, &s, QuotaOf::Reps, &rates)
                .unwrap()
                .home,
            6_000_000
        );
        // Once months are set, the quarter is only a check: December, left empty, has
        // no quota of its own (the grid warns that the months add up to $60,000, not
        // the quarter's $92,000), and the three months add up to the quarter.
        let dec = Period::month_of(d(2026, 12, 1), 1);
        assert_eq!(quota_for(&refs, &dec, &s, QuotaOf::Reps, &rates), None);
        let months: i64 = q4
            .months(q4.start(), q4.end())
            .iter()
            .filter_map(|m| quota_for(&refs, m, &s, QuotaOf::Reps, &rates))
            .map(|q| q.home)
            .sum();
        assert_eq!(months, 6_000_000);
        // A quarter without months still spreads over its days: 31 of 92 for January.
        let next = [quota(
            Some(&ana),
            PeriodKind::Quarter,
            d(2027, 1, 1),
            9_000_000,
        )];
        let next: Vec<&Quota> = next.iter().collect();
        let jan = Period::month_of(d(2027, 1, 1), 1);
        assert_eq!(
            quota_for(&next, &jan, &s, QuotaOf::Reps, &rates)
                .unwrap()
                .home,
            3_100_000
        );
        // Nothing set for next year.
        let next = Period::month_of(d(2027, 1, 1), 1);
        assert_eq!(quota_for(&refs, &next, &s, QuotaOf::Reps, &rates), None);
    }

    #[test]
    fn a_fiscal_year_from_april_and_a_rep_who_joined_mid_quarter() {
        let (ws, mut ids) = seeded();
        let (ana, bo) = (ids.next_id(), ids.next_id());
        let rates = Rates::of(&ws);
        let qs = [
            quota(Some(&ana), PeriodKind::Year, d(2026, 4, 1), 36_500_000),
            // Bo joined on Aug 15: his first quarter's quota was set for what is left.
            quota(Some(&bo), PeriodKind::Quarter, d(2026, 7, 1), 4_000_000),
            quota(None, PeriodKind::Quarter, d(2026, 7, 1), 15_000_000),
        ];
        let refs: Vec<&Quota> = qs.iter().collect();
        let q2 = Period::quarter_of(d(2026, 8, 20), 4);
        assert_eq!((q2.start(), q2.end()), (d(2026, 7, 1), d(2026, 9, 30)));
        let all = Scope::everyone();
        // Everyone: the team quota.
        assert_eq!(
            quota_for(
                &refs,
                &q2,
                &|id: &Id| all.resolve(&ws).rep(id),
                QuotaOf::Company,
                &rates
            )
            .unwrap()
            .home,
            15_000_000
        );
        // Ana: 92 of the fiscal year's 365 days.
        let ana_scope = Scope::rep(ana.clone());
        assert_eq!(
            quota_for(
                &refs,
                &q2,
                &|id: &Id| ana_scope.resolve(&ws).rep(id),
                QuotaOf::Reps,
                &rates
            )
            .unwrap()
            .home,
            9_200_000
        );
        let bo_scope = Scope::rep(bo.clone());
        assert_eq!(
            quota_for(
                &refs,
                &q2,
                &|id: &Id| bo_scope.resolve(&ws).rep(id),
                QuotaOf::Reps,
                &rates
            )
            .unwrap()
            .home,
            4_000_000
        );
    }

    #[test]
    fn a_managers_team_quota_stands_for_the_team_and_the_company_quota_for_everyone() {
        let (ws, mut ids) = seeded();
        let (mia, ana) = (ids.next_id(), ids.next_id());
        let rates = Rates::of(&ws);
        let mut team = quota(None, PeriodKind::Quarter, d(2026, 10, 1), 10_000_000);
        team.team_of = Some(mia.clone());
        let qs = [
            team,
            quota(None, PeriodKind::Quarter, d(2026, 10, 1), 50_000_000),
            quota(Some(&ana), PeriodKind::Quarter, d(2026, 10, 1), 3_000_000),
        ];
        let refs: Vec<&Quota> = qs.iter().collect();
        let q4 = Period::quarter_of(d(2026, 11, 1), 1);
        let any = |_: &Id| true;
        assert_eq!(
            quota_for(&refs, &q4, &any, QuotaOf::Company, &rates)
                .unwrap()
                .home,
            50_000_000
        );
        assert_eq!(
            quota_for(&refs, &q4, &any, QuotaOf::Team(&mia), &rates)
                .unwrap()
                .home,
            10_000_000
        );
        // Another manager's team has no quota of its own: its reps' add up.
        let other = ids.next_id();
        assert_eq!(
            quota_for(&refs, &q4, &any, QuotaOf::Team(&other), &rates)
                .unwrap()
                .home,
            3_000_000
        );
        let s = Scope::team(mia.clone());
        assert_eq!(QuotaOf::of(&s), QuotaOf::Team(&mia));
        let narrowed = Scope {
            segment: Some(crate::domain::Segment::SaaS),
            ..Scope::team(mia.clone())
        };
        assert_eq!(QuotaOf::of(&narrowed), QuotaOf::Reps);
    }

    #[test]
    fn a_year_is_a_check_under_its_quarters_and_months_in_a_fiscal_year_from_april() {
        let (ws, mut ids) = seeded();
        let ana = ids.next_id();
        let rates = Rates::of(&ws);
        let any = |_: &Id| true;
        // FY 2026–27 starts on April 1: a yearly $400,000, Q1 (Apr–Jun) typed as
        // $90,000, and monthly quotas for July and August only.
        let qs = [
            quota(Some(&ana), PeriodKind::Year, d(2026, 4, 1), 40_000_000),
            quota(Some(&ana), PeriodKind::Quarter, d(2026, 4, 1), 9_000_000),
            quota(Some(&ana), PeriodKind::Quarter, d(2026, 7, 1), 12_000_000),
            quota(Some(&ana), PeriodKind::Month, d(2026, 7, 1), 3_000_000),
            quota(Some(&ana), PeriodKind::Month, d(2026, 8, 1), 4_000_000),
            quota(Some(&ana), PeriodKind::Quarter, d(2026, 10, 1), 10_000_000),
        ];
        let refs: Vec<&Quota> = qs.iter().collect();
        let fy = Period::year_of(d(2026, 5, 1), 4);
        assert_eq!((fy.start(), fy.end()), (d(2026, 4, 1), d(2027, 3, 31)));
        let q = |p: &Period| quota_for(&refs, p, &any, QuotaOf::Reps, &rates).map(|s| s.home);
        // The year is a check: its quarters and months count instead; the typed Q2
        // ($120,000) is a check under its months ($70,000); Q4 (Jan–Mar) has nothing.
        assert_eq!(q(&fy), Some(9_000_000 + 7_000_000 + 10_000_000));
        let q2 = Period::quarter_of(d(2026, 7, 1), 4);
        assert_eq!(q2.label(), "Q2 FY 2026–27");
        assert_eq!(q(&q2), Some(7_000_000));
        assert_eq!(q(&Period::quarter_of(d(2027, 2, 1), 4)), None);
        // Months of a quarter without months of its own are its share by days.
        assert_eq!(q(&Period::month_of(d(2026, 5, 1), 4)), Some(3_065_934));
        // The quarters add up to the year, exactly.
        let quarters: i64 = (0..4)
            .filter_map(|i| q(&Period::quarter_of(d(2026, 4, 1) + Months::new(3 * i), 4)))
            .sum();
        assert_eq!(Some(quarters), q(&fy));
    }

    #[test]
    fn a_rep_who_joined_mid_quarter_counts_from_their_months_and_the_team_adds_them() {
        let (ws, mut ids) = seeded();
        let (ana, new) = (ids.next_id(), ids.next_id());
        let rates = Rates::of(&ws);
        // The new rep joined on Aug 15: quotas for a half August and September.
        let qs = [
            quota(Some(&ana), PeriodKind::Quarter, d(2026, 7, 1), 9_000_000),
            quota(Some(&new), PeriodKind::Month, d(2026, 8, 1), 1_000_000),
            quota(Some(&new), PeriodKind::Month, d(2026, 9, 1), 2_000_000),
        ];
        let refs: Vec<&Quota> = qs.iter().collect();
        let q3 = Period::quarter_of(d(2026, 8, 20), 1);
        let only = |who: &Id| {
            let who = who.clone();
            move |id: &Id| *id == who
        };
        assert_eq!(
            quota_for(&refs, &q3, &only(&new), QuotaOf::Reps, &rates)
                .unwrap()
                .home,
            3_000_000
        );
        assert_eq!(
            quota_for(&refs, &q3, &|_: &Id| true, QuotaOf::Company, &rates)
                .unwrap()
                .home,
            12_000_000,
            "no company quota: the reps' add up"
        );
        // July: Ana's share of her quarter; the new rep had none yet.
        let jul = Period::month_of(d(2026, 7, 1), 1);
        assert_eq!(
            quota_for(&refs, &jul, &only(&new), QuotaOf::Reps, &rates),
            None
        );
        assert_eq!(
            quota_for(&refs, &jul, &only(&ana), QuotaOf::Reps, &rates)
                .unwrap()
                .home,
            3_032_609
        );
    }

    #[test]
    fn of_two_quotas_for_the_same_period_the_newer_counts() {
        let (ws, mut ids) = seeded();
        let ana = ids.next_id();
        let rates = Rates::of(&ws);
        let old = quota(Some(&ana), PeriodKind::Quarter, d(2026, 10, 1), 1_000_000);
        let mut newer = quota(Some(&ana), PeriodKind::Quarter, d(2026, 10, 1), 2_000_000);
        newer.updated_at = old.updated_at + chrono::Duration::hours(1);
        let qs = [old, newer];
        let refs: Vec<&Quota> = qs.iter().collect();
        let q4 = Period::quarter_of(d(2026, 11, 1), 1);
        assert_eq!(
            quota_for(&refs, &q4, &|_: &Id| true, QuotaOf::Reps, &rates)
                .unwrap()
                .home,
            2_000_000
        );
        let book = QuotaBook::new(refs.iter().copied());
        let mine = book.owner(&QuotaOwner::Rep(ana.clone())).unwrap();
        assert_eq!(
            mine.typed(PeriodKind::Quarter, d(2026, 10, 1))
                .unwrap()
                .amount,
            2_000_000
        );
        assert_eq!(mine.all().len(), 1);
    }
}
