//! Every metric's name, unit, which way is better, and its definition exactly as the
//! engine computes it: the dashboard's info buttons and the help page read these, so
//! the words and the arithmetic cannot drift apart.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MetricKey {
    Won,
    OpenPipeline,
    WinRate,
    AverageDealSize,
    CycleMedian,
    CycleMean,
    LeadConversion,
    OpportunityWinRate,
    QuotaAttainment,
    Velocity,
    Coverage,
    ChurnRate,
    Cac,
    Cltv,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A share, shown as a percentage.
    Ratio,
    /// Minor units of the home currency.
    Money,
    Days,
    /// Minor units of the home currency per day.
    MoneyPerDay,
    /// A multiple: "2.4×".
    Times,
}

/// Which way a change is good news.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Better {
    Higher,
    Lower,
}

/// A metric's definition for people: what it is, the formula, what counts, what is
/// left out, and which date puts a record in the period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Definition {
    pub formula: &'static str,
    pub counts: &'static str,
    pub left_out: &'static str,
    pub date: &'static str,
}

impl MetricKey {
    pub const ALL: [MetricKey; 14] = [
        MetricKey::Won,
        MetricKey::OpenPipeline,
        MetricKey::QuotaAttainment,
        MetricKey::WinRate,
        MetricKey::AverageDealSize,
        MetricKey::CycleMedian,
        MetricKey::CycleMean,
        MetricKey::LeadConversion,
        MetricKey::OpportunityWinRate,
        MetricKey::Velocity,
        MetricKey::Coverage,
        MetricKey::ChurnRate,
        MetricKey::Cac,
        MetricKey::Cltv,
    ];

    pub fn label(self) -> &'static str {
        match self {
            MetricKey::Won => "Won",
            MetricKey::OpenPipeline => "Open pipeline",
            MetricKey::WinRate => "Win rate",
            MetricKey::AverageDealSize => "Average deal size",
            MetricKey::CycleMedian => "Sales cycle (median)",
            MetricKey::CycleMean => "Sales cycle (mean)",
            MetricKey::LeadConversion => "Lead-to-opportunity conversion",
            MetricKey::OpportunityWinRate => "Opportunity-to-win rate",
            MetricKey::QuotaAttainment => "Quota attainment",
            MetricKey::Velocity => "Pipeline velocity",
            MetricKey::Coverage => "Pipeline coverage",
            MetricKey::ChurnRate => "Churn rate",
            MetricKey::Cac => "Customer acquisition cost",
            MetricKey::Cltv => "Customer lifetime value",
        }
    }

    /// Stable text for addresses and the help page's anchors: "win-rate".
    pub fn key(self) -> &'static str {
        match self {
            MetricKey::Won => "won",
            MetricKey::OpenPipeline => "open-pipeline",
            MetricKey::WinRate => "win-rate",
            MetricKey::AverageDealSize => "average-deal-size",
            MetricKey::CycleMedian => "cycle-median",
            MetricKey::CycleMean => "cycle-mean",
            MetricKey::LeadConversion => "lead-conversion",
            MetricKey::OpportunityWinRate => "opportunity-win-rate",
            MetricKey::QuotaAttainment => "quota-attainment",
            MetricKey::Velocity => "velocity",
            MetricKey::Coverage => "coverage",
            MetricKey::ChurnRate => "churn-rate",
            MetricKey::Cac => "cac",
            MetricKey::Cltv => "cltv",
        }
    }

    pub fn from_key(key: &str) -> Option<MetricKey> {
        Self::ALL.into_iter().find(|m| m.key() == key)
    }

    pub fn unit(self) -> Unit {
        match self {
            MetricKey::Won
            | MetricKey::OpenPipeline
            | MetricKey::AverageDealSize
            | MetricKey::Cac
            | MetricKey::Cltv => Unit::Money,
            MetricKey::WinRate
            | MetricKey::LeadConversion
            | MetricKey::OpportunityWinRate
            | MetricKey::QuotaAttainment
            | MetricKey::ChurnRate => Unit::Ratio,
            MetricKey::CycleMedian | MetricKey::CycleMean => Unit::Days,
            MetricKey::Velocity => Unit::MoneyPerDay,
            MetricKey::Coverage => Unit::Times,
        }
    }

    pub fn better(self) -> Better {
        match self {
            MetricKey::CycleMedian
            | MetricKey::CycleMean
            | MetricKey::ChurnRate
            | MetricKey::Cac => Better::Lower,
            _ => Better::Higher,
        }
    }

    pub fn definition(self) -> Definition {
        const CLOSED: &str = "Deals count in the period of their close date, in your time zone.";
        const RATE: &str = "Amounts in other currencies are converted to your home currency with the rate in force on the deal's close date; an amount whose currency has no rate is left out and reported beside the number.";
        match self {
            MetricKey::Won => Definition {
                formula: "Sum of the amounts of the deals won in the period.",
                counts: "Deals in a won stage whose close date is in the period. A deal that was won and then reopened is open again and does not count.",
                left_out: RATE,
                date: CLOSED,
            },
            MetricKey::OpenPipeline => Definition {
                formula: "Sum of the amounts of the open deals expected to close in the period.",
                counts: "Deals in an open stage whose expected close date is in the period, as they stood at the end of the period (today for the current one). Open deals without an amount are counted in the number of deals but add nothing.",
                left_out: "Amounts are converted with today's rate (the period's last day for a past period); an amount whose currency has no rate is left out and reported beside the number.",
                date: "The expected close date.",
            },
            MetricKey::WinRate => Definition {
                formula: "Won ÷ (won + lost), over the deals closed in the period.",
                counts: "Deals in a won or lost stage whose close date is in the period.",
                left_out: "Open deals, and deals closed in other periods.",
                date: CLOSED,
            },
            MetricKey::AverageDealSize => Definition {
                formula: "Total won amount ÷ number of won deals, over the deals won in the period.",
                counts: "Deals in a won stage whose close date is in the period.",
                left_out: RATE,
                date: CLOSED,
            },
            MetricKey::CycleMedian => Definition {
                formula: "The median number of days from a deal's creation to its close, over the deals won in the period.",
                counts: "Deals in a won stage whose close date is in the period; the creation day is the day the deal was created in your time zone.",
                left_out: "Lost and open deals.",
                date: CLOSED,
            },
            MetricKey::CycleMean => Definition {
                formula: "The mean number of days from a deal's creation to its close, over the deals won in the period.",
                counts: "Deals in a won stage whose close date is in the period.",
                left_out: "Lost and open deals.",
                date: CLOSED,
            },
            MetricKey::LeadConversion => Definition {
                formula: "Leads created in the period that became deals ÷ leads created in the period.",
                counts: "Leads created in the period; a lead became a deal when it was converted into one or a deal names it as its source, whenever that happened.",
                left_out: "Leads have no segment or pipeline: with those filters the metric is not shown.",
                date: "The lead's creation day, in your time zone.",
            },
            MetricKey::OpportunityWinRate => Definition {
                formula: "Deals created in the period that were won ÷ deals created in the period that have closed.",
                counts: "Deals created in the period that are now in a won or lost stage.",
                left_out: "Deals created in the period that are still open.",
                date: "The deal's creation day, in your time zone.",
            },
            MetricKey::QuotaAttainment => Definition {
                formula: "Won amount in the period ÷ quota for the period.",
                counts: "The quotas of the people in scope for the period: monthly quotas where set, else quarterly, else yearly ones, each counted in proportion to the days it shares with the period.",
                left_out: "A period without a quota shows no attainment.",
                date: CLOSED,
            },
            MetricKey::Velocity => Definition {
                formula: "Open deals × win rate × average deal size ÷ mean sales cycle, per day.",
                counts: "Open deals as they stood at the end of the period (today for the current one); win rate, average deal size and mean cycle of the period.",
                left_out: "Shown only when all four parts are known.",
                date: CLOSED,
            },
            MetricKey::Coverage => Definition {
                formula: "Open amount expected to close in the period ÷ (quota − won in the period).",
                counts: "Open deals whose expected close date is in the period, as they stood at the end of the period (today for the current one).",
                left_out: "Not shown without a quota, or once the quota is met.",
                date: "The expected close date.",
            },
            MetricKey::ChurnRate => Definition {
                formula: "Customers lost in the period ÷ customers at the start of the period.",
                counts: "Accounts that were customers on the period's first day (customer since before it, not churned before it), and those of them whose churn date is in the period. A customer who churned and came back is a customer again from their new customer-since date.",
                left_out: "Customers won during the period. Not shown for all time or with a pipeline filter.",
                date: "The account's churned-on date.",
            },
            MetricKey::Cac => Definition {
                formula: "Sales and marketing spend in the period ÷ new customers in the period.",
                counts: "Spend entries for the period (an entry that spans the period's edge counts for the days inside it) and accounts whose customer-since date is in the period.",
                left_out: "Spend is entered for the whole company, so the metric is shown for everyone only.",
                date: "The spend entry's dates and the account's customer-since date.",
            },
            MetricKey::Cltv => Definition {
                formula: "Average monthly recurring revenue per customer × gross margin ÷ monthly churn rate.",
                counts: "Customers at the end of the period (today for the current one) with the monthly recurring revenue of their won deals; monthly churn is the period's churn rate spread over its months.",
                left_out: "Needs the gross margin (Settings), a churn rate above zero, and deals with a monthly recurring revenue.",
                date: "The end of the period.",
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_metric_has_a_key_label_and_definition() {
        let mut keys = std::collections::HashSet::new();
        for m in MetricKey::ALL {
            assert!(keys.insert(m.key()), "{:?}", m);
            assert_eq!(MetricKey::from_key(m.key()), Some(m));
            let d = m.definition();
            assert!(!m.label().is_empty() && !d.formula.is_empty() && !d.counts.is_empty());
            assert!(!d.left_out.is_empty() && !d.date.is_empty());
        }
    }
}
