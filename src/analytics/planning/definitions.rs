//! The planning rules in words, for the pages that apply them and the help page: the
//! same sentences in both places, next to the constants they describe.

use super::scorecard::{MIN_PEERS, WELL_BELOW};

/// How quotas count (`analytics::quota`).
pub const QUOTAS: [&str; 4] = [
    "A quota belongs to a rep, to a manager’s team, or to the company. For everyone the company’s quota counts when one is set for the period, for a manager’s team the team’s; otherwise the quotas of the reps in it add up.",
    "Months win over their quarter: once any month of a fiscal quarter has a quota, the quarter’s quota is the sum of its months (a month left empty adds nothing) and a quarter typed as well is only a check; the grid shows the quarter as that sum and warns when the typed quarter differs. A fiscal year is likewise the sum of its quarters and months once any is set.",
    "A quota that only partly overlaps a period counts for the days they share: a quarter of $90,000 gives about $30,000 to each of its months when no month is set.",
    "Attainment = won in the period ÷ quota for the period, on the dashboard, on My day and on every scorecard alike.",
];

/// Who a rep is compared with, and what the team median is.
pub fn team_median() -> String {
    format!(
        "A rep is compared with their team: the active reps who report to the same manager, the rep included. With no manager, or fewer than {MIN_PEERS} in that team, with every active rep. The team median is the middle value of the team members who have the number (the mean of the two middle ones for an even count)."
    )
}

/// When a number is flagged as well below the team.
pub fn well_below() -> String {
    format!(
        "Well below the team: under {:.0}% of the team median for a number where higher is better, or for the sales cycle (shorter is better) longer than the team median ÷ {WELL_BELOW}. Only with at least {MIN_PEERS} team members having the number, and enough of the rep’s own: 5 closed deals for the win rate, 3 won deals for the average deal size and the sales cycle, 5 deals that entered a stage for its conversion, and a quota for attainment.",
        WELL_BELOW * 100.0
    )
}

/// Goals and their progress.
pub const GOALS: [&str; 3] = [
    "A goal counts, each week, month or fiscal quarter: the won value (deals won in the period), deals added (created in the period), deals advanced to a stage (deals whose stage history entered that stage in the period, each once), or activities of a kind completed in the period.",
    "A rep’s goal counts their own records; a team goal the manager’s and everyone’s who reports to them; a goal for everyone, all records.",
    "On track: at least the target’s share for the days gone by (the target spread evenly over the period).",
];

/// Action items of one-on-ones.
pub const ACTION_ITEMS: [&str; 2] = [
    "An action item shows on My day for the rep, for the manager who held the one-on-one and for the item’s owner, until it is ticked done; ticking it records today as its done day.",
    "Done on time: done on or before its due day. Overdue: still open after its due day.",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rules_in_words_carry_the_constants() {
        assert!(well_below().starts_with("Well below the team: under 70% of the team median"));
        assert!(well_below().contains("÷ 0.7"));
        assert!(team_median().contains("fewer than 3 in that team"));
    }
}
