package resolve

import "github.com/nodecoach/nodecoach/knowledge/pkginfo"

// ExpressForwardsRejections reports whether Express at version v passes the rejected
// promise of an async handler to next(err). Express 5 does; Express 4 ignores it, so
// the request hangs; an unknown version is not assumed to.
func ExpressForwardsRejections(v pkginfo.Version) bool { return v.Known && v.Major >= 5 }
