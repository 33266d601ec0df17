#!/usr/bin/env python3
"""Writes demo/registre-demo.csv: 300 fictitious people as an office's old
spreadsheet holds them (French column names, semicolons, UTF-8 with a BOM as
Excel saves it), with the mistakes such files have: impossible or future
dates, a missing sex, a country misspelt, a formula, exact and near
duplicates, empty rows. Deterministic (fixed seed); run it to regenerate."""
import random

random.seed(21)
given_f = ["Aïssatou", "Fatou", "Mariama", "Awa", "Binta", "Kadiatou", "Fatoumata", "Aminata", "Grace", "Blessing", "Chantal", "Esther", "Ramatoulaye", "Hawa", "Djeneba"]
given_m = ["Mamadou", "Ibrahima", "Moussa", "Ousmane", "Abdoulaye", "Cheikh", "Lamine", "Souleymane", "Emmanuel", "Joseph", "Yao", "Kofi", "Alpha", "Boubacar", "Seydou"]
family = ["Diallo", "Ndiaye", "Traoré", "Camara", "Sow", "Bah", "Barry", "Keïta", "Coulibaly", "Touré", "Konaté", "Koné", "Cissé", "Mbaye", "Kouassi", "Mensah", "Okafor", "Eze", "N'Diaye", "Sylla"]
arabic = [("فاطمة", "الحسني", "F"), ("مريم", "العلوي", "F"), ("خديجة", "بن علي", "F"), ("أحمد", "السوداني", "M"), ("محمد", "إبراهيم", "M"), ("عمر", "حسن", "M"), ("يوسف", "عثمان", "M"), ("آمنة", "محمود", "F")]
nationalities = ["Guinée", "Sénégal", "Mali", "Côte d’Ivoire", "Cameroun", "Nigeria", "Congo-Kinshasa", "Burkina Faso", "Gambie", "Soudan", "Syrie", "Yémen"]
districts = ["Takaddoum", "Yacoub El Mansour", "Hay Nahda", "Médina", "Akkari", "Douar El Hajja", "Hay Salam", "Sidi Moussa"]
vulns = ["", "", "", "", "Femme enceinte", "Femme allaitante", "Enfant non accompagné", "Handicap", "Maladie grave", "Sans documents", "Besoins essentiels non couverts", "Femme enceinte, Sans documents"]

rows = []
for i in range(300):
    if i % 10 == 7:
        g, f, sex = random.choice(arabic)
        name_ar = f"{g} {f}"
        nat = random.choice(["Soudan", "Syrie", "Yémen"])
        sex_word = {"F": "أنثى", "M": "ذكر"}[sex]
    else:
        sex = random.choice("FM")
        g = random.choice(given_f if sex == "F" else given_m)
        f = random.choice(family)
        name_ar = ""
        nat = random.choice(nationalities[:10])
        sex_word = random.choice({"F": ["F", "Femme", "féminin"], "M": ["M", "Homme", "masculin"]}[sex])
    y, m, d = random.randint(1960, 2008), random.randint(1, 12), random.randint(1, 28)
    birth = f"{d:02d}/{m:02d}/{y}"
    phone = f"+212 6{random.randint(10, 99)} {random.randint(10, 99)} {random.randint(10, 99)} {random.randint(10, 99)}" if random.random() < 0.7 else ""
    vul = random.choice(vulns) if sex == "F" else random.choice(["", "", "Handicap", "Sans documents", "Maladie grave"])
    consent = "oui" if random.random() < 0.9 else "non"
    consent_day = f"{random.randint(1, 28):02d}/{random.randint(1, 11):02d}/2026" if consent == "oui" else ""
    open_case = random.choice(["oui", "non", ""])
    rows.append([f, g, name_ar, sex_word, birth, nat, phone, random.choice(districts), vul, consent, consent_day, open_case])

# The mistakes of a real file.
rows[12][4] = "31/02/1991"        # no such day
rows[45][4] = "vers 1985"         # not a date
rows[78][4] = "12/05/2031"        # in the future
rows[101][3] = ""                 # sex missing
rows[150][3] = "?"                # sex unreadable
rows[133][5] = "Guinée-Konakry"   # country misspelt
rows[199][6] = "=SOMME(G2:G10)"   # a formula
rows[210][0] = ""                 # family name missing
rows[250] = list(rows[20])        # the same person typed twice
rows[251] = list(rows[30])
rows[251][0] = rows[251][0] + "e" if not rows[251][2] else rows[251][0]  # and once misspelt
rows[275][10] = "15/13/2026"      # consent date impossible

header = ["Nom", "Prénom", "Nom en arabe", "Sexe", "Date de naissance", "Nationalité", "Téléphone", "Quartier", "Vulnérabilités", "Consentement", "Date du consentement", "Dossier ouvert"]
lines = [";".join(header)]
for i, r in enumerate(rows):
    lines.append(";".join(r))
    if i in (60, 180):
        lines.append(";" * (len(header) - 1))  # empty rows
with open("demo/registre-demo.csv", "w", encoding="utf-8-sig", newline="") as out:
    out.write("\r\n".join(lines) + "\r\n")
