#!/usr/bin/env bash
# wine-chroot.sh: installs wine from Debian trixie (wine 10) into a chroot, once, and
# prints its root. Go 1.22 and later link bcryptprimitives.dll, which the wine 8 of a
# Debian 12 host lacks, so the Windows build is smoke-tested under this newer wine.
# Same pattern as the Neovim chroots (editors/neovim/scripts/chroots.sh): debootstrap,
# cached in $NODECOACH_DIST_CACHE (default $XDG_CACHE_HOME/nodecoach-dist)/wine-trixie,
# about 4 minutes and 1.4 GB cold, nothing warm. Needs root. WINE_MIRROR picks a mirror.
# Run wine in it as /usr/lib/wine/wine64, with /proc mounted in the chroot.
set -euo pipefail

cache="${NODECOACH_DIST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nodecoach-dist}"
suite=trixie
root="$cache/wine-$suite"

if [ "$(id -u)" != 0 ]; then
	echo "wine-chroot.sh: debootstrap and chroot need root" >&2
	exit 2
fi
if ! command -v debootstrap >/dev/null; then
	apt-get update -qq && apt-get install -y -qq debootstrap >&2
fi
# .complete is written last: a half-built chroot (an interrupted run) is rebuilt.
if [ ! -f "$root/.complete" ]; then
	rm -rf "$root" "$root.partial"
	mkdir -p "$cache"
	echo "wine-chroot.sh: installing wine from Debian $suite into $root (about 4 minutes)" >&2
	debootstrap --variant=minbase --include=wine,wine64 "$suite" "$root.partial" ${WINE_MIRROR:+"$WINE_MIRROR"} >&2
	# wine finds its own libraries through /proc/self: without /proc it cannot start
	# ("could not load ntdll.so"). The 64-bit loader is called directly: Debian's wine
	# script asks for wine32 (i386 multiarch), which a 64-bit program does not need.
	mount -t proc proc "$root.partial/proc"
	trap 'umount "$root.partial/proc"' EXIT
	chroot "$root.partial" /usr/lib/wine/wine64 --version >&2
	umount "$root.partial/proc"
	trap - EXIT
	touch "$root.partial/.complete"
	mv "$root.partial" "$root"
fi
echo "$root"
