package hdf5test

import (
	"bytes"
	"compress/zlib"
)

// btreeK is libhdf5's default half-capacity of chunk B-tree nodes: a node
// is stored with room for 2K children whatever its use.
const btreeK = 32

// chunkedData lays out, from addr, a one-node v1 B-tree (type 1, level 0)
// followed by the written chunks in row-major order.
func (d *Dataset) chunkedData(addr uint64) []byte {
	rank := len(d.shape)
	esize := types[d.typ].size
	grid := make([]int, rank)
	count := 1
	for k := range grid {
		grid[k] = (d.shape[k] + d.chunk[k] - 1) / d.chunk[k]
		count *= grid[k]
	}
	if count > 2*btreeK {
		panic("hdf5test: more chunks than one B-tree node holds")
	}
	chunkElems := 1
	for _, c := range d.chunk {
		chunkElems *= c
	}
	var blobs [][]byte
	var offsets [][]int
	for i := 0; i < count; i++ {
		off := make([]int, rank)
		for k, j := rank-1, i; k >= 0; k-- {
			off[k] = (j % grid[k]) * d.chunk[k]
			j /= grid[k]
		}
		if d.missing[i] {
			continue
		}
		// Copy the chunk's elements (zero beyond the dataset's edge).
		blob := make([]byte, chunkElems*esize)
		idx := make([]int, rank)
		for e := 0; e < chunkElems; e++ {
			src, inside := 0, true
			for k := 0; k < rank; k++ {
				p := off[k] + idx[k]
				inside = inside && p < d.shape[k]
				src = src*d.shape[k] + p
			}
			if inside {
				copy(blob[e*esize:], d.data[src*esize:(src+1)*esize])
			}
			for k := rank - 1; k >= 0; k-- {
				idx[k]++
				if idx[k] < d.chunk[k] {
					break
				}
				idx[k] = 0
			}
		}
		if d.deflate {
			var z bytes.Buffer
			w, _ := zlib.NewWriterLevel(&z, 6)
			w.Write(blob)
			w.Close()
			blob = z.Bytes()
		}
		blobs = append(blobs, blob)
		offsets = append(offsets, off)
	}
	keySize := 8 + 8*(rank+1)
	nodeSize := 8 + 16 + 2*btreeK*8 + (2*btreeK+1)*keySize
	node := cat([]byte("TREE"), []byte{1, 0}, u16(len(blobs)), u64(^uint64(0)), u64(^uint64(0)))
	key := func(size int, off []int) []byte {
		k := cat(u32(size), u32(0))
		for _, o := range off {
			k = append(k, u64(uint64(o))...)
		}
		return append(k, u64(0)...)
	}
	pos := addr + uint64(nodeSize)
	for i, b := range blobs {
		node = append(node, key(len(b), offsets[i])...)
		node = append(node, u64(pos)...)
		pos += uint64(len(b))
	}
	end := make([]int, rank)
	for k := range end {
		end[k] = grid[k] * d.chunk[k]
	}
	node = append(node, key(0, end)...)
	node = append(node, make([]byte, nodeSize-len(node))...)
	for _, b := range blobs {
		node = append(node, b...)
	}
	return node
}
