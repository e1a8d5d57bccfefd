//! Money across currencies: dated exchange rates to the home currency, and sums that
//! never mix an amount without a rate into a total.
//!
//! A rate applies from its `valid_from` day until the next rate of that currency;
//! the earliest rate also applies to days before it (a rate set today converts last
//! year's deals too, until an older rate is entered). Which day picks the rate is the
//! caller's rule (DESIGN.md): the close date for won and lost deals, today for open
//! pipeline.

use super::money::format_minor;
use super::{Currency, Date, Id, Timestamp};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// How many home-currency units one unit of a currency is worth, to nine decimals
/// (stored as text, "1.0843", so snapshots read plainly and nothing is rounded by a
/// float).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rate(i64);

const RATE_SCALE: i64 = 1_000_000_000;

impl Rate {
    pub fn from_nanos(n: i64) -> Rate {
        Rate(n)
    }

    pub fn nanos(self) -> i64 {
        self.0
    }

    /// Parses "1.0843", "0,0067", "150": a positive decimal with at most nine
    /// decimals.
    pub fn parse(text: &str) -> Result<Rate, String> {
        let t = text.trim().replace(',', ".");
        let bad = || {
            format!(
                "“{}” is not a rate; enter a positive number such as 1.0843",
                text.trim()
            )
        };
        if t.is_empty() {
            return Err("Enter a rate".into());
        }
        let (int, frac) = t.split_once('.').unwrap_or((&t, ""));
        if !int.chars().all(|c| c.is_ascii_digit())
            || !frac.chars().all(|c| c.is_ascii_digit())
            || (int.is_empty() && frac.is_empty())
        {
            return Err(bad());
        }
        if frac.len() > 9 {
            return Err("A rate has at most nine decimals".into());
        }
        let whole: i64 = if int.is_empty() {
            0
        } else {
            int.parse().map_err(|_| bad())?
        };
        let mut f: i64 = if frac.is_empty() {
            0
        } else {
            frac.parse().map_err(|_| bad())?
        };
        f *= 10i64.pow(9 - frac.len() as u32);
        let n = whole
            .checked_mul(RATE_SCALE)
            .and_then(|w| w.checked_add(f))
            .ok_or_else(|| "That rate is too large".to_string())?;
        if n == 0 {
            return Err("A rate must be more than zero".into());
        }
        Ok(Rate(n))
    }
}

impl fmt::Display for Rate {
    /// "1.0843": without trailing zeros.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.0 / RATE_SCALE;
        let frac = self.0 % RATE_SCALE;
        if frac == 0 {
            return write!(f, "{whole}");
        }
        let digits = format!("{frac:09}");
        write!(f, "{whole}.{}", digits.trim_end_matches('0'))
    }
}

impl Serialize for Rate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Rate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Rate, D::Error> {
        let text = String::deserialize(d)?;
        Rate::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// One rate: from `valid_from` on, one `currency` is worth `rate` of `quote` (the home
/// currency when it was entered; rates to another currency are ignored).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExchangeRate {
    pub id: Id,
    pub currency: Currency,
    pub quote: Currency,
    pub valid_from: Date,
    pub rate: Rate,
    #[serde(deserialize_with = "super::time::stored::timestamp")]
    pub created_at: Timestamp,
    #[serde(deserialize_with = "super::time::stored::timestamp")]
    pub updated_at: Timestamp,
}

/// The rates of a workspace, ready to convert.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rates {
    home: Option<Currency>,
    /// Per currency: (valid from, rate), oldest first, one per day.
    by_currency: HashMap<Currency, Vec<(Date, Rate)>>,
}

impl Rates {
    /// The rates to `home` among `rates` (where two share a currency and a day, the
    /// more recently edited wins).
    pub fn new<'a>(home: &Currency, rates: impl IntoIterator<Item = &'a ExchangeRate>) -> Rates {
        let mut latest: HashMap<(Currency, Date), (Timestamp, Rate)> = HashMap::new();
        for r in rates {
            if r.quote != *home || r.currency == *home {
                continue;
            }
            let key = (r.currency.clone(), r.valid_from);
            match latest.get(&key) {
                Some((t, _)) if *t >= r.updated_at => {}
                _ => {
                    latest.insert(key, (r.updated_at, r.rate));
                }
            }
        }
        let mut by_currency: HashMap<Currency, Vec<(Date, Rate)>> = HashMap::new();
        for ((c, d), (_, r)) in latest {
            by_currency.entry(c).or_default().push((d, r));
        }
        for v in by_currency.values_mut() {
            v.sort_unstable();
        }
        Rates {
            home: Some(home.clone()),
            by_currency,
        }
    }

    /// The workspace's rates to its home currency.
    pub fn of(ws: &super::Workspace) -> Rates {
        Rates::new(&ws.settings.home_currency, ws.exchange_rates.values())
    }

    pub fn home(&self) -> Currency {
        self.home.clone().unwrap_or_else(Currency::usd)
    }

    /// The rate of `currency` in force on `on`, or `None` when it has none.
    pub fn rate_on(&self, currency: &Currency, on: Date) -> Option<Rate> {
        if self.home.as_ref() == Some(currency) {
            return Some(Rate(RATE_SCALE));
        }
        let v = self.by_currency.get(currency)?;
        let i = v.partition_point(|(from, _)| *from <= on);
        Some(v[i.saturating_sub(1)].1)
    }

    /// `minor` units of `currency` in minor units of the home currency, with the rate
    /// in force on `on`, rounded half away from zero; `None` when there is no rate.
    pub fn to_home(&self, minor: i64, currency: &Currency, on: Date) -> Option<i64> {
        if self.home.as_ref() == Some(currency) {
            return Some(minor);
        }
        let rate = self.rate_on(currency, on)?;
        let home = self.home();
        let exp = home.minor_digits() as i32 - currency.minor_digits() as i32;
        let mut num = i128::from(minor) * i128::from(rate.0);
        let mut den = i128::from(RATE_SCALE);
        if exp >= 0 {
            num *= 10i128.pow(exp as u32);
        } else {
            den *= 10i128.pow((-exp) as u32);
        }
        let q = num / den;
        let r = num % den;
        let rounded = if r.abs() * 2 >= den {
            q + num.signum()
        } else {
            q
        };
        i64::try_from(rounded).ok()
    }

    /// Currencies in use that have no rate (for "no rate for COP" notices).
    pub fn missing<'a>(&self, currencies: impl IntoIterator<Item = &'a Currency>) -> Vec<Currency> {
        let mut v: Vec<Currency> = currencies
            .into_iter()
            .filter(|c| self.home.as_ref() != Some(*c) && !self.by_currency.contains_key(*c))
            .cloned()
            .collect();
        v.sort();
        v.dedup();
        v
    }
}

/// The currencies the workspace's deals, quotas and spend use that have no rate to the
/// home currency, alphabetically (for "no rate for COP: set one" notices).
pub fn currencies_without_rate(ws: &super::Workspace) -> Vec<Currency> {
    let rates = Rates::of(ws);
    let used = ws
        .deals
        .values()
        .map(|d| &d.currency)
        .chain(ws.quotas.values().map(|q| &q.currency))
        .chain(ws.spend.values().map(|s| &s.currency));
    rates.missing(used)
}

/// A sum in the home currency, with what could not be converted kept apart: never
/// added, dropped or compared as if it were home currency.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HomeSum {
    /// Minor units of the home currency.
    pub home: i64,
    /// How many amounts went into `home`.
    pub converted: usize,
    /// Amounts of currencies without a rate, per currency (their own minor units).
    pub unconverted: BTreeMap<Currency, i64>,
    /// How many amounts had no rate.
    pub unconverted_count: usize,
}

impl HomeSum {
    /// Adds `minor` of `currency`, converted with the rate of day `on`.
    pub fn add(&mut self, rates: &Rates, minor: i64, currency: &Currency, on: Date) {
        match rates.to_home(minor, currency, on) {
            Some(h) => {
                self.home += h;
                self.converted += 1;
            }
            None => {
                *self.unconverted.entry(currency.clone()).or_default() += minor;
                self.unconverted_count += 1;
            }
        }
    }

    pub fn merge(&mut self, other: &HomeSum) {
        self.home += other.home;
        self.converted += other.converted;
        self.unconverted_count += other.unconverted_count;
        for (c, v) in &other.unconverted {
            *self.unconverted.entry(c.clone()).or_default() += v;
        }
    }

    pub fn is_complete(&self) -> bool {
        self.unconverted.is_empty()
    }

    /// "$12,400.00", or "$12,400.00 + COP 3,000,000.00 (no rate)".
    pub fn format(&self, home: &Currency) -> String {
        let mut s = format_minor(self.home, home);
        for (c, v) in &self.unconverted {
            s.push_str(&format!(" + {} (no rate for {c})", format_minor(*v, c)));
        }
        s
    }

    /// The currencies that had no rate, for a "set a rate" link.
    pub fn missing_currencies(&self) -> Vec<&Currency> {
        self.unconverted.keys().collect()
    }
}

/// A key that orders amounts across currencies: converted amounts by their home value,
/// then amounts without a rate (after every converted one, by currency and amount),
/// then missing amounts. Used by every sort "by amount".
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum AmountKey {
    Home(i64),
    NoRate(Currency, i64),
    NoAmount,
}

impl AmountKey {
    pub fn of(rates: &Rates, amount: Option<i64>, currency: &Currency, on: Date) -> AmountKey {
        match amount {
            None => AmountKey::NoAmount,
            Some(a) => match rates.to_home(a, currency, on) {
                Some(h) => AmountKey::Home(h),
                None => AmountKey::NoRate(currency.clone(), a),
            },
        }
    }
}

/// One currency on the Settings › Currencies screen.
#[derive(Clone, Debug, PartialEq)]
pub struct CurrencyRow {
    pub currency: Currency,
    /// How many deals are in it.
    pub deals: usize,
    /// Its rates to the home currency, newest first.
    pub rates: Vec<ExchangeRate>,
    /// The rate in force on `today`, if any.
    pub today: Option<Rate>,
}

/// Every currency in use (deals, quotas, spend) or with a rate, except the home
/// currency: those without a rate first, then by code.
pub fn currency_rows(ws: &super::Workspace, today: Date) -> Vec<CurrencyRow> {
    let home = &ws.settings.home_currency;
    let rates = Rates::of(ws);
    let mut deals: HashMap<&Currency, usize> = HashMap::new();
    for d in ws.deals.values() {
        *deals.entry(&d.currency).or_default() += 1;
    }
    let mut codes: Vec<&Currency> = deals
        .keys()
        .copied()
        .chain(ws.quotas.values().map(|q| &q.currency))
        .chain(ws.spend.values().map(|s| &s.currency))
        .chain(
            ws.exchange_rates
                .values()
                .filter(|r| &r.quote == home)
                .map(|r| &r.currency),
        )
        .filter(|c| *c != home)
        .collect();
    codes.sort();
    codes.dedup();
    let mut rows: Vec<CurrencyRow> = codes
        .into_iter()
        .map(|c| {
            let mut mine: Vec<ExchangeRate> = ws
                .exchange_rates
                .values()
                .filter(|r| &r.currency == c && &r.quote == home)
                .cloned()
                .collect();
            mine.sort_by(|a, b| {
                b.valid_from
                    .cmp(&a.valid_from)
                    .then(b.updated_at.cmp(&a.updated_at))
            });
            CurrencyRow {
                currency: c.clone(),
                deals: deals.get(c).copied().unwrap_or(0),
                today: rates.rate_on(c, today).filter(|_| !mine.is_empty()),
                rates: mine,
            }
        })
        .collect();
    rows.sort_by_key(|r| (r.today.is_some(), r.currency.clone()));
    rows
}

/// The "add a rate" form: a currency, the day the rate applies from, and the rate.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RateForm {
    pub currency: String,
    pub valid_from: String,
    pub rate: String,
}

impl RateForm {
    /// The rate to save. A rate for the same currency and day replaces the one there
    /// (same id), so each day has one rate.
    pub fn to_record(
        &self,
        ws: &super::Workspace,
        new_id: Id,
        now: Timestamp,
    ) -> Result<ExchangeRate, super::FieldErrors> {
        let mut e = super::FieldErrors::new();
        let home = ws.settings.home_currency.clone();
        let currency = match Currency::new(&self.currency) {
            Ok(c) if c == home => {
                e.add(
                    "currency",
                    format!("{home} is your home currency: it needs no rate"),
                );
                None
            }
            Ok(c) => Some(c),
            Err(err) => {
                e.add("currency", err.to_string());
                None
            }
        };
        let valid_from = super::time::parse_iso_date(&self.valid_from)
            .map_err(|m| e.add("valid_from", m))
            .ok();
        let rate = Rate::parse(&self.rate).map_err(|m| e.add("rate", m)).ok();
        let (Some(currency), Some(valid_from), Some(rate)) = (currency, valid_from, rate) else {
            return Err(e);
        };
        let same_day = ws
            .exchange_rates
            .values()
            .find(|r| r.currency == currency && r.quote == home && r.valid_from == valid_from);
        Ok(ExchangeRate {
            id: same_day.map_or(new_id, |r| r.id.clone()),
            currency,
            quote: home,
            valid_from,
            rate,
            created_at: same_day.map_or(now, |r| r.created_at),
            updated_at: now,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn cur(c: &str) -> Currency {
        Currency::new(c).unwrap()
    }
    fn day(y: i32, m: u32, d: u32) -> Date {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }
    fn ts() -> Timestamp {
        chrono::DateTime::from_timestamp(1_780_000_000, 0).unwrap()
    }
    fn rate(c: &str, from: Date, r: &str, id: &str) -> ExchangeRate {
        ExchangeRate {
            id: Id::from_string(id),
            currency: cur(c),
            quote: cur("USD"),
            valid_from: from,
            rate: Rate::parse(r).unwrap(),
            created_at: ts(),
            updated_at: ts(),
        }
    }

    #[test]
    fn rates_parse_and_print_exactly() {
        assert_eq!(Rate::parse("1.0843").unwrap().nanos(), 1_084_300_000);
        assert_eq!(Rate::parse("0,0067").unwrap().nanos(), 6_700_000);
        assert_eq!(Rate::parse("150").unwrap().to_string(), "150");
        assert_eq!(Rate::parse(" 1.0843 ").unwrap().to_string(), "1.0843");
        assert_eq!(Rate::parse(".5").unwrap().to_string(), "0.5");
        assert_eq!(
            Rate::parse("0").unwrap_err(),
            "A rate must be more than zero"
        );
        assert!(Rate::parse("-1").is_err());
        assert!(Rate::parse("1.2.3").is_err());
        assert!(Rate::parse("abc").is_err());
        assert!(Rate::parse("").is_err());
        assert!(Rate::parse("1.0000000001").is_err());
        let json = serde_json::to_string(&Rate::parse("1.25").unwrap()).unwrap();
        assert_eq!(json, "\"1.25\"");
        assert!(serde_json::from_str::<Rate>("\"-2\"").is_err());
    }

    #[test]
    fn a_rate_change_in_the_middle_of_a_quarter_converts_each_day_with_its_rate() {
        let rates = Rates::new(
            &cur("USD"),
            &[
                rate("EUR", day(2026, 1, 1), "1.10", "a"),
                rate("EUR", day(2026, 2, 15), "1.20", "b"),
            ],
        );
        let eur = cur("EUR");
        // €1,000.00 on Jan 31 at 1.10, on Feb 15 and after at 1.20.
        assert_eq!(
            rates.to_home(100_000, &eur, day(2026, 1, 31)),
            Some(110_000)
        );
        assert_eq!(
            rates.to_home(100_000, &eur, day(2026, 2, 14)),
            Some(110_000)
        );
        assert_eq!(
            rates.to_home(100_000, &eur, day(2026, 2, 15)),
            Some(120_000)
        );
        assert_eq!(
            rates.to_home(100_000, &eur, day(2026, 3, 31)),
            Some(120_000)
        );
        // Before the first rate, the first rate applies.
        assert_eq!(rates.to_home(100_000, &eur, day(2025, 6, 1)), Some(110_000));
        // A quarter's won total: one deal each side of the change.
        let mut sum = HomeSum::default();
        sum.add(&rates, 100_000, &eur, day(2026, 1, 20));
        sum.add(&rates, 100_000, &eur, day(2026, 3, 1));
        sum.add(&rates, 5_000, &cur("USD"), day(2026, 3, 1));
        assert_eq!(sum.home, 235_000);
        assert!(sum.is_complete());
    }

    #[test]
    fn amounts_without_a_rate_are_kept_apart() {
        let rates = Rates::new(&cur("USD"), &[rate("EUR", day(2026, 1, 1), "1.1", "a")]);
        let mut sum = HomeSum::default();
        sum.add(&rates, 10_000, &cur("USD"), day(2026, 5, 1));
        sum.add(&rates, 300_000_000, &cur("COP"), day(2026, 5, 1));
        assert_eq!(sum.home, 10_000);
        assert_eq!(sum.unconverted[&cur("COP")], 300_000_000);
        assert_eq!(
            sum.format(&cur("USD")),
            "$100.00 + COP\u{a0}3,000,000.00 (no rate for COP)"
        );
        assert_eq!(
            rates.missing([&cur("COP"), &cur("EUR"), &cur("USD"), &cur("COP")]),
            [cur("COP")]
        );
    }

    #[test]
    fn minor_units_follow_each_currency() {
        // ¥1,000 at 0.0067 = $6.70; KWD 1.250 at 3.25 = $4.0625, which rounds to $4.06.
        let mut jpy = rate("JPY", day(2026, 1, 1), "0.0067", "j");
        jpy.quote = cur("USD");
        let kwd = rate("KWD", day(2026, 1, 1), "3.25", "k");
        let rates = Rates::new(&cur("USD"), &[jpy, kwd]);
        assert_eq!(
            rates.to_home(1_000, &cur("JPY"), day(2026, 6, 1)),
            Some(670)
        );
        assert_eq!(
            rates.to_home(1_250, &cur("KWD"), day(2026, 6, 1)),
            Some(406)
        );
        assert_eq!(
            rates.to_home(-1_250, &cur("KWD"), day(2026, 6, 1)),
            Some(-406)
        );
        // ¥1,000 sorts below $10.00 once converted, not beside it.
        let k_yen = AmountKey::of(&rates, Some(1_000), &cur("JPY"), day(2026, 6, 1));
        let k_ten = AmountKey::of(&rates, Some(1_000), &cur("USD"), day(2026, 6, 1));
        assert!(k_yen < k_ten);
        let k_cop = AmountKey::of(&rates, Some(1), &cur("COP"), day(2026, 6, 1));
        assert!(k_ten < k_cop && k_cop < AmountKey::NoAmount);
    }

    #[test]
    fn rates_to_another_home_and_older_edits_are_ignored() {
        let mut old = rate("EUR", day(2026, 1, 1), "1.1", "a");
        old.updated_at = ts() - chrono::Duration::days(1);
        let newer = rate("EUR", day(2026, 1, 1), "1.3", "b");
        let mut to_gbp = rate("EUR", day(2026, 1, 1), "0.85", "c");
        to_gbp.quote = cur("GBP");
        let rates = Rates::new(&cur("USD"), &[old, newer, to_gbp]);
        assert_eq!(
            rates.rate_on(&cur("EUR"), day(2026, 6, 1)),
            Some(Rate::parse("1.3").unwrap())
        );
    }

    #[test]
    fn the_currencies_screen_lists_what_is_in_use_missing_rates_first() {
        use crate::domain::workspace::tests::{deal, now, seeded};
        let (mut ws, mut ids) = seeded();
        for c in ["EUR", "COP", "USD"] {
            let mut d = deal(&ws, ids.next_id(), None);
            d.currency = cur(c);
            ws.put(d.into());
        }
        let mut r = rate("EUR", day(2026, 1, 1), "1.1", "e1");
        r.updated_at = now();
        ws.put(r.into());
        ws.put(rate("EUR", day(2026, 6, 1), "1.2", "e2").into());
        let rows = currency_rows(&ws, day(2026, 11, 1));
        let codes: Vec<&str> = rows.iter().map(|r| r.currency.code()).collect();
        assert_eq!(
            codes,
            ["COP", "EUR"],
            "no rate first; the home currency is not listed"
        );
        assert_eq!(rows[0].today, None);
        assert_eq!(rows[1].today, Some(Rate::parse("1.2").unwrap()));
        assert_eq!(rows[1].rates[0].valid_from, day(2026, 6, 1), "newest first");
        assert_eq!(rows[1].deals, 1);
        assert_eq!(currencies_without_rate(&ws), [cur("COP")]);
    }

    #[test]
    fn the_rate_form_checks_every_field_and_replaces_a_rate_of_the_same_day() {
        use crate::domain::workspace::tests::{now, seeded};
        let (mut ws, mut ids) = seeded();
        let form = RateForm {
            currency: "usd".into(),
            valid_from: "2026-13-01".into(),
            rate: "-1".into(),
        };
        let e = form.to_record(&ws, ids.next_id(), now()).unwrap_err();
        assert_eq!(
            e.get("currency"),
            Some("USD is your home currency: it needs no rate")
        );
        assert!(e.get("valid_from").unwrap().contains("is not a date"));
        assert!(e.get("rate").unwrap().contains("is not a rate"));
        let form = RateForm {
            currency: "eur".into(),
            valid_from: "2026-07-01".into(),
            rate: "1,0843".into(),
        };
        let first = form.to_record(&ws, ids.next_id(), now()).unwrap();
        assert_eq!(
            (first.currency.code(), first.rate.to_string()),
            ("EUR", "1.0843".into())
        );
        ws.put(first.clone().into());
        let again = RateForm {
            rate: "1.09".into(),
            ..form
        }
        .to_record(&ws, ids.next_id(), now())
        .unwrap();
        assert_eq!(again.id, first.id, "one rate per currency and day");
    }
}
