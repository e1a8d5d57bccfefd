//! Team › Spend: sales and marketing spend per month of a fiscal year, by category, as
//! a grid that takes typing and spreadsheet pastes like the quota grid. What CAC on
//! the dashboard divides is the total row: every spend entry counted for the days it
//! shares with each month, as the KPI engine counts it.

use super::cell::set_cell;
use super::money_text;
use super::paste::{plan_paste, PasteTarget};
use super::quota_grid::{columns, GridColumn, GridView};
use crate::analytics::period::Period;
use crate::domain::planning_forms::parse_plan_amount;
use crate::domain::time::format_date;
use crate::domain::{Change, Currency, Date, Id, Rates, Spend, Timestamp, Workspace};

/// The categories every workspace offers.
pub const CATEGORIES: [&str; 2] = ["Sales", "Marketing"];

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SpendCell {
    /// The entries for exactly this month and category.
    pub ids: Vec<Id>,
    pub typed: Option<i64>,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SpendRow {
    /// `None`: entries without a category.
    pub category: Option<String>,
    pub name: String,
    pub cells: Vec<SpendCell>,
    pub total: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SpendGrid {
    pub year: Period,
    pub columns: Vec<GridColumn>,
    pub rows: Vec<SpendRow>,
    /// Per month: what CAC counts (every entry, by its days in the month).
    pub totals: Vec<String>,
    pub year_total: String,
    /// Entries that are not one month, in words (they count by their days).
    pub other_spans: Vec<String>,
    pub currency: Currency,
}

fn whole_month(s: &Spend, m: &Period) -> bool {
    s.period_start == m.start() && s.period_end == m.end()
}

/// What the spend entries add up to for the days `p` covers, as the KPI engine's CAC
/// counts them (each entry in proportion to the days it shares with `p`).
pub fn counted(ws: &Workspace, rates: &Rates, p: &Period) -> i64 {
    let mut sum = crate::domain::HomeSum::default();
    for s in ws.spend.values() {
        let from = s.period_start.max(p.start());
        let until = s.period_end.min(p.end());
        if from > until {
            continue;
        }
        let days = (s.period_end - s.period_start).num_days() + 1;
        let shared = (until - from).num_days() + 1;
        let part = (i128::from(s.amount) * i128::from(shared) / i128::from(days.max(1))) as i64;
        sum.add(rates, part, &s.currency, s.period_start);
    }
    sum.home
}

fn norm(c: Option<&str>) -> Option<String> {
    c.map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
}

pub fn spend_grid(ws: &Workspace, day: Date) -> SpendGrid {
    let home = ws.settings.home_currency.clone();
    let rates = Rates::of(ws);
    let (year, columns) = columns(GridView::Months, day, ws.settings.fiscal_year_start_month);
    let in_year: Vec<&Spend> = ws
        .spend
        .values()
        .filter(|s| s.period_start <= year.end() && s.period_end >= year.start())
        .collect();
    let mut cats: Vec<Option<String>> = CATEGORIES.iter().map(|c| Some(c.to_string())).collect();
    let mut extra: Vec<Option<String>> = in_year
        .iter()
        .map(|s| norm(s.category.as_deref()))
        .filter(|c| {
            !cats
                .iter()
                .any(|k| k.as_deref().map(str::to_lowercase) == c.as_deref().map(str::to_lowercase))
        })
        .collect();
    extra.sort();
    extra.dedup();
    cats.extend(extra);
    let same_cat = |a: Option<&str>, b: &Option<String>| {
        norm(a).map(|x| x.to_lowercase()) == b.as_deref().map(str::to_lowercase)
    };
    let rows = cats
        .into_iter()
        .map(|cat| {
            let cells: Vec<SpendCell> = columns
                .iter()
                .map(|c| {
                    let mut mine: Vec<&&Spend> = in_year
                        .iter()
                        .filter(|s| {
                            whole_month(s, &c.period) && same_cat(s.category.as_deref(), &cat)
                        })
                        .collect();
                    mine.sort_by(|a, b| (b.updated_at, &b.id).cmp(&(a.updated_at, &a.id)));
                    let typed = (!mine.is_empty()).then(|| {
                        let mut s = crate::domain::HomeSum::default();
                        for x in &mine {
                            s.add(&rates, x.amount, &x.currency, x.period_start);
                        }
                        s.home
                    });
                    SpendCell {
                        ids: mine.iter().map(|s| s.id.clone()).collect(),
                        typed,
                        text: typed.map(|v| money_text(v, &home)).unwrap_or_default(),
                    }
                })
                .collect();
            let total: i64 = cells.iter().filter_map(|c| c.typed).sum();
            SpendRow {
                name: cat.clone().unwrap_or_else(|| "No category".into()),
                category: cat,
                total: money_text(total, &home),
                cells,
            }
        })
        .collect();
    let other_spans = in_year
        .iter()
        .filter(|s| !columns.iter().any(|c| whole_month(s, &c.period)))
        .map(|s| {
            format!(
                "{} from {} to {} ({}): not one month, so it counts for the days it shares with each month.",
                norm(s.category.as_deref()).unwrap_or_else(|| "Spend".into()),
                format_date(s.period_start),
                format_date(s.period_end),
                crate::domain::Money::new(s.amount, s.currency.clone()).format()
            )
        })
        .collect();
    SpendGrid {
        totals: columns
            .iter()
            .map(|c| money_text(counted(ws, &rates, &c.period), &home))
            .collect(),
        year_total: money_text(counted(ws, &rates, &year), &home),
        year,
        columns,
        rows,
        other_spans,
        currency: home,
    }
}

/// The changes that make `category`'s spend for month `m` equal `amount` (`None`
/// clears it).
pub fn set_spend(
    ws: &Workspace,
    category: Option<&str>,
    m: &Period,
    amount: Option<i64>,
    new_id: &mut dyn FnMut() -> Id,
    now: Timestamp,
) -> Vec<Change> {
    let cat = norm(category);
    let same: Vec<&Spend> = ws
        .spend
        .values()
        .filter(|s| {
            whole_month(s, m)
                && norm(s.category.as_deref()).map(|c| c.to_lowercase())
                    == cat.as_deref().map(str::to_lowercase)
        })
        .collect();
    set_cell(same, amount, &ws.settings.home_currency, now, |a| Spend {
        id: new_id(),
        period_start: m.start(),
        period_end: m.end(),
        amount: a,
        currency: ws.settings.home_currency.clone(),
        category: cat.clone(),
        created_at: now,
        updated_at: now,
    })
}

impl SpendGrid {
    pub fn target(&self) -> PasteTarget {
        PasteTarget {
            rows: self.rows.iter().map(|r| vec![r.name.clone()]).collect(),
            columns: self
                .columns
                .iter()
                .map(|c| {
                    std::iter::once(c.name.clone())
                        .chain(c.aliases.iter().cloned())
                        .collect()
                })
                .collect(),
            editable: self
                .rows
                .iter()
                .map(|r| vec![true; r.cells.len()])
                .collect(),
            why_not: String::new(),
        }
    }
}

pub fn edit_spend(
    ws: &Workspace,
    grid: &SpendGrid,
    row: usize,
    col: usize,
    input: &str,
    new_id: &mut dyn FnMut() -> Id,
    now: Timestamp,
) -> Result<Vec<Change>, String> {
    let (Some(r), Some(c)) = (grid.rows.get(row), grid.columns.get(col)) else {
        return Err("That cell is no longer in the grid".into());
    };
    let amount = parse_plan_amount(input, None, &grid.currency)
        .map_err(|e| format!("{}, {}: {e}", r.name, c.name))?;
    Ok(set_spend(
        ws,
        r.category.as_deref(),
        &c.period,
        amount,
        new_id,
        now,
    ))
}

pub fn paste_spend(
    ws: &Workspace,
    grid: &SpendGrid,
    anchor: Option<(usize, usize)>,
    text: &str,
    new_id: &mut dyn FnMut() -> Id,
    now: Timestamp,
) -> Result<(Vec<Change>, usize), Vec<String>> {
    let plan = plan_paste(&grid.target(), anchor, text, &grid.currency)?;
    let mut changes = Vec::new();
    for p in &plan.cells {
        let r = &grid.rows[p.row];
        let c = &grid.columns[p.column];
        changes.extend(set_spend(
            ws,
            r.category.as_deref(),
            &c.period,
            Some(p.amount),
            new_id,
            now,
        ));
    }
    Ok((changes, plan.cells.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::kpi::fixture::{d, known, noon, today};
    use crate::analytics::kpi::{compute, KpiFacts, KpiInput, MetricKey};
    use crate::analytics::scope::Scope;
    use crate::domain::id::SeededIds;
    use crate::domain::Kind;

    #[test]
    fn pasted_spend_is_what_cac_divides() {
        let kn = known();
        let mut ws = kn.fx.ws.clone();
        // Start from nothing: no spend, so CAC says what is missing.
        let ids: Vec<Id> = ws.spend.values().map(|s| s.id.clone()).collect();
        for id in ids {
            ws.remove(Kind::Spend, &id);
        }
        let cac = |ws: &Workspace| {
            let facts = KpiFacts::build(ws);
            let rates = Rates::of(ws);
            let k = compute(
                &KpiInput {
                    ws,
                    facts: &facts,
                    scope: &Scope::everyone(),
                    today: today(),
                    rates: &rates,
                },
                Period::quarter_of(d(2026, 11, 1), 1),
            );
            k.get(MetricKey::Cac).current.clone()
        };
        assert_eq!(
            cac(&ws).reason.as_deref(),
            Some("no sales and marketing spend entered for this period")
        );
        let g = spend_grid(&ws, today());
        assert_eq!(
            g.rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
            ["Sales", "Marketing"]
        );
        let mut seq = SeededIds::new(4);
        let now = noon(today());
        let (changes, n) = paste_spend(
            &ws,
            &g,
            None,
            "Category\tOct 2026\tNov 2026\tDec 2026\nSales\t6.000\t6.000\t6.000\nMarketing\t4.000\t4.000\t4.000\n",
            &mut || seq.next_id(),
            now,
        )
        .unwrap();
        assert_eq!((n, changes.len()), (6, 6));
        ws.apply(changes);
        let g = spend_grid(&ws, today());
        assert_eq!(g.totals[10], "$10,000");
        assert_eq!(g.rows[0].total, "$18,000");
        // $30,000 over the 2 new customers of Q4 (New on Oct 5, Came back on Oct 20).
        assert_eq!(cac(&ws).value, Some(1_500_000.0));
        // A typo is refused, naming the cell.
        assert_eq!(
            edit_spend(&ws, &g, 1, 10, "4k", &mut || seq.next_id(), now),
            Err(
                "Marketing, Nov 2026: “4k” is not an amount: use digits, like 41,000 or 41.000,50"
                    .into()
            )
        );
        // Clearing Marketing's November.
        let c = edit_spend(&ws, &g, 1, 10, "", &mut || seq.next_id(), now).unwrap();
        ws.apply(c);
        assert_eq!(spend_grid(&ws, today()).totals[10], "$6,000");
    }

    #[test]
    fn entries_of_other_spans_count_by_their_days() {
        let kn = known();
        let mut fx = kn.fx;
        fx.spend(d(2026, 1, 1), d(2026, 3, 31), 9_000_000);
        let g = spend_grid(&fx.ws, today());
        assert_eq!(g.other_spans.len(), 1);
        assert!(
            g.other_spans[0].starts_with("Spend from Jan 1, 2026 to Mar 31, 2026 ($90,000.00)"),
            "{}",
            g.other_spans[0]
        );
        // January has 31 of the 90 days.
        assert_eq!(g.totals[0], "$31,000");
    }
}
