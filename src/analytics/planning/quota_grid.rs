//! The quota grid of Team › Quotas: the company, each manager's team and each rep,
//! across the months, the fiscal quarters or the fiscal year of one fiscal year.
//!
//! What a cell shows follows the rules of `analytics::quota` (the dashboard's): a typed
//! quota where one is typed; in a month left empty, the share it gets of its quarter
//! or year ("≈ $30,667 of Q4 2026"); a quarter whose months are set (or a year whose
//! quarters or months are) is the sum of them, read-only, and a warning says so when a
//! quarter typed earlier differs from that sum ("the months count; the quarter is only
//! a check"). Edits, pastes and copies are turned into changes here: one list per user
//! action, committed in one transaction.

use super::cell::set_cell;
use super::paste::{plan_paste, PasteTarget};
use super::{about_money, money_text};
use crate::analytics::period::{fiscal_year_start, Period};
use crate::analytics::quota::{OwnerQuotas, QuotaBook, QuotaOwner};
use crate::domain::planning_forms::parse_plan_amount;
use crate::domain::time::MONTH_NAMES;
use crate::domain::{
    Change, Currency, Date, Id, PeriodKind, Quota, Rates, RepRole, Timestamp, Workspace,
};
use chrono::{Datelike, Months};

/// Which periods the grid's columns are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GridView {
    Months,
    Quarters,
    Year,
}

impl GridView {
    pub const ALL: [GridView; 3] = [GridView::Months, GridView::Quarters, GridView::Year];

    pub fn key(self) -> &'static str {
        match self {
            GridView::Months => "months",
            GridView::Quarters => "quarters",
            GridView::Year => "year",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            GridView::Months => "Months",
            GridView::Quarters => "Quarters",
            GridView::Year => "Fiscal year",
        }
    }

    pub fn from_key(k: &str) -> Option<GridView> {
        Self::ALL.into_iter().find(|v| v.key() == k)
    }

    pub fn kind(self) -> PeriodKind {
        match self {
            GridView::Months => PeriodKind::Month,
            GridView::Quarters => PeriodKind::Quarter,
            GridView::Year => PeriodKind::Year,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct GridColumn {
    pub kind: PeriodKind,
    pub period: Period,
    /// "Oct 2026", "Q4 2026", "FY 2026–27".
    pub name: String,
    /// The names a pasted header may give it.
    pub aliases: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    Company,
    Team,
    Rep,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct GridCell {
    /// The quota typed for this period (the newest, if a merge left several).
    pub quota_id: Option<Id>,
    pub typed: Option<i64>,
    /// What the cell's input shows: the typed amount ("$41,000"), or for a read-only
    /// cell the sum it is computed from; empty when nothing is set.
    pub text: String,
    /// The quota that counts for this period, in the home currency.
    pub counts: Option<i64>,
    pub editable: bool,
    /// A quiet line under the value: "≈ $30,667 of Q4 2026", "from its months".
    pub note: Option<String>,
    /// "Typed $92,000: its months ($60,000) count".
    pub warning: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GridRow {
    pub owner: QuotaOwner,
    pub kind: RowKind,
    pub name: String,
    pub aliases: Vec<String>,
    pub cells: Vec<GridCell>,
    /// The year's quota (what counts), "—" when none.
    pub year_total: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct QuotaGrid {
    pub view: GridView,
    pub year: Period,
    pub columns: Vec<GridColumn>,
    pub rows: Vec<GridRow>,
    /// Every typed quarter or year that differs from what its months or quarters add
    /// up to, in words.
    pub warnings: Vec<String>,
    pub currency: Currency,
}

/// The columns of a view of the fiscal year holding `day`.
pub fn columns(view: GridView, day: Date, fiscal_start_month: u32) -> (Period, Vec<GridColumn>) {
    let year = Period::year_of(day, fiscal_start_month);
    let f = fiscal_start_month;
    let cols = match view {
        GridView::Months => (0..12)
            .map(|i| {
                let p = Period::month_of(year.start() + Months::new(i), f);
                let s = p.start();
                let full = MONTH_NAMES[s.month0() as usize];
                GridColumn {
                    kind: PeriodKind::Month,
                    name: p.short_label(),
                    aliases: vec![
                        p.short_label(),
                        p.label(),
                        full[..3].to_string(),
                        full.to_string(),
                        s.format("%Y-%m").to_string(),
                        s.format("%m/%Y").to_string(),
                        s.format("%-m/%Y").to_string(),
                        s.format("%b-%y").to_string(),
                    ],
                    period: p,
                }
            })
            .collect(),
        GridView::Quarters => (0..4)
            .map(|i| {
                let p = Period::quarter_of(year.start() + Months::new(3 * i), f);
                let label = p.label();
                GridColumn {
                    kind: PeriodKind::Quarter,
                    name: label.clone(),
                    aliases: vec![
                        label.clone(),
                        label.replace('–', "-"),
                        format!("Q{}", i + 1),
                    ],
                    period: p,
                }
            })
            .collect(),
        GridView::Year => {
            let label = year.label();
            vec![GridColumn {
                kind: PeriodKind::Year,
                name: label.clone(),
                aliases: vec![
                    label.clone(),
                    label.replace('–', "-"),
                    "Year".into(),
                    "FY".into(),
                ],
                period: year,
            }]
        }
    };
    (year, cols)
}

fn kind_rank(k: PeriodKind) -> u8 {
    match k {
        PeriodKind::Month => 0,
        PeriodKind::Quarter => 1,
        PeriodKind::Year => 2,
    }
}

/// Typed quotas of an owner finer than `kind` inside `p`, and what they add up to.
fn finer_inside(mine: &OwnerQuotas, kind: PeriodKind, p: &Period) -> bool {
    mine.all().iter().any(|q| {
        kind_rank(q.period) < kind_rank(kind)
            && q.period_start <= p.end()
            && crate::analytics::quota::quota_end(q) >= p.start()
    })
}

fn finer_word(kind: PeriodKind) -> &'static str {
    match kind {
        PeriodKind::Year => "its quarters and months",
        _ => "its months",
    }
}

/// The rows, in order: the company; each active manager's team followed by the reps
/// reporting to that manager; reps without a (known, active) manager; then anyone
/// inactive who has a quota in the year.
pub fn row_owners(
    ws: &Workspace,
    book: &QuotaBook,
    year: &Period,
) -> Vec<(QuotaOwner, RowKind, String, Vec<String>)> {
    let mut out = vec![(
        QuotaOwner::Company,
        RowKind::Company,
        "Company".to_string(),
        vec!["Company".into(), "Everyone".into(), "All".into()],
    )];
    let mut people: Vec<&crate::domain::Rep> = ws.reps.values().collect();
    people.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then(a.id.cmp(&b.id))
    });
    let has_quota_in_year = |o: &QuotaOwner| {
        book.owner(o).is_some_and(|m| {
            m.all().iter().any(|q| {
                q.period_start <= year.end()
                    && crate::analytics::quota::quota_end(q) >= year.start()
            })
        })
    };
    let rep_row = |r: &crate::domain::Rep| {
        let name = if r.active {
            r.name.clone()
        } else {
            format!("{} (inactive)", r.name)
        };
        (
            QuotaOwner::Rep(r.id.clone()),
            RowKind::Rep,
            name,
            vec![r.name.clone()],
        )
    };
    let managers: Vec<&&crate::domain::Rep> = people
        .iter()
        .filter(|r| r.active && r.role == RepRole::Manager)
        .collect();
    let mut placed: std::collections::HashSet<&Id> = std::collections::HashSet::new();
    for m in &managers {
        let team = format!("{}’s team", m.name);
        out.push((
            QuotaOwner::Team(m.id.clone()),
            RowKind::Team,
            team.clone(),
            vec![
                team.clone(),
                team.replace('’', "'"),
                format!("{} team", m.name),
                format!("Team {}", m.name),
            ],
        ));
        if has_quota_in_year(&QuotaOwner::Rep(m.id.clone())) {
            out.push(rep_row(m));
            placed.insert(&m.id);
        }
        for r in people
            .iter()
            .filter(|r| r.active && r.role == RepRole::Rep && r.manager_id.as_ref() == Some(&m.id))
        {
            out.push(rep_row(r));
            placed.insert(&r.id);
        }
    }
    let unplaced: Vec<&&crate::domain::Rep> = people
        .iter()
        .filter(|r| r.active && r.role == RepRole::Rep && !placed.contains(&r.id))
        .collect();
    for r in unplaced {
        out.push(rep_row(r));
        placed.insert(&r.id);
    }
    for r in people
        .iter()
        .filter(|r| !placed.contains(&r.id) && has_quota_in_year(&QuotaOwner::Rep(r.id.clone())))
    {
        out.push(rep_row(r));
    }
    out
}

/// The grid of `view` for the fiscal year holding `day`.
pub fn quota_grid(ws: &Workspace, view: GridView, day: Date) -> QuotaGrid {
    let home = ws.settings.home_currency.clone();
    let rates = Rates::of(ws);
    let book = QuotaBook::new(ws.quotas.values());
    let (year, columns) = columns(view, day, ws.settings.fiscal_year_start_month);
    let empty = OwnerQuotas::default();
    let money = |v: i64| money_text(v, &home);
    let mut warnings = Vec::new();
    let rows = row_owners(ws, &book, &year)
        .into_iter()
        .map(|(owner, kind, name, aliases)| {
            let mine = book.owner(&owner).unwrap_or(&empty);
            let counts = |p: &Period| mine.quota(p, &rates).map(|s| s.home);
            // Checks that disagree with what counts, for the year and its quarters.
            let year_q = (0..4).map(|i| {
                Period::quarter_of(year.start() + Months::new(3 * i), year.fiscal_start_month())
            });
            for (k, p) in std::iter::once((PeriodKind::Year, year)).chain(year_q.map(|q| (PeriodKind::Quarter, q))) {
                if let Some(t) = mine.typed(k, p.start()) {
                    if finer_inside(mine, k, &p) {
                        let sum = counts(&p).unwrap_or(0);
                        if sum != t.amount {
                            warnings.push(format!(
                                "{name}, {}: typed {}, but {} add up to {}. {} count; the {} is only a check.",
                                p.label(),
                                money(t.amount),
                                finer_word(k),
                                money(sum),
                                if k == PeriodKind::Year { "The quarters and months" } else { "The months" },
                                if k == PeriodKind::Year { "year" } else { "quarter" },
                            ));
                        }
                    }
                }
            }
            let cells = columns
                .iter()
                .map(|c| {
                    let typed = mine.typed(c.kind, c.period.start());
                    let now = counts(&c.period);
                    let finer = c.kind != PeriodKind::Month && finer_inside(mine, c.kind, &c.period);
                    let mut cell = GridCell {
                        quota_id: typed.map(|q| q.id.clone()),
                        typed: typed.map(|q| q.amount),
                        counts: now,
                        editable: !finer,
                        ..GridCell::default()
                    };
                    if finer {
                        cell.text = now.map(&money).unwrap_or_default();
                        cell.note = Some(format!("from {}", finer_word(c.kind)));
                        if let Some(t) = typed {
                            if Some(t.amount) != now {
                                cell.warning = Some(format!(
                                    "Typed {}: {} count",
                                    money(t.amount),
                                    finer_word(c.kind)
                                ));
                            }
                        }
                    } else if let Some(t) = typed {
                        cell.text = if t.currency == home {
                            money(t.amount)
                        } else {
                            crate::domain::Money::new(t.amount, t.currency.clone()).format()
                        };
                    } else if let Some(v) = now {
                        // A share of a coarser quota.
                        let from = if c.kind == PeriodKind::Month
                            && mine
                                .typed(PeriodKind::Quarter, crate::analytics::period::fiscal_quarter_start(c.period.start(), year.fiscal_start_month()))
                                .is_some_and(|q| mine.counts(q))
                        {
                            Period::quarter_of(c.period.start(), year.fiscal_start_month()).label()
                        } else {
                            year.label()
                        };
                        cell.note = Some(format!("≈ {} of {from}", about_money(v, &home)));
                    }
                    cell
                })
                .collect();
            GridRow {
                year_total: counts(&year).map(&money).unwrap_or_else(|| "—".into()),
                owner,
                kind,
                name,
                aliases,
                cells,
            }
        })
        .collect();
    QuotaGrid {
        view,
        year,
        columns,
        rows,
        warnings,
        currency: home,
    }
}

impl QuotaGrid {
    /// The grid as a paste sees it.
    pub fn target(&self) -> PasteTarget {
        PasteTarget {
            rows: self
                .rows
                .iter()
                .map(|r| std::iter::once(r.name.clone()).chain(r.aliases.iter().cloned()).collect())
                .collect(),
            columns: self
                .columns
                .iter()
                .map(|c| std::iter::once(c.name.clone()).chain(c.aliases.iter().cloned()).collect())
                .collect(),
            editable: self
                .rows
                .iter()
                .map(|r| r.cells.iter().map(|c| c.editable).collect())
                .collect(),
            why_not: match self.view {
                GridView::Year => "the year is the sum of its quarters and months here: paste them in the Quarters or Months view".into(),
                _ => "this quarter is the sum of its months: paste months in the Months view".into(),
            },
        }
    }

    /// "Ana Lima, Oct 2026".
    pub fn cell_name(&self, row: usize, col: usize) -> String {
        format!("{}, {}", self.rows[row].name, self.columns[col].name)
    }
}

/// The changes that give `owner` the quota `amount` for the period of `kind` starting
/// on `start` (`None` clears it): the newest existing quota is updated, any other for
/// the same period removed; nothing when it already says so.
pub fn set_quota(
    ws: &Workspace,
    owner: &QuotaOwner,
    kind: PeriodKind,
    start: Date,
    amount: Option<i64>,
    new_id: &mut dyn FnMut() -> Id,
    now: Timestamp,
) -> Vec<Change> {
    let same: Vec<&Quota> = ws
        .quotas
        .values()
        .filter(|q| q.period == kind && q.period_start == start && QuotaOwner::of(q) == *owner)
        .collect();
    set_cell(same, amount, &ws.settings.home_currency, now, |a| {
        let (rep_id, team_of) = owner.fields();
        Quota {
            id: new_id(),
            rep_id,
            team_of,
            period: kind,
            period_start: start,
            amount: a,
            currency: ws.settings.home_currency.clone(),
            created_at: now,
            updated_at: now,
        }
    })
}

/// What a user typed into one cell, as changes; a message naming the cell when it is
/// not an amount, negative, or the cell is computed.
pub fn edit_cell(
    ws: &Workspace,
    grid: &QuotaGrid,
    row: usize,
    col: usize,
    input: &str,
    new_id: &mut dyn FnMut() -> Id,
    now: Timestamp,
) -> Result<Vec<Change>, String> {
    let (Some(r), Some(c)) = (grid.rows.get(row), grid.columns.get(col)) else {
        return Err("That cell is no longer in the grid".into());
    };
    let name = grid.cell_name(row, col);
    if !r.cells[col].editable {
        return Err(format!("{name}: {}", grid.target().why_not));
    }
    let amount =
        parse_plan_amount(input, None, &grid.currency).map_err(|e| format!("{name}: {e}"))?;
    Ok(set_quota(
        ws,
        &r.owner,
        c.kind,
        c.period.start(),
        amount,
        new_id,
        now,
    ))
}

/// A pasted block as changes (one transaction), with how many cells it sets; every
/// problem when any cell is bad (then nothing changes).
pub fn paste_quotas(
    ws: &Workspace,
    grid: &QuotaGrid,
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
        changes.extend(set_quota(
            ws,
            &r.owner,
            c.kind,
            c.period.start(),
            Some(p.amount),
            new_id,
            now,
        ));
    }
    Ok((changes, plan.cells.len()))
}

/// Copying the period before column `col` into it, for every row.
#[derive(Clone, Debug, PartialEq)]
pub struct CopyForward {
    pub changes: Vec<Change>,
    pub copied: usize,
    /// Rows whose cell already had a quota (kept as it is).
    pub kept: usize,
    /// "Copied 11 quotas from Sep 2026 into Oct 2026; 2 already set were kept."
    pub message: String,
}

/// The previous period's typed quota of every row copied into column `col` where the
/// row has none yet (cells already set, and computed ones, are left alone).
pub fn copy_forward(
    ws: &Workspace,
    grid: &QuotaGrid,
    col: usize,
    new_id: &mut dyn FnMut() -> Id,
    now: Timestamp,
) -> CopyForward {
    let c = &grid.columns[col];
    let prev = c
        .period
        .previous()
        .expect("months, quarters and years have one");
    let book = QuotaBook::new(ws.quotas.values());
    let (mut copied, mut kept) = (0, 0);
    let mut changes = Vec::new();
    for r in &grid.rows {
        let Some(source) = book
            .owner(&r.owner)
            .and_then(|m| m.typed(c.kind, prev.start()))
        else {
            continue;
        };
        let cell = &r.cells[col];
        if cell.typed.is_some() || !cell.editable {
            kept += 1;
            continue;
        }
        changes.extend(set_quota(
            ws,
            &r.owner,
            c.kind,
            c.period.start(),
            Some(source.amount),
            new_id,
            now,
        ));
        copied += 1;
    }
    let from = if c.kind == PeriodKind::Month {
        prev.short_label()
    } else {
        prev.label()
    };
    let mut message = if copied == 0 {
        format!(
            "Nothing to copy: no row has a quota for {from} that {} lacks",
            c.name
        )
    } else {
        format!(
            "Copied {} from {from} into {}",
            crate::analytics::text::plural(copied, "quota", "quotas"),
            c.name
        )
    };
    if kept > 0 {
        message.push_str(&format!(
            "; {} already set {} kept",
            kept,
            if kept == 1 { "was" } else { "were" }
        ));
    }
    message.push('.');
    CopyForward {
        changes,
        copied,
        kept,
        message,
    }
}

/// The fiscal year's first day for `day`, as the grid's year picker keeps it.
pub fn year_start(day: Date, fiscal_start_month: u32) -> Date {
    fiscal_year_start(day, fiscal_start_month)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::kpi::fixture::{d, Fx};
    use crate::domain::id::SeededIds;
    use crate::domain::Kind;

    fn ids() -> SeededIds {
        SeededIds::new(99)
    }

    fn apply(fx: &mut Fx, changes: Vec<Change>) {
        fx.ws.apply(changes);
    }

    fn team() -> (Fx, Id, Id, Id) {
        let mut fx = Fx::new();
        let mia = fx.rep("Mia Chen", None);
        let ana = fx.rep("Ana Lima", Some(&mia));
        let bo = fx.rep("Bo Diaz", Some(&mia));
        (fx, mia, ana, bo)
    }

    fn row<'a>(g: &'a QuotaGrid, name: &str) -> &'a GridRow {
        g.rows.iter().find(|r| r.name == name).unwrap()
    }

    #[test]
    fn rows_are_the_company_each_team_then_its_reps() {
        let (fx, ..) = team();
        let g = quota_grid(&fx.ws, GridView::Quarters, d(2026, 11, 22));
        let names: Vec<&str> = g.rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["Company", "Mia Chen’s team", "Ana Lima", "Bo Diaz"]);
        let cols: Vec<&str> = g.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(cols, ["Q1 2026", "Q2 2026", "Q3 2026", "Q4 2026"]);
        let (_, months) = columns(GridView::Months, d(2026, 11, 22), 4);
        assert_eq!(months[0].name, "Apr 2026");
        assert_eq!(months[11].name, "Mar 2027");
    }

    #[test]
    fn a_quarter_with_months_is_their_sum_and_warns_when_its_typed_amount_differs() {
        let (mut fx, _, ana, _) = team();
        let mut ids = ids();
        let now = crate::analytics::kpi::fixture::noon(d(2026, 11, 22));
        let ana_o = QuotaOwner::Rep(ana.clone());
        let q4 = d(2026, 10, 1);
        for (kind, start, amount) in [
            (PeriodKind::Quarter, q4, 9_200_000),
            (PeriodKind::Month, d(2026, 10, 1), 3_000_000),
            (PeriodKind::Month, d(2026, 11, 1), 3_000_000),
            (PeriodKind::Quarter, d(2026, 7, 1), 9_000_000),
        ] {
            let c = set_quota(
                &fx.ws,
                &ana_o,
                kind,
                start,
                Some(amount),
                &mut || ids.next_id(),
                now,
            );
            apply(&mut fx, c);
        }
        let g = quota_grid(&fx.ws, GridView::Quarters, d(2026, 11, 22));
        let r = row(&g, "Ana Lima");
        let q4c = &r.cells[3];
        assert!(!q4c.editable);
        assert_eq!(q4c.text, "$60,000");
        assert_eq!(q4c.note.as_deref(), Some("from its months"));
        assert_eq!(
            q4c.warning.as_deref(),
            Some("Typed $92,000: its months count")
        );
        assert_eq!(
            g.warnings,
            ["Ana Lima, Q4 2026: typed $92,000, but its months add up to $60,000. The months count; the quarter is only a check."]
        );
        // Q3 has no months: typed and editable.
        assert!(r.cells[2].editable);
        assert_eq!(r.cells[2].text, "$90,000");
        // The year adds up what counts.
        assert_eq!(r.year_total, "$150,000");
        // In the months view, a month of Q3 shows its share; December is empty.
        let m = quota_grid(&fx.ws, GridView::Months, d(2026, 11, 22));
        let r = row(&m, "Ana Lima");
        assert_eq!(r.cells[6].note.as_deref(), Some("≈ $30,326 of Q3 2026"));
        assert_eq!(r.cells[9].text, "$30,000");
        assert_eq!(
            (r.cells[11].text.as_str(), r.cells[11].note.as_ref()),
            ("", None)
        );
        // Typing December's $32,000 makes the months match the quarter's $92,000.
        let c = edit_cell(
            &fx.ws,
            &m,
            m.rows.iter().position(|x| x.name == "Ana Lima").unwrap(),
            11,
            "32,000",
            &mut || ids.next_id(),
            now,
        )
        .unwrap();
        apply(&mut fx, c);
        let g = quota_grid(&fx.ws, GridView::Quarters, d(2026, 11, 22));
        assert!(g.warnings.is_empty(), "{:?}", g.warnings);
        assert_eq!(row(&g, "Ana Lima").cells[3].text, "$92,000");
        assert_eq!(row(&g, "Ana Lima").cells[3].warning, None);
    }

    #[test]
    fn bad_input_changes_nothing_and_says_which_cell() {
        let (fx, _, _, _) = team();
        let mut ids = ids();
        let now = crate::analytics::kpi::fixture::noon(d(2026, 11, 22));
        let g = quota_grid(&fx.ws, GridView::Months, d(2026, 11, 22));
        let ana = g.rows.iter().position(|r| r.name == "Ana Lima").unwrap();
        assert_eq!(
            edit_cell(&fx.ws, &g, ana, 9, "ten", &mut || ids.next_id(), now),
            Err(
                "Ana Lima, Oct 2026: “ten” is not an amount: use digits, like 41,000 or 41.000,50"
                    .into()
            )
        );
        assert_eq!(
            edit_cell(&fx.ws, &g, ana, 9, "-5", &mut || ids.next_id(), now),
            Err("Ana Lima, Oct 2026: “-5” is negative: enter zero or more".into())
        );
        // Clearing an empty cell does nothing.
        assert_eq!(
            edit_cell(&fx.ws, &g, ana, 9, "", &mut || ids.next_id(), now),
            Ok(vec![])
        );
    }

    #[test]
    fn a_paste_sets_every_cell_in_one_list_and_clearing_and_copying_forward_work() {
        let (mut fx, mia, ana, bo) = team();
        let mut ids = ids();
        let now = crate::analytics::kpi::fixture::noon(d(2026, 11, 22));
        let g = quota_grid(&fx.ws, GridView::Months, d(2026, 11, 22));
        // A 3 × 4 block (team, Ana, Bo × Sep–Dec) pasted on the team's September cell.
        let team_row = g
            .rows
            .iter()
            .position(|r| r.owner == QuotaOwner::Team(mia.clone()))
            .unwrap();
        let text = "100,000\t110,000\t120,000\t130,000\n40,000\t45,000\t50,000\t55,000\n30,000\t35,000\t40,000\t45,000\n";
        let (changes, n) = paste_quotas(
            &fx.ws,
            &g,
            Some((team_row, 8)),
            text,
            &mut || ids.next_id(),
            now,
        )
        .unwrap();
        assert_eq!((n, changes.len()), (12, 12));
        apply(&mut fx, changes);
        let g = quota_grid(&fx.ws, GridView::Quarters, d(2026, 11, 22));
        assert_eq!(row(&g, "Ana Lima").cells[3].text, "$150,000");
        assert_eq!(row(&g, "Bo Diaz").cells[2].text, "$30,000");
        assert_eq!(row(&g, "Mia Chen’s team").cells[3].text, "$360,000");
        // The same block again changes nothing (every value is already there).
        let m = quota_grid(&fx.ws, GridView::Months, d(2026, 11, 22));
        let (changes, _) = paste_quotas(
            &fx.ws,
            &m,
            Some((team_row, 8)),
            text,
            &mut || ids.next_id(),
            now,
        )
        .unwrap();
        assert!(changes.is_empty());
        // Clearing Bo's December.
        let bo_row = m
            .rows
            .iter()
            .position(|r| r.owner == QuotaOwner::Rep(bo.clone()))
            .unwrap();
        let c = edit_cell(&fx.ws, &m, bo_row, 11, " ", &mut || ids.next_id(), now).unwrap();
        assert!(matches!(c.as_slice(), [Change::Delete(Kind::Quota, _)]));
        apply(&mut fx, c);
        // Copy forward into December: Bo gets November's $40,000, the others keep theirs.
        let m = quota_grid(&fx.ws, GridView::Months, d(2026, 11, 22));
        let cf = copy_forward(&fx.ws, &m, 11, &mut || ids.next_id(), now);
        assert_eq!((cf.copied, cf.kept), (1, 2));
        assert_eq!(
            cf.message,
            "Copied 1 quota from Nov 2026 into Dec 2026; 2 already set were kept."
        );
        apply(&mut fx, cf.changes);
        let m = quota_grid(&fx.ws, GridView::Months, d(2026, 11, 22));
        assert_eq!(row(&m, "Bo Diaz").cells[11].text, "$40,000");
        let _ = ana;
    }
}
