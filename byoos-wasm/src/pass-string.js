// ---- byoos: replaces wasm-bindgen's passStringToWasm0 (scripts/build-wasm.sh) ----
// One TextEncoder.encodeInto for the whole string instead of a JS loop over its ASCII
// prefix: V8's encodeInto is vectorised, the loop took ~40 % of `validate` in Node on
// large values. Memory as before: `len` bytes first, and only when the text is not
// ASCII, room for the rest at 3 bytes per UTF-16 unit, then shrunk to what was written.
function passStringToWasm0(arg, malloc, realloc) {
    if (realloc === undefined) {
        const buf = cachedTextEncoder.encode(arg);
        const ptr = malloc(buf.length, 1) >>> 0;
        getUint8ArrayMemory0().subarray(ptr, ptr + buf.length).set(buf);
        WASM_VECTOR_LEN = buf.length;
        return ptr;
    }
    let len = arg.length;
    let ptr = malloc(len, 1) >>> 0;
    let ret = cachedTextEncoder.encodeInto(arg, getUint8ArrayMemory0().subarray(ptr, ptr + len));
    let offset = ret.written;
    if (ret.read !== arg.length) {
        const rest = arg.slice(ret.read);
        ptr = realloc(ptr, len, len = offset + rest.length * 3, 1) >>> 0;
        ret = cachedTextEncoder.encodeInto(rest, getUint8ArrayMemory0().subarray(ptr + offset, ptr + len));
        offset += ret.written;
        ptr = realloc(ptr, len, offset, 1) >>> 0;
    }
    WASM_VECTOR_LEN = offset;
    return ptr;
}
// ---- end of byoos's passStringToWasm0 ----
