package analysis

import (
	"bytes"
	"strings"
)

// IndexWord is bytes.Index(src, []byte(word)), found by the word's rarest lower-case
// letter in source code (its first byte when it has none): bytes.Index looks for the
// first byte, and the first letters of require, import or req stop it at every other
// identifier of a large file.
func IndexWord(src []byte, word string) int {
	if word == "" {
		return 0
	}
	k := rarestLetter(word)
	for from := k; from < len(src); {
		i := bytes.IndexByte(src[from:], word[k])
		if i < 0 {
			return -1
		}
		start := from + i - k
		if start+len(word) <= len(src) && string(src[start:start+len(word)]) == word {
			return start
		}
		from += i + 1
	}
	return -1
}

// letterRarity ranks the lower-case letters from the most common in JavaScript and
// TypeScript source to the rarest, as counted over a dozen npm packages' files.
const letterRarity = "etsraonilcdupgmhybfxvwkjzq"

// rarestLetter is the offset of word's letter that comes last in letterRarity.
func rarestLetter(word string) int {
	best, rank := 0, -1
	for i := 0; i < len(word); i++ {
		if r := strings.IndexByte(letterRarity, word[i]); r > rank {
			best, rank = i, r
		}
	}
	return best
}
