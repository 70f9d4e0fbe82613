"""Synthetic but realistic evidence for benchmarks: short reports in en/ru/ky and PDFs."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

SENTENCES = {
    "en": [
        "Former president {name} was returned from hospital to prison on {day} August.",
        "Security forces used firearms against about {n} villagers in {place}.",
        "The operation was ordered by {chief}, former head of the special services.",
        "{n} protesters were detained in the border agreement case.",
        "The family of {name} asked for two urgent surgeries; the request was refused.",
        "Journalists of three independent outlets report pressure and searches.",
        "No investigation has been opened into the events in {place}.",
    ],
    "ru": [
        "Бывший президент {name_ru} возвращён из больницы в колонию {day} августа.",
        "Силовики применили оружие против около {n} жителей села {place_ru}.",
        "Операцию, по словам свидетелей, приказал провести {chief_ru}.",
        "По делу о пограничном соглашении задержаны {n} активистов.",
        "Родственникам {name_ru_gen} отказали в свидании.",
        "Независимые издания сообщают о давлении и обысках.",
    ],
    "ky": [
        "Мурунку президент {name_ky} ооруканадан түрмөгө кайтарылды.",
        "{place_ru} айылында {n} тургунга каршы курал колдонулган.",
        "Чек ара келишими боюнча иште {n} активист кармалган.",
        "Укук коргоочулар көз карандысыз иликтөө жүргүзүүнү талап кылышты.",
    ],
}
NAMES = [
    ("Almaz Atambaev", "Алмаз Атамбаев", "Алмаза Атамбаева", "Алмаз Атамбаевдин"),
    ("Sadyk Japarov", "Садык Жапаров", "Садыка Жапарова", "Садык Жапаровдун"),
    ("Bakyt Zhunushaliev", "Бакыт Джунушалиев", "Бакыта Джунушалиева", "Бакыт Жунушалиевдин"),
    ("Kamchy Toktogulov", "Камчы Токтогулов", "Камчы Токтогулова", "Камчы Токтогуловдун"),
    ("Aibek Osmonov", "Айбек Осмонов", "Айбека Осмонова", "Айбек Осмоновдун"),
]
PLACES = [("Tash-Bulung", "Таш-Булуң"), ("Kok-Suu", "Көк-Суу"), ("Ak-Jol", "Ак-Жол")]


def paragraph(rng: random.Random, language: str, sentences: int) -> str:
    out = []
    for _ in range(sentences):
        name = rng.choice(NAMES)
        chief = rng.choice(NAMES)
        place = rng.choice(PLACES)
        out.append(
            rng.choice(SENTENCES[language]).format(
                name=name[0],
                name_ru=name[1],
                name_ru_gen=name[2],
                name_ky=name[3],
                chief=chief[0],
                chief_ru=chief[1],
                place=place[0],
                place_ru=place[1],
                day=rng.randint(1, 31),
                n=rng.randint(2, 2000),
            )
        )
    return " ".join(out)


def text_documents(folder: Path, count: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        language = rng.choice(("en", "en", "ru", "ky"))
        path = folder / f"{n:06d}-{language}.txt"
        body = paragraph(rng, language, rng.randint(6, 20))
        path.write_text(f"Document {n}\n\n{body}\n", "utf-8")
        paths.append(path)
    return paths


def pdf_documents(folder: Path, count: int, seed: int = 11) -> list[Path]:
    from fpdf import FPDF

    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        pdf = FPDF()
        pdf.set_creation_date(datetime(2024, 1, 1, tzinfo=UTC))
        pdf.add_font("DejaVu", fname=str(FONT))
        pdf.set_font("DejaVu", size=11)
        for _ in range(rng.randint(1, 3)):
            pdf.add_page()
            language = rng.choice(("en", "ru", "ky"))
            pdf.multi_cell(0, 6, f"Report {n}. " + paragraph(rng, language, 25))
        path = folder / f"report-{n:04d}.pdf"
        pdf.output(str(path))
        paths.append(path)
    return paths
