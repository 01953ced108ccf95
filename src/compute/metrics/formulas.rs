//! The three per-point formulas of SPEC §3.
//!
//! They take throughput `T` in tokens per second per GPU (total, input plus
//! output), because that is what a GPU-hour price and a per-GPU power figure
//! are spread over. Callers pass the *interpolated* throughput at a target, so
//! cost × throughput stays constant along a frontier, as it must.

/// Seconds in an hour: a price per GPU-hour is spread over this many seconds.
const SECONDS_PER_HOUR: f64 = 3600.0;

/// US dollars per million tokens: the hourly price divided by the tokens one
/// GPU produces in that hour, scaled to a million tokens.
pub fn cost_per_mtok(cost_per_gpu_hour: f64, throughput: f64) -> f64 {
    cost_per_gpu_hour / (throughput * SECONDS_PER_HOUR) * 1e6
}

/// Tokens per second per megawatt of all-in power: `power_kw` is per GPU, and
/// a megawatt is 1000 kW, so 1000 / `power_kw` GPUs fit in one.
pub fn tok_s_per_mw(throughput: f64, power_kw: f64) -> f64 {
    throughput * 1000.0 / power_kw
}

/// Joules per token: watts (J/s) drawn by one GPU divided by its tokens per
/// second.
pub fn joules_per_token(throughput: f64, power_kw: f64) -> f64 {
    power_kw * 1000.0 / throughput
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * a.abs().max(b.abs())
    }

    #[test]
    fn cost_b200_hyperscaler() {
        // 1269.4 tok/s × 3600 s = 4,569,840 tok per GPU-hour.
        // $1.95 / 4,569,840 tok × 1e6 = 1,950,000 / 4,569,840:
        // 4,569,840 × 0.4267 = 1,949,950.728; remainder 49.272 / 4,569,840 = 0.00001078
        // so $0.42671078... per million tokens.
        let c = cost_per_mtok(1.95, 1269.4);
        assert!((c - 0.426_710_78).abs() < 1e-8, "{c}");
    }

    #[test]
    fn cost_mi355x_neocloud() {
        // $1.90 at 500 tok/s: 500 × 3600 = 1,800,000 tok/h; 1.9e6 / 1.8e6 = 1.05555...
        let c = cost_per_mtok(1.90, 500.0);
        assert!((c - 19.0 / 18.0).abs() < 1e-12, "{c}");
    }

    #[test]
    fn tok_s_per_mw_b200() {
        // 1269.4 × 1000 / 2.17 = 1,269,400 / 2.17 = 584,976.958...
        // (2.17 × 584,976 = 1,269,397.92; remainder 2.08 / 2.17 = 0.9585)
        let v = tok_s_per_mw(1269.4, 2.17);
        assert!((v - 584_976.958_5).abs() < 1e-3, "{v}");
    }

    #[test]
    fn joules_per_token_b200() {
        // 2.17 kW = 2170 W = 2170 J/s; 2170 / 1269.4 = 1.70946...
        // (1269.4 × 1.7 = 2157.98; remainder 12.02 / 1269.4 = 0.009469)
        let j = joules_per_token(1269.4, 2.17);
        assert!((j - 1.709_469).abs() < 1e-6, "{j}");
    }

    #[test]
    fn joules_per_token_round_numbers() {
        // 1.0 kW = 1000 J/s at 250 tok/s: 4 J per token.
        assert_eq!(joules_per_token(250.0, 1.0), 4.0);
        // 250 tok/s × 1000 / 1.0 kW = 250,000 tok/s per MW.
        assert_eq!(tok_s_per_mw(250.0, 1.0), 250_000.0);
    }

    proptest! {
        #[test]
        fn cost_times_throughput_is_constant(
            price in 0.5f64..5.0, t1 in 1.0f64..20_000.0, t2 in 1.0f64..20_000.0,
        ) {
            // For one accelerator and provider, cost × T = price × 1e6 / 3600.
            let k1 = cost_per_mtok(price, t1) * t1;
            let k2 = cost_per_mtok(price, t2) * t2;
            prop_assert!(close(k1, k2, 1e-12));
            prop_assert!(close(k1, price * 1e6 / 3600.0, 1e-12));
        }

        #[test]
        fn power_metrics_are_reciprocal(t in 1.0f64..20_000.0, kw in 0.5f64..5.0) {
            // (T × 1000 / P) × (P × 1000 / T) = 1e6 J/s per MW, whatever T and P.
            let product = tok_s_per_mw(t, kw) * joules_per_token(t, kw);
            prop_assert!(close(product, 1e6, 1e-12));
        }
    }
}
