//! Prometheus metrics, served as text at `/metrics`.

use std::sync::LazyLock;

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGaugeVec, Opts, Registry, TextEncoder,
};

static REGISTRY: LazyLock<Registry> = LazyLock::new(Registry::new);

static HTTP_REQUESTS: LazyLock<Option<IntCounterVec>> = LazyLock::new(|| {
    let c = IntCounterVec::new(
        Opts::new(
            "http_requests_total",
            "HTTP requests by method, route pattern and status",
        ),
        &["method", "route", "status"],
    )
    .ok()?;
    REGISTRY.register(Box::new(c.clone())).ok()?;
    Some(c)
});

static HTTP_DURATION: LazyLock<Option<HistogramVec>> = LazyLock::new(|| {
    let h = HistogramVec::new(
        HistogramOpts::new(
            "http_request_duration_seconds",
            "HTTP request latency by method and route pattern",
        )
        .buckets(vec![
            0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
        ]),
        &["method", "route"],
    )
    .ok()?;
    REGISTRY.register(Box::new(h.clone())).ok()?;
    Some(h)
});

static WRITE_BATCH: LazyLock<Option<HistogramVec>> = LazyLock::new(|| {
    let h = HistogramVec::new(
        HistogramOpts::new("write_batch_changes", "Creations committed per group commit")
            .buckets(vec![1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0]),
        &[],
    )
    .ok()?;
    REGISTRY.register(Box::new(h.clone())).ok()?;
    Some(h)
});

static AUDIT_BATCH: LazyLock<Option<HistogramVec>> = LazyLock::new(|| {
    let h = HistogramVec::new(
        HistogramOpts::new("audit_batch_entries", "Audit entries committed per group commit")
            .buckets(vec![1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0]),
        &[],
    )
    .ok()?;
    REGISTRY.register(Box::new(h.clone())).ok()?;
    Some(h)
});

static DB_POOL: LazyLock<Option<IntGaugeVec>> = LazyLock::new(|| {
    let g = IntGaugeVec::new(
        Opts::new("db_pool_connections", "Database pool connections by state"),
        &["state"],
    )
    .ok()?;
    REGISTRY.register(Box::new(g.clone())).ok()?;
    Some(g)
});

static PASSWORD_CHECKS: LazyLock<Option<IntCounterVec>> = LazyLock::new(|| {
    let c = IntCounterVec::new(
        Opts::new(
            "password_checks_total",
            "argon2 hashes and verifications: run, abandoned (the client had gone) or refused (queue full)",
        ),
        &["outcome"],
    )
    .ok()?;
    REGISTRY.register(Box::new(c.clone())).ok()?;
    Some(c)
});

/// Counts a password check by outcome (`run`, `abandoned`, `refused`).
pub fn observe_password_check(outcome: &str) {
    if let Some(c) = PASSWORD_CHECKS.as_ref() {
        c.with_label_values(&[outcome]).inc();
    }
}

/// Counts a finished request.
pub fn observe_http(method: &str, route: &str, status: u16, seconds: f64) {
    if let Some(c) = HTTP_REQUESTS.as_ref() {
        c.with_label_values(&[method, route, &status.to_string()]).inc();
    }
    if let Some(h) = HTTP_DURATION.as_ref() {
        h.with_label_values(&[method, route]).observe(seconds);
    }
}

/// Records the size of one audit group commit.
pub fn observe_audit_batch(entries: usize) {
    if let Some(h) = AUDIT_BATCH.as_ref() {
        h.with_label_values(&[] as &[&str]).observe(entries as f64);
    }
}

/// Records the size of a group commit of creations.
pub fn observe_write_batch(changes: usize) {
    if let Some(h) = WRITE_BATCH.as_ref() {
        h.with_label_values(&[] as &[&str]).observe(changes as f64);
    }
}

/// Renders every metric in the Prometheus text format.
pub fn render(pool: (u32, u32)) -> String {
    if let Some(g) = DB_POOL.as_ref() {
        g.with_label_values(&["open"]).set(i64::from(pool.0));
        g.with_label_values(&["idle"]).set(i64::from(pool.1));
    }
    let mut buf = Vec::new();
    let _ = TextEncoder::new().encode(&REGISTRY.gather(), &mut buf);
    String::from_utf8(buf).unwrap_or_default()
}
