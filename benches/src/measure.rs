//! The timing method shared (in spirit and in numbers) by the Rust, Python and Node
//! harnesses of `make bench-compare`: calibrate, then alternate samples of the functions
//! compared, and keep the median time per call of each.
//!
//! 1. Warm up each function for at least `WARMUP` (and at least one call), which also
//!    estimates its time per call.
//! 2. Choose a batch per function so one sample takes about `SAMPLE` (at least one call).
//! 3. Take samples round-robin (A, B, A, B, …) so a burst of load on the machine hits
//!    every function alike, until `BUDGET` is spent per function, with at least
//!    `MIN_SAMPLES` and at most `MAX_SAMPLES` samples.
//! 4. Report the median of the per-call times of the samples.
//!
//! Times are the CPU time of the measuring thread (`CLOCK_THREAD_CPUTIME_ID`): on a
//! shared machine, wall time mostly measures the other processes. The wall-time median
//! is kept too. Python uses `time.thread_time_ns()`, Node `process.cpuUsage()` (the whole
//! process, so a garbage collector's helper threads are billed to the JS side).

use cpu_time::ThreadTime;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Time spent warming up each function.
pub const WARMUP: Duration = Duration::from_millis(150);
/// Target time of one sample.
pub const SAMPLE: Duration = Duration::from_millis(20);
/// Time budget of each function's samples.
pub const BUDGET: Duration = Duration::from_millis(600);
/// Fewest samples per function.
pub const MIN_SAMPLES: usize = 5;
/// Most samples per function.
pub const MAX_SAMPLES: usize = 31;

/// The result of one function.
#[derive(Clone, Debug)]
pub struct Timing {
    /// Median CPU time per call, in nanoseconds.
    pub median_ns: f64,
    /// Median wall time per call, in nanoseconds.
    pub wall_median_ns: f64,
    /// Number of samples.
    pub samples: usize,
    /// Calls per sample.
    pub batch: usize,
}

/// A function to time: it returns something so the work cannot be optimised away.
pub type Job<'a> = Box<dyn FnMut() -> usize + 'a>;

/// Time `jobs` side by side (round-robin samples); one [`Timing`] per job, in order.
pub fn compare(jobs: &mut [Job<'_>]) -> Vec<Timing> {
    let mut batches = Vec::new();
    let mut per_call = Vec::new();
    for job in jobs.iter_mut() {
        let start = ThreadTime::now();
        let mut calls = 0u32;
        while calls == 0 || start.elapsed() < WARMUP {
            black_box(job());
            calls += 1;
        }
        let t = start.elapsed().as_secs_f64() / f64::from(calls);
        per_call.push(t);
        batches.push(((SAMPLE.as_secs_f64() / t).ceil() as usize).max(1));
    }
    let samples = per_call
        .iter()
        .zip(&batches)
        .map(|(t, b)| (BUDGET.as_secs_f64() / (t * *b as f64)).floor() as usize)
        .min()
        .unwrap_or(MIN_SAMPLES)
        .clamp(MIN_SAMPLES, MAX_SAMPLES);
    let mut times: Vec<Vec<f64>> = vec![Vec::with_capacity(samples); jobs.len()];
    let mut walls: Vec<Vec<f64>> = vec![Vec::with_capacity(samples); jobs.len()];
    for _ in 0..samples {
        for (i, job) in jobs.iter_mut().enumerate() {
            let wall = Instant::now();
            let start = ThreadTime::now();
            for _ in 0..batches[i] {
                black_box(job());
            }
            times[i].push(start.elapsed().as_secs_f64() * 1e9 / batches[i] as f64);
            walls[i].push(wall.elapsed().as_secs_f64() * 1e9 / batches[i] as f64);
        }
    }
    times
        .into_iter()
        .zip(walls)
        .zip(batches)
        .map(|((t, w), batch)| Timing {
            median_ns: median(t),
            wall_median_ns: median(w),
            samples: samples.max(1),
            batch,
        })
        .collect()
}

fn median(mut t: Vec<f64>) -> f64 {
    t.sort_by(f64::total_cmp);
    t.get(t.len() / 2).copied().unwrap_or(f64::NAN)
}
