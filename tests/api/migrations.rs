//! Migrations go down and up again cleanly on both backends.

use diesel::RunQueryDsl;
use diesel::sql_types::BigInt;
use migrant_desk::db;

use crate::harness::TestApp;
use crate::on_both_backends;

on_both_backends!(migrations_revert_and_reapply_cleanly);

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

async fn migrations_revert_and_reapply_cleanly(app: TestApp) {
    let (reverted, reapplied, head) = app
        .db(|c| {
            let reverted = db::revert_all_migrations(c).unwrap();
            let reapplied = db::run_migrations(c).unwrap();
            let head: Vec<Count> = diesel::sql_query("SELECT seq AS n FROM audit_head WHERE id = 1")
                .load(c)
                .unwrap();
            (reverted, reapplied.len(), head[0].n)
        })
        .await;
    assert!(reverted >= 1);
    assert_eq!(reverted, reapplied);
    assert_eq!(head, 0, "a fresh chain starts at 0");
    // The service works on the re-created schema.
    let admin = app.admin().await;
    app.get("/api/v1/audit/verify", &admin.token).await.expect(200);
}
