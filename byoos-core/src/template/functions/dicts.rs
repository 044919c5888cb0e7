//! Sprig 3.2.3's dict functions (`dict.go`, with mergo's merge rules for `merge` and
//! `mergeOverwrite`). A Go map is shared: `set`, `unset` and `merge` change the map they
//! are given and return it. A value may not come to hold its own map (Go would then
//! print forever): that is a `template/function-error`.
//!
//! Go visits a map in random order; Sprig's `keys` and `values` return that order. byoos
//! returns key order (`docs/fidelity.md` D6-map-order).

use super::{s, Dict, Func, List, Ty, Val};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};
use std::rc::Rc;

type Map = Rc<RefCell<BTreeMap<String, Val>>>;

/// The map of a `map[string]interface {}` argument (`None`: a nil map).
fn map_of(v: &Val) -> Option<&Map> {
    match v {
        Val::Dict(d) => Some(&d.map),
        _ => None,
    }
}

fn strval(v: &Val) -> String {
    match v {
        Val::Nil => "<nil>".into(),
        other => other.to_text(),
    }
}

/// Whether `v` holds `target` (at any depth).
fn holds(v: &Val, target: &Map, seen: &mut HashSet<usize>) -> bool {
    match v {
        Val::Dict(d) => {
            if Rc::ptr_eq(&d.map, target) {
                return true;
            }
            if !seen.insert(Rc::as_ptr(&d.map) as usize) {
                return false;
            }
            d.map.borrow().values().any(|x| holds(x, target, seen))
        }
        Val::List(l) => l.items.iter().any(|x| holds(x, target, seen)),
        _ => false,
    }
}

fn no_cycle(v: &Val, target: &Map) -> Result<(), String> {
    if holds(v, target, &mut HashSet::new()) {
        return Err("the map would hold itself".into());
    }
    Ok(())
}

fn dict(a: &[Val]) -> Result<Val, String> {
    let mut map = BTreeMap::new();
    for pair in a.chunks(2) {
        let value = pair.get(1).cloned().unwrap_or_else(|| Val::text(""));
        map.insert(strval(&pair[0]), value);
    }
    Ok(Val::dict(map))
}

fn set(a: &[Val]) -> Result<Val, String> {
    let m = map_of(&a[0]).ok_or("assignment to entry in nil map")?;
    no_cycle(&a[2], m)?;
    m.borrow_mut().insert(s(&a[1]).to_owned(), a[2].clone());
    Ok(a[0].clone())
}

fn unset(a: &[Val]) -> Result<Val, String> {
    if let Some(m) = map_of(&a[0]) {
        m.borrow_mut().remove(s(&a[1]));
    }
    Ok(a[0].clone())
}

fn get(a: &[Val]) -> Result<Val, String> {
    let got = map_of(&a[0]).and_then(|m| m.borrow().get(s(&a[1])).cloned());
    Ok(got.unwrap_or_else(|| Val::text("")))
}

fn has_key(a: &[Val]) -> Result<Val, String> {
    let has = map_of(&a[0]).is_some_and(|m| m.borrow().contains_key(s(&a[1])));
    Ok(Val::Bool(has))
}

fn pluck(a: &[Val]) -> Result<Val, String> {
    let key = s(&a[0]);
    let found = a[1..]
        .iter()
        .filter_map(|d| map_of(d).and_then(|m| m.borrow().get(key).cloned()))
        .collect();
    Ok(Val::list(found))
}

fn keys(a: &[Val]) -> Result<Val, String> {
    let mut out = Vec::new();
    for d in a {
        if let Some(m) = map_of(d) {
            out.extend(m.borrow().keys().cloned());
        }
    }
    Ok(Val::strings(out))
}

fn values(a: &[Val]) -> Result<Val, String> {
    let out = map_of(&a[0]).map_or_else(Vec::new, |m| m.borrow().values().cloned().collect());
    Ok(Val::list(out))
}

fn pick(a: &[Val]) -> Result<Val, String> {
    let mut out = BTreeMap::new();
    if let Some(m) = map_of(&a[0]) {
        let m = m.borrow();
        for k in &a[1..] {
            if let Some(v) = m.get(s(k)) {
                out.insert(s(k).to_owned(), v.clone());
            }
        }
    }
    Ok(Val::dict(out))
}

fn omit(a: &[Val]) -> Result<Val, String> {
    let drop: HashSet<&str> = a[1..].iter().map(s).collect();
    let out = map_of(&a[0]).map_or_else(BTreeMap::new, |m| {
        m.borrow()
            .iter()
            .filter(|(k, _)| !drop.contains(k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    });
    Ok(Val::dict(out))
}

/// mergo's `deepMerge` of one `map[string]interface {}` into another, in place.
fn merge_into(dst: &Map, src: &Map, overwrite: bool, depth: usize) -> Result<(), String> {
    if depth > 64 {
        return Err("maps nested too deeply to merge".into());
    }
    if Rc::ptr_eq(dst, src) {
        return Ok(());
    }
    let entries: Vec<(String, Val)> = src
        .borrow()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (key, sv) in entries {
        let dv = dst.borrow().get(&key).cloned();
        if sv == Val::Nil {
            if overwrite {
                dst.borrow_mut().insert(key, Val::Nil);
            }
            continue;
        }
        if let (Val::Dict(sd), Some(Val::Dict(dd))) = (&sv, &dv) {
            if !sd.strings && !dd.strings {
                merge_into(&dd.map, &sd.map, overwrite, depth + 1)?;
            }
        }
        let composite = matches!(sv, Val::Dict(_) | Val::List(_));
        if dv.as_ref().is_some_and(|d| !d.is_empty()) && composite {
            continue;
        }
        if overwrite || dv.as_ref().is_none_or(Val::is_empty) {
            no_cycle(&sv, dst)?;
            dst.borrow_mut().insert(key, sv);
        }
    }
    Ok(())
}

fn merge_with(a: &[Val], overwrite: bool) -> Result<Val, String> {
    let Some(dst) = map_of(&a[0]) else {
        // mergo refuses a nil destination map.
        return Err("src and dst must be of same type".into());
    };
    for src in &a[1..] {
        if let Some(src) = map_of(src) {
            merge_into(dst, src, overwrite, 0)?;
        }
    }
    Ok(a[0].clone())
}

/// A copy that shares no map with `v`.
pub(super) fn deep_copy(v: &Val) -> Val {
    match v {
        Val::Dict(d) => Val::Dict(Dict::new(
            d.strings,
            d.map
                .borrow()
                .iter()
                .map(|(k, v)| (k.clone(), deep_copy(v)))
                .collect(),
        )),
        Val::List(l) if l.nil => v.clone(),
        Val::List(l) => Val::List(List::new(l.elem, l.items.iter().map(deep_copy).collect())),
        other => other.clone(),
    }
}

/// `copystructure.Copy`: of nil, Go fails.
fn copy(a: &[Val]) -> Result<Val, String> {
    if a[0] == Val::Nil {
        return Err("reflect: call of reflect.Value.Type on zero Value".into());
    }
    Ok(deep_copy(&a[0]))
}

/// Sprig's `dig KEY… DEFAULT DICT`.
fn dig(a: &[Val]) -> Result<Val, String> {
    if a.len() < 3 {
        return Err("dig needs at least three arguments".into());
    }
    let (path, rest) = a.split_at(a.len() - 2);
    let default = &rest[0];
    let mut here = match &rest[1] {
        Val::Dict(d) if !d.strings => d.map.clone(),
        other => {
            return Err(format!(
                "interface conversion: interface {{}} is {}, not map[string]interface {{}}",
                other.type_name()
            ))
        }
    };
    for (k, key) in path.iter().enumerate() {
        let Val::Str(key) = key else {
            return Err(format!(
                "interface conversion: interface {{}} is {}, not string",
                key.type_name()
            ));
        };
        let step = here.borrow().get(&**key).cloned();
        let Some(step) = step else {
            return Ok(default.clone());
        };
        if k + 1 == path.len() {
            return Ok(step);
        }
        here = match step {
            Val::Dict(d) if !d.strings => d.map.clone(),
            other => {
                return Err(format!(
                    "interface conversion: interface {{}} is {}, not map[string]interface {{}}",
                    other.type_name()
                ))
            }
        };
    }
    Ok(default.clone())
}

/// Sprig's dict functions, sorted by name.
pub(super) static FUNCTIONS: &[Func] = &[
    f!("deepCopy", [Any], false, None, "deepCopy V", "A copy of V that shares no map with it (nil: an error, as in Go).", copy),
    f!("dict", [], false, Some(Ty::Any), "dict K V…", "A map (`map[string]interface {}`) of keys (as text) and values; a last key alone maps to `\"\"`.", dict),
    f!("dig", [Any], false, Some(Ty::Any), "dig KEY… DEFAULT DICT", "The value at the path of keys in nested maps, or DEFAULT where a key is missing.", dig),
    f!("get", [Dict, Str], false, None, "get DICT KEY", "DICT's value of KEY, `\"\"` when missing.", get),
    f!("hasKey", [Dict, Str], false, None, "hasKey DICT KEY", "Whether DICT has KEY.", has_key),
    f!("keys", [], false, Some(Ty::Dict), "keys DICT…", "The keys of the maps (`[]string`; of each map in key order: D6-map-order).", keys),
    f!("merge", [Dict], false, Some(Ty::Dict), "merge DST SRC…", "DST with the keys of each SRC it lacks (or holds empty), nested maps merged; DST is changed.", |a| merge_with(a, false)),
    f!("mergeOverwrite", [Dict], false, Some(Ty::Dict), "mergeOverwrite DST SRC…", "DST with each SRC's values written over it, nested maps merged; DST is changed.", |a| merge_with(a, true)),
    f!("mustDeepCopy", [Any], false, None, "mustDeepCopy V", "`deepCopy`.", copy),
    f!("mustMerge", [Dict], false, Some(Ty::Dict), "mustMerge DST SRC…", "`merge`, an error where mergo fails.", |a| merge_with(a, false)),
    f!("mustMergeOverwrite", [Dict], false, Some(Ty::Dict), "mustMergeOverwrite DST SRC…", "`mergeOverwrite`, an error where mergo fails.", |a| merge_with(a, true)),
    f!("omit", [Dict], false, Some(Ty::Str), "omit DICT KEY…", "A new map: DICT without the KEYs.", omit),
    f!("pick", [Dict], false, Some(Ty::Str), "pick DICT KEY…", "A new map of DICT's KEYs.", pick),
    f!("pluck", [Str], false, Some(Ty::Dict), "pluck KEY DICT…", "The value of KEY in each map that has it.", pluck),
    f!("set", [Dict, Str, Any], false, None, "set DICT KEY V", "DICT with KEY set to V (DICT is changed).", set),
    f!("unset", [Dict, Str], false, None, "unset DICT KEY", "DICT without KEY (DICT is changed).", unset),
    f!("values", [Dict], false, None, "values DICT", "DICT's values (in key order: D6-map-order).", values),
];

#[cfg(test)]
mod tests {
    use super::super::call_checked as call;
    use super::*;

    fn st(x: &str) -> Val {
        Val::text(x)
    }

    #[test]
    fn dicts_follow_sprig() {
        let d = call("dict", &[st("b"), Val::Int(2), st("a"), st("x"), st("z")]).unwrap();
        assert_eq!(d.to_text(), "map[a:x b:2 z:]");
        assert_eq!(call("get", &[d.clone(), st("b")]), Ok(Val::Int(2)));
        assert_eq!(call("get", &[d.clone(), st("q")]), Ok(st("")));
        assert_eq!(call("hasKey", &[d.clone(), st("z")]), Ok(Val::Bool(true)));
        call("set", &[d.clone(), st("c"), Val::Bool(true)]).unwrap();
        assert_eq!(d.to_text(), "map[a:x b:2 c:true z:]");
        assert!(call("set", &[d.clone(), st("me"), d.clone()]).is_err());
        assert_eq!(
            call("keys", std::slice::from_ref(&d)).unwrap().to_text(),
            "[a b c z]"
        );
        assert_eq!(
            call("pick", &[d.clone(), st("a"), st("q")])
                .unwrap()
                .to_text(),
            "map[a:x]"
        );
        let other = call("dict", &[st("a"), st("new"), st("z"), st("filled")]).unwrap();
        let merged = call("merge", &[d.clone(), other.clone()]).unwrap();
        assert_eq!(merged.to_text(), "map[a:x b:2 c:true z:filled]");
        let over = call("mergeOverwrite", &[d.clone(), other]).unwrap();
        assert_eq!(over.to_text(), "map[a:new b:2 c:true z:filled]");
        let nested = call("dict", &[st("k"), d.clone()]).unwrap();
        assert_eq!(
            call("dig", &[st("k"), st("a"), st("def"), nested.clone()]),
            Ok(st("new"))
        );
        assert_eq!(
            call("dig", &[st("q"), st("def"), nested.clone()]),
            Ok(st("def"))
        );
        assert!(call("dig", &[st("k"), st("a"), st("x"), st("def"), nested]).is_err());
        assert!(call(
            "get",
            &[call("split", &[st(","), st("a")]).unwrap(), st("_0")]
        )
        .is_err());
        assert!(call("set", &[Val::Nil, st("a"), st("b")]).is_err());
    }
}
