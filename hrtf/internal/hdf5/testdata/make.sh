#!/bin/sh
# Regenerates the small HDF5 fixtures in this directory with the HDF5
# command-line tools (Debian hdf5-tools 1.10.8: h5import, h5repack).
# Values are simple formulas so the tests can check them without h5dump.
# Run from this directory: sh make.sh
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rm -f types.h5 chunked.h5 latest.h5 userblock.h5 links.h5

# ramp N: the numbers 0..N-1, one per line, as text for h5import.
ramp() { i=0; while [ "$i" -lt "$1" ]; do echo "$i"; i=$((i + 1)); done; }
# sramp N: -N/2 .. N/2-1 (signed values).
sramp() { i=0; while [ "$i" -lt "$1" ]; do echo $((i - $1 / 2)); i=$((i + 1)); done; }

cfg() { # cfg FILE PATH CLASS SIZE ORDER RANK DIMS [extra lines...]
	f=$1; shift
	{
		echo "PATH $1"
		echo "INPUT-CLASS $2"
		echo "INPUT-SIZE 64"
		echo "RANK $5"
		echo "DIMENSION-SIZES $6"
		echo "OUTPUT-CLASS $3"
		echo "OUTPUT-SIZE $4"
		echo "OUTPUT-ARCHITECTURE STD"
		shift 6
		for l in "$@"; do echo "$l"; done
	} >"$f"
}

# types.h5: superblock v0, version-1 object headers, symbol-table root
# group; one contiguous dataset per number type, values -12..11 (signed)
# or 0..23 (unsigned, float), shape 2 x 3 x 4.
sramp 24 >"$tmp/s.txt"
ramp 24 >"$tmp/u.txt"
set --
for t in "i8 IN 8" "i16 IN 16" "i32 IN 32" "i64 IN 64" "u8 UIN 8" "u16 UIN 16" "u32 UIN 32" "u64 UIN 64"; do
	set -- $t
	name=$1 class=$2 size=$3
	in=TEXTIN src=s.txt
	[ "$class" = UIN ] && in=TEXTIN && src=u.txt
	for order in LE BE; do
		cfg "$tmp/$name$order.cfg" "/$name$order" "$in" "$class" "$size" 3 "2 3 4" "OUTPUT-BYTE-ORDER $order"
		args="${args:-} $tmp/$src -c $tmp/$name$order.cfg"
	done
done
for size in 32 64; do
	for order in LE BE; do
		{
			echo "PATH /f$size$order"; echo "INPUT-CLASS TEXTFP"; echo "INPUT-SIZE 64"
			echo "RANK 3"; echo "DIMENSION-SIZES 2 3 4"; echo "OUTPUT-CLASS FP"
			echo "OUTPUT-SIZE $size"; echo "OUTPUT-ARCHITECTURE IEEE"; echo "OUTPUT-BYTE-ORDER $order"
		} >"$tmp/f$size$order.cfg"
		args="$args $tmp/u.txt -c $tmp/f$size$order.cfg"
	done
done
printf 'hello\nworld wide\nx\n' >"$tmp/str.txt"
printf 'PATH /strings\nINPUT-CLASS STR\n' >"$tmp/str.cfg"
args="$args $tmp/str.txt -c $tmp/str.cfg"
# shellcheck disable=SC2086
h5import $args -o types.h5

# chunked.h5: 1-D float64 ramp 0..99 in chunks of 7 (partial last chunk),
# deflate level 6; then shuffle+fletcher32 added by h5repack.
ramp 100 >"$tmp/r100.txt"
{
	echo "PATH /ramp"; echo "INPUT-CLASS TEXTFP"; echo "INPUT-SIZE 64"; echo "RANK 1"
	echo "DIMENSION-SIZES 100"; echo "OUTPUT-CLASS FP"; echo "OUTPUT-SIZE 64"
	echo "OUTPUT-ARCHITECTURE IEEE"; echo "OUTPUT-BYTE-ORDER LE"
	echo "CHUNKED-DIMENSION-SIZES 7"; echo "COMPRESSION-TYPE GZIP"; echo "COMPRESSION-PARAM 6"
} >"$tmp/ramp.cfg"
# 2-D int16 big-endian 20 x 30, value 30*i+j, chunks 8 x 8, two unlimited
# dimensions (v2 B-tree chunk index in the latest format).
ramp 600 >"$tmp/r600.txt"
{
	echo "PATH /grid"; echo "INPUT-CLASS TEXTIN"; echo "INPUT-SIZE 64"; echo "RANK 2"
	echo "DIMENSION-SIZES 20 30"; echo "OUTPUT-CLASS IN"; echo "OUTPUT-SIZE 16"
	echo "OUTPUT-ARCHITECTURE STD"; echo "OUTPUT-BYTE-ORDER BE"
	echo "CHUNKED-DIMENSION-SIZES 8 8"; echo "MAXIMUM-DIMENSIONS -1 -1"
} >"$tmp/grid.cfg"
# 1-D int8 "tall" 0..2099 mod 100 in chunks of 21: 100 chunks, more than
# one v1 B-tree node holds (two levels).
i=0; while [ "$i" -lt 2100 ]; do echo $((i % 100)); i=$((i + 1)); done >"$tmp/r2100.txt"
{
	echo "PATH /tall"; echo "INPUT-CLASS TEXTIN"; echo "INPUT-SIZE 64"; echo "RANK 1"
	echo "DIMENSION-SIZES 2100"; echo "OUTPUT-CLASS IN"; echo "OUTPUT-SIZE 8"
	echo "OUTPUT-ARCHITECTURE STD"; echo "OUTPUT-BYTE-ORDER LE"; echo "CHUNKED-DIMENSION-SIZES 21"
} >"$tmp/tall.cfg"
# 3 x 4 float32 big-endian 0..11 in one chunk, deflate 9.
ramp 12 >"$tmp/r12.txt"
{
	echo "PATH /one"; echo "INPUT-CLASS TEXTFP"; echo "INPUT-SIZE 64"; echo "RANK 2"
	echo "DIMENSION-SIZES 3 4"; echo "OUTPUT-CLASS FP"; echo "OUTPUT-SIZE 32"
	echo "OUTPUT-ARCHITECTURE IEEE"; echo "OUTPUT-BYTE-ORDER BE"
	echo "CHUNKED-DIMENSION-SIZES 3 4"; echo "COMPRESSION-TYPE GZIP"; echo "COMPRESSION-PARAM 9"
} >"$tmp/one.cfg"
h5import "$tmp/r100.txt" -c "$tmp/ramp.cfg" "$tmp/r600.txt" -c "$tmp/grid.cfg" \
	"$tmp/r2100.txt" -c "$tmp/tall.cfg" "$tmp/r12.txt" -c "$tmp/one.cfg" -o "$tmp/chunked0.h5"
h5repack -f /ramp:SHUF -f /ramp:FLET -f /ramp:GZIP=6 "$tmp/chunked0.h5" chunked.h5

# latest.h5: the same data in the latest file format (superblock v3,
# version-2 object headers, layout v4). Re-chunking makes h5repack pick
# the new chunk indexes: fixed array for /ramp, paged fixed array (1050
# chunks) for /tall, v2 B-tree for /grid (two unlimited dimensions),
# single filtered chunk for /one.
h5repack -L -l /ramp:CHUNK=7 -l /grid:CHUNK=8x8 -l /tall:CHUNK=2 -l /one:CHUNK=3x4 chunked.h5 latest.h5

# userblock.h5: the ramp stored compactly and the grid contiguously,
# after a 512-byte user block (the superblock starts at byte 512).
h5repack -f /ramp:NONE -l /ramp:COMPA -l /grid:CONTI chunked.h5 "$tmp/c.h5"
printf 'immerse hdf5 test fixture: user block\n' >"$tmp/ub.txt"
h5jam -i "$tmp/c.h5" -u "$tmp/ub.txt" -o userblock.h5

# links.h5: 60 tiny datasets /d00../d59 (value = index) in the latest
# format: dense link storage (fractal heap, v2 B-tree name index).
# h5import takes at most 30 inputs per call; it appends to an existing file.
for batch in 0 2 4; do
	args=""
	for i in $(seq -w "${batch}0" "$((batch + 1))9"); do
		echo "$i" | sed 's/^0//' >"$tmp/v$i.txt"
		{
			echo "PATH /d$i"; echo "INPUT-CLASS TEXTIN"; echo "INPUT-SIZE 64"; echo "RANK 1"
			echo "DIMENSION-SIZES 1"; echo "OUTPUT-CLASS IN"; echo "OUTPUT-SIZE 8"
			echo "OUTPUT-ARCHITECTURE STD"; echo "OUTPUT-BYTE-ORDER LE"
		} >"$tmp/v$i.cfg"
		args="$args $tmp/v$i.txt -c $tmp/v$i.cfg"
	done
	# shellcheck disable=SC2086
	h5import $args -o "$tmp/links0.h5"
done
h5repack -L "$tmp/links0.h5" links.h5
ls -l ./*.h5
