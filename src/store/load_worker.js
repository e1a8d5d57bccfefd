// Salesdeck's load worker. Reads every store of one database in one read-only
// transaction, a chunk of rows at a time, and posts each chunk as UTF-8 JSON bytes
// (transferred, not copied). Rebuilding IndexedDB rows as JS objects and turning them
// into JSON is most of the work of opening a large workspace: here it runs beside the
// page, which meanwhile decodes the chunks already sent.
//
// In:  { db, stores, chunk }
// Out: { store, count } per store, then { store, bytes } per chunk, in key order within a store; then { done: true },
//      or { error } if anything failed (the page then reports it; nothing is written).
self.onmessage = (event) => {
  const { db: name, stores, chunk } = event.data;
  const fail = (e) => self.postMessage({ error: (e && e.message) || String(e) });
  const open = indexedDB.open(name);
  // The page opened (and upgraded) the database first: if it is gone, say so rather
  // than create an empty one.
  open.onupgradeneeded = () => open.transaction.abort();
  open.onerror = () => fail(open.error);
  open.onsuccess = () => {
    const db = open.result;
    db.onversionchange = () => db.close();
    let tx;
    try {
      tx = db.transaction(stores, 'readonly');
    } catch (e) {
      db.close();
      fail(e);
      return;
    }
    const encoder = new TextEncoder();
    const read = (store, after) => {
      const os = tx.objectStore(store);
      const range = after === undefined ? null : IDBKeyRange.lowerBound(after, true);
      const request = os.getAll(range, chunk);
      request.onsuccess = () => {
        const rows = request.result;
        // Ask for the next chunk first, so the browser reads it while this one is encoded.
        if (rows.length === chunk) read(store, rows[rows.length - 1][os.keyPath]);
        if (rows.length > 0) {
          const bytes = encoder.encode(JSON.stringify(rows));
          self.postMessage({ store, bytes }, [bytes.buffer]);
        }
      };
    };
    // Each store's count first: the page makes room for all its rows at once.
    for (const store of stores) {
      const c = tx.objectStore(store).count();
      c.onsuccess = () => self.postMessage({ store, count: c.result });
    }
    for (const store of stores) read(store);
    tx.oncomplete = () => {
      db.close();
      self.postMessage({ done: true });
    };
    tx.onabort = () => {
      db.close();
      fail(tx.error || new Error('the read was cancelled'));
    };
  };
};
