//! The lead-scoring points model the user edits (Workspace › Lead scoring), kept in
//! the workspace settings, and its form: typed text in, a model or field errors out.
//! Scoring itself is `analytics::automation::lead_scoring`.

use crate::domain::{FieldErrors, Segment};
use serde::{Deserialize, Serialize};

/// Every weight of the points model. Fields default one by one, so a snapshot from an
/// older version (or one missing a field) still loads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PointsModel {
    /// Points per source (matched without case), e.g. "Referral" → 25.
    pub source: Vec<(String, i32)>,
    pub segment: Vec<(Segment, i32)>,
    /// Points per industry (matched without case) when the company is an account.
    pub industry: Vec<(String, i32)>,
    /// Company size bands: (from this many employees, points), ascending.
    pub size_bands: Vec<(u32, i32)>,
    /// Title keywords (whole words, without case); the best-paying one found counts.
    pub title_keywords: Vec<(String, i32)>,
    pub business_email: i32,
    pub free_email: i32,
    pub phone: i32,
    /// Points per activity in the last 30 days, halved every `half_life_days`, capped
    /// at `engagement_cap`.
    pub per_activity: i32,
    pub half_life_days: u32,
    pub engagement_cap: i32,
}

impl Default for PointsModel {
    fn default() -> Self {
        let s = |v: &[(&str, i32)]| v.iter().map(|(k, p)| (k.to_string(), *p)).collect();
        PointsModel {
            source: s(&[
                ("Referral", 25),
                ("Partner", 20),
                ("Webinar", 15),
                ("Event", 15),
                ("Website", 10),
                ("Cold outreach", 0),
            ]),
            // In `Segment::ALL` order, as the form lists them.
            segment: vec![
                (Segment::B2C, 5),
                (Segment::B2B, 15),
                (Segment::Enterprise, 25),
                (Segment::SaaS, 20),
            ],
            industry: Vec::new(),
            size_bands: vec![(50, 5), (200, 10), (1000, 15)],
            title_keywords: s(&[
                ("Chief", 25),
                ("CEO", 25),
                ("CFO", 20),
                ("COO", 20),
                ("CTO", 20),
                ("VP", 20),
                ("Vice President", 20),
                ("Head", 15),
                ("Director", 15),
                ("Manager", 5),
            ]),
            business_email: 10,
            free_email: -5,
            phone: 5,
            per_activity: 8,
            half_life_days: 10,
            engagement_cap: 30,
        }
    }
}

impl PointsModel {
    pub fn is_default(&self) -> bool {
        *self == PointsModel::default()
    }

    /// The best-paying keyword found in `title` as whole words ("VP" in "VP Sales",
    /// not in "MVP"), with its points.
    pub fn title_match(&self, title: &str) -> Option<(&str, i32)> {
        let words = words(title);
        self.title_keywords
            .iter()
            .filter(|(k, _)| {
                let kw = words_of(k);
                !kw.is_empty() && words.windows(kw.len()).any(|w| w == kw.as_slice())
            })
            .max_by_key(|(_, p)| *p)
            .map(|(k, p)| (k.as_str(), *p))
    }

    /// The band `employees` falls in: its index, its label ("200–999 employees") and
    /// points; `None` below the first band.
    pub fn size_band(&self, employees: u32) -> Option<(usize, String, i32)> {
        let i = self
            .size_bands
            .iter()
            .rposition(|(from, _)| employees >= *from)?;
        let (from, points) = self.size_bands[i];
        let label = match self.size_bands.get(i + 1) {
            Some((next, _)) => format!("{from}–{} employees", next - 1),
            None => format!("{from}+ employees"),
        };
        Some((i, label, points))
    }
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn words_of(s: &str) -> Vec<String> {
    words(s)
}

/// The settings form, as typed: lists one "name: points" per line.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScoringForm {
    pub source: String,
    pub segment_b2c: String,
    pub segment_b2b: String,
    pub segment_enterprise: String,
    pub segment_saas: String,
    pub industry: String,
    pub size_bands: String,
    pub title_keywords: String,
    pub business_email: String,
    pub free_email: String,
    pub phone: String,
    pub per_activity: String,
    pub half_life_days: String,
    pub engagement_cap: String,
}

fn lines<K: std::fmt::Display>(v: &[(K, i32)]) -> String {
    v.iter()
        .map(|(k, p)| format!("{k}: {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

const MAX_POINTS: i32 = 100;

fn points(e: &mut FieldErrors, field: &str, raw: &str, what: &str) -> i32 {
    match raw.trim().replace('−', "-").parse::<i32>() {
        Ok(p) if (-MAX_POINTS..=MAX_POINTS).contains(&p) => p,
        _ => {
            e.add(
                field,
                format!("{what}: enter whole points from −100 to 100"),
            );
            0
        }
    }
}

/// "Referral: 25" lines into pairs; `key` reads the name. Each problem names its line.
fn parse_lines<K: PartialEq>(
    e: &mut FieldErrors,
    field: &str,
    text: &str,
    example: &str,
    key: impl Fn(&str) -> Result<K, String>,
) -> Vec<(K, i32)> {
    let mut out: Vec<(K, i32)> = Vec::new();
    let mut problems = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let n = n + 1;
        let Some((k, p)) = line.rsplit_once(':') else {
            problems.push(format!("line {n}: write “name: points”, like “{example}”"));
            continue;
        };
        let k = k.trim();
        if k.is_empty() {
            problems.push(format!("line {n}: the name is missing"));
            continue;
        }
        let name = match key(k) {
            Ok(v) => v,
            Err(m) => {
                problems.push(format!("line {n}: {m}"));
                continue;
            }
        };
        let p = match p.trim().replace('−', "-").parse::<i32>() {
            Ok(p) if (-MAX_POINTS..=MAX_POINTS).contains(&p) => p,
            _ => {
                problems.push(format!(
                    "line {n}: “{}” is not whole points from −100 to 100",
                    p.trim()
                ));
                continue;
            }
        };
        if out.iter().any(|(o, _)| *o == name) {
            problems.push(format!("line {n}: “{k}” is listed twice"));
            continue;
        }
        out.push((name, p));
    }
    if !problems.is_empty() {
        let mut m = problems.join("; ");
        m[..1].make_ascii_uppercase();
        e.add(field, m);
    }
    out
}

fn text_key(k: &str) -> Result<String, String> {
    Ok(k.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Text keys compare without case ("vp" and "VP" are the same keyword).
#[derive(Clone, Debug)]
struct Caseless(String);

impl PartialEq for Caseless {
    fn eq(&self, o: &Self) -> bool {
        self.0.eq_ignore_ascii_case(&o.0)
    }
}

fn caseless(v: Vec<(Caseless, i32)>) -> Vec<(String, i32)> {
    v.into_iter().map(|(k, p)| (k.0, p)).collect()
}

impl ScoringForm {
    pub fn from_model(m: &PointsModel) -> Self {
        let seg = |s: Segment| {
            m.segment
                .iter()
                .find(|(k, _)| *k == s)
                .map(|(_, p)| p.to_string())
                .unwrap_or_else(|| "0".into())
        };
        ScoringForm {
            source: lines(&m.source),
            segment_b2c: seg(Segment::B2C),
            segment_b2b: seg(Segment::B2B),
            segment_enterprise: seg(Segment::Enterprise),
            segment_saas: seg(Segment::SaaS),
            industry: lines(&m.industry),
            size_bands: lines(&m.size_bands),
            title_keywords: lines(&m.title_keywords),
            business_email: m.business_email.to_string(),
            free_email: m.free_email.to_string(),
            phone: m.phone.to_string(),
            per_activity: m.per_activity.to_string(),
            half_life_days: m.half_life_days.to_string(),
            engagement_cap: m.engagement_cap.to_string(),
        }
    }

    /// The model to save, or every problem by field (and nothing saved).
    pub fn to_model(&self) -> Result<PointsModel, FieldErrors> {
        let mut e = FieldErrors::new();
        let ck = |k: &str| text_key(k).map(Caseless);
        let source = caseless(parse_lines(
            &mut e,
            "source",
            &self.source,
            "Referral: 25",
            ck,
        ));
        let industry = caseless(parse_lines(
            &mut e,
            "industry",
            &self.industry,
            "Software: 10",
            ck,
        ));
        let title_keywords = caseless(parse_lines(
            &mut e,
            "title_keywords",
            &self.title_keywords,
            "VP: 20",
            ck,
        ));
        let mut size_bands = parse_lines(&mut e, "size_bands", &self.size_bands, "200: 10", |k| {
            crate::domain::lead_forms::parse_employees(k.trim_end_matches('+'))
                .filter(|n| *n >= 1)
                .ok_or_else(|| format!("“{k}” is not a number of employees from 1"))
        });
        size_bands.sort_by_key(|(from, _)| *from);
        let segment = vec![
            (
                Segment::B2C,
                points(&mut e, "segment_b2c", &self.segment_b2c, "B2C"),
            ),
            (
                Segment::B2B,
                points(&mut e, "segment_b2b", &self.segment_b2b, "B2B"),
            ),
            (
                Segment::Enterprise,
                points(
                    &mut e,
                    "segment_enterprise",
                    &self.segment_enterprise,
                    "Enterprise",
                ),
            ),
            (
                Segment::SaaS,
                points(&mut e, "segment_saas", &self.segment_saas, "SaaS"),
            ),
        ];
        let business_email = points(
            &mut e,
            "business_email",
            &self.business_email,
            "Company e-mail",
        );
        let free_email = points(&mut e, "free_email", &self.free_email, "Free e-mail");
        let phone = points(&mut e, "phone", &self.phone, "Phone number");
        let per_activity = match self.per_activity.trim().parse::<i32>() {
            Ok(c) if (0..=MAX_POINTS).contains(&c) => c,
            _ => {
                e.add(
                    "per_activity",
                    "Enter the points per activity, from 0 to 100",
                );
                0
            }
        };
        let engagement_cap = match self.engagement_cap.trim().parse::<i32>() {
            Ok(c) if (0..=MAX_POINTS).contains(&c) => c,
            _ => {
                e.add(
                    "engagement_cap",
                    "Enter the most engagement can add, from 0 to 100",
                );
                0
            }
        };
        let half_life_days = match self.half_life_days.trim().parse::<u32>() {
            Ok(d) if (1..=365).contains(&d) => d,
            _ => {
                e.add(
                    "half_life_days",
                    "Enter the days after which an activity counts half, from 1 to 365",
                );
                1
            }
        };
        e.into_result(PointsModel {
            source,
            segment,
            industry,
            size_bands,
            title_keywords,
            business_email,
            free_email,
            phone,
            per_activity,
            half_life_days,
            engagement_cap,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_round_trips_the_default_model() {
        let m = PointsModel::default();
        assert_eq!(ScoringForm::from_model(&m).to_model(), Ok(m));
    }

    #[test]
    fn bad_lines_are_refused_by_line_and_field() {
        let mut f = ScoringForm::from_model(&PointsModel::default());
        f.source = "Referral: 25\nPartner 20\nreferral: 5\nWeb: 500".into();
        f.size_bands = "1000+: 15\n50: 5\nmany: 3".into();
        f.half_life_days = "0".into();
        f.segment_b2c = "x".into();
        let e = f.to_model().unwrap_err();
        assert_eq!(
            e.get("source"),
            Some("Line 2: write “name: points”, like “Referral: 25”; line 3: “referral” is listed twice; line 4: “500” is not whole points from −100 to 100")
        );
        assert_eq!(
            e.get("size_bands"),
            Some("Line 3: “many” is not a number of employees from 1")
        );
        assert_eq!(
            e.get("half_life_days"),
            Some("Enter the days after which an activity counts half, from 1 to 365")
        );
        assert_eq!(
            e.get("segment_b2c"),
            Some("B2C: enter whole points from −100 to 100")
        );
        assert_eq!(e.len(), 4);
    }

    #[test]
    fn bands_sort_and_keywords_match_whole_words_best_first() {
        let mut f = ScoringForm::from_model(&PointsModel::default());
        f.size_bands = "1,000+: 15\n50: 5\n200: 10".into();
        f.title_keywords = "VP: 20\nHead: 15\nVice President: 22".into();
        let m = f.to_model().unwrap();
        assert_eq!(m.size_bands, [(50, 5), (200, 10), (1000, 15)]);
        assert_eq!(m.size_band(49), None);
        assert_eq!(m.size_band(200), Some((1, "200–999 employees".into(), 10)));
        assert_eq!(m.size_band(5000), Some((2, "1000+ employees".into(), 15)));
        assert_eq!(m.title_match("VP Sales"), Some(("VP", 20)));
        assert_eq!(m.title_match("MVP engineer"), None);
        assert_eq!(
            m.title_match("Head of Sales, Vice President"),
            Some(("Vice President", 22))
        );
    }
}
