// The Go side of the float-digits oracle (byoos-core/tests/oracle/floats.rs): reads one
// float64 a line as 16 hex digits of its bits and prints strconv.FormatFloat(f, 'e',
// -1, 64), Go's shortest round-trip digits; for a line `HEX d` also the coefficient and
// exponent of shopspring/decimal's NewFromFloat(f) (Sprig's addf, mulf, …):
// `2.5e+00 25e-1`, `-` for NaN and the infinities, where NewFromFloat panics.
package main

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	out := bufio.NewWriterSize(os.Stdout, 1<<16)
	defer out.Flush()
	var buf []byte
	for in.Scan() {
		line := in.Text()
		withDecimal := strings.HasSuffix(line, " d")
		bits, err := strconv.ParseUint(strings.TrimSuffix(line, " d"), 16, 64)
		if err != nil {
			fmt.Fprintf(os.Stderr, "bad line %q: %v\n", line, err)
			os.Exit(2)
		}
		f := math.Float64frombits(bits)
		buf = strconv.AppendFloat(buf[:0], f, 'e', -1, 64)
		if withDecimal && (math.IsNaN(f) || math.IsInf(f, 0)) {
			buf = append(buf, " -"...)
		} else if withDecimal {
			buf = append(buf, ' ')
			d := decimal.NewFromFloat(f)
			buf = d.Coefficient().Append(buf, 10)
			buf = append(buf, 'e')
			buf = strconv.AppendInt(buf, int64(d.Exponent()), 10)
		}
		buf = append(buf, '\n')
		out.Write(buf)
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}
