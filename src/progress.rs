//! A progress bar for long builds: drawn on stderr only when it is a terminal, and only once a
//! build has run for a second, so quick builds and CI logs stay quiet.

use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub struct Progress {
    bar: ProgressBar,
    started: Instant,
    enabled: bool,
}

impl Progress {
    /// A bar over `total` steps; `enabled` is false when stderr is not a terminal.
    pub fn new(total: usize, enabled: bool) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::hidden());
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} rendering {pos}/{len} pages {wide_bar} {eta}")
        {
            bar.set_style(style);
        }
        Progress {
            bar,
            started: Instant::now(),
            enabled,
        }
    }

    /// A bar that never draws.
    pub fn hidden() -> Progress {
        Progress::new(0, false)
    }

    /// One step done; shows the bar once the build has taken more than a second.
    pub fn inc(&self) {
        self.inc_by(1);
    }

    pub fn inc_by(&self, steps: usize) {
        self.bar.inc(steps as u64);
        if self.enabled && self.bar.is_hidden() && self.started.elapsed() > Duration::from_secs(1) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
