//! A partner organisation's directory entry: what is valid.

use super::name::{clean_email, clean_name};
use super::reference::{ORGANIZATION_KIND, SERVICE_TYPE};
use crate::error::FieldError;

/// The fields of a directory entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrganizationFields {
    /// Name.
    pub name: String,
    /// Acronym.
    pub acronym: Option<String>,
    /// `organization_kind` code.
    pub kind: String,
    /// What it does.
    pub description: String,
    /// `service_type` codes offered.
    pub services: Vec<String>,
    /// Offices served (ids; checked against the offices by the caller).
    pub offices_served: Vec<String>,
    /// ISO 639 codes.
    pub languages: Vec<String>,
    /// Contact email.
    pub contact_email: Option<String>,
    /// Contact phone.
    pub contact_phone: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Website.
    pub website: Option<String>,
    /// Takes referrals at all.
    pub active: bool,
    /// Takes new referrals now.
    pub has_capacity: bool,
    /// Webhook endpoint.
    pub webhook_url: Option<String>,
}

fn trimmed(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// An entry whose every field was normalised and checked: the only thing
/// the directory's services store (built by `OrganizationFields::validate`).
#[derive(Debug, Clone)]
pub struct ValidOrganization(OrganizationFields);

impl ValidOrganization {
    /// The checked fields.
    pub fn fields(&self) -> &OrganizationFields {
        &self.0
    }

    /// The checked fields, to store.
    pub fn into_fields(self) -> OrganizationFields {
        self.0
    }
}

impl OrganizationFields {
    /// Normalises and checks every field (webhooks: public https only).
    pub fn validate(self) -> Result<ValidOrganization, Vec<FieldError>> {
        self.validate_with(false)
    }

    /// Like `validate`; `allow_private` (`webhook_allow_private`, tests
    /// only) lets the webhook reach private addresses and plain http.
    pub fn validate_with(mut self, allow_private: bool) -> Result<ValidOrganization, Vec<FieldError>> {
        let mut e = Vec::new();
        self.name = clean_name("name", &self.name, &mut e);
        self.acronym = trimmed(self.acronym.take());
        if let Some(a) = &self.acronym {
            super::name::check_controls("acronym", a, &mut e);
        }
        if self.acronym.as_ref().is_some_and(|a| a.chars().count() > 30) {
            e.push(FieldError::new("acronym", "must be at most 30 characters"));
        }
        if !ORGANIZATION_KIND.contains(&self.kind) {
            e.push(FieldError::new("kind", ORGANIZATION_KIND.not_in_list()));
        }
        self.description = self.description.trim().to_string();
        if self.description.chars().count() > 2000 {
            e.push(FieldError::new("description", "must be at most 2000 characters"));
        }
        for (i, s) in self.services.iter().enumerate() {
            if !SERVICE_TYPE.contains(s) {
                e.push(FieldError::new(
                    format!("services[{i}]"),
                    SERVICE_TYPE.not_in_list(),
                ));
            }
        }
        self.services.sort();
        self.services.dedup();
        self.offices_served.sort();
        self.offices_served.dedup();
        for (i, l) in self.languages.iter_mut().enumerate() {
            *l = l.trim().to_lowercase();
            if !(2..=3).contains(&l.len()) || !l.chars().all(|c| c.is_ascii_lowercase()) {
                e.push(FieldError::new(
                    format!("languages[{i}]"),
                    "must be an ISO 639 code, e.g. fr, ar, wo",
                ));
            }
        }
        self.languages.dedup();
        self.contact_email =
            trimmed(self.contact_email.take()).map(|m| clean_email("contact_email", &m, &mut e));
        self.contact_phone = trimmed(self.contact_phone.take());
        if let Some(p) = &self.contact_phone {
            let digits = p.chars().filter(char::is_ascii_digit).count();
            if !(6..=20).contains(&digits) || !p.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c)) {
                e.push(FieldError::new(
                    "contact_phone",
                    "must be a phone number of 6 to 20 digits",
                ));
            }
        }
        self.address = trimmed(self.address.take());
        if self.address.as_ref().is_some_and(|a| a.chars().count() > 500) {
            e.push(FieldError::new("address", "must be at most 500 characters"));
        }
        self.website = trimmed(self.website.take());
        if let Some(w) = &self.website
            && (!(w.starts_with("https://") || w.starts_with("http://")) || w.len() > 300)
        {
            e.push(FieldError::new("website", "must be an http(s) URL"));
        }
        self.webhook_url = trimmed(self.webhook_url.take());
        if let Some(w) = &self.webhook_url {
            if w.len() > 500 {
                e.push(FieldError::new("webhook_url", "must be at most 500 characters"));
            } else if let Err(why) = super::outbound::check_url(w, allow_private) {
                e.push(FieldError::new("webhook_url", why));
            }
        }
        if e.is_empty() {
            Ok(ValidOrganization(self))
        } else {
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_entry_is_checked_field_by_field() {
        let f = OrganizationFields {
            name: " ".into(),
            kind: "club".into(),
            description: "x".repeat(2001),
            services: vec!["yoga".into()],
            contact_email: Some("nope".into()),
            ..Default::default()
        };
        let fields: Vec<String> = f.validate().unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            ["name", "kind", "description", "services[0]", "contact_email"]
        );
    }
}
