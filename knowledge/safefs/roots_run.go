package safefs

import "sync"

// Remember makes these roots remember, until forget is called, which directories were
// found to hold no link below their root, as Memo does for a copy: for roots that live
// longer than one run over the files (a server's, which its configuration and package
// stores read through for as long as it runs), during one such run. The trade-off is
// Memo's: a directory swapped for a link during the run is not noticed until it ends;
// after it, every read checks every name again. A second Remember while one holds
// shares its memory, and its forget does nothing.
func (r *Roots) Remember() (forget func()) {
	if r == nil {
		return func() {}
	}
	m := &sync.Map{}
	if !r.remembering.CompareAndSwap(nil, m) {
		return func() {}
	}
	return func() { r.remembering.CompareAndSwap(m, nil) }
}

// memo is where these roots remember the directories found plain: their own (Memo), a
// run's (Remember), or nil.
func (r *Roots) memo() *sync.Map {
	if r.checked != nil {
		return r.checked
	}
	return r.remembering.Load()
}
