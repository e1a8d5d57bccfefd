//! Word lists for demo names: people, companies, titles, subjects. All ASCII, so emails
//! and domains can be built from them directly.

pub(super) const FIRST_NAMES: &[&str] = &[
    "Olivia",
    "Liam",
    "Emma",
    "Noah",
    "Ava",
    "Mateo",
    "Sofia",
    "Lucas",
    "Mia",
    "Ethan",
    "Amara",
    "Kenji",
    "Priya",
    "Arjun",
    "Chloe",
    "Daniel",
    "Fatima",
    "Omar",
    "Hannah",
    "Jonas",
    "Ingrid",
    "Lars",
    "Elena",
    "Marco",
    "Giulia",
    "Luca",
    "Aisha",
    "Tariq",
    "Mei",
    "Wei",
    "Yuki",
    "Haruto",
    "Grace",
    "Samuel",
    "Zoe",
    "Isaac",
    "Leila",
    "Nadia",
    "Pedro",
    "Camila",
    "Diego",
    "Valentina",
    "Oscar",
    "Freya",
    "Sven",
    "Anika",
    "Ravi",
    "Sana",
    "Tomas",
    "Lena",
    "Felix",
    "Clara",
    "Hugo",
    "Alice",
    "Victor",
    "Julia",
    "Kwame",
    "Ama",
    "Chen",
    "Lin",
    "Rosa",
    "Ivan",
    "Maya",
    "Noor",
];

pub(super) const LAST_NAMES: &[&str] = &[
    "Smith",
    "Johnson",
    "Garcia",
    "Martinez",
    "Brown",
    "Nguyen",
    "Kim",
    "Patel",
    "Singh",
    "Mueller",
    "Schmidt",
    "Rossi",
    "Bianchi",
    "Dubois",
    "Laurent",
    "Jensen",
    "Hansen",
    "Nilsson",
    "Kowalski",
    "Novak",
    "Silva",
    "Santos",
    "Costa",
    "Tanaka",
    "Sato",
    "Suzuki",
    "Wang",
    "Li",
    "Zhang",
    "Chen",
    "Okafor",
    "Mensah",
    "Haddad",
    "Khan",
    "Ali",
    "Cohen",
    "Levi",
    "Murphy",
    "Kelly",
    "Walsh",
    "Taylor",
    "Wilson",
    "Clarke",
    "Evans",
    "Hughes",
    "Baker",
    "Reyes",
    "Torres",
    "Flores",
    "Rivera",
    "Moreau",
    "Fischer",
    "Weber",
    "Becker",
    "Larsen",
    "Berg",
    "Lindqvist",
    "Ivanova",
    "Petrov",
    "Yilmaz",
    "Demir",
    "Sharma",
    "Das",
    "Park",
];

const COMPANY_PREFIX: &[&str] = &[
    "Blue", "North", "Silver", "Bright", "Red", "Green", "Iron", "Clear", "Swift", "Stone", "Oak",
    "Maple", "Cedar", "River", "Lake", "Summit", "Peak", "Harbor", "Coast", "Prairie", "Golden",
    "Crystal", "Atlas", "Nova", "Polar", "Sun", "Star", "Moon", "Cloud", "Sky", "Ever", "True",
    "First", "Prime", "Apex", "Vertex", "Quantum", "Fusion", "Vector", "Pixel", "Signal", "Beacon",
    "Anchor", "Compass", "Pioneer", "Frontier", "Horizon", "Meridian", "Keystone", "Granite",
    "Copper", "Cobalt", "Indigo", "Amber", "Jade", "Onyx", "Falcon", "Eagle", "Hawk", "Fox",
    "Wolf", "Bear", "Lion", "Tiger",
];

const COMPANY_ROOT: &[&str] = &[
    "wave", "field", "point", "bridge", "gate", "works", "line", "path", "stone", "wood", "view",
    "ridge", "crest", "forge", "mark", "port", "side", "way", "light", "stream", "dale", "brook",
    "haven", "land", "spring", "shore", "vale", "wick", "ton", "ford", "gen", "logic", "soft",
    "core", "base", "hub", "net", "scale", "sync", "flow", "grid", "loop", "leaf", "root", "seed",
    "bloom", "craft", "nest", "hive", "lane", "mill", "yard", "dock", "rock", "hill", "crown",
    "tower", "shield", "spark", "pulse", "beam", "arc", "quest", "trail",
];

/// Company suffix and the industry it implies.
const COMPANY_SUFFIX: &[(&str, &str)] = &[
    ("Systems", "Software"),
    ("Labs", "Software"),
    ("Logistics", "Logistics"),
    ("Health", "Healthcare"),
    ("Foods", "Food & beverage"),
    ("Manufacturing", "Manufacturing"),
    ("Analytics", "Software"),
    ("Retail", "Retail"),
    ("Energy", "Energy"),
    ("Media", "Media"),
    ("Partners", "Professional services"),
    ("Financial", "Financial services"),
    ("Robotics", "Manufacturing"),
    ("Networks", "Telecommunications"),
    ("Academy", "Education"),
    ("Properties", "Real estate"),
];

/// How many distinct company names `company` gives before it repeats with a number.
const COMPANY_SPACE: usize = 64 * 64 * 16;
/// Odd, so `i * STRIDE` modulo the (power of two) space visits every name once.
const STRIDE: usize = 40_503;

pub(super) struct Company {
    pub name: String,
    /// Lower-case, for domains: "bluewavesystems".
    pub stem: String,
    pub industry: &'static str,
}

/// The `i`-th company name of a seeded sequence; distinct for distinct `i`.
pub(super) fn company(offset: usize, i: usize) -> Company {
    let k = (i % COMPANY_SPACE)
        .wrapping_mul(STRIDE)
        .wrapping_add(offset)
        % COMPANY_SPACE;
    let lap = i / COMPANY_SPACE;
    let prefix = COMPANY_PREFIX[k % 64];
    let root = COMPANY_ROOT[(k / 64) % 64];
    let (suffix, industry) = COMPANY_SUFFIX[k / (64 * 64)];
    let mut name = format!("{prefix}{root} {suffix}");
    let mut stem = format!("{prefix}{root}{suffix}").to_ascii_lowercase();
    if lap > 0 {
        name.push_str(&format!(" {}", lap + 1));
        stem.push_str(&(lap + 1).to_string());
    }
    Company {
        name,
        stem,
        industry,
    }
}

/// Contact titles; the first few are decision makers (a deal's main contact).
pub(super) const DECISION_TITLES: &[&str] = &[
    "CEO",
    "CFO",
    "COO",
    "VP Sales",
    "VP Operations",
    "Head of IT",
    "Managing Director",
    "Head of Procurement",
];

pub(super) const OTHER_TITLES: &[&str] = &[
    "Operations Manager",
    "IT Manager",
    "Finance Manager",
    "Procurement Specialist",
    "Project Manager",
    "Sales Operations Analyst",
    "Office Manager",
    "Systems Administrator",
    "Marketing Manager",
    "Legal Counsel",
    "Team Lead",
    "Business Analyst",
];

pub(super) const LEAD_SOURCES: &[&str] = &[
    "Website", "Referral", "Event", "Outbound", "Partner", "Webinar",
];
/// Source weights of leads that became deals (referrals and partners convert best).
pub(super) const CONVERTED_SOURCE_WEIGHTS: &[f64] = &[25.0, 25.0, 14.0, 14.0, 16.0, 6.0];
/// Source weights of leads that did not (yet) become deals.
pub(super) const OTHER_SOURCE_WEIGHTS: &[f64] = &[36.0, 5.0, 14.0, 30.0, 5.0, 10.0];

pub(super) const DISQUALIFIED_REASONS: &[&str] = &[
    "No budget",
    "Not a fit",
    "Unresponsive",
    "Happy with a competitor",
    "Too small",
    "Personal use only",
];

/// Weights for `Settings::default().lost_reasons`, in that order
/// (Price, Timing, Competitor, No budget, No decision, Missing feature).
pub(super) const LOST_REASON_WEIGHTS: &[f64] = &[24.0, 15.0, 24.0, 14.0, 14.0, 9.0];

/// Why demo deals were won, with their weights; some won deals give no reason.
pub(super) const WON_REASONS: &[&str] = &[
    "Product fit",
    "Price",
    "Relationship",
    "Onboarding and support",
    "Integrations",
    "Time to value",
];
pub(super) const WON_REASON_WEIGHTS: &[f64] = &[30.0, 14.0, 20.0, 12.0, 14.0, 10.0];
/// The share of won deals whose seller recorded a reason.
pub(super) const WON_REASON_SHARE: f64 = 0.8;

pub(super) const CALL_OUTCOMES: &[&str] = &[
    "Connected",
    "Connected",
    "Connected",
    "Left voicemail",
    "No answer",
];

pub(super) const NOTES: &[&str] = &[
    "Budget is approved for this quarter; legal review takes about two weeks.",
    "They compare us with two other vendors; price is the main worry.",
    "Champion is keen; needs sign-off from finance.",
    "Asked for references from a customer in their industry.",
    "IT wants a security questionnaire before the next step.",
    "Timeline slipped: their fiscal year planning is still open.",
    "Good call. Next: demo for the wider team.",
    "Decision maker joined; asked about onboarding and support.",
    "Sent the recap and the agreed next steps.",
    "Pricing accepted in principle; wants a multi-year discount.",
];

pub(super) const PRODUCTS: &[&str] = &[
    "Platform",
    "Team plan",
    "Annual subscription",
    "Pilot",
    "Analytics add-on",
    "Implementation",
    "Starter package",
    "Enterprise license",
];

pub(super) const EXPANSIONS: &[&str] = &[
    "Expansion",
    "Upsell: more seats",
    "Cross-sell: Analytics add-on",
    "New department rollout",
    "Premium support",
];

/// Follow-up activities that can happen at any point of a deal.
pub(super) const FOLLOW_UPS: &[(crate::domain::ActivityKind, &str)] = {
    use crate::domain::ActivityKind::*;
    &[
        (Email, "Follow-up email"),
        (Call, "Follow-up call"),
        (Task, "Send case study"),
        (Note, "Call notes"),
        (Meeting, "Stakeholder meeting"),
        (Email, "Shared pricing options"),
        (Call, "Check-in call"),
        (Task, "Prepare ROI summary"),
        (Email, "Sent references"),
        (Call, "Answer technical questions"),
    ]
};

/// A person's name: (first, last).
pub(super) fn person(rng: &mut super::rng::Rng) -> (&'static str, &'static str) {
    (*rng.pick(FIRST_NAMES), *rng.pick(LAST_NAMES))
}

pub(super) fn email(first: &str, last: &str, domain: &str) -> String {
    format!(
        "{}.{}@{}",
        first.to_ascii_lowercase(),
        last.to_ascii_lowercase(),
        domain
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn company_names_are_distinct_over_the_whole_space() {
        let mut seen = std::collections::HashSet::new();
        for i in 0..COMPANY_SPACE + 10 {
            assert!(seen.insert(company(123, i).name), "repeat at {i}");
        }
        assert_eq!(company(0, 0).name, company(0, 0).name);
        assert!(company(7, COMPANY_SPACE).name.ends_with(" 2"));
    }

    #[test]
    fn stems_are_lower_case_ascii() {
        let c = company(5, 42);
        assert!(c.stem.chars().all(|ch| ch.is_ascii_lowercase()));
        assert!(!c.industry.is_empty());
    }
}
