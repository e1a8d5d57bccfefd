//! The list of local workspaces, each its own IndexedDB database. The list itself is
//! a small setting (kept in localStorage by the UI); the rules live here.

use serde::{Deserialize, Serialize};

/// The database of the first workspace (every install before workspaces existed).
pub const DEFAULT_DB: &str = "salesdeck";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceEntry {
    pub id: String,
    pub name: String,
    /// The IndexedDB database name.
    pub db: String,
    /// A demo/training workspace (shows the training banner).
    #[serde(default)]
    pub demo: bool,
    /// For a demo: the generator's size key and seed, so "Reset demo" rebuilds it.
    #[serde(default)]
    pub demo_size: Option<String>,
    #[serde(default)]
    pub demo_seed: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registry {
    pub entries: Vec<WorkspaceEntry>,
    pub current: String,
}

impl Registry {
    /// Always at least the default workspace, and a current one that exists.
    pub fn normalized(mut self) -> Registry {
        if self.entries.is_empty() {
            self.entries.push(WorkspaceEntry {
                id: "default".into(),
                name: "My workspace".into(),
                db: DEFAULT_DB.into(),
                demo: false,
                demo_size: None,
                demo_seed: 0,
            });
        }
        if !self.entries.iter().any(|e| e.id == self.current) {
            self.current = self.entries[0].id.clone();
        }
        self
    }

    pub fn current(&self) -> &WorkspaceEntry {
        self.entries
            .iter()
            .find(|e| e.id == self.current)
            .unwrap_or(&self.entries[0])
    }

    pub fn get(&self, id: &str) -> Option<&WorkspaceEntry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// Checks a new name: not empty, not taken (case-insensitive) by another workspace.
    pub fn check_name(&self, name: &str, except: Option<&str>) -> Result<String, String> {
        let name = name.trim();
        if name.is_empty() {
            return Err("Name the workspace".into());
        }
        let taken = self
            .entries
            .iter()
            .any(|e| Some(e.id.as_str()) != except && e.name.eq_ignore_ascii_case(name));
        if taken {
            return Err(format!("A workspace called “{name}” exists already"));
        }
        Ok(name.to_string())
    }

    /// Adds a workspace with a fresh id (its database is `salesdeck-<id>`).
    pub fn add(&mut self, id: &str, name: &str, demo: bool) -> Result<WorkspaceEntry, String> {
        self.insert(id, name, demo, None, 0)
    }

    /// Adds a copy of `from` named "<name> (copy)"; a copied demo can still be reset.
    pub fn add_copy(&mut self, id: &str, from: &WorkspaceEntry) -> Result<WorkspaceEntry, String> {
        let name = self.copy_name(&from.name);
        self.insert(id, &name, from.demo, from.demo_size.clone(), from.demo_seed)
    }

    fn insert(
        &mut self,
        id: &str,
        name: &str,
        demo: bool,
        demo_size: Option<String>,
        demo_seed: u64,
    ) -> Result<WorkspaceEntry, String> {
        let name = self.check_name(name, None)?;
        let entry = WorkspaceEntry {
            id: id.to_string(),
            name,
            db: format!("salesdeck-{id}"),
            demo,
            demo_size,
            demo_seed,
        };
        self.entries.push(entry.clone());
        Ok(entry)
    }

    pub fn rename(&mut self, id: &str, name: &str) -> Result<(), String> {
        let name = self.check_name(name, Some(id))?;
        match self.entries.iter_mut().find(|e| e.id == id) {
            Some(e) => {
                e.name = name;
                Ok(())
            }
            None => Err("That workspace no longer exists".into()),
        }
    }

    /// Removes a workspace from the list (its database is deleted by the caller).
    /// The open workspace cannot be removed: switch to another first.
    pub fn remove(&mut self, id: &str) -> Result<WorkspaceEntry, String> {
        if id == self.current {
            return Err("Switch to another workspace before deleting this one".into());
        }
        let i = self
            .entries
            .iter()
            .position(|e| e.id == id)
            .ok_or("That workspace no longer exists")?;
        Ok(self.entries.remove(i))
    }

    /// Adds a demo workspace named "Demo" (or "Demo 2", … when taken) that remembers
    /// how it was generated.
    pub fn add_demo(&mut self, id: &str, size: &str, seed: u64) -> WorkspaceEntry {
        let mut name = "Demo".to_string();
        let mut n = 2;
        while self.check_name(&name, None).is_err() {
            name = format!("Demo {n}");
            n += 1;
        }
        self.insert(id, &name, true, Some(size.to_string()), seed)
            .expect("the name is free")
    }

    /// "Acme (copy)", "Acme (copy 2)", …: the first free name.
    pub fn copy_name(&self, name: &str) -> String {
        let mut candidate = format!("{name} (copy)");
        let mut n = 2;
        while self.check_name(&candidate, None).is_err() {
            candidate = format!("{name} (copy {n})");
            n += 1;
        }
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_with_the_default_workspace() {
        let r = Registry::default().normalized();
        assert_eq!(r.entries.len(), 1);
        assert_eq!(r.current().db, DEFAULT_DB);
        let r = Registry {
            current: "gone".into(),
            ..r
        }
        .normalized();
        assert_eq!(r.current, "default");
    }

    #[test]
    fn names_are_unique_and_required() {
        let mut r = Registry::default().normalized();
        let e = r.add("a1", " Team view ", false).unwrap();
        assert_eq!(e.name, "Team view");
        assert_eq!(e.db, "salesdeck-a1");
        assert!(r
            .add("a2", "team VIEW", false)
            .unwrap_err()
            .contains("exists already"));
        assert_eq!(r.add("a3", "  ", false).unwrap_err(), "Name the workspace");
        r.rename("a1", "Team").unwrap();
        assert!(r.rename("default", "team").is_err());
        assert_eq!(r.copy_name("Team"), "Team (copy)");
        r.add("a4", "Team (copy)", false).unwrap();
        assert_eq!(r.copy_name("Team"), "Team (copy 2)");
    }

    #[test]
    fn demo_workspaces_get_free_names_and_remember_their_seed() {
        let mut r = Registry::default().normalized();
        let a = r.add_demo("d1", "small", 7);
        assert_eq!(a.name, "Demo");
        assert!(a.demo);
        let b = r.add_demo("d2", "large", 8);
        assert_eq!(b.name, "Demo 2");
        let stored = r.get("d2").unwrap();
        assert_eq!(stored.demo_size.as_deref(), Some("large"));
        assert_eq!(stored.demo_seed, 8);
        // Older registries without the fields still read.
        let old: WorkspaceEntry =
            serde_json::from_str(r#"{"id":"x","name":"X","db":"salesdeck-x","demo":true}"#)
                .unwrap();
        assert_eq!((old.demo_size, old.demo_seed), (None, 0));
        // A copy of a demo remembers how to reset it.
        let copy = r.add_copy("d3", &b).unwrap();
        assert_eq!(copy.name, "Demo 2 (copy)");
        assert_eq!(
            (copy.demo, copy.demo_size.as_deref(), copy.demo_seed),
            (true, Some("large"), 8)
        );
    }

    #[test]
    fn the_open_workspace_cannot_be_removed() {
        let mut r = Registry::default().normalized();
        r.add("a1", "Other", false).unwrap();
        assert!(r.remove("default").is_err());
        assert_eq!(r.remove("a1").unwrap().db, "salesdeck-a1");
        assert_eq!(r.entries.len(), 1);
    }
}
