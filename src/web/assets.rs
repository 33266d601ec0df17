//! The stylesheet (and, later, the one script) compiled into the binary and
//! served under content-hashed names with a year-long, immutable cache
//! lifetime: a new build gets new names, so no browser keeps a stale copy.

use std::collections::HashMap;
use std::sync::OnceLock;

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use rust_embed::RustEmbed;
use sha2::{Digest, Sha256};

#[derive(RustEmbed)]
#[folder = "assets/"]
struct Files;

/// name → hashed name, and back.
struct Index {
    hashed: HashMap<String, String>,
    plain: HashMap<String, String>,
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut hashed = HashMap::new();
        let mut plain = HashMap::new();
        for name in Files::iter() {
            let Some(file) = Files::get(&name) else { continue };
            let digest = hex::encode(Sha256::digest(&file.data));
            let (stem, ext) = name.rsplit_once('.').unwrap_or((&name, ""));
            let with_hash = format!("{stem}.{}.{ext}", &digest[..12]);
            hashed.insert(name.to_string(), with_hash.clone());
            plain.insert(with_hash, name.to_string());
        }
        Index { hashed, plain }
    })
}

/// The URL of an asset (`app.css` → `/assets/app.3f2a….css`).
pub fn url(name: &str) -> String {
    match index().hashed.get(name) {
        Some(h) => format!("/assets/{h}"),
        None => format!("/assets/{name}"),
    }
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, e)| e) {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// `GET /assets/{name}`: only hashed names are served.
pub async fn serve(name: web::Path<String>) -> HttpResponse {
    let Some(file) = index().plain.get(name.as_str()).and_then(|n| Files::get(n)) else {
        return HttpResponse::NotFound().finish();
    };
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, content_type(&name)))
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .body(file.data.into_owned())
}
