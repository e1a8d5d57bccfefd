//! One search box across leads, accounts, contacts and deals: by name, company, e-mail
//! and phone. The index follows changes to those records; a query is one substring
//! search over each of three strings holding every entry's lower-cased text (names,
//! then company and e-mail, then phone digits).

use crate::domain::workspace::Stamp;
use crate::domain::{Account, Contact, Deal, Id, Lead, Workspace};
use rustc_hash::FxHashMap;

/// Non-empty parts joined with " · ".
fn joined(parts: &[&str]) -> String {
    parts
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" · ")
}

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

/// What a hit shows; read only for the few hits kept.
struct Entry {
    kind: SearchKind,
    id: Id,
    title: String,
    subtitle: String,
}

/// The lower-cased text of every entry in one string, entry after entry, each ended by
/// a NUL (which no query holds, so no match spans two entries). One pass of the
/// substring search over a few megabytes beats 170,000 short searches over strings
/// that each live in their own allocation.
#[derive(Default)]
struct Haystack {
    text: String,
    /// Where each entry's text starts; one more at the end.
    starts: Vec<u32>,
}

impl Haystack {
    fn push(&mut self, s: &str) {
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        self.text.push_str(s);
        self.text.push('\0');
        self.starts.push(self.text.len() as u32);
    }

    /// The entry's text (without its NUL).
    fn get(&self, i: usize) -> &str {
        &self.text[self.starts[i] as usize..self.starts[i + 1] as usize - 1]
    }

    /// Each entry whose text contains `q`, once, in order, with its text.
    fn matches<'a>(&'a self, q: &'a str) -> impl Iterator<Item = (usize, &'a str)> + 'a {
        let finder = memchr::memmem::Finder::new(q.as_bytes());
        let bytes = self.text.as_bytes();
        let (mut from, mut i) = (0usize, 0usize);
        std::iter::from_fn(move || {
            let at = from + finder.find(bytes.get(from..)?)?;
            // Matches come in order: walk the entry starts alongside, then go on from
            // the next entry (a short query can hit one entry many times).
            while self.starts[i + 1] as usize <= at {
                i += 1;
            }
            from = self.starts[i + 1] as usize;
            Some((i, self.get(i)))
        })
    }
}

#[derive(Default)]
pub struct SearchIndex {
    entries: Vec<Entry>,
    titles: Haystack,
    /// Other searchable text: company, e-mail.
    others: Haystack,
    phones: Haystack,
    /// Entries of records changed or deleted since the build are left in place and
    /// marked dead; their replacements are appended.
    alive: Vec<bool>,
    dead: usize,
    /// Entry number of each record (made with the index: making it on the first
    /// change instead cost that keystroke ~100 ms at 170,000 entries).
    slots: FxHashMap<(SearchKind, Id), u32>,
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

impl SearchIndex {
    pub fn build(ws: &Workspace) -> SearchIndex {
        let n = ws.deals.len() + ws.accounts.len() + ws.contacts.len() + ws.leads.len();
        let mut index = SearchIndex {
            entries: Vec::with_capacity(n),
            ..Default::default()
        };
        index.slots.reserve(n);
        for d in ws.deals.values() {
            index.add_deal(ws, d);
        }
        for a in ws.accounts.values() {
            index.add_account(a);
        }
        for c in ws.contacts.values() {
            index.add_contact(ws, c);
        }
        for l in ws.leads.values() {
            index.add_lead(l);
        }
        index
    }

    /// Follows the deals, contacts and leads written since `seen` (the stamps of the
    /// deals, accounts, contacts and leads tables when the index was last brought up
    /// to date). False when it cannot and must be rebuilt: an account changed (its name
    /// shows in deals and contacts), or a table no longer remembers that far back.
    fn follow(&mut self, ws: &Workspace, seen: &[Stamp; 4]) -> bool {
        if seen[1] != ws.accounts.stamp() {
            return false;
        }
        let (Some(deals), Some(contacts), Some(leads)) = (
            ws.deals.changed_since(seen[0]),
            ws.contacts.changed_since(seen[2]),
            ws.leads.changed_since(seen[3]),
        ) else {
            return false;
        };
        for id in deals {
            self.retire(SearchKind::Deal, id);
            if let Some(d) = ws.deals.get(id) {
                self.add_deal(ws, d);
            }
        }
        for id in contacts {
            self.retire(SearchKind::Contact, id);
            if let Some(c) = ws.contacts.get(id) {
                self.add_contact(ws, c);
            }
        }
        for id in leads {
            self.retire(SearchKind::Lead, id);
            if let Some(l) = ws.leads.get(id) {
                self.add_lead(l);
            }
        }
        true
    }

    fn retire(&mut self, kind: SearchKind, id: &Id) {
        if let Some(n) = self.slots.remove(&(kind, id.clone())) {
            self.alive[n as usize] = false;
            self.dead += 1;
        }
    }

    fn push(
        &mut self,
        kind: SearchKind,
        id: &Id,
        title: &str,
        subtitle: String,
        other: &str,
        phone: &str,
    ) {
        let clean = |s: String| s.replace('\0', " ");
        self.titles.push(&clean(title.to_lowercase()));
        self.others.push(&clean(other.to_lowercase()));
        self.phones.push(&digits(phone));
        self.slots
            .insert((kind, id.clone()), self.entries.len() as u32);
        self.alive.push(true);
        self.entries.push(Entry {
            kind,
            id: id.clone(),
            title: title.to_string(),
            subtitle,
        })
    }

    fn add_deal(&mut self, ws: &Workspace, d: &Deal) {
        let account = ws.account_name(d.account_id.as_ref()).unwrap_or("");
        let subtitle = format!("{account} · {}", d.amount_text());
        self.push(SearchKind::Deal, &d.id, &d.name, subtitle, account, "");
    }

    fn add_account(&mut self, a: &Account) {
        let domain = a.domain.clone().unwrap_or_default();
        self.push(
            SearchKind::Account,
            &a.id,
            &a.name,
            domain.clone(),
            &domain,
            "",
        );
    }

    fn add_contact(&mut self, ws: &Workspace, c: &Contact) {
        let account = ws.account_name(Some(&c.account_id)).unwrap_or("");
        let email = c.email.as_deref().unwrap_or("");
        self.push(
            SearchKind::Contact,
            &c.id,
            &c.name,
            joined(&[account, email]),
            &format!("{account} {email}"),
            c.phone.as_deref().unwrap_or(""),
        );
    }

    fn add_lead(&mut self, l: &Lead) {
        let company = l.company.as_deref().unwrap_or("");
        let email = l.email.as_deref().unwrap_or("");
        self.push(
            SearchKind::Lead,
            &l.id,
            &l.name,
            joined(&[company, email]),
            &format!("{company} {email}"),
            l.phone.as_deref().unwrap_or(""),
        );
    }

    /// Records in the index.
    pub fn len(&self) -> usize {
        self.entries.len() - self.dead
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Best hits grouped by kind (deals, accounts, contacts, leads), at most
    /// `per_kind` each. Ranking: name starts with the query, then a word of the
    /// name does, then the name contains it, then company/e-mail/phone match.
    pub fn search(&self, query: &str, per_kind: usize) -> Vec<(SearchKind, Vec<Hit>)> {
        let q = Query::new(query);
        if q.text.is_empty() {
            return Vec::new();
        }
        self.rank(&q, &self.matching(&q, None), per_kind)
    }

    /// The entries that match `q`: by name, or else by company, e-mail or phone. With
    /// `within` (the matches of a query that `q` contains), only those are tested.
    fn matching(&self, q: &Query, within: Option<&Matches>) -> Matches {
        let Some(prev) = within else {
            let live = |&(i, _): &(usize, &str)| self.alive[i];
            let titles: Vec<u32> = self
                .titles
                .matches(&q.text)
                .filter(live)
                .map(|(i, _)| i as u32)
                .collect();
            let mut by_title = vec![false; self.entries.len()];
            for &i in &titles {
                by_title[i as usize] = true;
            }
            let mut others: Vec<u32> = self
                .others
                .matches(&q.text)
                .filter(live)
                .map(|(i, _)| i as u32)
                .filter(|&i| !by_title[i as usize])
                .collect();
            if q.phone {
                others.extend(
                    self.phones
                        .matches(&q.digits)
                        .filter(live)
                        .map(|(i, _)| i as u32)
                        .filter(|&i| !by_title[i as usize]),
                );
                others.sort_unstable();
                others.dedup();
            }
            return Matches { titles, others };
        };
        let text = memchr::memmem::Finder::new(q.text.as_bytes());
        let digits = memchr::memmem::Finder::new(q.digits.as_bytes());
        let has = |h: &Haystack, f: &memchr::memmem::Finder, i: u32| {
            f.find(h.get(i as usize).as_bytes()).is_some()
        };
        let mut titles = Vec::new();
        let mut others = Vec::new();
        let mut candidates: Vec<u32> = prev.titles.iter().chain(&prev.others).copied().collect();
        candidates.sort_unstable();
        for i in candidates {
            if has(&self.titles, &text, i) {
                titles.push(i);
            } else if has(&self.others, &text, i) || (q.phone && has(&self.phones, &digits, i)) {
                others.push(i);
            }
        }
        Matches { titles, others }
    }

    /// The best `per_kind` matches of each kind, grouped in display order. Ranking:
    /// name starts with the query, then a word of the name does, then the name contains
    /// it, then company/e-mail/phone match.
    fn rank(&self, q: &Query, m: &Matches, per_kind: usize) -> Vec<(SearchKind, Vec<Hit>)> {
        // Keep only the best `per_kind` of each kind while going through: a one-letter
        // query matches most of 200,000 entries, and cloning and sorting them all would
        // cost more than finding them.
        let key = |score: u8, i: u32| {
            let t = &self.entries[i as usize].title;
            (std::cmp::Reverse(score), t.len(), t.as_str())
        };
        let mut best: [Vec<(u8, u32)>; 4] = Default::default();
        let mut keep = |score: u8, i: u32| {
            let list = &mut best[self.entries[i as usize].kind as usize];
            let k = key(score, i);
            if list.len() == per_kind {
                match list.last() {
                    Some(&(s, j)) if k < key(s, j) => {
                        list.pop();
                    }
                    _ => return,
                }
            }
            let at = list.partition_point(|&(s, j)| key(s, j) <= k);
            list.insert(at, (score, i));
        };
        for &i in &m.titles {
            let title = self.titles.get(i as usize);
            let score = if title.starts_with(&q.text) {
                4
            } else if title.split_whitespace().any(|w| w.starts_with(&q.text)) {
                3
            } else {
                2
            };
            keep(score, i);
        }
        for &i in &m.others {
            keep(1, i);
        }
        SearchKind::ORDER
            .iter()
            .filter(|k| !best[**k as usize].is_empty())
            .map(|k| {
                let hits = best[*k as usize]
                    .iter()
                    .map(|&(score, i)| {
                        let e = &self.entries[i as usize];
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

/// A query as the index compares it.
#[derive(Clone, Debug, PartialEq)]
struct Query {
    text: String,
    digits: String,
    /// Looks like a phone number: matched against phone digits too.
    phone: bool,
}

impl Query {
    fn new(query: &str) -> Query {
        let text = query.trim().to_lowercase();
        let digits = digits(&text);
        let phone = digits.len() >= 3
            && text
                .chars()
                .all(|c| c.is_ascii_digit() || " +-().".contains(c));
        Query {
            text,
            digits,
            phone,
        }
    }

    /// Whatever matches `self` also matched `earlier`: typing on narrows the results.
    fn narrows(&self, earlier: &Query) -> bool {
        !earlier.text.is_empty() && self.text.contains(&earlier.text) && self.phone == earlier.phone
    }
}

/// Entry numbers, ascending: matched by name, and matched otherwise.
#[derive(Clone, Debug, Default, PartialEq)]
struct Matches {
    titles: Vec<u32>,
    others: Vec<u32>,
}

/// The index with the stamps of the tables it reads: brought up to date on the next
/// search (record by record after a deal, contact or lead changed; rebuilt after an
/// account changed or once a quarter of a sizeable index is dead entries). Logging an activity or
/// changing a setting leaves it alone.
#[derive(Default)]
pub struct SearchCache {
    seen: Option<[Stamp; 4]>,
    index: SearchIndex,
    /// The last query and its matches: the next keystroke usually extends it, and
    /// then only those entries need testing.
    last: Option<(Query, Matches)>,
    /// How many times the index was built from scratch (for tests).
    pub rebuilds: usize,
}

impl SearchCache {
    pub fn search(
        &mut self,
        ws: &Workspace,
        query: &str,
        per_kind: usize,
    ) -> Vec<(SearchKind, Vec<Hit>)> {
        let now = [
            ws.deals.stamp(),
            ws.accounts.stamp(),
            ws.contacts.stamp(),
            ws.leads.stamp(),
        ];
        if self.seen != Some(now) {
            let followed = self.seen.is_some_and(|seen| self.index.follow(ws, &seen));
            // Compact once dead entries are a quarter of a sizeable index.
            let index = &self.index;
            if !followed || (index.dead > 64 && index.dead * 4 > index.entries.len()) {
                self.index = SearchIndex::build(ws);
                self.rebuilds += 1;
            }
            self.seen = Some(now);
            self.last = None;
        }
        let q = Query::new(query);
        if q.text.is_empty() {
            return Vec::new();
        }
        let within = self
            .last
            .as_ref()
            .filter(|(earlier, _)| q.narrows(earlier))
            .map(|(_, m)| m);
        let matches = self.index.matching(&q, within);
        let hits = self.index.rank(&q, &matches, per_kind);
        self.last = Some((q, matches));
        hits
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
    fn typing_on_narrows_the_last_matches_and_gives_what_a_fresh_search_gives() {
        let mut ws = fixture();
        let mut ids = crate::domain::id::SeededIds::new(99);
        for name in ["Acme North", "Northwind", "Nordic Acme", "Snorkel Co"] {
            ws.put(account(ids.next_id(), name).into());
        }
        let idx = SearchIndex::build(&ws);
        let mut cache = SearchCache::default();
        // Each query extends the one before, then one that does not, then a phone
        // number typed digit by digit (it becomes a phone query at three digits).
        for q in [
            "n",
            "no",
            "nor",
            "nort",
            "north",
            "acme",
            "acme@",
            "wile@acme",
            "5",
            "55",
            "555",
            "555 01",
            "5550100",
        ] {
            assert_eq!(cache.search(&ws, q, 3), idx.search(q, 3), "query {q:?}");
        }
        assert!(Query::new("nor").narrows(&Query::new("no")));
        assert!(Query::new("xnox").narrows(&Query::new("no")));
        assert!(!Query::new("no").narrows(&Query::new("nor")));
        assert!(
            !Query::new("555").narrows(&Query::new("55")),
            "becomes a phone query"
        );
    }

    #[test]
    fn the_cache_follows_deal_contact_and_lead_changes_without_rebuilding() {
        let mut ws = fixture();
        let mut ids = crate::domain::id::SeededIds::new(7);
        let mut cache = SearchCache::default();
        assert_eq!(cache.search(&ws, "anvil", 5)[0].1[0].title, "Anvils");
        assert_eq!(cache.rebuilds, 1);
        // Rename the deal, add one, delete the contact.
        let mut d = ws.deals.values().next().unwrap().clone();
        d.name = "Rockets".into();
        ws.put(d.clone().into());
        let mut extra = deal(&ws, ids.next_id(), None);
        extra.name = "Anvil refill".into();
        ws.put(extra.into());
        let contact = ws.contacts.values().next().unwrap().id.clone();
        ws.remove(crate::domain::Kind::Contact, &contact);
        let titles = |hits: Vec<(SearchKind, Vec<Hit>)>| {
            hits.into_iter()
                .flat_map(|(_, h)| h.into_iter().map(|h| h.title))
                .collect::<Vec<_>>()
        };
        assert_eq!(titles(cache.search(&ws, "anvil", 5)), ["Anvil refill"]);
        assert_eq!(titles(cache.search(&ws, "rockets", 5)), ["Rockets"]);
        assert!(cache.search(&ws, "wile", 5).is_empty());
        assert_eq!(cache.rebuilds, 1, "followed record by record");
        for q in ["a", "acme", "r", "555"] {
            assert_eq!(
                cache.search(&ws, q, 5),
                SearchIndex::build(&ws).search(q, 5)
            );
        }
        // An account rename shows in its deals' entries: rebuilt.
        let mut acme = ws
            .accounts
            .values()
            .find(|a| a.name == "Acme Corp")
            .unwrap()
            .clone();
        acme.name = "Zenith".into();
        ws.put(acme.into());
        assert_eq!(
            cache.search(&ws, "zenith", 5).len(),
            2,
            "the account and its deal"
        );
        assert_eq!(cache.rebuilds, 2);
    }

    #[test]
    fn a_match_never_spans_two_entries() {
        let (mut ws, mut ids) = seeded();
        ws.put(account(ids.next_id(), "Alpha").into());
        ws.put(account(ids.next_id(), "Beta").into());
        let idx = SearchIndex::build(&ws);
        assert!(idx.search("haBe", 5).is_empty());
        assert!(idx.search("aBe", 5).is_empty());
        assert_eq!(idx.search("ta", 5)[0].1[0].title, "Beta");
        // Every entry that matches is found once, the last one included.
        assert_eq!(idx.search("a", 5)[0].1.len(), 2);
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
