
// ---- byoos: appended to the wasm-bindgen output by scripts/build-wasm.sh ----
// A trap inside the module (a Rust panic or running out of its 4 GiB of memory) leaves
// the instance's stack and heap in an unknown state. Every export is wrapped: after a
// trap the instance is replaced by a fresh one (its memory can then be collected) and
// the call throws a ByoosError, so the next call starts clean.
function __byoos_guard(f, fresh) {
  return function guarded(...args) {
    try {
      return f.apply(this, args);
    } catch (e) {
      const trapped = e instanceof WebAssembly.RuntimeError
        || (e instanceof RangeError && /call stack/i.test(e.message));
      if (!trapped) throw e;
      fresh();
      const err = new Error(`the WebAssembly module stopped (${e.message}): it ran out of memory, or this is a bug in byoos (please report it); it has been restarted for the next call`);
      err.name = 'ByoosError';
      err.diagnostics = [];
      err.cause = e;
      throw err;
    }
  };
}
