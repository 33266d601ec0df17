//! How a row of a list names who it is about: the person's name and the
//! case number, as the viewer may see them (the office: its own records;
//! a partner: what the referral shares).

use crate::casefile::read::Who;
use crate::referral::view::ReferralView;

/// The person a referral is about: for the office, the name on its record;
/// for the addressed partner, the names the referral shares (none once
/// consent is withdrawn).
pub fn referred(r: &ReferralView, who: &Who) -> String {
    if let Some(person) = r.migrant.as_ref() {
        return person
            .as_ref()
            .map(|p| {
                crate::domain::name::full_name(&p.given_name, p.family_name.as_deref().unwrap_or_default())
            })
            .unwrap_or_default();
    }
    r.migrant_id
        .map(|m| who.name_of(&m).to_string())
        .unwrap_or_default()
}

/// The case number of a referral, for the office (partners see none).
pub fn case_number(r: &ReferralView, who: &Who) -> String {
    r.case_id
        .map(|k| who.number_of(&k).to_string())
        .unwrap_or_default()
}
