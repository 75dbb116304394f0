//go:build !race

package mailrt

// raceEnabled tells tests that the race detector runs: it changes what allocates.
const raceEnabled = false
