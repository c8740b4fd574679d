// Added to FerretDB v1.24.0's handler by the local stack's build (see
// docs/ferretdb.md). Upstream answers `update` and `findAndModify` in two steps:
// it reads the documents the filter matches, then writes each one by its _id
// alone, with no transaction around both. Two concurrent commands with the same
// condition therefore both match and both write: `findOneAndUpdate({leaseUntil:
// {$lt: now}}, …)` gives one lease to two mail dispatchers, a replace conditional
// on `_rev` overwrites a concurrent one. MongoDB applies a filter and its write
// atomically per document. Serialising these commands per collection restores
// that (inserts need nothing: the unique _id index already decides them); reads
// are not held.

package handler

import "sync"

// collectionLocks holds one mutex per "<db>.<collection>".
var collectionLocks sync.Map

// lockCollection takes the collection's write lock; the returned func releases it.
func lockCollection(db, collection string) func() {
	m, _ := collectionLocks.LoadOrStore(db+"."+collection, new(sync.Mutex))
	mu := m.(*sync.Mutex)
	mu.Lock()

	return mu.Unlock
}
