//! Form input for planning: amounts typed or pasted into the quota and spend grids,
//! goals, and coaching notes with their action items. Each turns the strings people
//! type into records, or says exactly what is wrong; nothing is saved otherwise.

use super::entities::{ActionItem, ActivityKind, CoachingNote, Goal, GoalMetric, GoalPeriod};
use super::money::{Money, MoneyError};
use super::time::{format_date, parse_iso_date};
use super::validation::optional;
use super::{Currency, Date, FieldErrors, Id, Timestamp, Workspace};

/// The decimal mark of a number: "1,234.50" has a point, "1.234,50" a comma.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decimal {
    Point,
    Comma,
}

/// What one number says about its decimal mark, if anything: "1,234.50" and "12.5"
/// have a point, "1.234,50", "12,5" and "1.234.567" a comma; "1,234" and "1.234" could
/// be either (a thousands separator before three digits), and "1234" says nothing.
fn decimal_of(text: &str) -> Option<Decimal> {
    let first = text.find(|c: char| c.is_ascii_digit())?;
    let last = text.rfind(|c: char| c.is_ascii_digit())?;
    let core: String = text[first..=last]
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .collect();
    let dots = core.matches('.').count();
    let commas = core.matches(',').count();
    match (dots, commas) {
        (0, 0) => None,
        (d, c) if d > 0 && c > 0 => {
            if core.rfind('.') > core.rfind(',') {
                Some(Decimal::Point)
            } else {
                Some(Decimal::Comma)
            }
        }
        (d, 0) if d > 1 => Some(Decimal::Comma),
        (0, c) if c > 1 => Some(Decimal::Point),
        _ => {
            let sep = if dots == 1 { '.' } else { ',' };
            let after = core.len() - core.rfind(sep).expect("one separator") - 1;
            match (after, sep) {
                (3, _) => None,
                (_, '.') => Some(Decimal::Point),
                _ => Some(Decimal::Comma),
            }
        }
    }
}

/// The decimal mark a block of cells uses (a spreadsheet copies all its cells in one
/// format): `None` when none of them tells. Cells that contradict each other are
/// refused, naming one of each.
pub fn detect_decimal<'a>(
    texts: impl IntoIterator<Item = &'a str>,
) -> Result<Option<Decimal>, String> {
    let mut point: Option<&str> = None;
    let mut comma: Option<&str> = None;
    for t in texts {
        match decimal_of(t) {
            Some(Decimal::Point) => point = point.or(Some(t)),
            Some(Decimal::Comma) => comma = comma.or(Some(t)),
            None => {}
        }
    }
    match (point, comma) {
        (Some(p), Some(c)) => Err(format!(
            "These amounts mix two number formats: “{}” has a decimal point and “{}” a decimal comma. Copy them again from one spreadsheet.",
            p.trim(),
            c.trim()
        )),
        (Some(_), None) => Ok(Some(Decimal::Point)),
        (None, Some(_)) => Ok(Some(Decimal::Comma)),
        (None, None) => Ok(None),
    }
}

/// A planned amount (a quota, a month's spend, a goal's won value) from what people
/// type or paste: "41,000", "$41,000.50", "41.000,50", "41 000", "41000". `decimal`
/// is the block's decimal mark (`detect_decimal`), `None` to read the text on its own.
/// Empty text is `Ok(None)` (the cell is cleared). Amounts are in the home currency;
/// negative amounts and text are refused with a message that quotes the text.
pub fn parse_plan_amount(
    text: &str,
    decimal: Option<Decimal>,
    home: &Currency,
) -> Result<Option<i64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let not_amount = || format!("“{t}” is not an amount: use digits, like 41,000 or 41.000,50");
    let money = match decimal.or_else(|| decimal_of(t)) {
        // No separator that could be read two ways: the general money reader.
        None => Money::parse(t, home).map_err(|e| match e {
            MoneyError::NotANumber(_) | MoneyError::Empty | MoneyError::UnknownCurrency(_) => {
                not_amount()
            }
            other => format!("“{t}”: {other}"),
        })?,
        Some(mark) => read_with_mark(t, mark, home).ok_or_else(not_amount)??,
    };
    if money.currency != *home {
        return Err(format!(
            "“{t}” is in {}; amounts here are in {}, the home currency",
            money.currency.code(),
            home.code()
        ));
    }
    if money.minor < 0 {
        return Err(format!("“{t}” is negative: enter zero or more"));
    }
    Ok(Some(money.minor))
}

/// Reads `t` whose decimal mark is known: the digits with that mark, grouping by the
/// other separator, spaces or apostrophes; a currency symbol or code before or after.
/// `None` when it is not an amount; `Some(Err)` for a readable problem.
fn read_with_mark(t: &str, mark: Decimal, home: &Currency) -> Option<Result<Money, String>> {
    let first = t.find(|c: char| c.is_ascii_digit())?;
    let last = t.rfind(|c: char| c.is_ascii_digit())?;
    let (pre, core, post) = (&t[..first], &t[first..=last], &t[last + 1..]);
    let (dec, group) = match mark {
        Decimal::Point => ('.', ','),
        Decimal::Comma => (',', '.'),
    };
    let cleaned: String = core
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\'' | '’') && *c != group)
        .collect();
    if !cleaned.chars().all(|c| c.is_ascii_digit() || c == dec) || cleaned.matches(dec).count() > 1
    {
        return None;
    }
    // The currency (and a sign) from what surrounds the number.
    let around = Money::parse(&format!("{pre}0{post}"), home).ok()?;
    let negative = pre.contains(['-', '\u{2212}'])
        || post.contains(['-', '\u{2212}'])
        || (pre.trim_start().starts_with('(') && post.trim_end().ends_with(')'));
    let digits = around.currency.minor_digits();
    let (whole, frac) = cleaned.split_once(dec).unwrap_or((&cleaned, ""));
    // "1,500" with a decimal comma is 1.5: trailing zeros past the currency's decimals
    // say nothing.
    let frac = if frac.len() > digits as usize && frac[digits as usize..].chars().all(|c| c == '0')
    {
        &frac[..digits as usize]
    } else {
        frac
    };
    if frac.len() > digits as usize {
        return Some(Err(format!(
            "“{t}”: {}",
            MoneyError::TooManyDecimals {
                currency: around.currency.code().to_string(),
                max: digits
            }
        )));
    }
    let mut minor: i64 = 0;
    for c in whole
        .chars()
        .chain(frac.chars())
        .chain(std::iter::repeat_n('0', digits as usize - frac.len()))
    {
        minor = minor
            .checked_mul(10)?
            .checked_add(i64::from(c.to_digit(10)? as u8))?;
    }
    Some(Ok(Money::new(
        if negative { -minor } else { minor },
        around.currency,
    )))
}

impl GoalPeriod {
    pub const ALL: [GoalPeriod; 3] = [GoalPeriod::Week, GoalPeriod::Month, GoalPeriod::Quarter];

    pub fn key(self) -> &'static str {
        match self {
            GoalPeriod::Week => "week",
            GoalPeriod::Month => "month",
            GoalPeriod::Quarter => "quarter",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            GoalPeriod::Week => "Each week",
            GoalPeriod::Month => "Each month",
            GoalPeriod::Quarter => "Each quarter",
        }
    }

    pub fn from_key(k: &str) -> Option<GoalPeriod> {
        Self::ALL.into_iter().find(|p| p.key() == k)
    }
}

/// What a goal can count, as the form offers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GoalMetricChoice {
    WonValue,
    DealsAdded,
    DealsAdvanced,
    ActivitiesDone,
}

impl GoalMetricChoice {
    pub const ALL: [GoalMetricChoice; 4] = [
        GoalMetricChoice::WonValue,
        GoalMetricChoice::DealsAdded,
        GoalMetricChoice::DealsAdvanced,
        GoalMetricChoice::ActivitiesDone,
    ];

    pub fn key(self) -> &'static str {
        match self {
            GoalMetricChoice::WonValue => "won_value",
            GoalMetricChoice::DealsAdded => "deals_added",
            GoalMetricChoice::DealsAdvanced => "deals_advanced",
            GoalMetricChoice::ActivitiesDone => "activities_done",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            GoalMetricChoice::WonValue => "Won value",
            GoalMetricChoice::DealsAdded => "Deals added",
            GoalMetricChoice::DealsAdvanced => "Deals advanced to a stage",
            GoalMetricChoice::ActivitiesDone => "Activities done",
        }
    }

    pub fn from_key(k: &str) -> Option<GoalMetricChoice> {
        Self::ALL.into_iter().find(|p| p.key() == k)
    }

    pub fn of(m: &GoalMetric) -> GoalMetricChoice {
        match m {
            GoalMetric::WonValue => GoalMetricChoice::WonValue,
            GoalMetric::DealsAdded => GoalMetricChoice::DealsAdded,
            GoalMetric::DealsAdvanced { .. } => GoalMetricChoice::DealsAdvanced,
            GoalMetric::ActivitiesDone { .. } => GoalMetricChoice::ActivitiesDone,
        }
    }
}

/// Whose goal it is, as a form value: "rep:<id>", "team:<id>" or "everyone".
pub fn whose_key(rep: Option<&Id>, team_of: Option<&Id>) -> String {
    match (rep, team_of) {
        (Some(r), _) => format!("rep:{r}"),
        (None, Some(m)) => format!("team:{m}"),
        (None, None) => "everyone".into(),
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct GoalForm {
    /// `whose_key`.
    pub whose: String,
    /// A `GoalPeriod` key.
    pub period: String,
    /// A `GoalMetricChoice` key.
    pub metric: String,
    /// For deals advanced: the stage.
    pub stage_id: String,
    /// For activities done: an `ActivityKind` key.
    pub activity: String,
    pub target: String,
    /// The first day it applies (YYYY-MM-DD).
    pub from: String,
}

impl GoalForm {
    pub fn new(me: Option<&Id>, today: Date) -> GoalForm {
        GoalForm {
            whose: whose_key(me, None),
            period: GoalPeriod::Month.key().into(),
            metric: GoalMetricChoice::ActivitiesDone.key().into(),
            activity: ActivityKind::Call.key().into(),
            from: today.format("%Y-%m-%d").to_string(),
            ..GoalForm::default()
        }
    }

    /// The form for editing `g`: the target as typed (money without symbol).
    pub fn of_goal(g: &Goal) -> GoalForm {
        let choice = GoalMetricChoice::of(&g.metric);
        let (stage_id, activity) = match &g.metric {
            GoalMetric::DealsAdvanced { stage_id } => (stage_id.to_string(), String::new()),
            GoalMetric::ActivitiesDone { activity } => (String::new(), activity.key().into()),
            _ => (String::new(), ActivityKind::Call.key().into()),
        };
        let target = if choice == GoalMetricChoice::WonValue {
            Money::new(g.target, g.currency.clone()).decimal()
        } else {
            g.target.to_string()
        };
        GoalForm {
            whose: whose_key(g.rep_id.as_ref(), g.team_of.as_ref()),
            period: g.period.key().into(),
            metric: choice.key().into(),
            stage_id,
            activity,
            target,
            from: g.from.format("%Y-%m-%d").to_string(),
        }
    }

    pub fn to_record(&self, ws: &Workspace, id: Id, now: Timestamp) -> Result<Goal, FieldErrors> {
        let mut e = FieldErrors::new();
        let (rep_id, team_of) = match self.whose.split_once(':') {
            Some(("rep", r)) => (Some(Id::from_string(r)), None),
            Some(("team", m)) => (None, Some(Id::from_string(m))),
            _ if self.whose == "everyone" => (None, None),
            _ => {
                e.add("whose", "Choose whose goal it is");
                (None, None)
            }
        };
        for who in rep_id.iter().chain(team_of.iter()) {
            if !ws.reps.contains(who) {
                e.add("whose", "That person no longer exists");
            }
        }
        let period = GoalPeriod::from_key(&self.period).unwrap_or_else(|| {
            e.add("period", "Choose a week, a month or a quarter");
            GoalPeriod::Month
        });
        let home = &ws.settings.home_currency;
        let choice = GoalMetricChoice::from_key(&self.metric);
        let metric = match choice {
            Some(GoalMetricChoice::WonValue) => GoalMetric::WonValue,
            Some(GoalMetricChoice::DealsAdded) => GoalMetric::DealsAdded,
            Some(GoalMetricChoice::DealsAdvanced) => {
                let stage = optional(&self.stage_id).map(Id::from_string);
                let known = stage
                    .as_ref()
                    .is_some_and(|s| ws.pipelines.values().any(|p| p.stage(s).is_some()));
                if !known {
                    e.add("stage_id", "Choose the stage deals should reach");
                }
                GoalMetric::DealsAdvanced {
                    stage_id: stage.unwrap_or_else(|| Id::from_string("")),
                }
            }
            Some(GoalMetricChoice::ActivitiesDone) => {
                let kind = ActivityKind::from_key(&self.activity).unwrap_or_else(|| {
                    e.add("activity", "Choose a kind of activity");
                    ActivityKind::Call
                });
                GoalMetric::ActivitiesDone { activity: kind }
            }
            None => {
                e.add("metric", "Choose what the goal counts");
                GoalMetric::DealsAdded
            }
        };
        let target = if choice == Some(GoalMetricChoice::WonValue) {
            match parse_plan_amount(&self.target, None, home) {
                Ok(Some(v)) if v > 0 => v,
                Ok(_) => {
                    e.add("target", "Enter the value to win, above zero");
                    0
                }
                Err(m) => {
                    e.add("target", m);
                    0
                }
            }
        } else {
            match self
                .target
                .trim()
                .replace([',', '.', ' '], "")
                .parse::<i64>()
            {
                Ok(n) if n > 0 => n,
                _ if self.target.trim().is_empty() => {
                    e.add("target", "Enter how many, as a whole number above zero");
                    0
                }
                _ => {
                    e.add(
                        "target",
                        format!(
                            "“{}” is not a count: enter a whole number above zero",
                            self.target.trim()
                        ),
                    );
                    0
                }
            }
        };
        let from = match parse_iso_date(&self.from) {
            Ok(d) => d,
            Err(m) => {
                e.add("from", m);
                now.date_naive()
            }
        };
        e.into_result(Goal {
            id,
            rep_id,
            team_of,
            period,
            metric,
            target,
            currency: home.clone(),
            from,
            until: None,
            created_at: now,
            updated_at: now,
        })
    }
}

/// One action item's row in the coaching note form.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ActionItemForm {
    pub text: String,
    /// A rep id, or empty for the rep the note is about.
    pub owner_id: String,
    /// YYYY-MM-DD or empty.
    pub due: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct CoachingNoteForm {
    /// The day of the one-on-one (YYYY-MM-DD).
    pub date: String,
    /// What was discussed.
    pub notes: String,
    pub items: Vec<ActionItemForm>,
}

impl CoachingNoteForm {
    pub fn new(today: Date) -> CoachingNoteForm {
        CoachingNoteForm {
            date: today.format("%Y-%m-%d").to_string(),
            notes: String::new(),
            items: vec![ActionItemForm::default()],
        }
    }

    /// The note about `rep`, held by `manager`. Rows left blank are dropped. Errors are
    /// keyed "date", "notes", "items.N.text", "items.N.owner_id", "items.N.due"
    /// (N from 0).
    pub fn to_record(
        &self,
        ws: &Workspace,
        rep: &Id,
        manager: Option<&Id>,
        id: Id,
        now: Timestamp,
    ) -> Result<CoachingNote, FieldErrors> {
        let mut e = FieldErrors::new();
        if !ws.reps.contains(rep) {
            e.add("date", "That rep no longer exists");
        }
        let date = match parse_iso_date(&self.date) {
            Ok(d) => d,
            Err(m) => {
                e.add(
                    "date",
                    if self.date.trim().is_empty() {
                        "Enter the day of the one-on-one".to_string()
                    } else {
                        m
                    },
                );
                now.date_naive()
            }
        };
        let notes = self.notes.trim().to_string();
        if notes.is_empty() {
            e.add("notes", "Write what was discussed");
        }
        let mut action_items = Vec::new();
        for (i, item) in self.items.iter().enumerate() {
            let text = item.text.trim();
            let blank = text.is_empty() && item.due.trim().is_empty();
            if blank {
                continue;
            }
            if text.is_empty() {
                e.add(&format!("items.{i}.text"), "Say what is to be done");
            }
            let owner_id = optional(&item.owner_id).map(Id::from_string);
            if let Some(o) = &owner_id {
                if !ws.reps.contains(o) {
                    e.add(
                        &format!("items.{i}.owner_id"),
                        "That person no longer exists",
                    );
                }
            }
            let due = match optional(&item.due) {
                None => None,
                Some(d) => match parse_iso_date(&d) {
                    Ok(d) if d < date => {
                        e.add(
                            &format!("items.{i}.due"),
                            format!(
                                "The due date is before the one-on-one ({})",
                                format_date(date)
                            ),
                        );
                        None
                    }
                    Ok(d) => Some(d),
                    Err(m) => {
                        e.add(&format!("items.{i}.due"), m);
                        None
                    }
                },
            };
            action_items.push(ActionItem {
                text: text.to_string(),
                owner_id: owner_id.filter(|o| o != rep),
                due,
                done_on: None,
            });
        }
        e.into_result(CoachingNote {
            id,
            rep_id: rep.clone(),
            manager_id: manager.cloned(),
            date,
            notes,
            action_items,
            created_at: now,
            updated_at: now,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workspace::tests::{now, seeded};
    use crate::domain::{Rep, RepRole};
    use chrono::NaiveDate;

    fn usd() -> Currency {
        Currency::usd()
    }

    #[test]
    fn amounts_read_in_us_and_eu_formats_and_refuse_text_and_negatives() {
        let p = |t: &str| parse_plan_amount(t, None, &usd());
        assert_eq!(p("41,000"), Ok(Some(4_100_000)));
        assert_eq!(p("$41,000.50"), Ok(Some(4_100_050)));
        assert_eq!(p("41.000,50"), Ok(Some(4_100_050)));
        assert_eq!(p("41 000"), Ok(Some(4_100_000)));
        assert_eq!(p("41000"), Ok(Some(4_100_000)));
        assert_eq!(p("12,5"), Ok(Some(1_250)));
        assert_eq!(p("1.234.567"), Ok(Some(123_456_700)));
        assert_eq!(p("  "), Ok(None));
        assert_eq!(
            p("abc"),
            Err("“abc” is not an amount: use digits, like 41,000 or 41.000,50".into())
        );
        assert_eq!(
            p("-500"),
            Err("“-500” is negative: enter zero or more".into())
        );
        assert_eq!(
            p("€41.000"),
            Err("“€41.000” is in EUR; amounts here are in USD, the home currency".into())
        );
        // In a block that uses a decimal comma, "1,500" is one and a half.
        assert_eq!(
            parse_plan_amount("1,500", Some(Decimal::Comma), &usd()),
            Ok(Some(150))
        );
        assert_eq!(
            parse_plan_amount("1.500", Some(Decimal::Comma), &usd()),
            Ok(Some(150_000))
        );
        assert_eq!(
            parse_plan_amount("1,500", Some(Decimal::Point), &usd()),
            Ok(Some(150_000))
        );
    }

    #[test]
    fn a_block_has_one_number_format() {
        assert_eq!(detect_decimal(["1,000", "2,000"]), Ok(None));
        assert_eq!(
            detect_decimal(["1,000", "2.000,50"]),
            Ok(Some(Decimal::Comma))
        );
        assert_eq!(
            detect_decimal(["1,000", "2000.5", ""]),
            Ok(Some(Decimal::Point))
        );
        let err = detect_decimal(["1,234.50", "1.234,50"]).unwrap_err();
        assert!(
            err.contains("“1,234.50”") && err.contains("“1.234,50”"),
            "{err}"
        );
    }

    fn with_rep(name: &str) -> (Workspace, Id) {
        let (mut ws, mut ids) = seeded();
        let id = ids.next_id();
        ws.put(
            Rep {
                id: id.clone(),
                name: name.into(),
                email: None,
                role: RepRole::Rep,
                manager_id: None,
                territory_id: None,
                active: true,
                created_at: now(),
                updated_at: now(),
            }
            .into(),
        );
        (ws, id)
    }

    #[test]
    fn goals_need_a_target_and_what_they_count() {
        let (ws, ana) = with_rep("Ana");
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let mut f = GoalForm::new(Some(&ana), today);
        f.target = "20".into();
        let g = f.to_record(&ws, Id::from_string("g1"), now()).unwrap();
        assert_eq!(g.rep_id.as_ref(), Some(&ana));
        assert_eq!(
            g.metric,
            GoalMetric::ActivitiesDone {
                activity: ActivityKind::Call
            }
        );
        assert_eq!((g.target, g.period, g.from), (20, GoalPeriod::Month, today));
        f.target = "many".into();
        f.metric = "deals_advanced".into();
        let e = f.to_record(&ws, Id::from_string("g1"), now()).unwrap_err();
        assert_eq!(
            e.get("target"),
            Some("“many” is not a count: enter a whole number above zero")
        );
        assert_eq!(
            e.get("stage_id"),
            Some("Choose the stage deals should reach")
        );
        let stage = ws.default_pipeline().unwrap().stages[2].id.clone();
        f.stage_id = stage.to_string();
        f.target = "5".into();
        assert_eq!(
            f.to_record(&ws, Id::from_string("g1"), now())
                .unwrap()
                .metric,
            GoalMetric::DealsAdvanced { stage_id: stage }
        );
        f.metric = "won_value".into();
        f.target = "$25,000".into();
        f.whose = "everyone".into();
        let g = f.to_record(&ws, Id::from_string("g1"), now()).unwrap();
        assert_eq!((g.target, g.rep_id, g.team_of), (2_500_000, None, None));
        f.target = "-3".into();
        assert!(f.to_record(&ws, Id::from_string("g1"), now()).is_err());
    }

    #[test]
    fn a_saved_goal_reopens_in_the_form_as_it_was_entered() {
        let (ws, ana) = with_rep("Ana");
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let mut f = GoalForm::new(Some(&ana), today);
        f.period = "week".into();
        f.activity = "meeting".into();
        f.target = "3".into();
        let g = f.to_record(&ws, Id::from_string("g1"), now()).unwrap();
        assert_eq!(GoalForm::of_goal(&g), f);
        f.metric = "won_value".into();
        f.whose = "everyone".into();
        f.target = "$25,000.50".into();
        let g = f.to_record(&ws, Id::from_string("g1"), now()).unwrap();
        let back = GoalForm::of_goal(&g);
        assert_eq!(back.target, "25000.50");
        assert_eq!(
            back.to_record(&ws, Id::from_string("g1"), now()).unwrap(),
            g
        );
    }

    #[test]
    fn coaching_notes_keep_their_action_items_and_refuse_half_filled_rows() {
        let (ws, ana) = with_rep("Ana");
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let mut f = CoachingNoteForm::new(today);
        f.notes = "Pipeline review".into();
        f.items = vec![
            ActionItemForm {
                text: "Call the economic buyer".into(),
                owner_id: String::new(),
                due: "2026-11-23".into(),
            },
            ActionItemForm::default(),
        ];
        let n = f
            .to_record(&ws, &ana, None, Id::from_string("n1"), now())
            .unwrap();
        assert_eq!(n.date, today);
        assert_eq!(n.action_items.len(), 1, "the blank row is dropped");
        assert_eq!(n.action_items[0].due, NaiveDate::from_ymd_opt(2026, 11, 23));
        assert_eq!(n.action_items[0].done_on, None);
        f.notes = "  ".into();
        f.items[1] = ActionItemForm {
            text: String::new(),
            owner_id: String::new(),
            due: "2026-11-01".into(),
        };
        let e = f
            .to_record(&ws, &ana, None, Id::from_string("n1"), now())
            .unwrap_err();
        assert_eq!(e.get("notes"), Some("Write what was discussed"));
        assert_eq!(e.get("items.1.text"), Some("Say what is to be done"));
        assert_eq!(
            e.get("items.1.due"),
            Some("The due date is before the one-on-one (Nov 22, 2026)")
        );
    }
}
