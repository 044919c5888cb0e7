// The Go side of the float-digits oracle (byoos-core/tests/oracle/floats.rs): reads one
// float64 a line as 16 hex digits of its bits and prints strconv.FormatFloat(f, 'e',
// -1, 64), Go's shortest round-trip digits.
package main

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"strconv"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	out := bufio.NewWriterSize(os.Stdout, 1<<16)
	defer out.Flush()
	var buf []byte
	for in.Scan() {
		bits, err := strconv.ParseUint(in.Text(), 16, 64)
		if err != nil {
			fmt.Fprintf(os.Stderr, "bad line %q: %v\n", in.Text(), err)
			os.Exit(2)
		}
		buf = strconv.AppendFloat(buf[:0], math.Float64frombits(bits), 'e', -1, 64)
		buf = append(buf, '\n')
		out.Write(buf)
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}
