//! Quota for a period and a scope.
//!
//! Each rep's quota for a period is the sum of their quotas that overlap it, at the
//! finest kind they have there: monthly quotas when any month of theirs overlaps the
//! period, else quarterly, else yearly; so a quarter and its months are never added
//! together (when both are set, the months are the plan and the quarter is only a
//! check). A quota that only partly overlaps the period counts in proportion of the
//! days they share (a quarterly quota of $90,000 gives about $30,000 to one of its
//! months). Team quotas (no rep) stand for the whole team: they are used for everyone
//! when set, instead of adding up the reps'.

use super::period::Period;
use crate::domain::{Date, HomeSum, Id, PeriodKind, Quota, Rates};
use chrono::{Days, Months};

/// The last day a quota covers.
pub fn quota_end(q: &Quota) -> Date {
    let months = match q.period {
        PeriodKind::Month => 1,
        PeriodKind::Quarter => 3,
        PeriodKind::Year => 12,
    };
    q.period_start + Months::new(months) - Days::new(1)
}

fn rank(kind: PeriodKind) -> u8 {
    match kind {
        PeriodKind::Month => 0,
        PeriodKind::Quarter => 1,
        PeriodKind::Year => 2,
    }
}

/// Days `q` shares with `p`, and how many days `q` has.
fn overlap(q: &Quota, p: &Period) -> (i64, i64) {
    let (qs, qe) = (q.period_start, quota_end(q));
    let days = (qe - qs).num_days() + 1;
    let s = qs.max(p.start());
    let e = qe.min(p.end());
    ((e - s).num_days() + 1, days)
}

/// `amount × shared ÷ days`, rounded half away from zero.
fn share(amount: i64, shared: i64, days: i64) -> i64 {
    if shared >= days {
        return amount;
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

/// The quota of some quotas (one rep's, or the team's) for `p`, by the rule above.
fn quota_of<'a>(
    quotas: impl Iterator<Item = &'a Quota>,
    p: &Period,
    rates: &Rates,
    sum: &mut HomeSum,
) -> bool {
    let overlapping: Vec<&Quota> = quotas.filter(|q| overlap(q, p).0 > 0).collect();
    let Some(finest) = overlapping.iter().map(|q| rank(q.period)).min() else {
        return false;
    };
    for q in overlapping.into_iter().filter(|q| rank(q.period) == finest) {
        let (shared, days) = overlap(q, p);
        sum.add(
            rates,
            share(q.amount, shared, days),
            &q.currency,
            q.period_start,
        );
    }
    true
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

    fn owns(self, q: &Quota) -> bool {
        match self {
            QuotaOf::Company => q.rep_id.is_none() && q.team_of.is_none(),
            QuotaOf::Team(m) => q.rep_id.is_none() && q.team_of.as_ref() == Some(m),
            QuotaOf::Reps => false,
        }
    }
}

/// The quota for `p` of the people in scope, in the home currency; `None` when none is
/// set for it.
pub fn quota_for(
    quotas: &[&Quota],
    p: &Period,
    rep_in_scope: &dyn Fn(&Id) -> bool,
    of: QuotaOf,
    rates: &Rates,
) -> Option<HomeSum> {
    let mut sum = HomeSum::default();
    if of != QuotaOf::Reps
        && quota_of(
            quotas.iter().copied().filter(|q| of.owns(q)),
            p,
            rates,
            &mut sum,
        )
    {
        return Some(sum);
    }
    let mut reps: Vec<&Id> = quotas
        .iter()
        .filter_map(|q| q.rep_id.as_ref())
        .filter(|r| rep_in_scope(r))
        .collect();
    reps.sort_unstable();
    reps.dedup();
    let mut any = false;
    for rep in reps {
        let mine = quotas
            .iter()
            .copied()
            .filter(|q| q.rep_id.as_ref() == Some(rep));
        any |= quota_of(mine, p, rates, &mut sum);
    }
    any.then_some(sum)
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
        // December alone has only the quarter: 31 of its 92 days.
        let dec = Period::month_of(d(2026, 12, 1), 1);
        assert_eq!(
            quota_for(&refs, &dec, &s, QuotaOf::Reps, &rates)
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
}
