// Package source keeps the text of an open document in step with the editor.
//
// Documents are held as UTF-8 bytes because tree-sitter parses bytes and
// reports byte offsets, while LSP clients address text by line and by
// character, where a character is a UTF-16 code unit unless UTF-8 was
// negotiated. Lines converts between the two; Apply replays didChange edits
// and reports each one in the byte and point terms tree-sitter needs to
// re-parse incrementally.
//
// Nothing here panics on bad input from a client: positions out of range are
// clamped, positions inside a code point snap back to its start, and invalid
// UTF-8 is read one byte per code point (one UTF-16 unit each), which is how
// editors show it (as U+FFFD), the same way in both directions.
package source
