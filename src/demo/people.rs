//! Fictitious people for the demo and the load benchmark: names and
//! nationalities as the offices of Rabat and Oujda meet them, drawn by a
//! small deterministic generator (the same data on every run).

/// A small deterministic generator (the demo is the same on every run).
pub struct Lcg(pub u64);

impl Lcg {
    /// A number below `n`.
    pub fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n.max(1) as u64) as usize
    }
    /// One of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next(items.len())]
    }
}

/// Given names of women (and some shared names).
pub const GIVEN_F: &[&str] = &[
    "Aminata",
    "Fatoumata",
    "Mariama",
    "Aïssatou",
    "Kadiatou",
    "Awa",
    "Fatou",
    "Béatrice",
    "Grâce",
    "Esther",
    "Blessing",
    "Joy",
    "Mariam",
    "Oumou",
    "Hawa",
    "Nafissatou",
    "Khadija",
    "Salma",
    "Amal",
    "Rokia",
];

/// Given names of men.
pub const GIVEN_M: &[&str] = &[
    "Mamadou",
    "Ibrahima",
    "Ousmane",
    "Moussa",
    "Abdoulaye",
    "Seydou",
    "Amadou",
    "Cheikh",
    "Lamine",
    "Souleymane",
    "Emmanuel",
    "Chinedu",
    "Samuel",
    "Patrick",
    "Moïse",
    "Youssef",
    "Mohammed",
    "Omar",
    "Abdelkader",
    "Bakary",
];

/// Family names.
pub const FAMILY: &[&str] = &[
    "Diallo",
    "Traoré",
    "Koné",
    "Coulibaly",
    "Camara",
    "Sow",
    "Bah",
    "Barry",
    "Ndiaye",
    "Diop",
    "Sarr",
    "Fall",
    "Kouassi",
    "Yao",
    "Okafor",
    "Mbemba",
    "Nkosi",
    "Kabongo",
    "Touré",
    "Keïta",
    "Sangaré",
    "Haddad",
    "Benali",
];

/// Nationalities (ISO 3166-1 alpha-2).
pub const NATIONALITIES: &[&str] = &[
    "GN", "SN", "ML", "CI", "CM", "NG", "CD", "BF", "GM", "SD", "SY", "YE",
];

/// Names in Arabic script.
pub const ARABIC: &[&str] = &["محمد", "يوسف", "فاطمة", "خديجة", "عمر", "إبراهيم", "عائشة", "حسن"];
