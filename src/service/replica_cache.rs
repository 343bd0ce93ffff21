//! Figures this replica counted from the database and keeps in memory, each
//! tagged with the organisers' figures' change counter (`dashboard_changes`,
//! raised by triggers on every write they count): a look that finds the
//! counter where the tag says reads them; otherwise they are counted again,
//! one count of each key at a time per replica. Only reads use them: inside
//! a write transaction the counter may hold an uncommitted value (SQLite)
//! or not yet the transaction's own change (PostgreSQL, raised at commit).

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

use crate::db::DbConn;
use crate::service::Result;
use crate::store;

/// Values by key, each as counted at a value of the counter.
pub struct ReplicaCache<K, V> {
    last: Mutex<HashMap<K, (i64, Arc<V>)>>,
    /// One turn per key: counts of different keys run side by side.
    turns: Mutex<HashMap<K, Arc<Mutex<()>>>>,
    /// One turn for counts of many keys at once (`current_many`).
    batches: Mutex<()>,
}

impl<K, V> Default for ReplicaCache<K, V> {
    fn default() -> Self {
        ReplicaCache {
            last: Mutex::new(HashMap::new()),
            turns: Mutex::new(HashMap::new()),
            batches: Mutex::new(()),
        }
    }
}

impl<K: Eq + Hash + Clone, V> ReplicaCache<K, V> {
    /// `key`'s value as of now: the one last counted when nothing counted
    /// has changed since, else `count`ed afresh (and kept).
    pub fn current(
        &self,
        conn: &mut DbConn,
        key: K,
        count: impl FnOnce(&mut DbConn) -> Result<V>,
    ) -> Result<Arc<V>> {
        self.current_while(conn, key, |_| true, count)
    }

    /// The same for a value that also goes out of date with time: one kept
    /// is read only while `fresh` says it still holds.
    pub fn current_while(
        &self,
        conn: &mut DbConn,
        key: K,
        fresh: impl Fn(&V) -> bool,
        count: impl FnOnce(&mut DbConn) -> Result<V>,
    ) -> Result<Arc<V>> {
        debug_assert!(
            !crate::service::changes::in_transaction(),
            "kept figures are read outside write transactions"
        );
        if let Some(v) = self.kept(&key, store::dashboard::generation(conn)?, &fresh) {
            return Ok(v);
        }
        // A crowd of readers after a change waits for the first one's count
        // of the same key instead of each counting it.
        let turn = self
            .turns
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(key.clone())
            .or_default()
            .clone();
        let _turn = turn.lock().unwrap_or_else(|e| e.into_inner());
        // Another reader may have counted it while this one waited. The
        // counter is read before counting: a change committed meanwhile may
        // be in the value, but then the counter has moved past its tag and
        // the next reader counts again (never a tag newer than its value).
        let generation = store::dashboard::generation(conn)?;
        if let Some(v) = self.kept(&key, generation, &fresh) {
            return Ok(v);
        }
        let value = Arc::new(count(conn)?);
        // Counts of a key take turns, each reading the counter after the one
        // before, so its newest count is kept (also when a restored database
        // has set the counter back: values kept before it never come back).
        // Values of other keys tagged otherwise are dropped: older ones can
        // no longer be read, and a newer one (another key counted meanwhile)
        // is only counted again.
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        last.retain(|_, (g, _)| *g == generation);
        last.insert(key, (generation, value.clone()));
        Ok(value)
    }

    /// The values of many `keys` at once, in their order: each kept one
    /// that is still `fresh` is read, and the rest are `count`ed together
    /// (given the keys missing, it returns one value for each, in their
    /// order) and kept. Such counts take turns, one at a time per replica,
    /// so a crowd of readers after a change counts each key once.
    pub fn current_many(
        &self,
        conn: &mut DbConn,
        keys: &[K],
        fresh: impl Fn(&K, &V) -> bool,
        count: impl FnOnce(&mut DbConn, &[K]) -> Result<Vec<V>>,
    ) -> Result<Vec<Arc<V>>> {
        debug_assert!(
            !crate::service::changes::in_transaction(),
            "kept figures are read outside write transactions"
        );
        let generation = store::dashboard::generation(conn)?;
        let mut found = self.kept_many(keys, generation, &fresh);
        if found.iter().all(Option::is_some) {
            return Ok(found.into_iter().flatten().collect());
        }
        let _turn = self.batches.lock().unwrap_or_else(|e| e.into_inner());
        // Read before counting, as in `current_while`; the reader before
        // may have counted some of them meanwhile.
        let generation = store::dashboard::generation(conn)?;
        found = self.kept_many(keys, generation, &fresh);
        let missing: Vec<K> = keys
            .iter()
            .zip(&found)
            .filter(|(_, f)| f.is_none())
            .map(|(k, _)| k.clone())
            .collect();
        if missing.is_empty() {
            return Ok(found.into_iter().flatten().collect());
        }
        let counted = count(conn, &missing)?;
        if counted.len() != missing.len() {
            return Err(crate::service::Error::Internal(anyhow::anyhow!(
                "counted {} values for {} keys",
                counted.len(),
                missing.len()
            )));
        }
        let mut counted = missing.into_iter().zip(counted);
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        last.retain(|_, (g, _)| *g == generation);
        for slot in found.iter_mut().filter(|s| s.is_none()) {
            if let Some((key, value)) = counted.next() {
                let value = Arc::new(value);
                last.insert(key, (generation, value.clone()));
                *slot = Some(value);
            }
        }
        Ok(found.into_iter().flatten().collect())
    }

    fn kept_many(
        &self,
        keys: &[K],
        generation: i64,
        fresh: &impl Fn(&K, &V) -> bool,
    ) -> Vec<Option<Arc<V>>> {
        let last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        keys.iter()
            .map(|k| {
                last.get(k)
                    .filter(|(g, v)| *g == generation && fresh(k, v))
                    .map(|(_, v)| v.clone())
            })
            .collect()
    }

    fn kept(&self, key: &K, generation: i64, fresh: &impl Fn(&V) -> bool) -> Option<Arc<V>> {
        let last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        last.get(key)
            .filter(|(g, v)| *g == generation && fresh(v))
            .map(|(_, v)| v.clone())
    }
}
