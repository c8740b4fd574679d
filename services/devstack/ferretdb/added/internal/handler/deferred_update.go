// Added to FerretDB v1.24.0's handler by the local stack's build (see
// docs/ferretdb.md). Upstream writes each statement of an `update` command in its
// own SQLite transaction; a bulk of 500 replaces is 500 commits (and the WAL
// checkpoints they trigger). When the statements are independent — none is an
// upsert or a multi-update, and each names a different _id by equality — no
// statement can see another's write, so their writes are collected and made in
// one transaction at the end. Any other command runs as upstream does.

package handler

import (
	"context"
	"fmt"

	"github.com/FerretDB/FerretDB/internal/backends"
	"github.com/FerretDB/FerretDB/internal/handler/common"
	"github.com/FerretDB/FerretDB/internal/types"
)

// deferringCollection collects the documents UpdateAll is asked to write.
type deferringCollection struct {
	backends.Collection
	docs []*types.Document
}

// UpdateAll implements backends.Collection by remembering docs for flush.
func (d *deferringCollection) UpdateAll(_ context.Context, params *backends.UpdateAllParams) (*backends.UpdateAllResult, error) {
	d.docs = append(d.docs, params.Docs...)
	return &backends.UpdateAllResult{Updated: int32(len(params.Docs))}, nil
}

// independentByID reports whether each statement updates at most one document
// named by a distinct _id equality, so that their order cannot matter.
func independentByID(updates []common.Update) bool {
	if len(updates) < 2 {
		return false
	}

	seen := make(map[string]struct{}, len(updates))

	for _, u := range updates {
		if u.Upsert || u.Multi || u.Filter == nil {
			return false
		}

		v, err := u.Filter.Get("_id")
		if err != nil {
			return false
		}

		var key string

		switch id := v.(type) {
		case string:
			key = "s:" + id
		case types.ObjectID:
			key = fmt.Sprintf("o:%x", id)
		default:
			return false
		}

		if _, dup := seen[key]; dup {
			return false
		}

		seen[key] = struct{}{}
	}

	return true
}

// deferredFor returns the collection a statement writes through: the shared
// deferring one when the command's statements are independent, else c itself.
func deferredFor(batch bool, deferred **deferringCollection, c backends.Collection) backends.Collection {
	if !batch {
		return c
	}

	if *deferred == nil {
		*deferred = &deferringCollection{Collection: c}
	}

	return *deferred
}

// flushDeferred writes what a deferring collection collected, in one transaction.
func flushDeferred(ctx context.Context, deferred *deferringCollection) error {
	if deferred == nil || len(deferred.docs) == 0 {
		return nil
	}

	_, err := deferred.Collection.UpdateAll(ctx, &backends.UpdateAllParams{Docs: deferred.docs})

	return err
}
