// Command oracle answers questions about the Go libraries Palette is built on, one JSON
// object per input line, one JSON object per output line, in the same order:
//
//	{"t":"tpl","src":"{{ .spectro.var.v | upper }}","data":{"var":{"v":"a"}}}
//	  -> text/template with Sprig's TxtFuncMap, executed on {"spectro": data}
//	{"t":"scalar","s":"0x1F"}
//	  -> how yaml.v3, yaml.v2 and sigs.k8s.io/yaml type the plain scalar in `v: <s>`
//	{"t":"ref","s":"ubuntu:22.04"}
//	  -> docker/distribution's reference.ParseNormalizedNamed
//	{"t":"doc","s":"a: b\n"}
//	  -> whether yaml.v3 reads the document, and its value as JSON
//
// It is built from Debian's packages in GOPATH mode (see scripts/oracle.sh); nothing here
// is byoos code.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"reflect"
	"text/template"
	"time"
	"unicode/utf8"

	"github.com/Masterminds/sprig"
	"github.com/docker/distribution/reference"
	yaml2 "gopkg.in/yaml.v2"
	yaml3 "gopkg.in/yaml.v3"
	k8syaml "sigs.k8s.io/yaml"
)

type request struct {
	T    string                 `json:"t"`
	Src  string                 `json:"src"`
	S    string                 `json:"s"`
	Data map[string]interface{} `json:"data"`
}

type typed struct {
	Type  string `json:"type"`
	Value string `json:"value,omitempty"`
	Err   string `json:"err,omitempty"`
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 64<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for in.Scan() {
		var req request
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			fail(enc.Encode(map[string]interface{}{"error": "bad request: " + err.Error()}))
			continue
		}
		fail(enc.Encode(answer(req)))
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "oracle:", err)
		os.Exit(2)
	}
}

func fail(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "oracle:", err)
		os.Exit(2)
	}
}

func answer(req request) (res map[string]interface{}) {
	defer func() {
		if p := recover(); p != nil {
			res = map[string]interface{}{"ok": false, "phase": "panic", "err": fmt.Sprint(p)}
		}
	}()
	switch req.T {
	case "tpl":
		return tpl(req.Src, req.Data)
	case "scalar":
		return map[string]interface{}{"v3": scalarV3(req.S), "v2": scalarV2(req.S), "k8s": scalarK8s(req.S)}
	case "ref":
		return ref(req.S)
	case "doc":
		var v interface{}
		if err := yaml3.Unmarshal([]byte(req.S), &v); err != nil {
			return map[string]interface{}{"ok": false, "err": err.Error()}
		}
		return map[string]interface{}{"ok": true, "value": jsonable(v)}
	}
	return map[string]interface{}{"error": "unknown request type " + req.T}
}

func tpl(src string, data map[string]interface{}) map[string]interface{} {
	t, err := template.New("v").Funcs(sprig.TxtFuncMap()).Parse(src)
	if err != nil {
		return map[string]interface{}{"ok": false, "phase": "parse", "err": err.Error()}
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, map[string]interface{}{"spectro": data}); err != nil {
		return map[string]interface{}{"ok": false, "phase": "exec", "err": err.Error()}
	}
	return map[string]interface{}{"ok": true, "out": buf.String(), "utf8": utf8.ValidString(buf.String())}
}

func scalarV3(s string) typed {
	var m map[string]interface{}
	if err := yaml3.Unmarshal([]byte("v: "+s+"\n"), &m); err != nil {
		return typed{Type: "error", Err: err.Error()}
	}
	return describe(m["v"])
}

func scalarV2(s string) typed {
	var m map[string]interface{}
	if err := yaml2.Unmarshal([]byte("v: "+s+"\n"), &m); err != nil {
		return typed{Type: "error", Err: err.Error()}
	}
	return describe(m["v"])
}

func scalarK8s(s string) typed {
	var m map[string]interface{}
	if err := k8syaml.Unmarshal([]byte("v: "+s+"\n"), &m); err != nil {
		return typed{Type: "error", Err: err.Error()}
	}
	return describe(m["v"])
}

func describe(v interface{}) typed {
	switch x := v.(type) {
	case nil:
		return typed{Type: "null"}
	case string:
		return typed{Type: "string", Value: x}
	case bool:
		return typed{Type: "bool", Value: fmt.Sprint(x)}
	case int, int64, uint64, uint, int32:
		return typed{Type: "int", Value: fmt.Sprint(x)}
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return typed{Type: "float", Value: fmt.Sprint(x)}
		}
		return typed{Type: "float", Value: fmt.Sprint(x)}
	case time.Time:
		return typed{Type: "time", Value: x.Format(time.RFC3339Nano)}
	}
	return typed{Type: reflect.TypeOf(v).String(), Value: fmt.Sprint(v)}
}

func ref(s string) map[string]interface{} {
	named, err := reference.ParseNormalizedNamed(s)
	if err != nil {
		return map[string]interface{}{"ok": false, "err": err.Error()}
	}
	res := map[string]interface{}{
		"ok":         true,
		"normalized": reference.TagNameOnly(named).String(),
		"domain":     reference.Domain(named),
		"path":       reference.Path(named),
	}
	if t, ok := named.(reference.Tagged); ok {
		res["tag"] = t.Tag()
	}
	if d, ok := named.(reference.Digested); ok {
		res["digest"] = d.Digest().String()
	}
	return res
}

// jsonable turns yaml.v3's map[string]interface{} trees into what encoding/json takes,
// with every scalar as text so the comparison does not depend on JSON number forms.
func jsonable(v interface{}) interface{} {
	switch x := v.(type) {
	case map[string]interface{}:
		out := map[string]interface{}{}
		for k, e := range x {
			out[k] = jsonable(e)
		}
		return out
	case map[interface{}]interface{}:
		out := map[string]interface{}{}
		for k, e := range x {
			out[fmt.Sprint(k)] = jsonable(e)
		}
		return out
	case []interface{}:
		out := make([]interface{}, len(x))
		for i, e := range x {
			out[i] = jsonable(e)
		}
		return out
	case string:
		return x
	}
	// Any other scalar is reported with its type, so that a value written as a string
	// and read back as a number never compares equal to that string.
	d := describe(v)
	return map[string]interface{}{"$type": d.Type, "$value": d.Value}
}
