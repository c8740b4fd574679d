// Added to FerretDB v1.24.0's handler by the local stack's build (see
// docs/ferretdb.md). Upstream answers `update` and `findAndModify` in two steps:
// it reads the documents the filter matches, then writes each one by its _id
// alone, with no transaction around both. Two concurrent commands with the same
// condition therefore both match and both write: `findOneAndUpdate({_id, leaseUntil:
// {$lt: now}}, …)` gives one lease to two mail dispatchers, a replace conditional
// on `_rev` overwrites a concurrent one. MongoDB applies a filter and its write
// atomically per document; so does this lock. A command whose every statement names
// its document by _id equality holds those _ids (the collection shared), so commands
// on other documents of the collection go on at once — the workers' bulk writes of
// different partitions, which a lock per collection made wait for each other. Any
// other command holds the whole collection. Inserts need nothing (the unique _id
// index decides them); reads are not held.

package handler

import (
	"fmt"
	"sort"
	"sync"

	"github.com/FerretDB/FerretDB/internal/handler/common"
	"github.com/FerretDB/FerretDB/internal/types"
)

// collectionLock is one collection's: rw is held exclusively by a command that
// cannot say which documents it writes, shared by those that can, which also hold
// the lock of each _id they name.
type collectionLock struct {
	rw  sync.RWMutex
	mu  sync.Mutex
	ids map[string]*idLock
}

// idLock is one _id's, kept while a command holds or waits for it.
type idLock struct {
	sync.Mutex
	refs int
}

// collectionLocks holds one *collectionLock per "<db>.<collection>".
var collectionLocks sync.Map

// idKey returns the lock key of filter's _id equality, if it has one.
func idKey(filter *types.Document) (string, bool) {
	if filter == nil {
		return "", false
	}

	v, err := filter.Get("_id")
	if err != nil {
		return "", false
	}

	switch id := v.(type) {
	case string:
		return "s:" + id, true
	case types.ObjectID:
		return fmt.Sprintf("o:%x", id), true
	}

	return "", false
}

// lockDocuments takes what commands with these filters need; the returned func
// releases it. The _ids are taken in sorted order, so two commands never wait
// for each other in a cycle.
func lockDocuments(db, collection string, filters []*types.Document) func() {
	v, _ := collectionLocks.LoadOrStore(db+"."+collection, &collectionLock{ids: map[string]*idLock{}})
	c := v.(*collectionLock)

	keys := make([]string, 0, len(filters))
	seen := make(map[string]struct{}, len(filters))

	for _, f := range filters {
		k, ok := idKey(f)
		if !ok {
			c.rw.Lock()
			return c.rw.Unlock
		}

		if _, dup := seen[k]; !dup {
			seen[k] = struct{}{}
			keys = append(keys, k)
		}
	}

	sort.Strings(keys)
	c.rw.RLock()

	held := make([]*idLock, len(keys))

	for i, k := range keys {
		c.mu.Lock()
		l := c.ids[k]
		if l == nil {
			l = &idLock{}
			c.ids[k] = l
		}
		l.refs++
		c.mu.Unlock()

		l.Lock()
		held[i] = l
	}

	return func() {
		for i, l := range held {
			l.Unlock()
			c.mu.Lock()
			if l.refs--; l.refs == 0 {
				delete(c.ids, keys[i])
			}
			c.mu.Unlock()
		}

		c.rw.RUnlock()
	}
}

// updateFilters returns the filter of each statement of an `update` command.
func updateFilters(updates []common.Update) []*types.Document {
	filters := make([]*types.Document, len(updates))
	for i, u := range updates {
		filters[i] = u.Filter
	}

	return filters
}
