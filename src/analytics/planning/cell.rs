//! The one rule both planning grids (quotas, spend) follow when a cell is set: the
//! newest record holding the cell is updated and any other removed; emptying the cell
//! removes them all; a cell nobody held gets a new record; nothing changes when the
//! cell already says so.

use crate::domain::{Change, Currency, Id, Kind, Quota, Record, Spend, Timestamp};

/// A record that holds the amount of one grid cell.
pub trait CellRecord: Clone {
    const KIND: Kind;
    fn id(&self) -> &Id;
    fn updated_at(&self) -> Timestamp;
    fn amount(&self) -> i64;
    fn currency(&self) -> &Currency;
    fn set_amount(&mut self, amount: i64, currency: Currency, now: Timestamp);
    fn into_record(self) -> Record;
}

/// Quotas and spend are the same shape of record (an id, an amount in a currency,
/// `updated_at`): one implementation for both.
macro_rules! cell_record {
    ($t:ident) => {
        impl CellRecord for $t {
            const KIND: Kind = Kind::$t;
            fn id(&self) -> &Id {
                &self.id
            }
            fn updated_at(&self) -> Timestamp {
                self.updated_at
            }
            fn amount(&self) -> i64 {
                self.amount
            }
            fn currency(&self) -> &Currency {
                &self.currency
            }
            fn set_amount(&mut self, amount: i64, currency: Currency, now: Timestamp) {
                (self.amount, self.currency, self.updated_at) = (amount, currency, now);
            }
            fn into_record(self) -> Record {
                Record::$t(self)
            }
        }
    };
}
cell_record!(Quota);
cell_record!(Spend);

/// The changes that make a cell say `amount` in `home` (`None` empties it), given
/// every record now holding it (`holding`, any order). The newest (latest
/// `updated_at`, then the greatest id) is kept and updated; `fresh(amount)` is the
/// record inserted when none holds it.
pub fn set_cell<T: CellRecord>(
    mut holding: Vec<&T>,
    amount: Option<i64>,
    home: &Currency,
    now: Timestamp,
    fresh: impl FnOnce(i64) -> T,
) -> Vec<Change> {
    holding.sort_by(|a, b| (b.updated_at(), b.id()).cmp(&(a.updated_at(), a.id())));
    let delete = |r: &&T| Change::Delete(T::KIND, r.id().clone());
    let Some(a) = amount else {
        return holding.iter().map(delete).collect();
    };
    let mut out = Vec::new();
    match holding.first() {
        Some(r) if r.amount() == a && r.currency() == home && holding.len() == 1 => {}
        Some(r) => {
            let mut r = (*r).clone();
            r.set_amount(a, home.clone(), now);
            out.push(Change::Put(r.into_record()));
        }
        None => out.push(Change::Insert(fresh(a).into_record())),
    }
    out.extend(holding.iter().skip(1).map(delete));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone, Utc};

    fn at(hour: u32) -> Timestamp {
        Utc.with_ymd_and_hms(2026, 11, 1, hour, 0, 0).unwrap()
    }

    fn spend(id: &str, amount: i64, updated: u32) -> Spend {
        Spend {
            id: Id::from_string(id),
            period_start: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
            period_end: NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
            amount,
            currency: Currency::usd(),
            category: Some("Sales".into()),
            created_at: at(1),
            updated_at: at(updated),
        }
    }

    fn ids(changes: &[Change]) -> Vec<String> {
        changes
            .iter()
            .map(|c| match c {
                Change::Put(Record::Spend(s)) => format!("put {} {}", s.id, s.amount),
                Change::Insert(Record::Spend(s)) => format!("insert {} {}", s.id, s.amount),
                Change::Delete(Kind::Spend, id) => format!("delete {id}"),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn the_newest_record_wins_and_the_others_go() {
        let (old, new, tie) = (spend("a", 100, 2), spend("b", 200, 5), spend("c", 300, 5));
        let usd = Currency::usd();
        let set = |amount| {
            set_cell(vec![&old, &new, &tie], amount, &usd, at(9), |_| {
                panic!("nothing to insert")
            })
        };
        // Same time: the greater id is the newer one.
        assert_eq!(ids(&set(Some(400))), ["put c 400", "delete b", "delete a"]);
        let put = &set(Some(400))[0];
        let Change::Put(Record::Spend(s)) = put else {
            panic!("{put:?}")
        };
        assert_eq!((s.updated_at, &s.category), (at(9), &Some("Sales".into())));
        // Saying what it says already still removes the duplicates.
        assert_eq!(ids(&set(Some(300))), ["put c 300", "delete b", "delete a"]);
        // Emptying clears every record of the cell.
        assert_eq!(ids(&set(None)), ["delete c", "delete b", "delete a"]);
    }

    #[test]
    fn an_unchanged_cell_is_left_alone_and_an_empty_one_gets_a_record() {
        let usd = Currency::usd();
        let one = spend("a", 100, 2);
        let none = |_| panic!("nothing to insert");
        assert!(set_cell(vec![&one], Some(100), &usd, at(9), none).is_empty());
        // Another currency is a change even at the same amount.
        let eur = Currency::new("EUR").unwrap();
        assert_eq!(
            ids(&set_cell(vec![&one], Some(100), &eur, at(9), none)),
            ["put a 100"]
        );
        let empty: Vec<&Spend> = Vec::new();
        assert!(set_cell(empty.clone(), None, &usd, at(9), none).is_empty());
        let made = set_cell(empty, Some(50), &usd, at(9), |a| spend("new", a, 9));
        assert_eq!(ids(&made), ["insert new 50"]);
    }
}
