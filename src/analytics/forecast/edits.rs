//! Inline edits from the "what must close" list: a deal's expected close date or its
//! amount, checked here so the page only commits a deal that is whole. The amount is
//! read in the deal's own currency; another currency in the text is refused (changing
//! currency belongs on the deal's page).

use crate::domain::money::Money;
use crate::domain::time::parse_iso_date;
use crate::domain::Deal;

/// The deal with its expected close set from `text` (YYYY-MM-DD).
pub fn with_close(deal: &Deal, text: &str) -> Result<Deal, String> {
    let day = parse_iso_date(text.trim()).map_err(|e| format!("Expected close: {e}"))?;
    let mut d = deal.clone();
    d.expected_close = Some(day);
    Ok(d)
}

/// The deal with its amount set from `text`, in its own currency, not negative.
pub fn with_amount(deal: &Deal, text: &str) -> Result<Deal, String> {
    let m = Money::parse(text, &deal.currency).map_err(|e| format!("Amount: {e}"))?;
    if m.currency != deal.currency {
        return Err(format!(
            "Amount: this deal is in {}; change its currency on the deal's page",
            deal.currency.code()
        ));
    }
    if m.minor < 0 {
        return Err("Amount: it cannot be negative".into());
    }
    let mut d = deal.clone();
    d.amount = Some(m.minor);
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::kpi::fixture::{d, known};

    #[test]
    fn close_date_and_amount_are_set_or_refused_with_a_reason() {
        let kn = known();
        let deal = kn.fx.ws.deals.get(&kn.w1).unwrap().clone();
        let moved = with_close(&deal, " 2026-12-15 ").unwrap();
        assert_eq!(moved.expected_close, Some(d(2026, 12, 15)));
        assert_eq!(moved.amount, deal.amount);
        assert!(with_close(&deal, "next week")
            .unwrap_err()
            .starts_with("Expected close:"));
        let bigger = with_amount(&deal, "12,500").unwrap();
        assert_eq!(bigger.amount, Some(1_250_000));
        assert_eq!(bigger.expected_close, deal.expected_close);
        assert!(with_amount(&deal, "ten")
            .unwrap_err()
            .starts_with("Amount:"));
        assert!(with_amount(&deal, "-5").unwrap_err().contains("negative"));
        assert!(with_amount(&deal, "€5").unwrap_err().contains("in USD"));
    }
}
