//! What a spreadsheet's columns mean (the mapping) and each row read as a
//! registration: the person's fields, the data-registration consent given
//! on paper with its date, an open case, a past service. Values are read
//! the way offices write them: codes or labels in French, Arabic or
//! English (`F`, `femme`, `أنثى`), countries and languages by name, dates
//! as `dd/mm/yyyy`, `yyyy-mm-dd` or workbook dates. Validation is the
//! registration's own (`MigrantFields::validate`); every problem is
//! reported with the column it came from.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::sheet::{Cell, Sheet, SheetRow, serial_date};
use crate::domain::migrant::{MigrantFields, ValidMigrant, legal_status_or_unknown};
use crate::domain::name_key::fold;
use crate::domain::reference::{CodeList, LEGAL_STATUS, SERVICE_TYPE, SEX, VULNERABILITY};

/// A field a column can fill.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// Given name(s) (required).
    GivenName,
    /// Family name(s) (required).
    FamilyName,
    /// Full name in Arabic script.
    NameAr,
    /// Sex (required): code or word.
    Sex,
    /// Birth date.
    BirthDate,
    /// Birth year.
    BirthYear,
    /// Nationality: code or country name.
    Nationality,
    /// Spoken languages, separated by `,` or `;`.
    Languages,
    /// Phone.
    Phone,
    /// District of residence.
    District,
    /// `legal_status` code or label.
    LegalStatus,
    /// `vulnerability` codes or labels, separated by `,` or `;`.
    Vulnerabilities,
    /// Arrival in the country.
    ArrivalDate,
    /// Data-registration consent given (yes/no).
    DataConsent,
    /// The day that consent was given on paper.
    ConsentDate,
    /// Open a case (yes/no).
    OpenCase,
    /// A service received: `service_type` code or label.
    ServiceType,
    /// The day of that service.
    ServiceDate,
}

impl Target {
    /// Every field, in the order a mapping screen shows them.
    pub const ALL: [Target; 18] = [
        Target::FamilyName,
        Target::GivenName,
        Target::NameAr,
        Target::Sex,
        Target::BirthDate,
        Target::BirthYear,
        Target::Nationality,
        Target::Languages,
        Target::Phone,
        Target::District,
        Target::LegalStatus,
        Target::Vulnerabilities,
        Target::ArrivalDate,
        Target::DataConsent,
        Target::ConsentDate,
        Target::OpenCase,
        Target::ServiceType,
        Target::ServiceDate,
    ];

    /// The fields a mapping must give a column.
    pub const REQUIRED: [Target; 3] = [Target::FamilyName, Target::GivenName, Target::Sex];

    /// The API's name of the field (as in the mapping's JSON).
    pub fn code(self) -> &'static str {
        match self {
            Target::GivenName => "given_name",
            Target::FamilyName => "family_name",
            Target::NameAr => "name_ar",
            Target::Sex => "sex",
            Target::BirthDate => "birth_date",
            Target::BirthYear => "birth_year",
            Target::Nationality => "nationality",
            Target::Languages => "languages",
            Target::Phone => "phone",
            Target::District => "district",
            Target::LegalStatus => "legal_status",
            Target::Vulnerabilities => "vulnerabilities",
            Target::ArrivalDate => "arrival_date",
            Target::DataConsent => "data_consent",
            Target::ConsentDate => "consent_date",
            Target::OpenCase => "open_case",
            Target::ServiceType => "service_type",
            Target::ServiceDate => "service_date",
        }
    }

    fn of_code(code: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.code() == code)
    }

    /// Column names (folded) offices use for the field, in French,
    /// English and Arabic.
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Target::GivenName => &[
                "prenom",
                "prenoms",
                "given name",
                "first name",
                "firstname",
                "الاسم الشخصي",
                "الاسم",
            ],
            Target::FamilyName => &[
                "nom",
                "nom de famille",
                "family name",
                "last name",
                "surname",
                "lastname",
                "اللقب",
                "النسب",
                "الاسم العائلي",
            ],
            Target::NameAr => &[
                "nom en arabe",
                "nom arabe",
                "name in arabic",
                "arabic name",
                "الاسم بالعربية",
                "الاسم الكامل بالعربية",
            ],
            Target::Sex => &["sexe", "sex", "genre", "gender", "الجنس"],
            Target::BirthDate => &[
                "date de naissance",
                "ne le",
                "nee le",
                "ne e le",
                "birth date",
                "date of birth",
                "dob",
                "تاريخ الازدياد",
                "تاريخ الميلاد",
            ],
            Target::BirthYear => &[
                "annee de naissance",
                "birth year",
                "year of birth",
                "سنة الازدياد",
                "سنة الميلاد",
            ],
            Target::Nationality => &[
                "nationalite",
                "nationality",
                "pays",
                "pays d origine",
                "country",
                "الجنسية",
            ],
            Target::Languages => &["langues", "langue", "languages", "language", "اللغات", "اللغة"],
            Target::Phone => &["telephone", "tel", "phone", "mobile", "gsm", "الهاتف"],
            Target::District => &[
                "quartier",
                "district",
                "commune",
                "arrondissement",
                "neighbourhood",
                "الحي",
            ],
            Target::LegalStatus => &[
                "statut",
                "statut legal",
                "statut juridique",
                "situation administrative",
                "legal status",
                "status",
                "الوضعية القانونية",
            ],
            Target::Vulnerabilities => &[
                "vulnerabilites",
                "vulnerabilite",
                "vulnerabilities",
                "vulnerability",
                "الهشاشة",
            ],
            Target::ArrivalDate => &[
                "date d arrivee",
                "arrivee",
                "arrival date",
                "arrival",
                "تاريخ الوصول",
            ],
            Target::DataConsent => &[
                "consentement",
                "consentement donnees",
                "consent",
                "data consent",
                "الموافقة",
            ],
            Target::ConsentDate => &[
                "date du consentement",
                "date consentement",
                "consent date",
                "تاريخ الموافقة",
            ],
            Target::OpenCase => &["dossier ouvert", "dossier", "open case", "case open", "ملف مفتوح"],
            Target::ServiceType => &[
                "service",
                "type de service",
                "service type",
                "prestation",
                "الخدمة",
            ],
            Target::ServiceDate => &[
                "date du service",
                "date de service",
                "date prestation",
                "service date",
                "تاريخ الخدمة",
            ],
        }
    }
}

/// Which column fills which field (`{"family_name": "Nom", …}`).
pub type Mapping = BTreeMap<Target, String>;

/// A mapping as a request body: each field's column, or nothing.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MappingBody {
    /// The column for `family_name`.
    pub family_name: Option<String>,
    /// The column for `given_name`.
    pub given_name: Option<String>,
    /// The column for `name_ar`.
    pub name_ar: Option<String>,
    /// The column for `sex`.
    pub sex: Option<String>,
    /// The column for `birth_date`.
    pub birth_date: Option<String>,
    /// The column for `birth_year`.
    pub birth_year: Option<String>,
    /// The column for `nationality`.
    pub nationality: Option<String>,
    /// The column for `languages`.
    pub languages: Option<String>,
    /// The column for `phone`.
    pub phone: Option<String>,
    /// The column for `district`.
    pub district: Option<String>,
    /// The column for `legal_status`.
    pub legal_status: Option<String>,
    /// The column for `vulnerabilities`.
    pub vulnerabilities: Option<String>,
    /// The column for `arrival_date`.
    pub arrival_date: Option<String>,
    /// The column for `data_consent`.
    pub data_consent: Option<String>,
    /// The column for `consent_date`.
    pub consent_date: Option<String>,
    /// The column for `open_case`.
    pub open_case: Option<String>,
    /// The column for `service_type`.
    pub service_type: Option<String>,
    /// The column for `service_date`.
    pub service_date: Option<String>,
}

impl MappingBody {
    /// The mapping (fields given an empty column are left out).
    pub fn into_mapping(self) -> Mapping {
        let pairs = [
            ("family_name", self.family_name),
            ("given_name", self.given_name),
            ("name_ar", self.name_ar),
            ("sex", self.sex),
            ("birth_date", self.birth_date),
            ("birth_year", self.birth_year),
            ("nationality", self.nationality),
            ("languages", self.languages),
            ("phone", self.phone),
            ("district", self.district),
            ("legal_status", self.legal_status),
            ("vulnerabilities", self.vulnerabilities),
            ("arrival_date", self.arrival_date),
            ("data_consent", self.data_consent),
            ("consent_date", self.consent_date),
            ("open_case", self.open_case),
            ("service_type", self.service_type),
            ("service_date", self.service_date),
        ];
        pairs
            .into_iter()
            .filter_map(|(k, v)| Some((Target::of_code(k)?, v?)))
            .filter(|(_, v)| !v.trim().is_empty())
            .collect()
    }
}

/// The mapping to start from for `columns`: the office's saved mapping
/// where its columns are in the file, then each unmapped field to the
/// column whose name is one of its usual names.
pub fn suggest(columns: &[String], saved: &Mapping) -> Mapping {
    let mut mapping: Mapping = saved
        .iter()
        .filter(|(_, col)| columns.contains(col))
        .map(|(t, c)| (*t, c.clone()))
        .collect();
    for t in Target::ALL {
        if mapping.contains_key(&t) {
            continue;
        }
        let found = columns.iter().find(|c| {
            let h = fold(c);
            t.synonyms().iter().any(|s| fold(s) == h) && !mapping.values().any(|m| m == *c)
        });
        if let Some(c) = found {
            mapping.insert(t, c.clone());
        }
    }
    mapping
}

/// A problem with a mapping (the field's code and what is wrong).
pub fn check_mapping(mapping: &Mapping, columns: &[String]) -> Vec<(String, String)> {
    let mut e = Vec::new();
    for t in Target::REQUIRED {
        if !mapping.contains_key(&t) {
            e.push((t.code().to_string(), "is required".to_string()));
        }
    }
    for (t, c) in mapping {
        if !columns.contains(c) {
            e.push((t.code().to_string(), "names no column of the file".to_string()));
        } else if mapping.iter().any(|(o, oc)| o < t && oc == c) {
            e.push((t.code().to_string(), "uses a column already mapped".to_string()));
        }
    }
    e
}

/// One problem of one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RowProblem {
    /// The row's line in the file.
    pub row: usize,
    /// The column the value came from (empty when it concerns the row).
    pub column: String,
    /// The field.
    pub field: String,
    /// What is wrong (English; pages translate it).
    pub message: String,
}

/// A row read as a registration.
#[derive(Debug, Clone)]
pub struct ImportRow {
    /// The row's line in the file.
    pub line: usize,
    /// The person, validated.
    pub person: ValidMigrant,
    /// The data-registration consent: given or not, and the day on paper.
    pub data_consent: Option<(bool, Option<NaiveDate>)>,
    /// Open a case.
    pub open_case: bool,
    /// A service received: type and day.
    pub service: Option<(String, NaiveDate)>,
    /// Stable for the same values: the same row imported twice is found.
    pub key: String,
}

fn formula(text: &str) -> bool {
    text.starts_with('=') && text.len() > 1
}

/// A date as offices write it.
pub fn parse_date(cell: &Cell) -> Result<Option<NaiveDate>, &'static str> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Date(d) => Ok(Some(*d)),
        Cell::Number(n) if *n > 3000.0 => serial_date(*n).map(Some).ok_or("must be a date (dd/mm/yyyy)"),
        Cell::Error(_) => Err("is an error in the spreadsheet"),
        other => {
            let t = other.text();
            if t.is_empty() {
                return Ok(None);
            }
            let t = t.split(['T', ' ']).next().unwrap_or(&t);
            for f in ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d"] {
                if let Ok(d) = NaiveDate::parse_from_str(t, f) {
                    return Ok(Some(d));
                }
            }
            Err("must be a date (dd/mm/yyyy)")
        }
    }
}

fn code_of(list: &CodeList, word: &str) -> Option<&'static str> {
    let w = fold(word.trim());
    list.codes
        .iter()
        .find(|c| {
            c.code == w
                || fold(c.fr) == w
                || fold(c.en) == w
                || fold(c.ar) == w
                || c.standard.is_some_and(|s| fold(s) == w)
                || c.code.replace('_', " ") == w
        })
        .map(|c| c.code)
}

/// A sex as offices write it: the list's codes and labels, and the other
/// usual words.
fn sex_code(word: &str) -> Option<&'static str> {
    code_of(&SEX, word).or(match fold(word.trim()).as_str() {
        "feminin" | "femmes" | "woman" | "w" | "fille" | "girl" | "امرأة" | "انثى" | "بنت" => {
            Some("female")
        }
        "masculin" | "hommes" | "man" | "garcon" | "boy" | "رجل" | "ولد" => Some("male"),
        _ => None,
    })
}

fn yes_no(text: &str) -> Option<bool> {
    match fold(text.trim()).as_str() {
        "" => None,
        "oui" | "yes" | "y" | "o" | "x" | "1" | "true" | "vrai" | "نعم" => Some(true),
        "non" | "no" | "n" | "0" | "false" | "faux" | "لا" => Some(false),
        _ => None,
    }
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split([',', ';', '|', '/', '،', '\n'])
        .map(str::trim)
        .filter(|w| !w.is_empty())
}

/// A row's values, the column each came from, and its problems.
struct Reader<'a> {
    sheet: &'a Sheet,
    mapping: &'a Mapping,
    row: &'a SheetRow,
    problems: Vec<RowProblem>,
}

impl Reader<'_> {
    fn cell(&self, t: Target) -> Cell {
        self.mapping
            .get(&t)
            .and_then(|c| self.sheet.columns.iter().position(|x| x == c))
            .and_then(|i| self.row.cells.get(i).cloned())
            .unwrap_or(Cell::Empty)
    }

    fn problem(&mut self, t: Target, message: impl Into<String>) {
        let column = self.mapping.get(&t).cloned().unwrap_or_default();
        self.problems.push(RowProblem {
            row: self.row.line,
            column,
            field: t.code().to_string(),
            message: message.into(),
        });
    }

    fn text(&mut self, t: Target) -> Option<String> {
        let cell = self.cell(t);
        if let Cell::Error(e) = &cell {
            self.problem(t, format!("is an error in the spreadsheet ({e})"));
            return None;
        }
        let text = cell.text();
        if formula(&text) {
            self.problem(t, "is a formula, not a value");
            return None;
        }
        Some(text).filter(|t| !t.is_empty())
    }

    fn date(&mut self, t: Target) -> Option<NaiveDate> {
        match parse_date(&self.cell(t)) {
            Ok(d) => d,
            Err(m) => {
                self.problem(t, m);
                None
            }
        }
    }

    fn code(&mut self, t: Target, list: &CodeList) -> Option<String> {
        let text = self.text(t)?;
        match code_of(list, &text) {
            Some(c) => Some(c.to_string()),
            None => {
                self.problem(t, list.not_in_list());
                None
            }
        }
    }

    fn flag(&mut self, t: Target) -> Option<bool> {
        let text = self.text(t)?;
        let v = yes_no(&text);
        if v.is_none() {
            self.problem(t, "must be yes or no");
        }
        v
    }
}

/// Reads one row with `mapping`; every problem of the row is returned.
pub fn read_row(
    sheet: &Sheet,
    mapping: &Mapping,
    row: &SheetRow,
    today: NaiveDate,
) -> Result<ImportRow, Vec<RowProblem>> {
    let mut r = Reader {
        sheet,
        mapping,
        row,
        problems: Vec::new(),
    };
    let given_name = r.text(Target::GivenName).unwrap_or_default();
    let family_name = r.text(Target::FamilyName).unwrap_or_default();
    let name_ar = r.text(Target::NameAr);
    let sex = match r.text(Target::Sex) {
        Some(s) => sex_code(&s).map(str::to_string).unwrap_or(s),
        None => String::new(),
    };
    let birth_date = r.date(Target::BirthDate);
    let birth_year = match r.text(Target::BirthYear) {
        Some(y) => match y.parse::<i32>() {
            Ok(y) => Some(y),
            Err(_) => {
                r.problem(Target::BirthYear, "must be a year, e.g. 1990");
                None
            }
        },
        None => None,
    };
    let nationality = match r.text(Target::Nationality) {
        Some(n) => match crate::web::display_names::country_code(&n) {
            Some(code) => Some(code.to_string()),
            None => {
                r.problem(Target::Nationality, "names no country");
                None
            }
        },
        None => None,
    };
    let mut languages = Vec::new();
    if let Some(l) = r.text(Target::Languages) {
        for w in words(&l) {
            match crate::web::display_names::language_code(w) {
                Some(code) if !languages.contains(&code) => languages.push(code),
                Some(_) => {}
                None => r.problem(Target::Languages, format!("names no language: {w}")),
            }
        }
    }
    let phone = r.text(Target::Phone);
    let district = r.text(Target::District);
    let legal_status = legal_status_or_unknown(r.code(Target::LegalStatus, &LEGAL_STATUS));
    let mut vulnerabilities = Vec::new();
    if let Some(v) = r.text(Target::Vulnerabilities) {
        for w in words(&v) {
            match code_of(&VULNERABILITY, w) {
                Some(code) if !vulnerabilities.iter().any(|x| x == code) => {
                    vulnerabilities.push(code.to_string())
                }
                Some(_) => {}
                None => r.problem(Target::Vulnerabilities, VULNERABILITY.not_in_list()),
            }
        }
    }
    let arrival_date = r.date(Target::ArrivalDate);
    let consent = r.flag(Target::DataConsent);
    let consent_date = r.date(Target::ConsentDate);
    if consent_date.is_some_and(|d| d > today) {
        r.problem(Target::ConsentDate, "must not be in the future");
    }
    let open_case = r.flag(Target::OpenCase).unwrap_or(false);
    let service_type = r.code(Target::ServiceType, &SERVICE_TYPE);
    let service_date = r.date(Target::ServiceDate);
    let service = match (service_type, service_date) {
        (Some(t), Some(d)) if d <= today => Some((t, d)),
        (Some(_), Some(_)) => {
            r.problem(Target::ServiceDate, "must not be in the future");
            None
        }
        (Some(_), None) => {
            r.problem(Target::ServiceDate, "is required");
            None
        }
        (None, _) => None,
    };
    let fields = MigrantFields {
        given_name,
        family_name,
        name_ar,
        sex,
        birth_date,
        birth_year,
        nationality,
        languages,
        phone,
        district,
        legal_status,
        vulnerabilities,
        arrival_date,
        ..MigrantFields::default()
    };
    let mut problems = r.problems;
    let person = match fields.validate(today) {
        Ok(p) => Some(p),
        Err(errors) => {
            for e in errors {
                let t = Target::of_code(e.field.split(['.', '[']).next().unwrap_or(&e.field));
                let column = t.and_then(|t| mapping.get(&t).cloned()).unwrap_or_default();
                if !problems.iter().any(|p| p.field == e.field) {
                    problems.push(RowProblem {
                        row: row.line,
                        column,
                        field: e.field,
                        message: e.message,
                    });
                }
            }
            None
        }
    };
    match person {
        Some(person) if problems.is_empty() => Ok(ImportRow {
            line: row.line,
            person,
            data_consent: consent.map(|g| (g, consent_date)),
            open_case,
            service,
            key: row_key(sheet, mapping, row),
        }),
        _ => Err(problems),
    }
}

/// A digest of the mapped values of a row: the same values give the same
/// key, whatever the file's name, column order or other columns.
fn row_key(sheet: &Sheet, mapping: &Mapping, row: &SheetRow) -> String {
    let mut h = Sha256::new();
    for (t, col) in mapping {
        let v = sheet
            .columns
            .iter()
            .position(|c| c == col)
            .and_then(|i| row.cells.get(i))
            .map(Cell::text)
            .unwrap_or_default();
        h.update(t.code().as_bytes());
        h.update([0x1f]);
        h.update(fold(&v).as_bytes());
        h.update([0x1e]);
    }
    hex::encode(h.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::sheet::read;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
    }

    #[test]
    fn usual_french_arabic_and_english_headers_are_recognised() {
        let cols: Vec<String> = [
            "Nom",
            "Prénom",
            "Sexe",
            "Date de naissance",
            "Nationalité",
            "Téléphone",
            "الحي",
            "Autre",
        ]
        .map(String::from)
        .to_vec();
        let m = suggest(&cols, &Mapping::new());
        assert_eq!(m.get(&Target::FamilyName).map(String::as_str), Some("Nom"));
        assert_eq!(m.get(&Target::GivenName).map(String::as_str), Some("Prénom"));
        assert_eq!(
            m.get(&Target::BirthDate).map(String::as_str),
            Some("Date de naissance")
        );
        assert_eq!(m.get(&Target::District).map(String::as_str), Some("الحي"));
        assert_eq!(m.len(), 7, "{m:?}");
        let saved = Mapping::from([(Target::District, "Autre".to_string())]);
        assert_eq!(
            suggest(&cols, &saved).get(&Target::District).map(String::as_str),
            Some("Autre")
        );
        assert!(check_mapping(&m, &cols).is_empty());
        let bad = Mapping::from([(Target::FamilyName, "Nope".to_string())]);
        let e = check_mapping(&bad, &cols);
        assert!(e.contains(&("given_name".into(), "is required".into())));
        assert!(e.contains(&("family_name".into(), "names no column of the file".into())));
    }

    #[test]
    fn a_row_is_read_the_way_offices_write_it() {
        let sheet = read(
            "Nom;Prénom;Sexe;Né le;Nationalité;Langues;Vulnérabilités;Consentement;Date du consentement\n\
             Diallo;Aïssatou;F;31/03/1990;Guinée;peul, Français;Femme enceinte;oui;02/11/2026\n\
             بن علي;فاطمة;أنثى;1988-01-01;Maroc;;;non;\n"
                .as_bytes(),
        )
        .unwrap();
        let m = suggest(&sheet.columns, &Mapping::new());
        let a = read_row(&sheet, &m, &sheet.rows[0], today()).unwrap();
        let f = a.person.fields();
        assert_eq!((f.sex.as_str(), f.nationality.as_deref()), ("female", Some("GN")));
        assert_eq!(f.birth_date, NaiveDate::from_ymd_opt(1990, 3, 31));
        assert_eq!(f.languages, ["ff", "fr"]);
        assert_eq!(f.vulnerabilities, ["pregnant"]);
        assert_eq!(a.data_consent, Some((true, NaiveDate::from_ymd_opt(2026, 11, 2))));
        let b = read_row(&sheet, &m, &sheet.rows[1], today()).unwrap();
        assert_eq!(b.person.fields().family_name, "بن علي");
        assert_eq!(b.person.fields().sex, "female");
        assert_eq!(b.data_consent, Some((false, None)));
        assert_ne!(a.key, b.key);
        assert_eq!(a.key, read_row(&sheet, &m, &sheet.rows[0], today()).unwrap().key);
    }

    #[test]
    fn every_problem_of_a_row_names_its_column() {
        let sheet = read(
            "Nom,Prénom,Sexe,Date de naissance,Nationalité,Dossier ouvert\n\
             ,=A1,Z,31/02/1990,Atlantis,peut-être\n"
                .as_bytes(),
        )
        .unwrap();
        let m = suggest(&sheet.columns, &Mapping::new());
        let problems = read_row(&sheet, &m, &sheet.rows[0], today()).unwrap_err();
        let seen: Vec<(&str, &str)> = problems
            .iter()
            .map(|p| (p.column.as_str(), p.message.as_str()))
            .collect();
        assert!(
            seen.contains(&("Prénom", "is a formula, not a value")),
            "{seen:?}"
        );
        assert!(
            seen.contains(&("Date de naissance", "must be a date (dd/mm/yyyy)")),
            "{seen:?}"
        );
        assert!(seen.contains(&("Nationalité", "names no country")), "{seen:?}");
        assert!(
            seen.contains(&("Dossier ouvert", "must be yes or no")),
            "{seen:?}"
        );
        assert!(seen.iter().any(|(c, _)| *c == "Nom"), "{seen:?}");
        assert!(seen.iter().any(|(c, _)| *c == "Sexe"), "{seen:?}");
        assert!(problems.iter().all(|p| p.row == 2));
    }
}
