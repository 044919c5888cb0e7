//! Sprig 3.2.3's `reflect.go` (`typeOf`, `typeIs`, `typeIsLike`, `kindOf`, `kindIs`)
//! and `deepEqual` (`reflect.DeepEqual`): the Go type of each value as `%T` prints it
//! (a value of `.spectro` is a `string`; `list` makes `[]interface {}`, `dict`
//! `map[string]interface {}`, `until` `[]int`), and its `reflect.Kind`.

use super::lists::deep_equal;
use super::{s, Func, Ty, Val};

/// `fmt.Sprintf("%T", v)`.
fn type_of(v: &Val) -> &'static str {
    match v {
        Val::Nil => "<nil>",
        other => other.type_name(),
    }
}

/// `reflect.ValueOf(v).Kind().String()`.
pub(super) fn kind_of(v: &Val) -> &'static str {
    match v {
        Val::Nil => "invalid",
        Val::List(_) => "slice",
        Val::Dict(_) => "map",
        Val::Semver(v) => v.kind(),
        other => other.type_name(),
    }
}

/// The functions, sorted by name.
pub(super) static FUNCTIONS: &[Func] = &[
    f!(
        "deepEqual",
        [Any, Any],
        false,
        None,
        "deepEqual A B",
        "Whether A and B have the same Go type and equal contents (`reflect.DeepEqual`).",
        |a| Ok(Val::Bool(
            deep_equal(&a[0], &a[1]) && list_nil(&a[0]) == list_nil(&a[1])
        ))
    ),
    f!(
        "kindIs",
        [Str, Any],
        false,
        None,
        "kindIs KIND V",
        "Whether V's `reflect.Kind` is KIND (`string`, `int`, `slice`, `map`, …).",
        |a| Ok(Val::Bool(s(&a[0]) == kind_of(&a[1])))
    ),
    f!(
        "kindOf",
        [Any],
        false,
        None,
        "kindOf V",
        "V's `reflect.Kind` (`string`, `int`, `float64`, `bool`, `slice`, `map`; nil: `invalid`).",
        |a| Ok(Val::text(kind_of(&a[0])))
    ),
    f!(
        "typeIs",
        [Str, Any],
        false,
        None,
        "typeIs TYPE V",
        "Whether V's Go type is TYPE (`string`, `[]interface {}`, …).",
        |a| Ok(Val::Bool(s(&a[0]) == type_of(&a[1])))
    ),
    f!(
        "typeIsLike",
        [Str, Any],
        false,
        None,
        "typeIsLike TYPE V",
        "Whether V's Go type is TYPE or a pointer to it.",
        |a| {
            let (want, t) = (s(&a[0]), type_of(&a[1]));
            Ok(Val::Bool(want == t || t.strip_prefix('*') == Some(want)))
        }
    ),
    f!(
        "typeOf",
        [Any],
        false,
        None,
        "typeOf V",
        "V's Go type as `%T` prints it (nil: `<nil>`).",
        |a| Ok(Val::text(type_of(&a[0])))
    ),
];

/// Whether a list is a nil slice (`reflect.DeepEqual` tells it from an empty one).
fn list_nil(v: &Val) -> Option<bool> {
    match v {
        Val::List(l) => Some(l.nil),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::call_checked as call;
    use super::*;

    fn text(name: &str, args: &[Val]) -> String {
        call(name, args).unwrap().to_text()
    }

    #[test]
    fn types_and_kinds_as_go_prints_them() {
        let l = call("list", &[Val::Int(1)]).unwrap();
        let d = call("dict", &[]).unwrap();
        let cases = [
            (Val::text("a"), "string", "string"),
            (Val::Int(1), "int", "int"),
            (Val::Int64(1), "int64", "int64"),
            (Val::Float(1.5), "float64", "float64"),
            (Val::Bool(true), "bool", "bool"),
            (Val::Nil, "<nil>", "invalid"),
            (l.clone(), "[]interface {}", "slice"),
            (d, "map[string]interface {}", "map"),
            (call("until", &[Val::Int(2)]).unwrap(), "[]int", "slice"),
        ];
        for (v, t, k) in cases {
            assert_eq!(text("typeOf", std::slice::from_ref(&v)), t);
            assert_eq!(text("kindOf", std::slice::from_ref(&v)), k);
            assert_eq!(
                call("typeIs", &[Val::text(t), v.clone()]),
                Ok(Val::Bool(true))
            );
            assert_eq!(
                call("typeIsLike", &[Val::text(t), v.clone()]),
                Ok(Val::Bool(true))
            );
            assert_eq!(call("kindIs", &[Val::text(k), v]), Ok(Val::Bool(true)));
        }
        assert_eq!(
            call("kindIs", &[Val::text("int"), Val::text("1")]),
            Ok(Val::Bool(false))
        );
        let same = |a: Val, b: Val| call("deepEqual", &[a, b]).unwrap();
        assert_eq!(
            same(l.clone(), call("list", &[Val::Int(1)]).unwrap()),
            Val::Bool(true)
        );
        assert_eq!(same(Val::Int(1), Val::Int64(1)), Val::Bool(false));
        assert_eq!(
            same(Val::Float(f64::NAN), Val::Float(f64::NAN)),
            Val::Bool(false)
        );
        assert_eq!(
            same(l, call("list", &[Val::text("1")]).unwrap()),
            Val::Bool(false)
        );
    }
}
