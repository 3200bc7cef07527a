package safefs

import (
	"fmt"
	"io/fs"
)

// Refused says why a file that exists was not read. Its text does not repeat the
// path: callers print it after the path, as they do with other errors.
type Refused struct {
	Reason string
}

func (e *Refused) Error() string { return "not read: " + e.Reason }

func refuse(format string, a ...any) error {
	return &Refused{Reason: fmt.Sprintf(format, a...)}
}

// irregular names what a non-regular file is, for the message.
func irregular(mode fs.FileMode) error {
	switch {
	case mode.IsDir():
		return refuse("a directory, not a file")
	case mode&fs.ModeSymlink != 0:
		return refuse("a link, not followed outside a workspace")
	case mode&fs.ModeNamedPipe != 0:
		return refuse("a named pipe (FIFO), not a regular file")
	case mode&fs.ModeDevice != 0 || mode&fs.ModeCharDevice != 0:
		return refuse("a device, not a regular file")
	case mode&fs.ModeSocket != 0:
		return refuse("a socket, not a regular file")
	}
	return refuse("not a regular file")
}

// Size prints a byte count the way nodecoach's messages do: 512 bytes, 12 KB, 1.5 MB.
func Size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
