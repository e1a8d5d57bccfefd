//! Keeping forecast work until the data it read changes. The forecast facts and the
//! backtest read the deals, pipelines, reps, territories, accounts and exchange rates
//! (and the fiscal year and home currency): `DataKey` is those tables' stamps, so a
//! call, a snapshot, an activity or a quota written in between leaves them valid, and
//! any edit of a deal makes them stale. Nothing here runs until the forecast page (or
//! a snapshot) asks: moving a deal on the board costs the forecasts nothing.

use super::backtest::Backtest;
use super::facts::ForecastFacts;
use crate::analytics::kpi::facts::KpiFacts;
use crate::analytics::period::PeriodKind;
use crate::analytics::scope::Scope;
use crate::domain::changes::Stamp;
use crate::domain::{Currency, Date, Workspace};
use std::sync::Arc;

/// What the forecast facts and the backtest were computed from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataKey {
    stamps: [Stamp; 6],
    fiscal: u32,
    home: Currency,
}

impl DataKey {
    pub fn of(ws: &Workspace) -> DataKey {
        DataKey {
            stamps: [
                ws.deals.stamp(),
                ws.pipelines.stamp(),
                ws.reps.stamp(),
                ws.territories.stamp(),
                ws.accounts.stamp(),
                ws.exchange_rates.stamp(),
            ],
            fiscal: ws.settings.fiscal_year_start_month,
            home: ws.settings.home_currency.clone(),
        }
    }
}

/// One backtest's question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BacktestKey {
    pub data: DataKey,
    pub today: Date,
    pub kind: PeriodKind,
    pub scope: Scope,
}

/// How many backtests are kept (a few periods and scopes looked at in turn).
const KEEP: usize = 4;

#[derive(Debug, Default)]
pub struct ForecastCache {
    facts: Option<(DataKey, ForecastFacts)>,
    backtests: Vec<(BacktestKey, Arc<Backtest>)>,
    /// How many times the forecast facts were built (for tests and timings).
    pub builds: usize,
}

impl ForecastCache {
    /// The forecast facts of `ws` (row for row with `facts`, which must be current),
    /// built again only when the data they read changed.
    pub fn facts(&mut self, ws: &Workspace, facts: &KpiFacts) -> &ForecastFacts {
        let key = DataKey::of(ws);
        if self.facts.as_ref().is_none_or(|(k, _)| *k != key) {
            self.builds += 1;
            self.facts = Some((key, ForecastFacts::build(ws, facts)));
        }
        &self.facts.as_ref().expect("just built").1
    }

    pub fn backtest(&self, key: &BacktestKey) -> Option<Arc<Backtest>> {
        self.backtests
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, b)| b.clone())
    }

    /// Keeps a finished backtest; those of older data are dropped.
    pub fn keep(&mut self, key: BacktestKey, b: Arc<Backtest>) {
        self.backtests
            .retain(|(k, _)| k.data == key.data && *k != key);
        if self.backtests.len() >= KEEP {
            self.backtests.remove(0);
        }
        self.backtests.push((key, b));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::forecast::backtest::backtest;
    use crate::analytics::forecast::engine::Ctx;
    use crate::analytics::kpi::fixture::{d, noon};
    use crate::domain::{Change, Rates};

    #[test]
    fn forecast_work_is_kept_until_the_data_it_read_changes() {
        let today = d(2026, 11, 22);
        let mut ws = crate::demo::generate(crate::demo::DemoSize::Small, 1, today, noon(today));
        let mut facts = KpiFacts::build(&ws);
        let mut cache = ForecastCache::default();
        let key = |ws: &Workspace| BacktestKey {
            data: DataKey::of(ws),
            today,
            kind: PeriodKind::Month,
            scope: Scope::everyone(),
        };
        let k0 = key(&ws);
        let b = {
            let ff = cache.facts(&ws, &facts);
            let rates = Rates::of(&ws);
            let ctx = Ctx {
                ws: &ws,
                facts: &facts,
                ff,
                rates: &rates,
            };
            backtest(
                &ctx,
                PeriodKind::Month,
                today,
                &facts.matcher(&k0.scope, &ws),
            )
        };
        let b = Arc::new(b);
        cache.keep(k0.clone(), b.clone());
        assert_eq!(cache.builds, 1);
        cache.facts(&ws, &facts);
        assert_eq!(cache.builds, 1, "asked again: kept");

        // A call and a forecast snapshot change nothing the backtest reads.
        let snap = crate::domain::ForecastSnapshot {
            id: crate::domain::Id::from_string("fs-1"),
            taken_on: today,
            period_start: d(2026, 11, 1),
            period_end: d(2026, 11, 30),
            rep_id: None,
            method: "weighted".into(),
            amount: 1,
            low: None,
            high: None,
            currency: ws.settings.home_currency.clone(),
            created_at: noon(today),
            updated_at: noon(today),
        };
        ws.apply(vec![Change::Put(snap.into())]);
        assert_eq!(key(&ws), k0);
        assert_eq!(cache.backtest(&key(&ws)), Some(b.clone()));
        cache.facts(&ws, &facts);
        assert_eq!(cache.builds, 1);

        // A deal's edit does.
        let mut deal = ws.deals.values().next().unwrap().clone();
        deal.amount = Some(deal.amount.unwrap_or(0) + 100);
        ws.apply(vec![Change::Put(deal.into())]);
        facts.refresh(&ws);
        let k1 = key(&ws);
        assert_ne!(k1, k0);
        assert_eq!(cache.backtest(&k1), None);
        cache.facts(&ws, &facts);
        assert_eq!(cache.builds, 2);
        cache.keep(k1.clone(), b.clone());
        assert_eq!(cache.backtest(&k0), None, "older data's backtest dropped");
        assert!(cache.backtest(&k1).is_some());
        // Another kind of period for the same data is kept beside it.
        let kq = BacktestKey {
            kind: PeriodKind::Quarter,
            ..k1.clone()
        };
        cache.keep(kq.clone(), b);
        assert!(cache.backtest(&k1).is_some() && cache.backtest(&kq).is_some());
    }
}
