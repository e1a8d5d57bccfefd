//! The deals list: filter by status and owner, sort by any column, CSV rows, and the
//! totals in its title.

use super::{caseless, directed, owner_matches};
use crate::analytics::stalled::StalledReason;
use crate::analytics::text::plural;
use crate::analytics::totals::{format_full, DealTotals};
use crate::domain::rates::AmountKey;
use crate::domain::{Date, Id, Rates, StageKind, Workspace};
use std::collections::HashMap;

/// "Show": which deals the list keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DealStatus {
    All,
    Open,
    Won,
    Lost,
    Stalled,
}

impl DealStatus {
    pub const ALL: [DealStatus; 5] = [
        DealStatus::All,
        DealStatus::Open,
        DealStatus::Won,
        DealStatus::Lost,
        DealStatus::Stalled,
    ];

    /// "" for all deals.
    pub fn key(self) -> &'static str {
        match self {
            DealStatus::All => "",
            DealStatus::Open => "open",
            DealStatus::Won => "won",
            DealStatus::Lost => "lost",
            DealStatus::Stalled => "stalled",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DealStatus::All => "All deals",
            DealStatus::Open => "Open",
            DealStatus::Won => "Won",
            DealStatus::Lost => "Lost",
            DealStatus::Stalled => "Stalled",
        }
    }

    /// Unknown keys show all deals.
    pub fn from_key(k: &str) -> DealStatus {
        Self::ALL
            .into_iter()
            .find(|s| s.key() == k)
            .unwrap_or(DealStatus::All)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DealFilter {
    pub status: DealStatus,
    pub owner: Option<Id>,
}

/// The column the list sorts by; keys are the column keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DealSort {
    Name,
    Account,
    Stage,
    Amount,
    Owner,
    /// Close date (closed, else expected); undated deals last.
    Close,
}

impl DealSort {
    pub const ALL: [DealSort; 6] = [
        DealSort::Name,
        DealSort::Account,
        DealSort::Stage,
        DealSort::Amount,
        DealSort::Owner,
        DealSort::Close,
    ];

    pub fn key(self) -> &'static str {
        match self {
            DealSort::Name => "name",
            DealSort::Account => "account",
            DealSort::Stage => "stage",
            DealSort::Amount => "amount",
            DealSort::Owner => "owner",
            DealSort::Close => "close",
        }
    }

    /// Unknown keys sort by close date.
    pub fn from_key(k: &str) -> DealSort {
        Self::ALL
            .into_iter()
            .find(|s| s.key() == k)
            .unwrap_or(DealSort::Close)
    }
}

/// One row of the deals list, as shown.
#[derive(Clone, Debug, PartialEq)]
pub struct DealRow {
    pub id: Id,
    pub name: String,
    /// "—" without an account.
    pub account: String,
    /// "?" when the stage is missing.
    pub stage: String,
    /// The stage's place in its pipeline, for sorting.
    pub stage_order: usize,
    pub kind: StageKind,
    /// Orders amounts across currencies (home value through the rates; no rate and no
    /// amount after).
    pub amount: AmountKey,
    pub amount_text: String,
    /// "12500.00", for CSV.
    pub amount_decimal: String,
    pub currency: String,
    /// Closed on, else expected close.
    pub close: Option<Date>,
    /// "—" when unassigned.
    pub owner: String,
    /// Why the deal is stalled ("; "-separated), empty when it is not.
    pub stalled: String,
}

impl DealRow {
    pub const CSV_HEADERS: [&'static str; 8] = [
        "Deal",
        "Account",
        "Stage",
        "Amount",
        "Currency",
        "Close date",
        "Owner",
        "Stalled",
    ];

    pub fn csv_cells(&self) -> Vec<String> {
        vec![
            self.name.clone(),
            self.account.clone(),
            self.stage.clone(),
            self.amount_decimal.clone(),
            self.currency.clone(),
            self.close
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            self.owner.clone(),
            self.stalled.clone(),
        ]
    }
}

/// The list's rows: the deals that pass `filter`, sorted by `sort` (one pass to build,
/// one sort). `stalled` is the workspace's stalled deals.
pub fn deal_rows(
    ws: &Workspace,
    filter: &DealFilter,
    stalled: &HashMap<Id, Vec<StalledReason>>,
    sort: DealSort,
    ascending: bool,
    today: Date,
) -> Vec<DealRow> {
    let rates = Rates::of(ws);
    let mut rows: Vec<DealRow> = ws
        .deals
        .values()
        .filter_map(|d| {
            let pipeline = ws.pipelines.get(&d.pipeline_id);
            let stage = pipeline.and_then(|p| p.stage(&d.stage_id));
            let kind = stage.map(|s| s.kind).unwrap_or(StageKind::Open);
            let keep = match filter.status {
                DealStatus::All => true,
                DealStatus::Open => kind == StageKind::Open,
                DealStatus::Won => kind == StageKind::Won,
                DealStatus::Lost => kind == StageKind::Lost,
                DealStatus::Stalled => stalled.contains_key(&d.id),
            } && owner_matches(filter.owner.as_ref(), d.owner_id.as_ref());
            keep.then(|| DealRow {
                id: d.id.clone(),
                name: d.name.clone(),
                account: ws
                    .account_name(d.account_id.as_ref())
                    .unwrap_or("—")
                    .to_string(),
                stage: stage.map(|s| s.name.clone()).unwrap_or_else(|| "?".into()),
                stage_order: pipeline
                    .and_then(|p| p.stages.iter().position(|s| s.id == d.stage_id))
                    .unwrap_or(0),
                kind,
                // Open deals at today's rate, closed ones at their close date's.
                amount: AmountKey::of(&rates, d.amount, &d.currency, d.closed_on.unwrap_or(today)),
                amount_text: d.amount_text(),
                amount_decimal: d.money().map(|m| m.decimal()).unwrap_or_default(),
                currency: d.currency.code().to_string(),
                close: d.closed_on.or(d.expected_close),
                owner: ws.rep_name(d.owner_id.as_ref()).unwrap_or("—").to_string(),
                stalled: stalled
                    .get(&d.id)
                    .map(|r| {
                        r.iter()
                            .map(|r| r.to_string())
                            .collect::<Vec<_>>()
                            .join("; ")
                    })
                    .unwrap_or_default(),
            })
        })
        .collect();
    sort_deals(&mut rows, sort, ascending);
    rows
}

/// The deals list's order: by `sort`, then by name. The one place that compares deals
/// for the list; amounts compare by their home-currency value (`AmountKey`), so ¥1,000
/// sorts below $10.00, and amounts without a rate sort after every converted one.
pub fn sort_deals(rows: &mut [DealRow], sort: DealSort, ascending: bool) {
    rows.sort_by(|a, b| {
        let o = match sort {
            DealSort::Name => caseless(&a.name, &b.name),
            DealSort::Account => caseless(&a.account, &b.account),
            DealSort::Stage => a.stage_order.cmp(&b.stage_order),
            DealSort::Amount => a.amount.cmp(&b.amount),
            DealSort::Owner => a.owner.cmp(&b.owner),
            DealSort::Close => (a.close.is_none(), a.close).cmp(&(b.close.is_none(), b.close)),
        };
        directed(o.then_with(|| a.name.cmp(&b.name)), ascending)
    });
}

/// The list's title line: "3 open deals · $12,000.00 open pipeline · $5,000.00 won".
pub fn summary(ws: &Workspace, today: Date) -> String {
    let t = DealTotals::of(ws, ws.deals.values(), today);
    let home = &ws.settings.home_currency;
    format!(
        "{} · {} open pipeline · {} won",
        plural(t.open_count, "open deal", "open deals"),
        format_full(&t.open, home),
        format_full(&t.won, home)
    )
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::*;
    use crate::domain::Currency;
    use chrono::NaiveDate;

    fn day(d: u32) -> Option<Date> {
        NaiveDate::from_ymd_opt(2026, 12, d)
    }

    /// Four deals: two open (one owned, one stalled), one won, one lost.
    fn today() -> Date {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    fn four() -> (Workspace, Vec<Id>, Id, HashMap<Id, Vec<StalledReason>>) {
        let (mut ws, mut ids) = seeded();
        let p = ws.default_pipeline().unwrap().clone();
        let ana = ids.next_id();
        ws.put(rep(ana.clone(), "Ana").into());
        let acme = ids.next_id();
        ws.put(account(acme.clone(), "acme").into());
        let mut out = Vec::new();
        for (name, stage, amount, close, owner) in [
            ("Beta", 0, 500, day(20), Some(ana.clone())),
            ("alpha", 1, 9_000, None, None),
            ("Gamma", 5, 100, day(3), None),
            ("Delta", 6, 2_000, day(10), None),
        ] {
            let mut d = deal(&ws, ids.next_id(), Some(acme.clone()));
            d.name = name.into();
            d.stage_id = p.stages[stage].id.clone();
            d.amount = Some(amount);
            d.expected_close = close;
            d.owner_id = owner;
            out.push(d.id.clone());
            ws.put(d.into());
        }
        let stalled =
            HashMap::from([(out[1].clone(), vec![StalledReason::NoActivity { days: 30 }])]);
        (ws, out, ana, stalled)
    }

    fn names(rows: &[DealRow]) -> Vec<&str> {
        rows.iter().map(|r| r.name.as_str()).collect()
    }

    #[test]
    fn filters_by_status_and_owner() {
        let (ws, _, ana, stalled) = four();
        let rows = |status, owner: Option<Id>| {
            let f = DealFilter { status, owner };
            deal_rows(&ws, &f, &stalled, DealSort::Name, true, today())
        };
        assert_eq!(
            names(&rows(DealStatus::All, None)),
            ["alpha", "Beta", "Delta", "Gamma"]
        );
        assert_eq!(names(&rows(DealStatus::Open, None)), ["alpha", "Beta"]);
        assert_eq!(names(&rows(DealStatus::Won, None)), ["Gamma"]);
        assert_eq!(names(&rows(DealStatus::Lost, None)), ["Delta"]);
        assert_eq!(names(&rows(DealStatus::Stalled, None)), ["alpha"]);
        assert_eq!(names(&rows(DealStatus::All, Some(ana.clone()))), ["Beta"]);
        assert!(rows(DealStatus::Won, Some(ana)).is_empty());
    }

    #[test]
    fn rows_show_what_the_list_shows() {
        let (ws, ids, _, stalled) = four();
        let f = DealFilter {
            status: DealStatus::All,
            owner: None,
        };
        let rows = deal_rows(&ws, &f, &stalled, DealSort::Name, true, today());
        let alpha = rows.iter().find(|r| r.id == ids[1]).unwrap();
        assert_eq!(alpha.account, "acme");
        assert_eq!(alpha.owner, "—");
        assert_eq!(alpha.amount_text, "$90.00");
        assert_eq!(alpha.stalled, "No activity for 30 days");
        assert_eq!(
            alpha.csv_cells(),
            [
                "alpha",
                "acme",
                &alpha.stage,
                "90.00",
                "USD",
                "",
                "—",
                "No activity for 30 days"
            ]
        );
        let beta = rows.iter().find(|r| r.id == ids[0]).unwrap();
        assert_eq!(beta.owner, "Ana");
        assert_eq!(beta.csv_cells()[5], "2026-12-20");
        assert_eq!(DealRow::CSV_HEADERS.len(), beta.csv_cells().len());
    }

    #[test]
    fn sorts_by_each_column_both_ways() {
        let (ws, _, _, stalled) = four();
        let f = DealFilter {
            status: DealStatus::All,
            owner: None,
        };
        let sorted = |s, asc| names(&deal_rows(&ws, &f, &stalled, s, asc, today())).join(",");
        // Names ignore case.
        assert_eq!(sorted(DealSort::Name, true), "alpha,Beta,Delta,Gamma");
        assert_eq!(sorted(DealSort::Name, false), "Gamma,Delta,Beta,alpha");
        assert_eq!(sorted(DealSort::Amount, true), "Gamma,Beta,Delta,alpha");
        // Stage order in the pipeline.
        assert_eq!(sorted(DealSort::Stage, true), "Beta,alpha,Gamma,Delta");
        // Undated last, then the rest by date.
        assert_eq!(sorted(DealSort::Close, true), "Gamma,Delta,Beta,alpha");
        assert_eq!(sorted(DealSort::Close, false), "alpha,Beta,Delta,Gamma");
        // Same owner: then by name, as stored ("—" is after letters).
        assert_eq!(sorted(DealSort::Owner, true), "Beta,Delta,Gamma,alpha");
        assert_eq!(DealSort::from_key("nonsense"), DealSort::Close);
        assert_eq!(DealSort::from_key("amount"), DealSort::Amount);
    }

    #[test]
    fn amounts_sort_by_their_home_value_and_those_without_a_rate_after() {
        use crate::domain::{ExchangeRate, Rate};
        let (mut ws, ids, _, stalled) = four();
        ws.put(
            ExchangeRate {
                id: Id::from_string("jpy"),
                currency: Currency::new("JPY").unwrap(),
                quote: Currency::usd(),
                valid_from: day(1).unwrap(),
                rate: Rate::parse("0.0067").unwrap(),
                created_at: crate::domain::workspace::tests::now(),
                updated_at: crate::domain::workspace::tests::now(),
            }
            .into(),
        );
        // alpha: ¥1,000 is worth $6.70, so it sorts between $5.00 and $10.00.
        let mut alpha = ws.deals.get(&ids[1]).unwrap().clone();
        alpha.currency = Currency::new("JPY").unwrap();
        alpha.amount = Some(1_000);
        ws.put(alpha.into());
        // Delta: COP without a rate sorts after every converted amount.
        let mut delta = ws.deals.get(&ids[3]).unwrap().clone();
        delta.currency = Currency::new("COP").unwrap();
        delta.amount = Some(1);
        ws.put(delta.into());
        let f = DealFilter {
            status: DealStatus::All,
            owner: None,
        };
        let rows = deal_rows(&ws, &f, &stalled, DealSort::Amount, true, today());
        // Gamma $1.00, Beta $5.00, alpha ¥1,000 = $6.70, then Delta (no rate).
        assert_eq!(names(&rows), ["Gamma", "Beta", "alpha", "Delta"]);
        let mut rows = rows;
        sort_deals(&mut rows, DealSort::Amount, false);
        assert_eq!(names(&rows), ["Delta", "alpha", "Beta", "Gamma"]);
    }

    #[test]
    fn status_keys_and_summary() {
        for s in DealStatus::ALL {
            assert_eq!(DealStatus::from_key(s.key()), s);
        }
        assert_eq!(DealStatus::from_key("?"), DealStatus::All);
        let (mut ws, ids, _, _) = four();
        assert_eq!(
            summary(&ws, today()),
            "2 open deals · $95.00 open pipeline · $1.00 won"
        );
        let mut d = ws.deals.get(&ids[0]).unwrap().clone();
        d.currency = Currency::new("EUR").unwrap();
        ws.put(d.into());
        assert_eq!(
            summary(&ws, today()),
            "2 open deals · $90.00 + €5.00 (no rate for EUR) open pipeline · $1.00 won"
        );
    }
}
