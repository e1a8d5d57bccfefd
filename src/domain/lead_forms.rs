//! Lead and conversion forms: typed strings in, records or field errors out.

use super::entities::*;
use super::leads::{matching_account, AccountChoice, Conversion, DealChoice};
use super::validation::{looks_like_email, optional, required};
use super::{Currency, FieldErrors, Id, Money, Timestamp, Workspace};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct LeadForm {
    pub name: String,
    pub company: String,
    pub email: String,
    pub phone: String,
    pub title: String,
    /// Employees, a whole number.
    pub company_size: String,
    pub source: String,
    pub owner_id: String,
    pub score: String,
}

impl LeadForm {
    pub fn new(owner: Option<&Id>) -> Self {
        LeadForm {
            owner_id: owner.map(|i| i.to_string()).unwrap_or_default(),
            ..Default::default()
        }
    }

    pub fn from_lead(l: &Lead) -> Self {
        LeadForm {
            name: l.name.clone(),
            company: l.company.clone().unwrap_or_default(),
            email: l.email.clone().unwrap_or_default(),
            phone: l.phone.clone().unwrap_or_default(),
            title: l.title.clone().unwrap_or_default(),
            company_size: l.company_size.map(|n| n.to_string()).unwrap_or_default(),
            source: l.source.clone().unwrap_or_default(),
            owner_id: l
                .owner_id
                .as_ref()
                .map(|i| i.to_string())
                .unwrap_or_default(),
            score: l.score.map(|s| s.to_string()).unwrap_or_default(),
        }
    }

    pub fn to_record(
        &self,
        ws: &Workspace,
        existing: Option<&Lead>,
        id: Id,
        now: Timestamp,
    ) -> Result<Lead, FieldErrors> {
        let mut e = FieldErrors::new();
        let name = required(&mut e, "name", &self.name, "Name");
        let email = optional(&self.email);
        if let Some(m) = &email {
            if !looks_like_email(m) {
                e.add("email", "Enter an e-mail address like ana@example.com");
            }
        }
        let phone = optional(&self.phone);
        if let Some(p) = &phone {
            if p.chars().filter(char::is_ascii_digit).count() < 5 {
                e.add("phone", "Enter a phone number with at least 5 digits");
            }
        }
        let score = optional(&self.score).and_then(|s| match s.parse::<u8>() {
            Ok(v) if v <= 100 => Some(v),
            _ => {
                e.add("score", "Enter a score from 0 to 100");
                None
            }
        });
        let company_size = optional(&self.company_size).and_then(|s| match parse_employees(&s) {
            Some(n) => Some(n),
            None => {
                e.add(
                    "company_size",
                    "Enter the number of employees as a whole number, like 250",
                );
                None
            }
        });
        let owner_id = optional(&self.owner_id).map(Id::from_string);
        if let Some(o) = &owner_id {
            if !ws.reps.contains(o) {
                e.add("owner_id", "That owner no longer exists");
            }
        }
        let base = existing.cloned();
        e.into_result(Lead {
            id,
            name,
            company: optional(&self.company),
            email,
            phone,
            title: optional(&self.title),
            company_size,
            source: optional(&self.source),
            status: base.as_ref().map(|l| l.status).unwrap_or(LeadStatus::New),
            disqualified_reason: base.as_ref().and_then(|l| l.disqualified_reason.clone()),
            score,
            owner_id,
            conversion: base.as_ref().and_then(|l| l.conversion.clone()),
            created_at: base.as_ref().map(|l| l.created_at).unwrap_or(now),
            updated_at: now,
        })
    }
}

/// A number of employees as people type it: "250", "1,200", "1 200" (at most ten
/// million); `None` for anything else.
pub fn parse_employees(s: &str) -> Option<u32> {
    let digits: String = s
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '\u{a0}' | '_' | '\''))
        .collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse::<u32>().ok().filter(|n| *n <= 10_000_000)
}

/// The convert dialog's fields.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConvertForm {
    /// An account id, or empty for a new account.
    pub account_id: String,
    pub new_account_name: String,
    pub new_account_domain: String,
    pub create_contact: bool,
    pub create_deal: bool,
    pub deal_name: String,
    pub deal_amount: String,
    pub pipeline_id: String,
    pub stage_id: String,
}

impl ConvertForm {
    /// Prefilled from the lead: the matching account if any, else a new one named
    /// after the company; a contact and a deal in the default pipeline's first stage.
    pub fn for_lead(ws: &Workspace, lead: &Lead) -> Self {
        let matched = matching_account(ws, lead);
        let company = lead.company.clone().unwrap_or_else(|| lead.name.clone());
        let pipeline = ws.default_pipeline();
        ConvertForm {
            account_id: matched.map(|a| a.id.to_string()).unwrap_or_default(),
            new_account_name: company.clone(),
            new_account_domain: lead
                .email
                .as_deref()
                .and_then(|m| m.rsplit_once('@'))
                .map(|(_, d)| d.to_lowercase())
                .unwrap_or_default(),
            create_contact: true,
            create_deal: true,
            deal_name: format!("{company} deal"),
            deal_amount: String::new(),
            pipeline_id: pipeline.map(|p| p.id.to_string()).unwrap_or_default(),
            stage_id: pipeline
                .and_then(|p| p.first_open_stage())
                .map(|s| s.id.to_string())
                .unwrap_or_default(),
        }
    }

    pub fn to_conversion(&self, home: &Currency) -> Result<Conversion, FieldErrors> {
        let mut e = FieldErrors::new();
        let account = match optional(&self.account_id) {
            Some(id) => AccountChoice::Existing(Id::from_string(id)),
            None => {
                let name = required(
                    &mut e,
                    "new_account_name",
                    &self.new_account_name,
                    "Account name",
                );
                AccountChoice::New {
                    name,
                    domain: optional(&self.new_account_domain),
                }
            }
        };
        let deal = if self.create_deal {
            let name = required(&mut e, "deal_name", &self.deal_name, "Deal name");
            let amount = match optional(&self.deal_amount) {
                None => 0,
                Some(t) => match Money::parse(&t, home) {
                    Ok(m) if m.minor >= 0 && &m.currency == home => m.minor,
                    Ok(m) if m.minor < 0 => {
                        e.add("deal_amount", "The amount cannot be negative");
                        0
                    }
                    Ok(m) => {
                        e.add(
                            "deal_amount",
                            format!("Enter the amount in {home} (it is in {})", m.currency),
                        );
                        0
                    }
                    Err(err) => {
                        e.add("deal_amount", err.to_string());
                        0
                    }
                },
            };
            Some(DealChoice {
                name,
                amount,
                currency: home.clone(),
                pipeline_id: Id::from_string(self.pipeline_id.clone()),
                stage_id: Id::from_string(self.stage_id.clone()),
                expected_close: None,
            })
        } else {
            None
        };
        e.into_result(Conversion {
            account,
            create_contact: self.create_contact,
            deal,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workspace::tests::{account, now, seeded};

    #[test]
    fn lead_form_validates_contact_details() {
        let (ws, mut ids) = seeded();
        let form = LeadForm {
            name: "".into(),
            email: "ana@".into(),
            phone: "12".into(),
            score: "101".into(),
            ..LeadForm::new(None)
        };
        let e = form.to_record(&ws, None, ids.next_id(), now()).unwrap_err();
        assert!(e.get("name").is_some());
        assert!(e.get("email").is_some());
        assert!(e.get("phone").is_some());
        assert!(e.get("score").is_some());
        let ok = LeadForm {
            name: "Ana".into(),
            email: "ana@globex.io".into(),
            phone: "+1 555 0100".into(),
            score: "70".into(),
            ..LeadForm::new(None)
        }
        .to_record(&ws, None, ids.next_id(), now())
        .unwrap();
        assert_eq!(ok.status, LeadStatus::New);
        assert_eq!(ok.score, Some(70));
    }

    #[test]
    fn convert_form_prefills_from_the_lead_and_matching_account() {
        let (mut ws, mut ids) = seeded();
        let mut acme = account(ids.next_id(), "Acme");
        acme.domain = Some("acme.com".into());
        ws.put(acme.clone().into());
        let form = LeadForm {
            name: "Wile".into(),
            company: "ACME".into(),
            email: "wile@acme.com".into(),
            ..LeadForm::new(None)
        };
        let lead = form.to_record(&ws, None, ids.next_id(), now()).unwrap();
        let cf = ConvertForm::for_lead(&ws, &lead);
        assert_eq!(cf.account_id, acme.id.to_string());
        assert_eq!(cf.deal_name, "ACME deal");
        assert!(cf.create_contact && cf.create_deal);
        let mut bad = cf.clone();
        bad.deal_amount = "-3".into();
        assert!(bad
            .to_conversion(&Currency::usd())
            .unwrap_err()
            .get("deal_amount")
            .is_some());
        let mut good = cf;
        good.deal_amount = "1,500".into();
        let conv = good.to_conversion(&Currency::usd()).unwrap();
        assert_eq!(conv.deal.unwrap().amount, 150_000);
    }
}
