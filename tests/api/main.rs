//! API integration tests: every test runs on SQLite and on PostgreSQL,
//! through the real HTTP stack. A PostgreSQL run is reported as ignored
//! when PostgreSQL is unreachable (and fails when CI requires it).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod harness;

mod audit;
mod auth;
mod browser;
mod browser_pages;
mod case_records;
mod cases;
mod consent_withdrawal;
mod differencing;
mod directory;
mod distributions;
mod duplicates;
mod erasure;
mod errors;
mod exports;
mod follow_up_pages;
mod fuzz;
mod imports;
mod mfa;
mod migrants;
mod migrations;
mod offices;
mod operations;
mod page_details;
mod page_lists;
mod pages;
mod partner_distributions;
mod referrals;
mod reports;
mod service_roles;
mod sign_in;
mod target_lists;
mod users;
mod webhooks;

fn main() {
    let args = libtest_mimic::Arguments::from_args();
    let trials = [
        audit::trials(),
        browser::trials(),
        auth::trials(),
        case_records::trials(),
        cases::trials(),
        consent_withdrawal::trials(),
        differencing::trials(),
        distributions::trials(),
        imports::trials(),
        exports::trials(),
        partner_distributions::trials(),
        directory::trials(),
        duplicates::trials(),
        erasure::trials(),
        errors::trials(),
        follow_up_pages::trials(),
        fuzz::trials(),
        mfa::trials(),
        migrants::trials(),
        migrations::trials(),
        offices::trials(),
        operations::trials(),
        page_details::trials(),
        page_lists::trials(),
        pages::trials(),
        referrals::trials(),
        reports::trials(),
        service_roles::trials(),
        target_lists::trials(),
        sign_in::trials(),
        users::trials(),
        webhooks::trials(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let conclusion = libtest_mimic::run(&args, trials);
    // The test servers, their pools and worker threads are still running:
    // leave at once, without the C libraries' exit handlers (bundled
    // SQLite, libpq, OpenSSL) racing them — a rare "double free or
    // corruption" at exit, after every test had passed, was seen once.
    use std::io::Write;
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    let code = if conclusion.has_failed() { 101 } else { 0 };
    // SAFETY: `_exit` ends the process immediately; nothing runs after it.
    unsafe { libc::_exit(code) }
}
