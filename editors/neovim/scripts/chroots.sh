#!/usr/bin/env bash
# Installs the Neovim versions the plugin test runs on, once, and prints where they are:
# 0.7 from this system's package manager, 0.10 and 0.12 as Debian trixie and sid chroots
# (their binaries need a newer C library than a Debian 12 host has, so they run chrooted).
# The chroots are cached in $NODECOACH_NEOVIM_CACHE (default $XDG_CACHE_HOME/nodecoach-neovim,
# about 150 MB each); a cold install takes about 3 minutes per chroot, a warm one nothing.
# Needs root (debootstrap and chroot). Set NEOVIM_MIRROR to use another Debian mirror.
set -euo pipefail

cache="${NODECOACH_NEOVIM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nodecoach-neovim}"

if [ "$(id -u)" != 0 ]; then
  echo "chroots.sh: debootstrap and chroot need root" >&2
  exit 2
fi
need=()
command -v nvim >/dev/null || need+=(neovim)
command -v debootstrap >/dev/null || need+=(debootstrap)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >&2
fi

mkdir -p "$cache"
for suite in trixie sid; do
  root="$cache/$suite"
  # .complete is written last: a half-built chroot (an interrupted run) is rebuilt.
  if [ -f "$root/.complete" ]; then
    continue
  fi
  rm -rf "$root" "$root.partial"
  echo "chroots.sh: installing Neovim from Debian $suite into $root (about 3 minutes)" >&2
  debootstrap --variant=minbase --include=neovim "$suite" "$root.partial" ${NEOVIM_MIRROR:+"$NEOVIM_MIRROR"} >&2
  chroot "$root.partial" nvim --version | head -1 >&2
  touch "$root.partial/.complete"
  mv "$root.partial" "$root"
done
echo "$cache"
