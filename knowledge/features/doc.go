// Package features answers the editor's questions about one analysed file (what is
// under the cursor, which fixes apply, which topics the file touches) from the file,
// its result and an offset, as plain values. The language server only translates
// them to LSP; a command-line tool can ask the same questions.
//
// A result's resolver memoises what it resolves, so the caller serialises the
// functions here for one result; the values they return own no tree or resolver
// state and outlive the file.
package features
