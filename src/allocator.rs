//! The memory allocator of the `schemagate` binary (and of the benchmarks,
//! which measure what the binary does): mimalloc instead of the system's.
//!
//! Policy evaluation is allocation-bound: regorus builds and drops small
//! values and path strings at every step, and glibc's malloc/free were
//! about 30% of a run's profile. On the corpus's 876 PostgreSQL files
//! mimalloc takes 0.82× the wall time of glibc's allocator, and 0.70× to
//! 0.90× the CPU on Keycloak, Fineract and the SQL Server samples. The
//! static musl builds (the release archives and the container image) gain
//! most: musl's own allocator took 3.3× mimalloc's wall time there.
//!
//! Two settings keep its memory near glibc's (49–52 MiB peak on those 876
//! files, against 116 MiB with mimalloc's defaults):
//! - no transparent huge pages (the `no_thp` feature): a 2 MiB page is
//!   resident as soon as one byte of it is touched;
//! - freed memory goes back to the system after 25 ms instead of 1 s
//!   ([`tune`]). The environment's `MIMALLOC_PURGE_DELAY` still wins.
//!
//! The delay trades memory for the kernel's work: memory given back is
//! zeroed again when it is next touched (page faults and `clear_page` were
//! a tenth of a run's profile at 2 ms). On the 876 files, interleaved runs
//! of one build (`MIMALLOC_PURGE_DELAY=…`, 9 each): 2 ms 0.192 s wall /
//! 42 MiB, 10 ms 0.184 s / 48 MiB, 25 ms 0.179 s / 56 MiB, 100 ms
//! 0.177 s / 60 MiB; 1 s reached 69 MiB. 25 ms is most of the gain, and
//! stays under the 64 MiB the benchmark allows.

/// The global allocator's type: `#[global_allocator] static A: Allocator = Allocator;`.
pub use mimalloc::MiMalloc as Allocator;

/// `mi_option_purge_delay` of `mimalloc.h` (the same value in mimalloc 2
/// and 3; libmimalloc-sys exports no constant for it).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Milliseconds before freed memory is returned to the system.
const PURGE_DELAY_MS: std::os::raw::c_long = 25;

/// Applies the settings above; call first thing in `main`, before any
/// thread starts.
pub fn tune() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets one of mimalloc's integer options, which it reads
        // whenever it schedules a purge.
        unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, PURGE_DELAY_MS) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_option_set_is_the_purge_delay() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // mimalloc 3's default purge delay is 1000 ms: option 15 is it.
        // SAFETY: reads an option.
        let before = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        assert_eq!(before, 1000, "option {PURGE_DELAY} is not the purge delay");
        tune();
        // SAFETY: reads an option.
        let after = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        assert_eq!(after, PURGE_DELAY_MS);
    }
}
