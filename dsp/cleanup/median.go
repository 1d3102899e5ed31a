package cleanup

// median returns the median of s (the upper median for an even length),
// reordering s. It allocates nothing: Hoare's selection with a
// median-of-three pivot, O(len(s)) on average.
func median(s []float64) float64 {
	if len(s) == 0 {
		return 0
	}
	return nth(s, len(s)/2)
}

// nth returns the k-th smallest element of s (0-based), reordering s.
func nth(s []float64, k int) float64 {
	lo, hi := 0, len(s)-1
	for lo < hi {
		mid := lo + (hi-lo)/2
		// Median of three as pivot, moved to s[mid].
		if s[mid] < s[lo] {
			s[mid], s[lo] = s[lo], s[mid]
		}
		if s[hi] < s[lo] {
			s[hi], s[lo] = s[lo], s[hi]
		}
		if s[hi] < s[mid] {
			s[hi], s[mid] = s[mid], s[hi]
		}
		p := s[mid]
		i, j := lo, hi
		for i <= j {
			for s[i] < p {
				i++
			}
			for s[j] > p {
				j--
			}
			if i <= j {
				s[i], s[j] = s[j], s[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return s[k]
		}
	}
	return s[k]
}
