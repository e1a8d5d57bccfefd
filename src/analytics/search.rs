//! One search box across leads, accounts, contacts and deals: by name, company, e-mail
//! and phone. The index is rebuilt when the workspace changes; a query is one linear
//! scan over pre-lowered text, fast enough per keystroke at 100k records.

use crate::domain::{Id, Workspace};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SearchKind {
    Deal,
    Account,
    Contact,
    Lead,
}

impl SearchKind {
    pub const ORDER: [SearchKind; 4] = [
        SearchKind::Deal,
        SearchKind::Account,
        SearchKind::Contact,
        SearchKind::Lead,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SearchKind::Deal => "Deals",
            SearchKind::Account => "Accounts",
            SearchKind::Contact => "Contacts",
            SearchKind::Lead => "Leads",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub kind: SearchKind,
    pub id: Id,
    pub title: String,
    pub subtitle: String,
    score: u8,
}

struct Entry {
    kind: SearchKind,
    id: Id,
    title: String,
    subtitle: String,
    title_lower: String,
    /// Other searchable text, lower-cased: company, e-mail.
    other_lower: String,
    phone_digits: String,
}

#[derive(Default)]
pub struct SearchIndex {
    entries: Vec<Entry>,
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

impl SearchIndex {
    pub fn build(ws: &Workspace) -> SearchIndex {
        let mut entries = Vec::with_capacity(
            ws.deals.len() + ws.accounts.len() + ws.contacts.len() + ws.leads.len(),
        );
        let mut push =
            |kind, id: &Id, title: &str, subtitle: String, other: String, phone: &str| {
                entries.push(Entry {
                    kind,
                    id: id.clone(),
                    title: title.to_string(),
                    subtitle,
                    title_lower: title.to_lowercase(),
                    other_lower: other.to_lowercase(),
                    phone_digits: digits(phone),
                })
            };
        for d in ws.deals.values() {
            let account = ws.account_name(d.account_id.as_ref()).unwrap_or("");
            push(
                SearchKind::Deal,
                &d.id,
                &d.name,
                format!("{account} · {}", d.money().format()),
                account.to_string(),
                "",
            );
        }
        for a in ws.accounts.values() {
            let domain = a.domain.clone().unwrap_or_default();
            push(
                SearchKind::Account,
                &a.id,
                &a.name,
                domain.clone(),
                domain,
                "",
            );
        }
        for c in ws.contacts.values() {
            let account = ws.account_name(Some(&c.account_id)).unwrap_or("");
            let email = c.email.clone().unwrap_or_default();
            let sub = [account, email.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(" · ");
            push(
                SearchKind::Contact,
                &c.id,
                &c.name,
                sub,
                format!("{account} {email}"),
                c.phone.as_deref().unwrap_or(""),
            );
        }
        for l in ws.leads.values() {
            let company = l.company.clone().unwrap_or_default();
            let email = l.email.clone().unwrap_or_default();
            let sub = [company.as_str(), email.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(" · ");
            push(
                SearchKind::Lead,
                &l.id,
                &l.name,
                sub,
                format!("{company} {email}"),
                l.phone.as_deref().unwrap_or(""),
            );
        }
        SearchIndex { entries }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Best hits grouped by kind (deals, accounts, contacts, leads), at most
    /// `per_kind` each. Ranking: name starts with the query, then a word of the
    /// name does, then the name contains it, then company/e-mail/phone match.
    pub fn search(&self, query: &str, per_kind: usize) -> Vec<(SearchKind, Vec<Hit>)> {
        let q = query.trim().to_lowercase();
        if q.is_empty() {
            return Vec::new();
        }
        let q_digits = digits(&q);
        let phone_query = q_digits.len() >= 3
            && q.chars()
                .all(|c| c.is_ascii_digit() || " +-().".contains(c));
        // Keep only the best `per_kind` of each kind while scanning: a one-letter query
        // matches most of 200,000 entries, and cloning and sorting them all would cost
        // more than the scan.
        let rank = |score: u8, i: usize| {
            let t = &self.entries[i].title;
            (std::cmp::Reverse(score), t.len(), t.as_str())
        };
        let mut best: [Vec<(u8, usize)>; 4] = Default::default();
        for (i, e) in self.entries.iter().enumerate() {
            // One substring search rules out most entries before the finer ranking.
            let score = if !e.title_lower.contains(&q) {
                0
            } else if e.title_lower.starts_with(&q) {
                4
            } else if e.title_lower.split_whitespace().any(|w| w.starts_with(&q)) {
                3
            } else {
                2
            };
            let score = if score > 0 {
                score
            } else if e.other_lower.contains(&q)
                || (phone_query && e.phone_digits.contains(&q_digits))
            {
                1
            } else {
                continue;
            };
            let list = &mut best[e.kind as usize];
            let key = rank(score, i);
            if list.len() == per_kind {
                match list.last() {
                    Some(&(s, j)) if key < rank(s, j) => {
                        list.pop();
                    }
                    _ => continue,
                }
            }
            let at = list.partition_point(|&(s, j)| rank(s, j) <= key);
            list.insert(at, (score, i));
        }
        SearchKind::ORDER
            .iter()
            .filter(|k| !best[**k as usize].is_empty())
            .map(|k| {
                let hits = best[*k as usize]
                    .iter()
                    .map(|&(score, i)| {
                        let e = &self.entries[i];
                        Hit {
                            kind: e.kind,
                            id: e.id.clone(),
                            title: e.title.clone(),
                            subtitle: e.subtitle.clone(),
                            score,
                        }
                    })
                    .collect();
                (*k, hits)
            })
            .collect()
    }
}

/// The index with the versions of the tables it reads: rebuilt on the next search only
/// when deals, accounts, contacts or leads changed (logging an activity or changing a
/// setting leaves it alone).
#[derive(Default)]
pub struct SearchCache {
    versions: Option<[u64; 4]>,
    index: SearchIndex,
}

impl SearchCache {
    pub fn search(
        &mut self,
        ws: &Workspace,
        query: &str,
        per_kind: usize,
    ) -> Vec<(SearchKind, Vec<Hit>)> {
        let versions = [
            ws.deals.version(),
            ws.accounts.version(),
            ws.contacts.version(),
            ws.leads.version(),
        ];
        if self.versions != Some(versions) {
            self.index = SearchIndex::build(ws);
            self.versions = Some(versions);
        }
        self.index.search(query, per_kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::entities::Contact;
    use crate::domain::workspace::tests::{account, deal, now, seeded};

    fn contact(id: Id, account: Id, name: &str, email: &str, phone: &str) -> Contact {
        Contact {
            id,
            account_id: account,
            name: name.into(),
            title: None,
            email: Some(email.into()),
            phone: Some(phone.into()),
            created_at: now(),
            updated_at: now(),
        }
    }

    fn fixture() -> Workspace {
        let (mut ws, mut ids) = seeded();
        let acme = ids.next_id();
        ws.put(account(acme.clone(), "Acme Corp").into());
        ws.put(account(ids.next_id(), "Bacme Ltd").into());
        ws.put(account(ids.next_id(), "Road Acme Supplies").into());
        ws.put(
            contact(
                ids.next_id(),
                acme.clone(),
                "Wile Coyote",
                "wile@acme.com",
                "+1 (555) 010-0199",
            )
            .into(),
        );
        let mut d = deal(&ws, ids.next_id(), Some(acme));
        d.name = "Anvils".into();
        ws.put(d.into());
        ws
    }

    #[test]
    fn ranks_prefix_then_word_then_substring_and_groups_by_kind() {
        let idx = SearchIndex::build(&fixture());
        let groups = idx.search("acme", 10);
        let kinds: Vec<SearchKind> = groups.iter().map(|g| g.0).collect();
        assert_eq!(
            kinds,
            [SearchKind::Deal, SearchKind::Account, SearchKind::Contact]
        );
        let accounts: Vec<&str> = groups[1].1.iter().map(|h| h.title.as_str()).collect();
        assert_eq!(accounts, ["Acme Corp", "Road Acme Supplies", "Bacme Ltd"]);
        // The deal matches through its account name.
        assert_eq!(groups[0].1[0].title, "Anvils");
    }

    #[test]
    fn finds_contacts_by_email_and_phone_case_insensitively() {
        let idx = SearchIndex::build(&fixture());
        let by_email = idx.search("WILE@ACME", 5);
        assert_eq!(by_email.len(), 1);
        assert_eq!(by_email[0].1[0].title, "Wile Coyote");
        let by_phone = idx.search("555 0100", 5);
        assert_eq!(by_phone[0].1[0].title, "Wile Coyote");
        assert!(idx.search("zzz", 5).is_empty());
        assert!(idx.search("   ", 5).is_empty());
    }

    #[test]
    fn the_cache_sees_records_added_after_it_was_built() {
        let (mut ws, mut ids) = seeded();
        ws.put(account(ids.next_id(), "Acme").into());
        let mut cache = SearchCache::default();
        assert_eq!(cache.search(&ws, "road", 5), vec![]);
        ws.put(account(ids.next_id(), "Roadrunner Supplies").into());
        let hits = cache.search(&ws, "road", 5);
        assert_eq!(hits[0].1[0].title, "Roadrunner Supplies");
        assert_eq!(cache.search(&ws, "acme", 5)[0].1.len(), 1);
    }

    #[test]
    fn limits_hits_per_kind() {
        let (mut ws, mut ids) = seeded();
        for i in 0..30 {
            ws.put(account(ids.next_id(), &format!("Shop {i}")).into());
        }
        let idx = SearchIndex::build(&ws);
        assert_eq!(idx.search("shop", 5)[0].1.len(), 5);
    }

    #[test]
    fn the_kept_hits_are_the_best_ranked_whatever_the_scan_order() {
        let (mut ws, mut ids) = seeded();
        for i in (0..200).rev() {
            ws.put(account(ids.next_id(), &format!("Big shop {i}")).into());
        }
        ws.put(account(ids.next_id(), "Shopwise").into());
        ws.put(account(ids.next_id(), "Shop").into());
        ws.put(account(ids.next_id(), "Workshop").into());
        let idx = SearchIndex::build(&ws);
        let titles: Vec<String> = idx.search("shop", 4)[0]
            .1
            .iter()
            .map(|h| h.title.clone())
            .collect();
        // Prefix matches first (shortest first), then word starts (shortest, then A–Z).
        assert_eq!(titles, ["Shop", "Shopwise", "Big shop 0", "Big shop 1"]);
    }
}
