//! The code lists (SPEC §6) with labels in French, Arabic and English and
//! the standard each code maps to. Validation accepts only these codes.

use serde::Serialize;

/// One code of a list.
#[derive(Debug, Clone, Copy, Serialize, utoipa::ToSchema)]
pub struct Code {
    /// Stable snake_case code.
    pub code: &'static str,
    /// French label.
    pub fr: &'static str,
    /// Arabic label.
    pub ar: &'static str,
    /// English label.
    pub en: &'static str,
    /// The code in the standard the list comes from, when there is one.
    pub standard: Option<&'static str>,
}

/// A code list.
#[derive(Debug, Clone, Copy, Serialize, utoipa::ToSchema)]
pub struct CodeList {
    /// List name, e.g. `vulnerability`.
    pub name: &'static str,
    /// The standard(s) the list is grounded in.
    pub source: &'static str,
    /// The codes.
    pub codes: &'static [Code],
}

const fn c(
    code: &'static str,
    fr: &'static str,
    ar: &'static str,
    en: &'static str,
    standard: Option<&'static str>,
) -> Code {
    Code {
        code,
        fr,
        ar,
        en,
        standard,
    }
}

/// `sex`
pub const SEX: CodeList = CodeList {
    name: "sex",
    source: "UNHCR/IOM sex disaggregation",
    codes: &[
        c("female", "Femme", "أنثى", "Female", Some("F")),
        c("male", "Homme", "ذكر", "Male", Some("M")),
        c("unknown", "Inconnu", "غير معروف", "Unknown", Some("U")),
    ],
};

/// `service_type`
pub const SERVICE_TYPE: CodeList = CodeList {
    name: "service_type",
    source: "Primero service types; inter-agency referral form; Sphere sectors; Morocco SNIA programmes; IOM",
    codes: &[
        c(
            "psychosocial",
            "Soutien psychosocial",
            "الدعم النفسي والاجتماعي",
            "Psychosocial support",
            Some("primero:psychosocial_service"),
        ),
        c(
            "health",
            "Santé",
            "الصحة",
            "Health care",
            Some("primero:health_medical_service"),
        ),
        c(
            "maternal_health",
            "Santé maternelle et prénatale",
            "صحة الأم وما قبل الولادة",
            "Maternal and prenatal health",
            Some("sphere:sexual_reproductive_health"),
        ),
        c(
            "basic_services",
            "Orientation et accès aux services publics",
            "التوجيه والولوج إلى الخدمات العمومية",
            "Orientation and access to public services",
            Some("snia:acces_services"),
        ),
        c(
            "food",
            "Aide alimentaire",
            "المساعدة الغذائية",
            "Food assistance",
            Some("sphere:food_security"),
        ),
        c(
            "relief_items",
            "Articles non alimentaires",
            "المواد غير الغذائية",
            "Relief items",
            Some("sphere:nfi"),
        ),
        c(
            "shelter",
            "Hébergement",
            "الإيواء",
            "Shelter",
            Some("sphere:shelter"),
        ),
        c(
            "cash",
            "Aide monétaire",
            "المساعدة النقدية",
            "Cash assistance",
            Some("primero:cash_assistance"),
        ),
        c(
            "legal_aid",
            "Aide juridique",
            "المساعدة القانونية",
            "Legal aid",
            Some("primero:legal_assistance_service"),
        ),
        c(
            "documentation",
            "Documents et état civil",
            "الوثائق والحالة المدنية",
            "Documentation and civil registration",
            Some("primero:documentation"),
        ),
        c(
            "education",
            "Éducation",
            "التعليم",
            "Education",
            Some("primero:education_formal_service"),
        ),
        c(
            "vocational_training",
            "Formation professionnelle",
            "التكوين المهني",
            "Vocational training",
            Some("primero:livelihoods_service"),
        ),
        c(
            "employment",
            "Emploi",
            "التشغيل",
            "Employment",
            Some("snia:emploi"),
        ),
        c(
            "livelihoods",
            "Moyens de subsistance",
            "سبل العيش",
            "Livelihoods",
            Some("primero:livelihoods_service"),
        ),
        c(
            "child_protection",
            "Protection de l'enfance",
            "حماية الطفولة",
            "Child protection",
            Some("primero:child_protection"),
        ),
        c(
            "gbv_response",
            "Réponse aux violences basées sur le genre",
            "الاستجابة للعنف القائم على النوع",
            "Gender-based violence response",
            Some("primero:gbv_service"),
        ),
        c(
            "family_tracing",
            "Recherche familiale",
            "البحث عن الأسرة",
            "Family tracing",
            Some("primero:family_tracing"),
        ),
        c(
            "safety",
            "Mise en sécurité",
            "الحماية والسلامة",
            "Safety and security",
            Some("primero:safehouse_service"),
        ),
        c(
            "return_reintegration",
            "Retour volontaire et réintégration",
            "العودة الطوعية وإعادة الإدماج",
            "Voluntary return and reintegration",
            Some("iom:avrr"),
        ),
        c(
            "social_integration",
            "Intégration sociale",
            "الاندماج الاجتماعي",
            "Social integration",
            Some("snia:integration"),
        ),
        c("other", "Autre", "أخرى", "Other", None),
    ],
};

/// `vulnerability`
pub const VULNERABILITY: CodeList = CodeList {
    name: "vulnerability",
    source: "UNHCR specific-needs codes; IOM trafficking status",
    codes: &[
        c(
            "pregnant",
            "Femme enceinte",
            "امرأة حامل",
            "Pregnant",
            Some("unhcr:PG"),
        ),
        c(
            "lactating",
            "Femme allaitante",
            "امرأة مرضعة",
            "Lactating",
            Some("unhcr:PG-LC"),
        ),
        c(
            "unaccompanied_child",
            "Enfant non accompagné",
            "طفل غير مصحوب",
            "Unaccompanied child",
            Some("unhcr:SC-UC"),
        ),
        c(
            "separated_child",
            "Enfant séparé",
            "طفل منفصل عن ذويه",
            "Separated child",
            Some("unhcr:SC-SC"),
        ),
        c(
            "child_at_risk",
            "Enfant à risque",
            "طفل في خطر",
            "Child at risk",
            Some("unhcr:CR"),
        ),
        c(
            "woman_at_risk",
            "Femme à risque",
            "امرأة في خطر",
            "Woman at risk",
            Some("unhcr:WR"),
        ),
        c(
            "single_parent",
            "Parent isolé",
            "والد وحيد",
            "Single parent",
            Some("unhcr:SP"),
        ),
        c(
            "older_person_at_risk",
            "Personne âgée à risque",
            "شخص مسن في خطر",
            "Older person at risk",
            Some("unhcr:ER"),
        ),
        c("disability", "Handicap", "إعاقة", "Disability", Some("unhcr:DS")),
        c(
            "serious_medical_condition",
            "Maladie grave",
            "حالة صحية خطيرة",
            "Serious medical condition",
            Some("unhcr:SM"),
        ),
        c(
            "gbv_survivor",
            "Survivante de violences basées sur le genre",
            "ناجية من العنف القائم على النوع",
            "GBV survivor",
            Some("unhcr:SV"),
        ),
        c(
            "torture_survivor",
            "Survivant de torture",
            "ناج من التعذيب",
            "Torture survivor",
            Some("unhcr:TR"),
        ),
        c(
            "trafficking_victim",
            "Victime de traite",
            "ضحية الاتجار بالبشر",
            "Trafficking victim",
            Some("iom:trafficking_victim"),
        ),
        c(
            "no_documents",
            "Sans documents",
            "بدون وثائق",
            "No documents",
            Some("unhcr:LP-ND"),
        ),
        c(
            "detention_risk",
            "Risque de détention",
            "خطر الاحتجاز",
            "Detention risk",
            Some("unhcr:LP-DN"),
        ),
        c(
            "family_tracing_needed",
            "Recherche familiale nécessaire",
            "يحتاج إلى البحث عن الأسرة",
            "Family tracing needed",
            Some("unhcr:FU"),
        ),
        c(
            "unmet_basic_needs",
            "Besoins essentiels non couverts",
            "احتياجات أساسية غير ملباة",
            "Unmet basic needs",
            Some("unhcr:LP-BN"),
        ),
    ],
};

/// `legal_status`
pub const LEGAL_STATUS: CodeList = CodeList {
    name: "legal_status",
    source: "Moroccan law 02-03; UNHCR population types; ECOWAS free movement",
    codes: &[
        c(
            "regular",
            "Séjour régulier",
            "إقامة قانونية",
            "Regular stay",
            Some("law02-03:residence"),
        ),
        c(
            "short_stay",
            "Court séjour",
            "إقامة قصيرة",
            "Short stay",
            Some("law02-03:short_stay"),
        ),
        c(
            "irregular",
            "Situation administrative irrégulière",
            "وضعية إدارية غير نظامية",
            "Irregular situation",
            Some("unhcr:OOC"),
        ),
        c(
            "asylum_seeker",
            "Demandeur d'asile",
            "طالب لجوء",
            "Asylum seeker",
            Some("unhcr:ASY"),
        ),
        c(
            "refugee_unhcr",
            "Réfugié reconnu par le HCR",
            "لاجئ معترف به من المفوضية",
            "Refugee (UNHCR mandate)",
            Some("unhcr:REF"),
        ),
        c(
            "refugee_national",
            "Réfugié reconnu par l'État",
            "لاجئ معترف به من الدولة",
            "Refugee (national procedure)",
            Some("unhcr:REF"),
        ),
        c(
            "stateless",
            "Apatride",
            "عديم الجنسية",
            "Stateless",
            Some("unhcr:STA"),
        ),
        c(
            "ecowas_free_movement",
            "Libre circulation CEDEAO",
            "حرية التنقل في سيدياو",
            "ECOWAS free movement",
            Some("ecowas:free_movement"),
        ),
        c("national", "Ressortissant national", "مواطن", "National", None),
        c("unknown", "Inconnu", "غير معروف", "Unknown", None),
    ],
};

/// `document_type`
pub const DOCUMENT_TYPE: CodeList = CodeList {
    name: "document_type",
    source: "Moroccan and UNHCR practice",
    codes: &[
        c("passport", "Passeport", "جواز السفر", "Passport", None),
        c(
            "national_id",
            "Carte d'identité nationale",
            "البطاقة الوطنية",
            "National identity card",
            None,
        ),
        c(
            "consular_card",
            "Carte consulaire",
            "البطاقة القنصلية",
            "Consular card",
            None,
        ),
        c(
            "residence_card",
            "Carte de séjour",
            "بطاقة الإقامة",
            "Residence card",
            None,
        ),
        c(
            "refugee_card",
            "Carte de réfugié",
            "بطاقة لاجئ",
            "Refugee card",
            None,
        ),
        c(
            "asylum_certificate",
            "Attestation de demande d'asile",
            "شهادة طلب اللجوء",
            "Asylum-seeker certificate",
            None,
        ),
        c(
            "refugee_certificate",
            "Attestation de réfugié",
            "شهادة لاجئ",
            "Refugee certificate",
            None,
        ),
        c(
            "application_receipt",
            "Récépissé de dépôt",
            "وصل الإيداع",
            "Application receipt",
            None,
        ),
        c(
            "birth_certificate",
            "Acte de naissance",
            "عقد الازدياد",
            "Birth certificate",
            None,
        ),
    ],
};

/// `organization_kind`
pub const ORGANIZATION_KIND: CodeList = CodeList {
    name: "organization_kind",
    source: "IOM HTCDS organisation types",
    codes: &[
        c("association", "Association", "جمعية", "Association", None),
        c("ngo", "ONG", "منظمة غير حكومية", "NGO", None),
        c(
            "international_organisation",
            "Organisation internationale",
            "منظمة دولية",
            "International organisation",
            None,
        ),
        c(
            "un_agency",
            "Agence des Nations unies",
            "وكالة أممية",
            "UN agency",
            None,
        ),
        c(
            "local_government",
            "Collectivité territoriale",
            "جماعة ترابية",
            "Local government",
            None,
        ),
        c(
            "central_government",
            "Administration centrale",
            "إدارة مركزية",
            "Central government",
            None,
        ),
        c(
            "health_service",
            "Service de santé",
            "مصلحة صحية",
            "Health service",
            None,
        ),
        c(
            "legal_service",
            "Service juridique",
            "خدمة قانونية",
            "Legal service",
            None,
        ),
        c(
            "education",
            "Établissement d'enseignement",
            "مؤسسة تعليمية",
            "Education",
            None,
        ),
        c(
            "private_company",
            "Entreprise privée",
            "مقاولة خاصة",
            "Private company",
            None,
        ),
    ],
};

/// `case_priority`
pub const CASE_PRIORITY: CodeList = CodeList {
    name: "case_priority",
    source: "migrant-desk",
    codes: &[
        c("low", "Basse", "منخفضة", "Low", None),
        c("normal", "Normale", "عادية", "Normal", None),
        c("high", "Haute", "مرتفعة", "High", None),
        c("urgent", "Urgente", "مستعجلة", "Urgent", None),
    ],
};

/// `case_status`
pub const CASE_STATUS: CodeList = CodeList {
    name: "case_status",
    source: "migrant-desk",
    codes: &[
        c("open", "Ouvert", "مفتوح", "Open", None),
        c("closed", "Clôturé", "مغلق", "Closed", None),
    ],
};

/// `closure_reason`
pub const CLOSURE_REASON: CodeList = CodeList {
    name: "closure_reason",
    source: "migrant-desk",
    codes: &[
        c("resolved", "Résolu", "تمت المعالجة", "Resolved", None),
        c(
            "referred_elsewhere",
            "Orienté ailleurs",
            "تم التوجيه إلى جهة أخرى",
            "Referred elsewhere",
            None,
        ),
        c("moved_away", "Parti", "غادر", "Moved away", None),
        c(
            "returned_home",
            "Retour au pays",
            "عاد إلى بلده",
            "Returned home",
            None,
        ),
        c(
            "lost_contact",
            "Contact perdu",
            "انقطع الاتصال",
            "Lost contact",
            None,
        ),
        c("deceased", "Décédé", "متوفى", "Deceased", None),
        c("other", "Autre", "أخرى", "Other", None),
    ],
};

/// `service_status`
pub const SERVICE_STATUS: CodeList = CodeList {
    name: "service_status",
    source: "migrant-desk",
    codes: &[
        c("planned", "Prévu", "مبرمج", "Planned", None),
        c("delivered", "Fourni", "مقدم", "Delivered", None),
        c("cancelled", "Annulé", "ملغى", "Cancelled", None),
    ],
};

/// `referral_urgency`
pub const REFERRAL_URGENCY: CodeList = CodeList {
    name: "referral_urgency",
    source: "Inter-agency referral form",
    codes: &[
        c(
            "emergency",
            "Urgence (24 h)",
            "طارئ (24 ساعة)",
            "Emergency (24 h)",
            None,
        ),
        c(
            "urgent",
            "Urgent (72 h)",
            "مستعجل (72 ساعة)",
            "Urgent (72 h)",
            None,
        ),
        c(
            "normal",
            "Normal (14 jours)",
            "عادي (14 يوما)",
            "Normal (14 days)",
            None,
        ),
    ],
};

/// `referral_status`
pub const REFERRAL_STATUS: CodeList = CodeList {
    name: "referral_status",
    source: "Primero referral transitions",
    codes: &[
        c("pending", "En attente", "في الانتظار", "Pending", None),
        c("accepted", "Acceptée", "مقبولة", "Accepted", None),
        c("declined", "Refusée", "مرفوضة", "Declined", None),
        c("completed", "Terminée", "منجزة", "Completed", None),
        c("cancelled", "Annulée", "ملغاة", "Cancelled", None),
    ],
};

/// `consent_purpose`
pub const CONSENT_PURPOSE: CodeList = CodeList {
    name: "consent_purpose",
    source: "Primero data-confidentiality form",
    codes: &[
        c(
            "registration",
            "Enregistrement des données",
            "تسجيل المعطيات",
            "Registration of data",
            None,
        ),
        c(
            "referral",
            "Orientation vers un partenaire",
            "التوجيه إلى شريك",
            "Referral to a partner",
            None,
        ),
        c(
            "share_contact",
            "Partage des coordonnées",
            "مشاركة معلومات الاتصال",
            "Sharing contact details",
            None,
        ),
    ],
};

/// `age_band`
pub const AGE_BAND: CodeList = CodeList {
    name: "age_band",
    source: "UNHCR population statistics",
    codes: &[
        c("0-4", "0 à 4 ans", "من 0 إلى 4 سنوات", "0–4 years", None),
        c("5-11", "5 à 11 ans", "من 5 إلى 11 سنة", "5–11 years", None),
        c("12-17", "12 à 17 ans", "من 12 إلى 17 سنة", "12–17 years", None),
        c("18-59", "18 à 59 ans", "من 18 إلى 59 سنة", "18–59 years", None),
        c(
            "60+",
            "60 ans et plus",
            "60 سنة فما فوق",
            "60 years and over",
            None,
        ),
        c("unknown", "Inconnu", "غير معروف", "Unknown", None),
    ],
};

/// `relationship_to_head`
pub const RELATIONSHIP: CodeList = CodeList {
    name: "relationship_to_head",
    source: "UNHCR household registration practice",
    codes: &[
        c("head", "Chef de ménage", "رب الأسرة", "Head of household", None),
        c("spouse", "Conjoint(e)", "الزوج(ة)", "Spouse", None),
        c("child", "Enfant", "ابن(ة)", "Child", None),
        c("parent", "Parent", "أحد الوالدين", "Parent", None),
        c("sibling", "Frère ou sœur", "أخ أو أخت", "Sibling", None),
        c(
            "other_relative",
            "Autre parent",
            "قريب آخر",
            "Other relative",
            None,
        ),
        c(
            "unrelated",
            "Sans lien de parenté",
            "بدون قرابة",
            "Unrelated",
            None,
        ),
    ],
};

/// Every list served at `/reference`.
pub const ALL: &[CodeList] = &[
    SEX,
    SERVICE_TYPE,
    VULNERABILITY,
    LEGAL_STATUS,
    DOCUMENT_TYPE,
    ORGANIZATION_KIND,
    CASE_PRIORITY,
    CASE_STATUS,
    CLOSURE_REASON,
    SERVICE_STATUS,
    REFERRAL_URGENCY,
    REFERRAL_STATUS,
    CONSENT_PURPOSE,
    AGE_BAND,
    RELATIONSHIP,
];

impl CodeList {
    /// Whether `code` is in the list.
    pub fn contains(&self, code: &str) -> bool {
        self.codes.iter().any(|c| c.code == code)
    }

    /// A message naming the list, for validation errors.
    pub fn not_in_list(&self) -> String {
        format!("must be a code of the {} list (see /api/v1/reference)", self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_snake_case_unique_and_labelled_in_three_languages() {
        for list in ALL {
            let mut seen = std::collections::HashSet::new();
            for code in list.codes {
                assert!(seen.insert(code.code), "{} repeats {}", list.name, code.code);
                assert!(!code.fr.is_empty() && !code.ar.is_empty() && !code.en.is_empty());
                assert!(
                    code.ar.chars().any(|ch| ('\u{0600}'..='\u{06FF}').contains(&ch)),
                    "{}",
                    code.code
                );
                assert!(
                    code.code
                        .chars()
                        .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || "_-+".contains(ch))
                );
            }
        }
        assert_eq!(SERVICE_TYPE.codes.len(), 21);
        assert_eq!(VULNERABILITY.codes.len(), 17);
        assert_eq!(LEGAL_STATUS.codes.len(), 10);
    }
}
