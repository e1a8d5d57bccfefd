//! What the board page asks beyond its columns (`board.rs`): the filter from its
//! toolbar, the open totals in its title, how many cards each column shows, and which
//! moves go through the dialog (the exit criteria of the stage being left, the reason a
//! deal was lost).

use super::board::{BoardFilter, Column};
use super::periods::PeriodChoice;
use crate::domain::{Date, HomeSum, Id, StageKind, Workspace};
use std::collections::HashMap;

/// Cards a column shows before "Show more": keeps the board smooth with thousands of
/// open deals.
pub const CARDS_PER_PAGE: usize = 40;

/// Cards one "Show more" adds.
pub const MORE_CARDS: usize = CARDS_PER_PAGE * 5;

/// The board's filter from the toolbar: owner, territory and expected-close period.
pub fn board_filter(
    owner: Option<Id>,
    territory: Option<Id>,
    period: Option<PeriodChoice>,
    today: Date,
    fiscal_start_month: u32,
) -> BoardFilter {
    let (close_from, close_to) = period
        .map(|p| p.range(today, fiscal_start_month))
        .map(|(a, b)| (Some(a), Some(b)))
        .unwrap_or((None, None));
    BoardFilter {
        owner,
        territory,
        close_from,
        close_to,
    }
}

/// The open deals on the board: how many, and their weighted amount per currency.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OpenTotals {
    pub count: usize,
    pub weighted: HomeSum,
    pub without_amount: usize,
}

/// The open columns' counts and weighted amounts added up (won and lost columns are left
/// out; currencies are never mixed).
pub fn open_totals(columns: &[Column]) -> OpenTotals {
    let mut t = OpenTotals::default();
    for c in columns.iter().filter(|c| c.kind == StageKind::Open) {
        t.count += c.count;
        t.without_amount += c.without_amount;
        t.weighted.merge(&c.weighted);
    }
    t
}

/// How many cards each column shows, by stage (columns not listed show one page).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CardsShown(pub HashMap<Id, usize>);

impl CardsShown {
    /// Cards shown in `stage`'s column.
    pub fn of(&self, stage: &Id) -> usize {
        self.0.get(stage).copied().unwrap_or(CARDS_PER_PAGE)
    }

    /// Cards to build per column: as many as the longest column shows.
    pub fn to_build(&self) -> usize {
        self.0
            .values()
            .copied()
            .max()
            .unwrap_or(CARDS_PER_PAGE)
            .max(CARDS_PER_PAGE)
    }

    /// Cards of a column of `count` deals that are not shown.
    pub fn hidden(&self, stage: &Id, count: usize) -> usize {
        count.saturating_sub(self.of(stage))
    }

    /// How many "Show more" would add to a column of `count` deals.
    pub fn more(&self, stage: &Id, count: usize) -> usize {
        self.hidden(stage, count).min(MORE_CARDS)
    }

    /// "Show more" in `stage`'s column.
    pub fn show_more(&mut self, stage: &Id) {
        *self.0.entry(stage.clone()).or_insert(CARDS_PER_PAGE) += MORE_CARDS;
    }
}

/// A deal about to move from one stage to another.
#[derive(Clone, Debug, PartialEq)]
pub struct MovePlan {
    pub deal_id: Id,
    pub deal_name: String,
    pub to: Id,
    pub to_name: String,
    pub to_kind: StageKind,
    /// The name of the stage the deal leaves.
    pub leaving: String,
    /// The exit criteria of the stage it leaves.
    pub checklist: Vec<String>,
    /// Why the deal may not enter the stage (a required field is missing), if so.
    pub blocked: Option<String>,
}

/// What moving `deal_id` to stage `to` of its pipeline involves; `None` when there is
/// nothing to move (unknown deal or stage, or the deal is there already).
pub fn plan_move(ws: &Workspace, deal_id: &Id, to: &Id) -> Option<MovePlan> {
    let d = ws.deals.get(deal_id)?;
    if &d.stage_id == to {
        return None;
    }
    let p = ws.pipelines.get(&d.pipeline_id)?;
    let from = p.stage(&d.stage_id)?;
    let target = p.stage(to)?;
    Some(MovePlan {
        deal_id: deal_id.clone(),
        deal_name: d.name.clone(),
        to: to.clone(),
        to_name: target.name.clone(),
        to_kind: target.kind,
        leaving: from.name.clone(),
        checklist: from.exit_criteria.clone(),
        blocked: crate::domain::automation::playbooks::required_message(
            target,
            &crate::domain::automation::playbooks::missing_required(d, target),
        ),
    })
}

impl MovePlan {
    /// A lost stage asks why (and needs an answer).
    pub fn asks_reason(&self) -> bool {
        self.to_kind == StageKind::Lost
    }

    /// A won stage asks why too, but the answer is optional.
    pub fn asks_won_reason(&self) -> bool {
        self.to_kind == StageKind::Won
    }

    /// The dialog shows when the stage being left has exit criteria or the deal is won
    /// or lost; any other move happens straight away.
    pub fn needs_dialog(&self) -> bool {
        !self.checklist.is_empty() || self.asks_reason() || self.asks_won_reason()
    }

    /// The reason to save from what was typed: `None` when the move asks none or a won
    /// reason was left empty, an error when a lost deal is given none.
    pub fn reason(&self, typed: &str) -> Result<Option<String>, &'static str> {
        let typed = typed.trim();
        if self.asks_reason() && typed.is_empty() {
            Err("Say why the deal was lost")
        } else if (self.asks_reason() || self.asks_won_reason()) && !typed.is_empty() {
            Ok(Some(typed.to_string()))
        } else {
            Ok(None)
        }
    }
}

/// The won reasons sellers already gave, most used first (then by name), offered as
/// suggestions where a deal is marked won; at most `limit`.
pub fn won_reasons_in_use(ws: &Workspace, limit: usize) -> Vec<String> {
    let mut n: HashMap<&str, usize> = HashMap::new();
    for d in ws.deals.values() {
        if let Some(r) = d
            .won_reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
        {
            *n.entry(r).or_default() += 1;
        }
    }
    let mut v: Vec<(&str, usize)> = n.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v.into_iter()
        .take(limit)
        .map(|(r, _)| r.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::board::board;
    use crate::analytics::deal_index::DealIndex;
    use crate::domain::workspace::tests::{deal, seeded};
    use crate::domain::Currency;
    use chrono::NaiveDate;

    #[test]
    fn the_filter_covers_the_chosen_period() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let f = board_filter(None, None, Some(PeriodChoice::ThisMonth), today, 1);
        assert_eq!(f.close_from, NaiveDate::from_ymd_opt(2026, 11, 1));
        assert_eq!(f.close_to, NaiveDate::from_ymd_opt(2026, 11, 30));
        let owner = Id::from_string("ana");
        let f = board_filter(Some(owner.clone()), None, None, today, 1);
        assert_eq!(f.owner, Some(owner));
        assert_eq!((f.close_from, f.close_to), (None, None));
    }

    #[test]
    fn open_totals_add_the_open_columns_per_currency() {
        let (mut ws, mut ids) = seeded();
        let p = ws.default_pipeline().unwrap().clone();
        let eur = Currency::new("EUR").unwrap();
        for (stage, amount, currency) in [
            (0, 10_000, Currency::usd()),
            (1, 10_000, Currency::usd()),
            (1, 5_000, eur.clone()),
            (5, 99_999, Currency::usd()),
        ] {
            let mut d = deal(&ws, ids.next_id(), None);
            d.stage_id = p.stages[stage].id.clone();
            d.amount = Some(amount);
            d.currency = currency;
            ws.put(d.into());
        }
        let mut ix = DealIndex::default();
        ix.refresh(&ws);
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let cols = board(&ws, &ix, &p.id, &BoardFilter::default(), today, 10);
        let t = open_totals(&cols);
        assert_eq!(t.count, 3);
        let w = |s: usize, a: i64| a * p.stages[s].probability as i64 / 100;
        assert_eq!(t.weighted.home, w(0, 10_000) + w(1, 10_000));
        assert_eq!(t.weighted.unconverted[&eur], w(1, 5_000), "no rate for EUR");
        assert_eq!(open_totals(&[]), OpenTotals::default());
    }

    #[test]
    fn columns_show_a_page_of_cards_then_more() {
        let (a, b) = (Id::from_string("a"), Id::from_string("b"));
        let mut shown = CardsShown::default();
        assert_eq!(shown.of(&a), CARDS_PER_PAGE);
        assert_eq!(shown.to_build(), CARDS_PER_PAGE);
        assert_eq!(shown.hidden(&a, 30), 0);
        assert_eq!(shown.hidden(&a, 1000), 960);
        assert_eq!(shown.more(&a, 1000), MORE_CARDS);
        assert_eq!(shown.more(&a, 50), 10);
        shown.show_more(&a);
        assert_eq!(shown.of(&a), CARDS_PER_PAGE + MORE_CARDS);
        assert_eq!(shown.of(&b), CARDS_PER_PAGE);
        assert_eq!(shown.to_build(), CARDS_PER_PAGE + MORE_CARDS);
        assert_eq!(shown.hidden(&a, 1000), 760);
    }

    #[test]
    fn which_moves_need_the_dialog() {
        let (mut ws, mut ids) = seeded();
        let mut p = ws.default_pipeline().unwrap().clone();
        p.stages[0].exit_criteria = vec![];
        p.stages[1].exit_criteria = vec!["Budget confirmed".into()];
        ws.put(p.clone().into());
        let mut d = deal(&ws, ids.next_id(), None);
        d.name = "Acme".into();
        d.stage_id = p.stages[0].id.clone();
        let id = d.id.clone();
        ws.put(d.clone().into());

        // No exit criteria, open target: straight away.
        let plain = plan_move(&ws, &id, &p.stages[1].id).unwrap();
        assert!(!plain.needs_dialog());
        assert_eq!(plain.reason(""), Ok(None));
        assert_eq!(
            plain.reason("Price"),
            Ok(None),
            "an open stage keeps no reason"
        );
        assert_eq!(
            (plain.leaving.as_str(), plain.to_name.as_str()),
            (p.stages[0].name.as_str(), p.stages[1].name.as_str())
        );
        // To a lost stage: the dialog, and a reason is required.
        let lost = plan_move(&ws, &id, &p.stages[6].id).unwrap();
        assert!(lost.asks_reason() && lost.needs_dialog());
        assert_eq!(lost.reason("  "), Err("Say why the deal was lost"));
        assert_eq!(lost.reason(" Price "), Ok(Some("Price".into())));
        // To a won stage: the dialog, and the reason is optional.
        let won = plan_move(&ws, &id, &p.stages[5].id).unwrap();
        assert!(won.asks_won_reason() && !won.asks_reason() && won.needs_dialog());
        assert_eq!(won.reason("  "), Ok(None));
        assert_eq!(won.reason("Product fit"), Ok(Some("Product fit".into())));
        // The reasons already given are suggested, most used first.
        for (i, r) in ["Price", "Product fit", " Product fit ", ""]
            .iter()
            .enumerate()
        {
            let mut w = deal(&ws, ids.next_id(), None);
            w.name = format!("Won {i}");
            w.won_reason = Some(r.to_string());
            ws.put(w.into());
        }
        assert_eq!(won_reasons_in_use(&ws, 5), ["Product fit", "Price"]);
        assert_eq!(won_reasons_in_use(&ws, 1), ["Product fit"]);
        // Leaving a stage with exit criteria: the dialog, with its checklist.
        d.stage_id = p.stages[1].id.clone();
        ws.put(d.into());
        let gated = plan_move(&ws, &id, &p.stages[2].id).unwrap();
        assert!(gated.needs_dialog() && !gated.asks_reason());
        assert_eq!(gated.checklist, ["Budget confirmed"]);
        // Nothing to move.
        assert_eq!(plan_move(&ws, &id, &p.stages[1].id), None);
        assert_eq!(plan_move(&ws, &id, &Id::from_string("nope")), None);
        assert_eq!(
            plan_move(&ws, &Id::from_string("nope"), &p.stages[2].id),
            None
        );
    }
}
