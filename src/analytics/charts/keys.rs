//! The key on each bar or slice: which chart and which records it stands for, written
//! as text (`Display`) so the page can pass it around, and read back (`parse`). Ids
//! and user text come last, so a `:` inside them is kept.

use crate::domain::{ActivityKind, Date, ForecastCategory, Id};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ChartKey {
    /// Bookings: deals won in the month that starts on `start` (cut to the period).
    Month { start: Date },
    /// Funnel: deals that entered `stage` in the period.
    Stage { stage: Id },
    /// Open pipeline: open deals in `stage` counted in `category`.
    Open {
        stage: Id,
        category: ForecastCategory,
    },
    /// Won (or lost) deals of `rep` (`None`: no owner) in the month from `start`.
    RepMonth {
        rep: Option<Id>,
        start: Date,
        won: bool,
    },
    /// Activities of `kind` completed by `rep` (`None`: no owner).
    Activities { rep: Option<Id>, kind: ActivityKind },
    /// Deals lost for `reason` (`None`: no reason given).
    LostReason { reason: Option<String> },
    /// Won deals whose cycle fell in histogram bucket `bucket` (`cycle::BUCKETS`).
    Cycle { bucket: usize },
    /// Leads from `source` (`None`: no source).
    Source { source: Option<String> },
}

fn opt_id(id: &Option<Id>) -> String {
    id.as_ref().map(Id::to_string).unwrap_or_default()
}

fn id_of(s: &str) -> Option<Id> {
    (!s.is_empty()).then(|| Id::from_string(s))
}

fn text_of(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

fn date_of(s: &str) -> Option<Date> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

impl fmt::Display for ChartKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChartKey::Month { start } => write!(f, "month:{start}"),
            ChartKey::Stage { stage } => write!(f, "stage:{stage}"),
            ChartKey::Open { stage, category } => write!(f, "open:{}:{stage}", category.key()),
            ChartKey::RepMonth { rep, start, won } => write!(
                f,
                "rep:{}:{start}:{}",
                if *won { "won" } else { "lost" },
                opt_id(rep)
            ),
            ChartKey::Activities { rep, kind } => {
                write!(f, "activities:{}:{}", kind.key(), opt_id(rep))
            }
            ChartKey::LostReason { reason } => {
                write!(f, "lost:{}", reason.as_deref().unwrap_or(""))
            }
            ChartKey::Cycle { bucket } => write!(f, "cycle:{bucket}"),
            ChartKey::Source { source } => write!(f, "source:{}", source.as_deref().unwrap_or("")),
        }
    }
}

impl ChartKey {
    /// The key written by `to_string`, or `None` for any other text.
    pub fn parse(s: &str) -> Option<ChartKey> {
        let (chart, rest) = s.split_once(':')?;
        Some(match chart {
            "month" => ChartKey::Month {
                start: date_of(rest)?,
            },
            "stage" => ChartKey::Stage {
                stage: id_of(rest)?,
            },
            "open" => {
                let (cat, stage) = rest.split_once(':')?;
                ChartKey::Open {
                    stage: id_of(stage)?,
                    category: ForecastCategory::from_key(cat)?,
                }
            }
            "rep" => {
                let mut parts = rest.splitn(3, ':');
                let won = match parts.next()? {
                    "won" => true,
                    "lost" => false,
                    _ => return None,
                };
                let start = date_of(parts.next()?)?;
                ChartKey::RepMonth {
                    rep: id_of(parts.next()?),
                    start,
                    won,
                }
            }
            "activities" => {
                let (kind, rep) = rest.split_once(':')?;
                ChartKey::Activities {
                    rep: id_of(rep),
                    kind: ActivityKind::from_key(kind)?,
                }
            }
            "lost" => ChartKey::LostReason {
                reason: text_of(rest),
            },
            "cycle" => ChartKey::Cycle {
                bucket: rest.parse().ok()?,
            },
            "source" => ChartKey::Source {
                source: text_of(rest),
            },
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_back_what_they_wrote_with_colons_in_ids_and_text() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
        let keys = [
            ChartKey::Month { start: day },
            ChartKey::Stage {
                stage: Id::from_string("sf:006A:x"),
            },
            ChartKey::Open {
                stage: Id::from_string("s1"),
                category: ForecastCategory::BestCase,
            },
            ChartKey::RepMonth {
                rep: Some(Id::from_string("r:1")),
                start: day,
                won: false,
            },
            ChartKey::RepMonth {
                rep: None,
                start: day,
                won: true,
            },
            ChartKey::Activities {
                rep: None,
                kind: ActivityKind::Demo,
            },
            ChartKey::LostReason {
                reason: Some("Price: too high".into()),
            },
            ChartKey::LostReason { reason: None },
            ChartKey::Cycle { bucket: 3 },
            ChartKey::Source {
                source: Some("<img src=x>".into()),
            },
        ];
        for k in keys {
            assert_eq!(ChartKey::parse(&k.to_string()), Some(k.clone()), "{k}");
        }
        assert_eq!(ChartKey::parse("nothing"), None);
        assert_eq!(ChartKey::parse("month:soon"), None);
        assert_eq!(ChartKey::parse("open:maybe:s1"), None);
    }
}
