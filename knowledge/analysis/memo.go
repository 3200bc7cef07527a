package analysis

// Memo returns what compute gives for key, computing it once per check of a file. A
// rule that asks a question of the whole file for each node it visits (does the file
// set trust proxy anywhere? is it a test suite?) would do work quadratic in the file:
// asked through Memo, the question is answered once, for every rule of the check. Keys
// must identify the question and its arguments (a struct of the asking package's own
// type, so that packages never collide); a node argument goes in by its byte range.
func Memo[T any](p *Pass, key any, compute func() T) T {
	if v, ok := p.memo[key]; ok {
		return v.(T)
	}
	v := compute()
	if p.memo == nil {
		p.memo = map[any]any{}
	}
	p.memo[key] = v
	return v
}
