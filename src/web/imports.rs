//! `/imports`: bring the office's existing spreadsheet in from the pages —
//! upload a file (or the demo spreadsheet), choose which column fills
//! which field, check every row (the dry run), read the problems in the
//! page's language or download them, then import all or nothing or row by
//! row — through `casefile::imports`, the same services as the API.

use actix_multipart::Multipart;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use futures_util::StreamExt;
use uuid::Uuid;

use super::fields::{Pairs, text, unknown};
use super::messages::translate;
use super::page::{Chrome, Form, PageError, refusal, render};
use super::session::Signed;
use crate::auth::capability::OfficeStaff;
use crate::casefile::imports::{self, DuplicateFinding, ImportMode, ImportView, RunImport};
use crate::error::AppError;
use crate::import::row::{Mapping, Target};
use crate::import::sheet::MAX_BYTES;
use crate::state::AppState;

/// The demo spreadsheet: 300 fictitious people with the mistakes real
/// files have (`demo/make-registre-demo.py` writes it).
pub const DEMO: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/demo/registre-demo.csv"));

/// The most problems a page lists (the CSV report has them all).
const SHOWN: usize = 200;

#[derive(Template)]
#[template(path = "imports.html")]
struct ImportsPage {
    chrome: Chrome,
    imports: Vec<ImportView>,
    error: Option<String>,
}

async fn imports_page(
    state: &AppState,
    signed: &Signed,
    staff: OfficeStaff,
    error: Option<String>,
) -> Result<ImportsPage, PageError> {
    let imports = state
        .db
        .run(move |c| imports::of_office(c, &staff))
        .await
        .map_err(signed.fail())?;
    Ok(ImportsPage {
        chrome: signed.chrome.clone(),
        imports,
        error,
    })
}

/// `GET /imports`: the office's imports and the upload form.
pub async fn list(state: web::Data<AppState>, signed: Signed) -> Result<HttpResponse, PageError> {
    let staff: OfficeStaff = signed.grant(&state).await?;
    let p = imports_page(&state, &signed, staff, None).await?;
    Ok(render(StatusCode::OK, &p))
}

/// The token and the file of the upload form.
async fn read_form(req: &HttpRequest, payload: web::Payload) -> Result<(String, String, Vec<u8>), AppError> {
    let unreadable =
        |e: actix_multipart::MultipartError| AppError::BadRequest(format!("unreadable upload: {e}"));
    let mut parts = Multipart::new(req.headers(), payload);
    let (mut token, mut name, mut bytes) = (String::new(), String::new(), Vec::new());
    while let Some(part) = parts.next().await {
        let mut part = part.map_err(unreadable)?;
        let field = part.name().unwrap_or_default().to_string();
        if field == "file" {
            name = part
                .content_disposition()
                .and_then(|d| d.get_filename())
                .unwrap_or_default()
                .to_string();
        }
        let mut value = Vec::new();
        while let Some(chunk) = part.next().await {
            let chunk = chunk.map_err(unreadable)?;
            if value.len() + chunk.len() > MAX_BYTES {
                return Err(AppError::PayloadTooLarge(MAX_BYTES));
            }
            value.extend_from_slice(&chunk);
        }
        match field.as_str() {
            "_csrf" => token = String::from_utf8_lossy(&value).to_string(),
            "file" => bytes = value,
            _ => return Err(AppError::field(field, "is not a field of this form")),
        }
    }
    Ok((token, name, bytes))
}

async fn refused_on_list(
    state: &AppState,
    signed: &Signed,
    staff: OfficeStaff,
    e: AppError,
) -> Result<HttpResponse, PageError> {
    let t = signed.chrome.t;
    let (status, text) = match e {
        AppError::Unprocessable(errors) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            errors
                .iter()
                .map(|f| translate(t, &f.message))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        AppError::PayloadTooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, t.get("import-too-large")),
        other => refusal(other).map_err(signed.fail())?,
    };
    let p = imports_page(state, signed, staff, Some(text)).await?;
    Ok(render(status, &p))
}

async fn uploaded(
    state: &AppState,
    signed: &Signed,
    staff: OfficeStaff,
    name: String,
    bytes: Vec<u8>,
) -> Result<HttpResponse, PageError> {
    let by = staff.clone();
    match state.db.run(move |c| imports::upload(c, &by, &name, bytes)).await {
        Ok(row) => {
            let to = format!("/imports/{}", row.id);
            super::notice::then(
                state,
                signed,
                "notice-import-uploaded",
                Some(row.row_count.to_string()),
                &to,
            )
            .await
        }
        Err(e) => refused_on_list(state, signed, staff, e).await,
    }
}

/// `POST /imports`: a file from the upload form (multipart).
pub async fn upload(
    state: web::Data<AppState>,
    signed: Signed,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, PageError> {
    let staff: OfficeStaff = signed.grant(&state).await?;
    let (token, name, bytes) = match read_form(&req, payload).await {
        Ok(read) => read,
        Err(e) => return refused_on_list(&state, &signed, staff, e).await,
    };
    let staff: OfficeStaff = signed.allow_token(&state, &token).await?;
    uploaded(&state, &signed, staff, name, bytes).await
}

/// `POST /imports/demo`: the demo spreadsheet, as if uploaded.
pub async fn demo(
    state: web::Data<AppState>,
    signed: Signed,
    form: Form<Pairs>,
) -> Result<HttpResponse, PageError> {
    let staff: OfficeStaff = signed.allow(&state, &form).await?;
    uploaded(&state, &signed, staff, "registre-demo.csv".into(), DEMO.to_vec()).await
}

/// `GET /imports/demo.csv`: the demo spreadsheet, to open before importing it.
pub async fn demo_file(state: web::Data<AppState>, signed: Signed) -> Result<HttpResponse, PageError> {
    let _: OfficeStaff = signed.grant(&state).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"registre-demo.csv\"",
        ))
        .body(DEMO))
}

/// One field of the mapping form.
struct FieldChoice {
    code: &'static str,
    label: String,
    required: bool,
    column: String,
}

/// One problem, in the page's language.
struct ProblemLine {
    row: usize,
    column: String,
    message: String,
}

/// One duplicate, in the page's language, with the record it looks like.
struct DuplicateLine {
    row: usize,
    text: String,
    person: Option<Uuid>,
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    chrome: Chrome,
    file: ImportView,
    fields: Vec<FieldChoice>,
    problems: Vec<ProblemLine>,
    duplicates: Vec<DuplicateLine>,
    error: Option<String>,
}

fn duplicate_words(t: super::i18n::Tr, d: &DuplicateFinding) -> String {
    match d.same_as_row {
        Some(r) => t.with("import-duplicate-row", "arg", &r.to_string()),
        None => t.get("import-duplicate-person"),
    }
}

async fn import_page(
    state: &AppState,
    signed: &Signed,
    staff: OfficeStaff,
    id: Uuid,
    error: Option<String>,
) -> Result<ImportPage, PageError> {
    let t = signed.chrome.t;
    let id = id.to_string();
    let row = state
        .db
        .run(move |c| imports::load(c, &staff, &id))
        .await
        .map_err(signed.fail())?;
    let file = ImportView::from_row(row).map_err(signed.fail())?;
    let fields = Target::ALL
        .into_iter()
        .map(|f| FieldChoice {
            code: f.code(),
            label: t.get(&format!("import-field-{}", f.code().replace('_', "-"))),
            required: Target::REQUIRED.contains(&f),
            column: file.mapping.get(&f).cloned().unwrap_or_default(),
        })
        .collect();
    let (problems, duplicates) = match &file.report {
        Some(r) => (
            r.problems
                .iter()
                .take(SHOWN)
                .map(|p| ProblemLine {
                    row: p.row,
                    column: p.column.clone(),
                    message: translate(t, &p.message),
                })
                .collect(),
            r.duplicates
                .iter()
                .map(|d| DuplicateLine {
                    row: d.row,
                    text: duplicate_words(t, d),
                    person: d.migrant_id,
                })
                .collect(),
        ),
        None => (Vec::new(), Vec::new()),
    };
    Ok(ImportPage {
        chrome: signed.chrome.clone(),
        file,
        fields,
        problems,
        duplicates,
        error,
    })
}

/// `GET /imports/{id}`: the mapping, the last check and the import.
pub async fn show(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, PageError> {
    let staff: OfficeStaff = signed.grant(&state).await?;
    let p = import_page(&state, &signed, staff, id.into_inner(), None).await?;
    Ok(render(StatusCode::OK, &p))
}

async fn refused(
    state: &AppState,
    signed: &Signed,
    staff: OfficeStaff,
    id: Uuid,
    e: AppError,
) -> Result<HttpResponse, PageError> {
    let t = signed.chrome.t;
    let (status, text) = match e {
        AppError::Unprocessable(errors) if errors.iter().any(|f| f.field.starts_with("rows[")) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            t.get("import-refused-all-or-nothing"),
        ),
        AppError::Unprocessable(errors) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            errors
                .iter()
                .map(|f| {
                    format!(
                        "{} : {}",
                        t.get(&format!("import-field-{}", f.field.replace('_', "-"))),
                        translate(t, &f.message)
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
        ),
        other => refusal(other).map_err(signed.fail())?,
    };
    let p = import_page(state, signed, staff, id, Some(text)).await?;
    Ok(render(status, &p))
}

/// The mapping the form describes (an unknown field is refused).
fn mapping_of(pairs: &Pairs) -> Result<Mapping, AppError> {
    let known: Vec<&str> = Target::ALL.iter().map(|t| t.code()).collect();
    let errors = unknown(pairs, &known);
    if !errors.is_empty() {
        return Err(AppError::Unprocessable(errors));
    }
    Ok(Target::ALL
        .into_iter()
        .filter_map(|t| Some((t, text(pairs, t.code())?)))
        .collect())
}

/// `POST /imports/{id}/mapping`: saves the mapping and checks every row.
pub async fn mapping(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
    form: Form<Pairs>,
) -> Result<HttpResponse, PageError> {
    let staff: OfficeStaff = signed.allow(&state, &form).await?;
    let id = id.into_inner();
    let (by, key) = (staff.clone(), id.to_string());
    let checked = match mapping_of(&form.fields) {
        Ok(m) => {
            state
                .db
                .run(move |c| {
                    imports::set_mapping(c, &by, &key, m)?;
                    imports::dry_run(c, &by, &key)
                })
                .await
        }
        Err(e) => Err(e),
    };
    match checked {
        Ok(report) => {
            let to = format!("/imports/{id}");
            super::notice::then(
                &state,
                &signed,
                "notice-import-checked",
                Some(report.problem_count.to_string()),
                &to,
            )
            .await
        }
        Err(e) => refused(&state, &signed, staff, id, e).await,
    }
}

/// `POST /imports/{id}/run`: imports all or nothing, or row by row.
pub async fn run(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
    form: Form<Pairs>,
) -> Result<HttpResponse, PageError> {
    let staff: OfficeStaff = signed.allow(&state, &form).await?;
    let id = id.into_inner();
    let errors = unknown(&form.fields, &["mode", "import_duplicates"]);
    let mode = match text(&form.fields, "mode").as_deref() {
        Some("row_by_row") => ImportMode::RowByRow,
        _ => ImportMode::AllOrNothing,
    };
    let how = RunImport {
        mode,
        import_duplicates: text(&form.fields, "import_duplicates").is_some(),
    };
    let (by, key) = (staff.clone(), id.to_string());
    let done = if errors.is_empty() {
        state.db.run(move |c| imports::run(c, &by, &key, how)).await
    } else {
        Err(AppError::Unprocessable(errors))
    };
    match done {
        Ok(report) => {
            let to = format!("/imports/{id}");
            super::notice::then(
                &state,
                &signed,
                "notice-import-done",
                Some(report.created.to_string()),
                &to,
            )
            .await
        }
        Err(e) => refused(&state, &signed, staff, id, e).await,
    }
}

/// `POST /imports/{id}/discard`: gives the import up (its file is deleted).
pub async fn discard(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
    form: Form<Pairs>,
) -> Result<HttpResponse, PageError> {
    let staff: OfficeStaff = signed.allow(&state, &form).await?;
    let id = id.into_inner();
    let (by, key) = (staff.clone(), id.to_string());
    match state.db.run(move |c| imports::discard(c, &by, &key)).await {
        Ok(_) => super::notice::then(&state, &signed, "notice-import-discarded", None, "/imports").await,
        Err(e) => refused(&state, &signed, staff, id, e).await,
    }
}

/// `GET /imports/{id}/report.csv`: every problem and duplicate, in the
/// page's language.
pub async fn report(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, PageError> {
    let staff: OfficeStaff = signed.grant(&state).await?;
    let t = signed.chrome.t;
    let key = id.into_inner().to_string();
    let report = state
        .db
        .run(move |c| imports::stored_report(c, &staff, &key))
        .await
        .map_err(signed.fail())?;
    let body = imports::report_csv(&report, |m| translate(t, m), |d| duplicate_words(t, d));
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"import-report.csv\"",
        ))
        .body(format!("\u{FEFF}{body}")))
}
