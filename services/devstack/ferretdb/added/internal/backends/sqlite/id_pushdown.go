// Added to FerretDB v1.24.0's SQLite backend by the local stack's build (see
// docs/ferretdb.md). Upstream pushes a filter down to SQLite only when it is exactly
// {_id: <string|ObjectID>}; any other filter reads the whole table. This pushes down
// the _id condition of any filter that has one, equality or $in of strings/ObjectIDs,
// whatever other conditions sit beside it. It only narrows the rows SQLite returns:
// FerretDB's handlers apply the complete filter to those rows afterwards, so results
// are unchanged.

package sqlite

import (
	"fmt"
	"strings"

	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// maxPushdownIDs bounds the SQL parameters of one IN list (SQLite allows 32766).
const maxPushdownIDs = 10000

// pushableID reports whether v is an _id value the index can answer for.
func pushableID(v any) bool {
	switch v.(type) {
	case string, types.ObjectID:
		return true
	}

	return false
}

// idPushdown returns a WHERE clause on the _id index for filter, or "" when filter
// has no _id condition it can push down.
func idPushdown(filter *types.Document) (string, []any) {
	if filter == nil {
		return "", nil
	}

	v, err := filter.Get("_id")
	if err != nil {
		return "", nil
	}

	if pushableID(v) {
		return fmt.Sprintf(` WHERE %s = ?`, metadata.IDColumn), []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}
	}

	cond, ok := v.(*types.Document)
	if !ok || cond.Len() != 1 {
		return "", nil
	}

	in, err := cond.Get("$in")
	if err != nil {
		return "", nil
	}

	arr, ok := in.(*types.Array)
	if !ok || arr.Len() == 0 || arr.Len() > maxPushdownIDs {
		return "", nil
	}

	placeholders := make([]string, arr.Len())
	args := make([]any, arr.Len())

	for i := 0; i < arr.Len(); i++ {
		id := must.NotFail(arr.Get(i))
		if !pushableID(id) {
			return "", nil
		}

		placeholders[i] = "?"
		args[i] = string(must.NotFail(sjson.MarshalSingleValue(id)))
	}

	return fmt.Sprintf(` WHERE %s IN (%s)`, metadata.IDColumn, strings.Join(placeholders, ", ")), args
}
