"""Synthetic directory of the Georgian Packaging Cluster: the databases of the cluster strategy.

The cluster strategy's efficiency objective (2020-2023) asks the cluster management organisation
to keep databases of (co-)funding programmes, potential employees, services and experts,
technology providers and events. This generator writes one CSV per database into
``raw_dir/directory``; everything in them is SYNTHETIC (invented, fixed content): donors are real
organisations active in Georgia, but every programme name, amount, date, link, company and person
is made up, which ``SYNTHETIC.md`` says.

Topics use the survey's capacity item codes (``items``) and dimension codes (``dimensions``),
pipe-separated, so the pipeline can pair each critical gap with what addresses it.

Deliberately bad rows so the quarantine shows on the first run: a programme whose deadline is before
its opening date, a programme with an unknown survey item, an expert with an unknown region, an
event with the role "sponsor", and a talent-pool entry without recorded consent.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

FOLDER = "directory"
SYNTHETIC_TEXT = """# Synthetic example data

Every file in this folder is SYNTHETIC example data, made by `scripts/make_example_data.py`
(`scripts/example_data/directory.py`) for demonstration and tests. Donor organisations are real
organisations active in Georgia, but every programme name, amount, currency, date, link, company,
expert, event and person here is invented. Do not use these rows to apply for funding or to
contact anyone. Replace the files with the cluster office's own databases (same columns).

Deliberately bad rows (for the quarantine): FP-011 (deadline before opening), FP-012 (unknown
survey item), EX-007 (unknown region), EV-010 (role "sponsor"), TL-009 (no consent recorded).
"""

PROGRAMME_COLUMNS = [
    "programme_id", "donor", "programme_en", "programme_ka", "eligible_member_types",
    "eligible_sizes", "eligible_regions", "dimensions", "items", "amount_min", "amount_max",
    "currency", "opening_date", "deadline", "link", "last_checked",
]  # fmt: skip
PROGRAMMES = [
    ["FP-001", "EU", "SME export readiness grants (synthetic)",
     "მცირე და საშუალო საწარმოების საექსპორტო მზაობის გრანტები (სინთეზური)",
     "packaging_maker|packaging_user", "micro|small|medium", "all", "compliance",
     "iso22000|food_contact", "15000", "60000", "EUR", "2026-09-01", "2027-01-15",
     "https://example.org/eu-export-readiness", "2026-11-20"],
    ["FP-002", "UNDP", "Green packaging innovation fund (synthetic)",
     "მწვანე შეფუთვის ინოვაციების ფონდი (სინთეზური)",
     "packaging_maker", "all", "Imereti|Kvemo Kartli|Shida Kartli", "technology",
     "recycled_content", "20000", "100000", "USD", "2026-10-01", "2026-12-20",
     "https://example.org/undp-green-packaging", "2026-11-18"],
    ["FP-003", "UNIDO", "Food-contact materials compliance support (synthetic)",
     "საკვებთან შეხებაში მყოფი მასალების შესაბამისობის მხარდაჭერა (სინთეზური)",
     "packaging_maker", "small|medium|large", "all", "",
     "food_contact|ppwr", "5000", "25000", "EUR", "2026-11-01", "2027-02-28",
     "https://example.org/unido-fcm", "2026-11-15"],
    ["FP-004", "FAO", "Agri-food value chain packaging co-financing (synthetic)",
     "აგროსასურსათო ღირებულებათა ჯაჭვის შეფუთვის თანადაფინანსება (სინთეზური)",
     "packaging_user", "micro|small", "Imereti|Kakheti", "",
     "equipment|iso22000", "10000", "40000", "USD", "2026-08-15", "2026-12-05",
     "https://example.org/fao-agrifood", "2026-11-10"],
    ["FP-005", "GIZ", "Vocational training partnership for industry (synthetic)",
     "პროფესიული მომზადების პარტნიორობა მრეწველობისთვის (სინთეზური)",
     "all", "all", "all", "human_capacity",
     "skills_technical", "3000", "12000", "EUR", "2026-07-01", "",
     "https://example.org/giz-vet", "2026-11-12"],
    ["FP-006", "USAID-style donor", "Access to finance guarantee facility (synthetic)",
     "ფინანსებზე ხელმისაწვდომობის საგარანტიო მექანიზმი (სინთეზური)",
     "all", "micro|small|medium", "all", "",
     "finance", "50000", "500000", "GEL", "2026-06-01", "2027-06-30",
     "https://example.org/finance-guarantee", "2026-11-19"],
    ["FP-007", "EU", "Circular economy pilots in post-industrial towns (synthetic)",
     "ცირკულარული ეკონომიკის საპილოტე პროექტები პოსტინდუსტრიულ ქალაქებში (სინთეზური)",
     "all", "all", "Imereti", "technology",
     "recycled_content|ppwr", "30000", "150000", "EUR", "2027-01-10", "2027-04-30",
     "https://example.org/eu-circular", "2026-11-20"],
    ["FP-008", "UNDP", "Digital printing upgrade vouchers (synthetic)",
     "ციფრული ბეჭდვის განახლების ვაუჩერები (სინთეზური)",
     "packaging_maker", "micro|small", "all", "",
     "digital_printing|equipment", "5000", "20000", "GEL", "2026-05-01", "2026-10-31",
     "https://example.org/undp-digital-print", "2026-11-01"],
    ["FP-009", "GIZ", "Management skills for family firms (synthetic)",
     "მართვის უნარები საოჯახო საწარმოებისთვის (სინთეზური)",
     "all", "micro|small", "all", "",
     "skills_management", "2000", "8000", "EUR", "2026-10-15", "2027-01-31",
     "https://example.org/giz-management", "2026-11-14"],
    ["FP-010", "UNIDO", "Packaging design for export markets (synthetic)",
     "შეფუთვის დიზაინი საექსპორტო ბაზრებისთვის (სინთეზური)",
     "packaging_maker|packaging_user", "all", "all", "",
     "skills_design|gs1", "4000", "15000", "USD", "2026-11-05", "2027-02-15",
     "https://example.org/unido-design", "2026-11-16"],
    ["FP-011", "EU", "Raw materials sourcing study (synthetic)",
     "ნედლეულის მოძიების კვლევა (სინთეზური)",
     "all", "all", "all", "access_resources",
     "raw_materials", "10000", "30000", "EUR", "2027-03-01", "2026-12-31",
     "https://example.org/eu-raw", "2026-11-08"],
    ["FP-012", "FAO", "Cold chain packaging (synthetic)", "ცივი ჯაჭვის შეფუთვა (სინთეზური)",
     "packaging_user", "all", "all", "", "cold_chain", "5000", "20000", "USD",
     "2026-09-01", "2027-01-31", "https://example.org/fao-cold", "2026-11-08"],
]  # fmt: skip

SERVICE_COLUMNS = [
    "provider_id", "name_en", "name_ka", "services_en", "services_ka", "dimensions", "items",
    "certifications", "languages", "regions", "contact_person", "phone", "email", "website",
    "last_checked",
]  # fmt: skip
SERVICES = [
    ["SP-001", "LLC Kolkheti Certification (synthetic)", "შპს „კოლხეთის სერტიფიცირება“ (სინთეზური)",
     "ISO 22000 and FSSC 22000 readiness audits", "ISO 22000 და FSSC 22000 მზადყოფნის აუდიტი",
     "compliance", "iso22000|food_contact", "ISO 17021 accredited", "ka|en|ru", "all",
     "Contact SP1 (fake)", "+995 500 100 001", "sp001@example.com", "https://example.org/sp001",
     "2026-11-11"],
    ["SP-002", "LLC Imereti Logistics (synthetic)", "შპს „იმერეთის ლოჯისტიკა“ (სინთეზური)",
     "Pooled freight and warehousing", "გაერთიანებული გადაზიდვა და დასაწყობება",
     "access_resources", "raw_materials", "", "ka|ru", "Imereti|Shida Kartli",
     "Contact SP2 (fake)", "+995 500 100 002", "sp002@example.com", "https://example.org/sp002",
     "2026-11-05"],
    ["SP-003", "LLC Tbilisi Training Centre (synthetic)", "შპს „თბილისის სასწავლო ცენტრი“ (სინთეზური)",
     "Operator and maintenance courses", "ოპერატორებისა და ტექნიკური მომსახურების კურსები",
     "human_capacity", "skills_technical|skills_management", "", "ka|en", "all",
     "Contact SP3 (fake)", "+995 500 100 003", "sp003@example.com", "https://example.org/sp003",
     "2026-11-17"],
    ["SP-004", "LLC Green Cycle (synthetic)", "შპს „მწვანე ციკლი“ (სინთეზური)",
     "Waste collection and recycling contracts", "ნარჩენების შეგროვებისა და გადამუშავების ხელშეკრულებები",
     "technology", "recycled_content", "", "ka", "Imereti|Kvemo Kartli|Tbilisi",
     "Contact SP4 (fake)", "+995 500 100 004", "sp004@example.com", "https://example.org/sp004",
     "2026-11-09"],
    ["SP-005", "LLC Finance Advisory Georgia (synthetic)", "შპს „ფინანსური კონსულტაცია საქართველო“ (სინთეზური)",
     "Grant and loan application support", "გრანტისა და სესხის განაცხადის მომზადების მხარდაჭერა",
     "access_resources", "finance", "", "ka|en", "all",
     "Contact SP5 (fake)", "+995 500 100 005", "sp005@example.com", "https://example.org/sp005",
     "2026-11-13"],
    ["SP-006", "LLC Barcode Service (synthetic)", "შპს „შტრიხკოდის სერვისი“ (სინთეზური)",
     "GS1 membership and label checks", "GS1 წევრობა და ეტიკეტების შემოწმება",
     "compliance", "gs1", "", "ka|en", "all",
     "Contact SP6 (fake)", "+995 500 100 006", "sp006@example.com", "https://example.org/sp006",
     "2026-10-30"],
]  # fmt: skip

EXPERT_COLUMNS = [
    "expert_id", "name_en", "name_ka", "expertise_en", "expertise_ka", "dimensions", "items",
    "certifications", "languages", "region", "phone", "email", "last_checked",
]  # fmt: skip
EXPERTS = [
    ["EX-001", "Expert 001 (fake)", "ექსპერტი 001 (გამოგონილი)", "Food safety systems",
     "სურსათის უვნებლობის სისტემები", "compliance", "iso22000", "FSSC 22000 lead auditor",
     "ka|en", "Tbilisi", "+995 500 200 001", "ex001@example.com", "2026-11-02"],
    ["EX-002", "Expert 002 (fake)", "ექსპერტი 002 (გამოგონილი)", "EU packaging law (PPWR)",
     "ევროკავშირის შეფუთვის კანონმდებლობა (PPWR)", "compliance", "ppwr|food_contact", "",
     "ka|en|de", "Imereti", "+995 500 200 002", "ex002@example.com", "2026-11-06"],
    ["EX-003", "Expert 003 (fake)", "ექსპერტი 003 (გამოგონილი)", "Structural packaging design",
     "შეფუთვის კონსტრუქციული დიზაინი", "human_capacity", "skills_design", "",
     "ka|en", "Tbilisi", "+995 500 200 003", "ex003@example.com", "2026-10-28"],
    ["EX-004", "Expert 004 (fake)", "ექსპერტი 004 (გამოგონილი)", "Lean production and planning",
     "მოქნილი წარმოება და დაგეგმვა", "human_capacity", "skills_management|skills_technical",
     "Lean Six Sigma Black Belt", "ka|ru", "Adjara", "+995 500 200 004", "ex004@example.com",
     "2026-11-03"],
    ["EX-005", "Expert 005 (fake)", "ექსპერტი 005 (გამოგონილი)", "Recycled polymers",
     "გადამუშავებული პოლიმერები", "technology", "recycled_content", "", "ka|en",
     "Kvemo Kartli", "+995 500 200 005", "ex005@example.com", "2026-11-07"],
    ["EX-006", "Expert 006 (fake)", "ექსპერტი 006 (გამოგონილი)", "SME finance",
     "მცირე და საშუალო ბიზნესის დაფინანსება", "access_resources", "finance", "CFA",
     "ka|en", "Tbilisi", "+995 500 200 006", "ex006@example.com", "2026-11-04"],
    ["EX-007", "Expert 007 (fake)", "ექსპერტი 007 (გამოგონილი)", "Digital print workflows",
     "ციფრული ბეჭდვის პროცესები", "technology", "digital_printing", "", "ka|en",
     "Atlantis", "+995 500 200 007", "ex007@example.com", "2026-11-04"],
]  # fmt: skip

TECH_COLUMNS = [
    "provider_id", "name", "country", "technologies_en", "technologies_ka", "dimensions", "items",
    "regions", "website", "email", "last_checked",
]  # fmt: skip
TECH = [
    ["TP-001", "Synthetic Flexo Systems GmbH", "DE", "Flexographic and digital presses",
     "ფლექსოგრაფიული და ციფრული საბეჭდი მანქანები", "technology", "digital_printing|equipment",
     "all", "https://example.org/tp001", "tp001@example.com", "2026-11-01"],
    ["TP-002", "Synthetic Corrugators S.p.A.", "IT", "Corrugated board lines and spare parts",
     "გოფრირებული მუყაოს ხაზები და სათადარიგო ნაწილები", "access_resources", "equipment",
     "all", "https://example.org/tp002", "tp002@example.com", "2026-10-25"],
    ["TP-003", "Synthetic Recycling Machines Ltd", "TR", "PET flake washing and regranulation",
     "PET ფანტელის რეცხვა და რეგრანულაცია", "technology", "recycled_content",
     "all", "https://example.org/tp003", "tp003@example.com", "2026-11-10"],
    ["TP-004", "Synthetic Label Tech LLC", "GE", "Label printing and GS1 verification",
     "ეტიკეტების ბეჭდვა და GS1 შემოწმება", "compliance", "gs1",
     "Tbilisi|Imereti", "https://example.org/tp004", "tp004@example.com", "2026-11-12"],
]  # fmt: skip

EVENT_COLUMNS = [
    "event_id", "title_en", "title_ka", "start_date", "end_date", "city", "country",
    "dimensions", "items", "priority", "cluster_role", "link", "last_checked",
]  # fmt: skip
EVENTS = [
    ["EV-001", "Packaging regulation round table (synthetic)",
     "მრგვალი მაგიდა შეფუთვის რეგულირებაზე (სინთეზური)", "2026-12-03", "2026-12-03",
     "Tbilisi", "GE", "compliance", "ppwr", "yes", "speak", "https://example.org/ev001", "2026-11-20"],
    ["EV-002", "Imereti industry day (synthetic)", "იმერეთის მრეწველობის დღე (სინთეზური)",
     "2026-12-12", "2026-12-12", "Kutaisi", "GE", "", "", "yes", "organise",
     "https://example.org/ev002", "2026-11-19"],
    ["EV-003", "Food safety conference (synthetic)", "სურსათის უვნებლობის კონფერენცია (სინთეზური)",
     "2027-01-20", "2027-01-21", "Batumi", "GE", "compliance", "iso22000|food_contact", "no",
     "attend", "https://example.org/ev003", "2026-11-15"],
    ["EV-004", "International packaging fair (synthetic)", "შეფუთვის საერთაშორისო გამოფენა (სინთეზური)",
     "2027-02-09", "2027-02-12", "Istanbul", "TR", "technology",
     "digital_printing|equipment|recycled_content", "yes", "attend", "https://example.org/ev004",
     "2026-11-10"],
    ["EV-005", "European cluster matchmaking (synthetic)", "ევროპული კლასტერების საქმიანი შეხვედრები (სინთეზური)",
     "2027-03-17", "2027-03-18", "Brussels", "BE", "", "", "yes", "speak",
     "https://example.org/ev005", "2026-11-10"],
    ["EV-006", "Public-private dialogue on waste management (synthetic)",
     "საჯარო-კერძო დიალოგი ნარჩენების მართვაზე (სინთეზური)", "2026-11-05", "2026-11-05",
     "Tbilisi", "GE", "technology", "recycled_content", "yes", "attend",
     "https://example.org/ev006", "2026-11-06"],
    ["EV-007", "Packaging design workshop (synthetic)", "შეფუთვის დიზაინის სემინარი (სინთეზური)",
     "2027-02-25", "2027-02-25", "Tbilisi", "GE", "human_capacity", "skills_design", "no",
     "organise", "https://example.org/ev007", "2026-11-16"],
    ["EV-008", "Kakheti promotion visit (synthetic)", "კლასტერის პოპულარიზაცია კახეთში (სინთეზური)",
     "2027-01-28", "2027-01-28", "Telavi", "GE", "", "", "no", "organise",
     "https://example.org/ev008", "2026-11-16"],
    ["EV-009", "Cluster annual conference (synthetic)", "კლასტერის ყოველწლიური კონფერენცია (სინთეზური)",
     "2027-05-20", "2027-05-21", "Tbilisi", "GE", "", "", "yes", "organise",
     "https://example.org/ev009", "2026-11-20"],
    ["EV-010", "Trade mission (synthetic)", "სავაჭრო მისია (სინთეზური)", "2027-01-14",
     "2027-01-15", "Baku", "AZ", "", "", "no", "sponsor", "https://example.org/ev010",
     "2026-11-02"],
]  # fmt: skip

TALENT_COLUMNS = [
    "candidate_id", "full_name", "skills", "region", "available_from", "consent_date", "phone",
    "email", "last_checked",
]  # fmt: skip
TALENT = [
    ["TL-001", "Candidate 001 (fake)", "skills_technical", "Imereti", "2026-12-01", "2026-10-02",
     "+995 500 300 001", "tl001@example.com", "2026-11-02"],
    ["TL-002", "Candidate 002 (fake)", "skills_technical|digital_printing", "Tbilisi", "2026-11-15",
     "2026-09-20", "+995 500 300 002", "tl002@example.com", "2026-11-02"],
    ["TL-003", "Candidate 003 (fake)", "skills_design", "Tbilisi", "2027-01-10", "2026-10-11",
     "+995 500 300 003", "tl003@example.com", "2026-11-03"],
    ["TL-004", "Candidate 004 (fake)", "skills_management", "Kvemo Kartli", "2026-12-15",
     "2026-10-14", "+995 500 300 004", "tl004@example.com", "2026-11-03"],
    ["TL-005", "Candidate 005 (fake)", "iso22000|food_contact", "Imereti", "2026-12-01",
     "2026-10-20", "+995 500 300 005", "tl005@example.com", "2026-11-04"],
    ["TL-006", "Candidate 006 (fake)", "skills_technical|equipment", "Imereti", "2027-01-05",
     "2026-10-21", "+995 500 300 006", "tl006@example.com", "2026-11-04"],
    ["TL-007", "Candidate 007 (fake)", "gs1", "Adjara", "2026-12-20", "2026-10-25",
     "+995 500 300 007", "tl007@example.com", "2026-11-05"],
    ["TL-008", "Candidate 008 (fake)", "recycled_content", "Kvemo Kartli", "2026-12-01",
     "2026-10-28", "+995 500 300 008", "tl008@example.com", "2026-11-05"],
    ["TL-009", "Candidate 009 (fake)", "skills_technical", "Shida Kartli", "2026-12-01", "",
     "+995 500 300 009", "tl009@example.com", "2026-11-06"],
]  # fmt: skip

FILES: dict[str, tuple[list[str], list[list[str]]]] = {
    "funding_programmes.csv": (PROGRAMME_COLUMNS, PROGRAMMES),
    "service_providers.csv": (SERVICE_COLUMNS, SERVICES),
    "experts.csv": (EXPERT_COLUMNS, EXPERTS),
    "technology_providers.csv": (TECH_COLUMNS, TECH),
    "events.csv": (EVENT_COLUMNS, EVENTS),
    "talent_pool.csv": (TALENT_COLUMNS, TALENT),
}


def _csv_bytes(columns: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        if len(row) != len(columns):  # a typo in the tables above must not write a shifted file
            raise ValueError(f"{row[0]}: {len(row)} values for {len(columns)} columns")
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8")


def write(raw_dir: Path, seed: int = 20261123) -> list[Path]:
    """Write the synthetic directory files (the content is fixed; ``seed`` is unused) and return
    their paths."""
    del seed  # the directory is hand-written example content, identical on every run
    folder = Path(raw_dir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (columns, rows) in FILES.items():
        path = folder / name
        path.write_bytes(_csv_bytes(columns, rows))
        written.append(path)
    marker = folder / "SYNTHETIC.md"
    marker.write_text(SYNTHETIC_TEXT, encoding="utf-8")
    written.append(marker)
    return written
