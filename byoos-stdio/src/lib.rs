//! Which standard descriptors were closed when the process started.
//!
//! Rust's runtime opens `/dev/null` on any of descriptors 0–2 that is closed when the
//! program starts, before `main`. Afterwards `prog >&-` (stdout closed) cannot be told
//! from `prog > /dev/null`, so a command-line tool would write its report nowhere and
//! exit 0. A constructor in `.init_array` runs before that runtime set-up; it records
//! which descriptors were closed, and [`closed_at_start`] reads the record.
//!
//! Only Linux is covered (the constructor section is ELF's); elsewhere the answer is
//! `None`, "not known".

use std::sync::atomic::{AtomicU8, Ordering};

/// Bit `fd` set: descriptor `fd` was closed at start. Bit 7: the record was taken.
static CLOSED: AtomicU8 = AtomicU8::new(0);
const TAKEN: u8 = 1 << 7;

/// A standard descriptor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    /// Descriptor 0.
    Stdin = 0,
    /// Descriptor 1.
    Stdout = 1,
    /// Descriptor 2.
    Stderr = 2,
}

/// Whether `stream` was closed when the process started: `Some(true)` for `>&-`,
/// `Some(false)` for anything open (a file, a pipe, `/dev/null`), `None` where the
/// record could not be taken (not Linux).
#[must_use]
pub fn closed_at_start(stream: Stream) -> Option<bool> {
    let bits = CLOSED.load(Ordering::Relaxed);
    (bits & TAKEN != 0).then_some(bits & (1 << stream as u8) != 0)
}

#[cfg(target_os = "linux")]
mod record {
    use super::{CLOSED, TAKEN};
    use std::sync::atomic::Ordering;

    /// Runs before Rust's runtime start-up (glibc and musl call `.init_array` entries
    /// before `main`, and Rust's `lang_start` runs from `main`).
    extern "C" fn record() {
        let mut bits = TAKEN;
        for fd in 0..3 {
            // SAFETY: `fcntl(fd, F_GETFD)` takes no pointer and changes nothing: it only
            // asks whether `fd` is an open descriptor (-1 with EBADF when it is not).
            if unsafe { libc::fcntl(fd, libc::F_GETFD) } == -1 {
                bits |= 1 << fd;
            }
        }
        CLOSED.store(bits, Ordering::Relaxed);
    }

    #[used]
    #[link_section = ".init_array"]
    static RECORD: extern "C" fn() = record;
}

#[cfg(test)]
mod tests {
    use super::{closed_at_start, Stream};

    #[test]
    #[cfg(target_os = "linux")]
    fn the_record_is_taken_before_main() {
        // The test harness runs with its descriptors open.
        assert_eq!(closed_at_start(Stream::Stdin).map(|_| ()), Some(()));
        assert_eq!(closed_at_start(Stream::Stderr), Some(false));
    }
}
