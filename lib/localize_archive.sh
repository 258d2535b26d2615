#!/bin/sh
# localize_archive.sh LD OBJCOPY AR LIBDIR — run by `meson install`
# (lib/meson.build) on the installed libctome.a: the static twin of
# libctome.map.  In the build tree the archive keeps the library's internal
# helpers global (the tools and the unit tests call them); a program linking
# the installed archive must see the ctome_ namespace only, or a helper name
# of ours (plot_px, rsa_rank ...) could collide with one of its own.  So the
# archive's objects are linked into one relocatable object (ld -r), every
# defined global outside ctome_* is made local (objcopy), and that object
# becomes the installed archive.  References between the library's files are
# resolved inside the one object, so nothing is lost; undefined references
# (igraph, HDF5 ...) stay as they are.  tests/test_install.sh checks it with
# nm and links the example against it.
set -eu
ld=${1:?ld} objcopy=${2:?objcopy} ar=${3:?ar} libdir=${4:?libdir}
case $libdir in
    /*) dir="${DESTDIR:-}$libdir" ;;
    *) dir="${MESON_INSTALL_DESTDIR_PREFIX:?run by meson install}/$libdir" ;;
esac
a="$dir/libctome.a"
[ -f "$a" ] || { echo "localize_archive.sh: $a not installed" >&2; exit 1; }
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
"$ld" -r --whole-archive "$a" -o "$t/all.o"
"$objcopy" --wildcard --keep-global-symbol='ctome_*' "$t/all.o" "$t/libctome.o"
"$ar" rcsD "$t/libctome.a" "$t/libctome.o"
cp "$t/libctome.a" "$a.tmp"
mv "$a.tmp" "$a"
