package syntax

// #include <stdint.h>
// #include <stdbool.h>
import "C"

import (
	"context"
	"runtime/cgo"
)

// ncParseStopped answers nc_parse's progress reports: whether the parse's context,
// held by handle, has ended. It lives apart from nc_parse because a file that exports
// to C may only declare C functions, not define them.
//
//export ncParseStopped
func ncParseStopped(handle C.uintptr_t) C.bool {
	return C.bool(cgo.Handle(handle).Value().(context.Context).Err() != nil)
}
