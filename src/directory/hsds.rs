//! Open Referral HSDS 3.0: the directory exported as organization objects
//! with nested services, and imported from the same shape (create or update
//! by id). Our `service_type` code travels in the service's `alternate_name`.

use crate::auth::capability::Administrator;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::organizations::{self, fields_of};
use crate::db::{DbConn, write_tx};
use crate::domain::organization::{OrganizationFields, ValidOrganization};
use crate::domain::reference::{ORGANIZATION_KIND, SERVICE_TYPE};
use crate::error::{AppError, FieldError};
use crate::store;
use crate::store::organization::OrganizationRow;

/// A stable UUID (version 8) derived from names, for HSDS child ids.
fn derived_id(parts: &[&str]) -> String {
    let digest = Sha256::digest(parts.join("/").as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&digest[..16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    uuid::Uuid::from_bytes(b).to_string()
}

/// The organisation's description, or (HSDS requires one) a sentence made
/// from its kind and the labels of its services when it has none.
fn description_of(row: &OrganizationRow, services: &[String]) -> String {
    if !row.description.trim().is_empty() {
        return row.description.clone();
    }
    let kind = ORGANIZATION_KIND
        .codes
        .iter()
        .find(|c| c.code == row.kind)
        .map_or(row.kind.as_str(), |c| c.en);
    let labels: Vec<&str> = services
        .iter()
        .map(|code| {
            SERVICE_TYPE
                .codes
                .iter()
                .find(|c| c.code == code)
                .map_or(code.as_str(), |c| c.en)
        })
        .collect();
    if labels.is_empty() {
        kind.to_string()
    } else {
        format!("{kind}: {}", labels.join(", "))
    }
}

/// One organisation as an HSDS organization object.
pub fn to_hsds(row: &OrganizationRow) -> Result<Value, AppError> {
    let services: Vec<String> = row.services.to_vec();
    let languages: Vec<String> = row.languages.to_vec();
    let status = match (row.active, row.has_capacity) {
        (false, _) => "inactive",
        (true, false) => "temporarily closed",
        (true, true) => "active",
    };
    let mut org = json!({
        "id": row.id,
        "name": row.name,
        "description": description_of(row, &services),
        "services": services.iter().map(|code| {
            let label = SERVICE_TYPE.codes.iter().find(|c| c.code == code).map_or(code.as_str(), |c| c.en);
            let mut s = json!({
                "id": derived_id(&[&row.id, "service", code]),
                "organization_id": row.id,
                "name": label,
                "alternate_name": code,
                "description": format!("{label} — {}", row.name),
                "status": status,
                "languages": languages.iter().map(|l| json!({"id": derived_id(&[&row.id, code, "language", l]), "code": l})).collect::<Vec<_>>(),
            });
            if let Some(e) = &row.contact_email {
                s["email"] = json!(e);
            }
            s
        }).collect::<Vec<_>>(),
    });
    if let Some(a) = &row.acronym {
        org["alternate_name"] = json!(a);
    }
    if let Some(e) = &row.contact_email {
        org["email"] = json!(e);
    }
    if let Some(w) = &row.website {
        org["website"] = json!(w);
    }
    if let Some(p) = &row.contact_phone {
        org["phones"] = json!([{"id": derived_id(&[&row.id, "phone"]), "number": p}]);
    }
    Ok(org)
}

/// What an import did.
#[derive(Debug, Clone, Default, serde::Serialize, utoipa::ToSchema)]
pub struct ImportReport {
    /// Organisations created.
    pub created: usize,
    /// Organisations updated.
    pub updated: usize,
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

/// Reads one HSDS organization into our fields (`current` supplies what HSDS
/// does not carry: kind, offices served, capacity, webhook).
fn from_hsds(
    v: &Value,
    i: usize,
    current: Option<OrganizationFields>,
) -> Result<ValidOrganization, Vec<FieldError>> {
    let mut e = Vec::new();
    let at = |f: &str| format!("[{i}].{f}");
    let mut f = current.unwrap_or(OrganizationFields {
        kind: "association".into(),
        active: true,
        has_capacity: true,
        ..Default::default()
    });
    match text(v, "name") {
        Some(n) => f.name = n,
        None => e.push(FieldError::new(at("name"), "is required")),
    }
    match text(v, "description") {
        Some(d) => f.description = d,
        None => e.push(FieldError::new(at("description"), "is required")),
    }
    f.acronym = text(v, "alternate_name");
    f.contact_email = text(v, "email");
    f.website = text(v, "website");
    f.contact_phone = v
        .get("phones")
        .and_then(|p| p.get(0))
        .and_then(|p| text(p, "number"));
    let mut services = Vec::new();
    let mut languages = Vec::new();
    let mut any_active = false;
    for (j, s) in v
        .get("services")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let code = text(s, "alternate_name")
            .filter(|c| SERVICE_TYPE.contains(c))
            .or_else(|| {
                let name = text(s, "name").unwrap_or_default().to_lowercase();
                SERVICE_TYPE
                    .codes
                    .iter()
                    .find(|c| c.en.to_lowercase() == name || c.fr.to_lowercase() == name)
                    .map(|c| c.code.to_string())
            });
        match code {
            Some(c) => services.push(c),
            None => e.push(FieldError::new(
                at(&format!("services[{j}].alternate_name")),
                SERVICE_TYPE.not_in_list(),
            )),
        }
        if text(s, "status").as_deref() == Some("active") {
            any_active = true;
        }
        for l in s
            .get("languages")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
        {
            if let Some(code) = text(&l, "code") {
                languages.push(code);
            }
        }
    }
    f.services = services;
    if !languages.is_empty() {
        languages.sort();
        languages.dedup();
        f.languages = languages;
    }
    f.has_capacity = any_active || f.services.is_empty();
    if !e.is_empty() {
        return Err(e);
    }
    f.validate().map_err(|errs| {
        errs.into_iter()
            .map(|x| FieldError::new(at(&x.field), x.message))
            .collect()
    })
}

/// Creates or updates organisations from an HSDS list, all or nothing.
pub fn import(c: &mut DbConn, caller: &Administrator, items: &[Value]) -> Result<ImportReport, AppError> {
    write_tx(c, |c| {
        let mut report = ImportReport::default();
        let mut errors = Vec::new();
        for (i, v) in items.iter().enumerate() {
            let Some(id) = text(v, "id")
                .and_then(|s| uuid::Uuid::parse_str(&s).ok())
                .map(|u| u.to_string())
            else {
                errors.push(FieldError::new(format!("[{i}].id"), "must be a UUID"));
                continue;
            };
            match store::organization::find(c, &id)? {
                Some(row) => match from_hsds(v, i, Some(fields_of(&row)?)) {
                    Ok(fields) => {
                        organizations::update(c, &caller.clone().into(), &id, None, false, |_| {
                            fields.into_fields()
                        })?;
                        report.updated += 1;
                    }
                    Err(e) => errors.extend(e),
                },
                None => match from_hsds(v, i, None) {
                    Ok(fields) => {
                        organizations::create(c, caller, fields, Some(id))?;
                        report.created += 1;
                    }
                    Err(e) => errors.extend(e),
                },
            }
        }
        if errors.is_empty() {
            Ok(report)
        } else {
            Err(AppError::Unprocessable(errors))
        }
    })
}
