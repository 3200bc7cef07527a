package resolve

import (
	"sort"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

// scope is one lexical scope: the program, a function (parameters and `var`), or a
// block (`let`, `const`, classes, function declarations). Children are kept in
// source order so lookups can descend by binary search.
type scope struct {
	start, end uint
	parent     *scope
	children   []*scope
	function   bool
	names      map[string]*binding
}

// declare binds b's name in the scope, and reports whether it did.
func (s *scope) declare(b *binding) bool {
	if s.names == nil {
		s.names = make(map[string]*binding)
	}
	// The first declaration wins: a later `var x` re-declaration or a TS overload
	// signature must not replace an import.
	if _, dup := s.names[b.name]; dup {
		return false
	}
	s.names[b.name] = b
	return true
}

// innermost returns the deepest scope containing offset.
func (s *scope) innermost(offset uint) *scope {
	for {
		i := sort.Search(len(s.children), func(i int) bool { return s.children[i].end > offset })
		if i == len(s.children) || s.children[i].start > offset {
			return s
		}
		s = s.children[i]
	}
}

func (s *scope) lookup(name string) *binding {
	for ; s != nil; s = s.parent {
		if b, ok := s.names[name]; ok {
			return b
		}
	}
	return nil
}

// bindingKind says how a binding's value is found.
type bindingKind int

const (
	bindValue bindingKind = iota // value known when declared (imports, locals)
	bindInit                     // value of init, then member path (declarators)
	bindParam                    // a function parameter: typed by annotation or by what calls it
)

type binding struct {
	name  string
	kind  bindingKind
	value Value
	init  *sitter.Node
	path  []string
	// fn and index locate a parameter (bindParam); param is its node.
	fn    *sitter.Node
	index int
	param *sitter.Node
	// resolving guards against `const a = b, b = a` cycles, which would recurse
	// until the stack overflows. It, done and value are written only while the
	// resolver is built: Build settles every declarator before it returns (see
	// Resolver.settle), so readers on several goroutines only read them. Parameters
	// use none of the three (see Resolver.bindingValue).
	resolving bool
	done      bool
}
