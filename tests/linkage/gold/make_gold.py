"""Write the labelled linkage set ``people.jsonl``: one population, several lists.

Run from the repository root: ``python tests/linkage/gold/make_gold.py``. The output is the
same on every run (fixed seed). How the set is made is told in docs/linkage.md.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "src"))

from docket.names.transliterate import to_latin

SEED = 20261205
PEOPLE = 300
# Some lists give an age on the day they were published instead of a year of birth.
AGE_SHARE = 0.15
LIST_DATES = {
    "cyrillic-surname-first": "2022-03-01",
    "cyrillic-patronymic": "2021-11-15",
    "latin-bgn": "2023-06-30",
    "latin-j": "2022-10-05",
    "latin-j-typo": "2022-10-05",
    "kyrgyz-letters": "2024-01-20",
}
MEN = [
    "Алмазбек",
    "Бакыт",
    "Нурлан",
    "Айбек",
    "Талант",
    "Үмүт",
    "Эрлан",
    "Жыргалбек",
    "Садыр",
    "Курманбек",
    "Өмүрбек",
    "Азамат",
    "Нурбек",
    "Медер",
    "Дастан",
    "Бекжан",
    "Тынчтык",
    "Мирлан",
    "Кубанычбек",
    "Санжар",
    "Улан",
    "Женишбек",
    "Темир",
    "Адилет",
]
WOMEN = [
    "Чолпон",
    "Айгүл",
    "Гүлнара",
    "Жаныл",
    "Элмира",
    "Жылдыз",
    "Асель",
    "Айпери",
    "Бүбүсара",
    "Нургүл",
    "Айжан",
]
SURNAMES = [
    "Атамбаев",
    "Жапаров",
    "Бакиев",
    "Исмаилов",
    "Токоев",
    "Маматов",
    "Сыдыков",
    "Асанов",
    "Усупов",
    "Жээнбеков",
    "Өмүралиев",
    "Түлөбердиев",
    "Кожомбердиев",
    "Сатыбалдиев",
    "Мамытов",
    "Жумабеков",
    "Акматов",
    "Орозбеков",
    "Турдумаматов",
    "Абдыкеримов",
    "Чыныбаев",
    "Эсенаманов",
    "Күрөңкеев",
    "Сүйүнбаев",
    "Нурматов",
    "Бейшеналиев",
    "Ташиев",
    "Дүйшөнбаев",
    "Калыбеков",
    "Мырзакматов",
    "Осмоналиев",
    "Шамшиев",
    "Кадыров",
    "Иманалиев",
]
FATHERS = [
    "Шаршен",
    "Бакыт",
    "Асан",
    "Токтогул",
    "Жума",
    "Мамыт",
    "Турган",
    "Осмон",
    "Кадыр",
    "Абдыкерим",
]
RUSSIAN_FOR_KYRGYZ = str.maketrans({"ө": "о", "Ө": "О", "ү": "у", "Ү": "У", "ң": "н", "Ң": "Н"})


def typo(word: str, rng: random.Random) -> str:
    """One slip of a typist, never on the first letter."""
    if len(word) < 5:
        return word
    at = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("drop", "double", "swap", "vowel"))
    if kind == "drop":
        return word[:at] + word[at + 1 :]
    if kind == "double":
        return word[:at] + word[at] + word[at:]
    if kind == "swap":
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    vowels = "aeiou"
    if word[at] in vowels:
        return word[:at] + rng.choice([v for v in vowels if v != word[at]]) + word[at + 1 :]
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]


def person(rng: random.Random, number: int) -> dict[str, object]:
    female = rng.random() < 0.35
    first = rng.choice(WOMEN if female else MEN)
    surname = rng.choice(SURNAMES) + ("а" if female else "")
    father = rng.choice(FATHERS)
    return {
        "entity": f"P{number:04d}",
        "first": first,
        "surname": surname,
        "patronymic": father + ("овна" if female else "ович"),
        "gender": "female" if female else "male",
        "birth_year": rng.randint(1950, 2005),
    }


def renderings(p: dict[str, object], rng: random.Random) -> list[tuple[list[str], str, bool]]:
    """The person in the lists they appear in: (names, variation, year given)."""
    first, surname = str(p["first"]), str(p["surname"])
    lists: list[tuple[list[str], str, bool]] = []
    if rng.random() < 0.7:
        ru_first, ru_surname = (
            first.translate(RUSSIAN_FOR_KYRGYZ),
            surname.translate(RUSSIAN_FOR_KYRGYZ),
        )
        if rng.random() < 0.3:
            name = f"{ru_surname} {ru_first} {p['patronymic']}"
            lists.append(([name], "cyrillic-patronymic", rng.random() < 0.7))
        else:
            lists.append(
                ([f"{ru_surname} {ru_first}"], "cyrillic-surname-first", rng.random() < 0.7)
            )
    if rng.random() < 0.6:
        name = f"{to_latin(first, 'bgn_pcgn')} {to_latin(surname, 'bgn_pcgn')}"
        lists.append(([name], "latin-bgn", rng.random() < 0.7))
    if rng.random() < 0.6:
        press_first = to_latin(first, "kyrgyz_press")
        press_surname = to_latin(surname, "kyrgyz_press")
        if rng.random() < 0.4:
            press_surname = typo(press_surname, rng)
            lists.append(([f"{press_first} {press_surname}"], "latin-j-typo", rng.random() < 0.6))
        else:
            lists.append(
                ([f"{press_surname.upper()} {press_first}"], "latin-j", rng.random() < 0.6)
            )
    if rng.random() < 0.5:
        lists.append(([f"{first} {surname}"], "kyrgyz-letters", rng.random() < 0.7))
    if not lists:
        lists.append(([f"{first} {surname}"], "kyrgyz-letters", True))
    return lists


def with_ages(rows: list[dict[str, object]]) -> None:
    """Give some entries with a year an age on their list's date instead (34 on 1 March 2022:
    born 1987 if the birthday had passed, 1988 if not). A generator of its own, so that every
    other entry stays as it was before ages were added."""
    ages = random.Random(SEED + 1)
    for row in rows:
        if row["birth_year"] is None or ages.random() >= AGE_SHARE:
            continue
        on = LIST_DATES[str(row["variation"]).split("+")[0]]
        had_birthday = ages.random() < 0.25  # by March, a quarter of the year's birthdays
        age = int(on[:4]) - int(str(row["birth_year"])) - (0 if had_birthday else 1)
        row.update(birth_year=None, age=age, age_on=on, variation=f"{row['variation']}+age")


def main() -> None:
    rng = random.Random(SEED)
    people: list[dict[str, object]] = []
    taken: set[tuple[object, object]] = set()
    # Names are unique in the population, except for the deliberate near-namesakes below: two
    # people of one name with no year to tell them apart would make the truth unknowable.
    while len(people) < PEOPLE:
        candidate = person(rng, len(people))
        key = (candidate["first"], str(candidate["surname"]).rstrip("а"))
        if key not in taken:
            taken.add(key)
            people.append(candidate)
    # Near-namesakes: another person with the same name, born at least six years apart.
    for n, model in enumerate(rng.sample(people, PEOPLE // 10)):
        year = int(str(model["birth_year"]))
        other = dict(
            model, entity=f"N{n:04d}", birth_year=year + rng.choice((-1, 1)) * rng.randint(6, 20)
        )
        other["namesake"] = True
        model["namesake"] = True
        people.append(other)
    rows: list[dict[str, object]] = []
    for p in people:
        for names, variation, with_year in renderings(p, rng):
            kinds = [variation]
            if p.get("namesake"):
                kinds.append("namesake")
                with_year = True
            if not with_year:
                kinds.append("no-year")
            row = {
                "entity": p["entity"],
                "names": names,
                "birth_year": p["birth_year"] if with_year else None,
                "gender": p["gender"] if rng.random() < 0.8 else None,
                "variation": "+".join(kinds),
            }
            rows.append(row)
            if rng.random() < 0.05:
                rows.append(dict(row, variation=row["variation"] + "+repeat"))
    with_ages(rows)
    rng.shuffle(rows)
    out = Path(__file__).with_name("people.jsonl")
    with out.open("w", encoding="utf-8") as handle:
        for number, row in enumerate(rows, start=1):
            handle.write(json.dumps({"id": number, **row}, ensure_ascii=False) + "\n")
    print(f"{len(rows)} records of {len(people)} people written to {out}")


if __name__ == "__main__":
    main()
