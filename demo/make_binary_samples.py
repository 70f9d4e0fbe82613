"""Write the binary sample documents (PDF, DOCX, JPEG, ZIP) into a directory.

Usage: python demo/make_binary_samples.py OUT_DIR

The output is reproducible byte for byte (for the same versions of fpdf2, python-docx, Pillow and
zlib): every timestamp is fixed and nothing random is used. The archive addresses evidence by
SHA-256, so a sample whose bytes changed on each run would be ingested as a new item every time.

All people, places and organisations in these documents are fictional.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import sys
import zipfile
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"

SPECIAL_REPORT_PDF = "en-sdpa-special-report-tash-bulung.pdf"
COURT_SUMMARY_PDF = "ru-court-summary-kok-suu-2023-06-14.pdf"
PETITION_DOCX = "ky-petition-tash-bulung-residents.docx"
NOTICE_JPEG = "ru-photo-court-notice-kok-suu.jpg"
FIELD_NOTES_ZIP = "kalkan-field-notes-2022-08.zip"


# --- English special report (multi-page PDF) -------------------------------------------------

REPORT_TITLE = "Tash-Bulung: Two Days in August"
REPORT_DATE = dt.datetime(2023, 11, 14, 9, 0, tzinfo=dt.UTC)

REPORT_SECTIONS: list[tuple[str, list[str]]] = [
    (
        "1. Summary",
        [
            "On 14 and 15 August 2022 units of the State Security Service (SSS) and of the Special "
            "Operations Directorate of the Ministry of the Interior attacked the residents of "
            "Tash-Bulung and the supporters of former President Ulan Atambaev who had gathered at "
            "his home. On these two consecutive days, firearms and cold weapons were used against "
            "about 1,700 unarmed civilians. At least 79 people were injured, eleven of them by "
            "bullets. Nurdin Sabyrov, aged 19, died of his wounds on 16 August. Forty-six "
            "villagers were detained, and many of them were beaten in custody.",
            "This report is based on 112 interviews conducted by party volunteers between August "
            "2022 and October 2023, on the findings of the Kalkan Human Rights Centre, on 41 "
            "medical documents and on 23 video recordings. It concludes that the operation was "
            "ordered by the then Chairman of the SSS, Kubat Zhunushaliev, and directed by the then "
            "head of the Special Operations Directorate, Tilek Orozbekov, and that the use of "
            "lethal force was neither necessary nor proportionate.",
            "Fifteen months later, not a single official has been questioned. The Prosecutor "
            "General's Office refused to open a criminal case in December 2022, and a court upheld "
            "that refusal in May 2023.",
        ],
    ),
    (
        "2. Background",
        [
            "Ulan Atambaev was President of the Republic of Altyn-Tash from 2011 to 2017 and is "
            "the founder of the Social Democratic Party of Altyn-Tash (SDPA). After Marat Japarov "
            "became President in January 2021, parliament lifted Mr Atambaev's immunity as a "
            "former head of state in June 2022, and the SSS summoned him for questioning in a case "
            "concerning the privatisation of a state enterprise. Mr Atambaev refused to appear, "
            "calling the case political, and remained at his home in Tash-Bulung, his native "
            "village in the Ala-Mysh district.",
            "In the days before 14 August, hundreds of supporters came to the village to show "
            "their solidarity. Residents told us that they expected officials to arrive with a "
            "summons, not with armoured vehicles.",
        ],
    ),
]

REPORT_CHRONOLOGY: list[tuple[str, str]] = [
    (
        "14 August 2022, about 17:00",
        "About twenty vehicles without number plates enter Tash-Bulung from the Jangy-Kala road. "
        "Masked officers order the residents at the gates of the residence to disperse.",
    ),
    (
        "14 August, 17:20-20:30",
        "Warning shots, then live fire and stun grenades towards the crowd. At least 30 residents "
        "are injured, several of them by bullets. The Ministry of the Interior later reports eight "
        "injured officers.",
    ),
    (
        "14 August, about 21:00",
        "The security forces withdraw. In a televised address President Japarov calls the "
        'operation "lawful and necessary" and says that it "will be completed".',
    ),
    (
        "15 August, about 06:00",
        "A larger force returns with armoured vehicles. Residents of neighbouring villages join "
        "the crowd, which grows to about 1,700 people.",
    ),
    (
        "15 August, 09:00-10:30",
        "Automatic fire; officers beat people with metal batons; at least three residents are "
        "wounded with knives. Nurdin Sabyrov is shot in the abdomen near the gates.",
    ),
    (
        "15 August, about 10:30",
        'Mr Atambaev leaves his house "so that there is no more blood" and is detained. He is '
        "taken to the SSS pre-trial detention centre in Jangy-Kala.",
    ),
    (
        "15 August, afternoon",
        "46 villagers are detained and taken to the Ala-Mysh district police department; 39 of "
        "them are released within three days.",
    ),
    ("16 August", "Nurdin Sabyrov dies in the Ala-Mysh district hospital."),
]

REPORT_FIGURES: list[tuple[str, str, str]] = [
    ("People present on 15 August", "about 1,700", "video analysis, residents' counts"),
    ("Injured (both days)", "at least 79", "medical certificates, Kalkan"),
    ("Gunshot wounds", "11", "medical certificates"),
    ("Knife wounds", "at least 3", "witnesses, medical certificates"),
    ("Killed", "1 (Nurdin Sabyrov, 19)", "death certificate"),
    ("Detained on 15 August", "46", "lists compiled by relatives"),
    ("Sought medical help (official)", "52", "Ministry of Health, 17 August 2022"),
]

REPORT_RESPONSIBILITY = [
    "Kubat Zhunushaliev, Chairman of the State Security Service from March 2021 to February 2023, "
    "ordered the operation and, according to two officers and several witnesses, followed it from "
    "a vehicle on the main road on 15 August.",
    "Tilek Orozbekov, head of the Special Operations Directorate of the Ministry of the Interior "
    "until November 2022, commanded the units on the ground on both days.",
    "President Marat Japarov publicly approved the operation on the evening of 14 August, after "
    "the first shots had been fired at the crowd.",
    "None of them has been questioned about the use of force.",
]

REPORT_CLOSING: list[tuple[str, list[str]]] = [
    (
        "5. The investigation that never was",
        [
            "On 5 September 2022, 31 victims, supported by the Kalkan Human Rights Centre, filed "
            "complaints with the Prosecutor General's Office, together with a collective petition "
            "signed by residents of Tash-Bulung. On 12 December 2022 the Office refused to open a "
            'criminal case, describing the use of force as "lawful and proportionate". In May 2023 '
            "the Ala-Mysh District Court upheld the refusal without hearing a single victim.",
            "Meanwhile, Mr Atambaev was sentenced on 23 June 2023 to 11 years and 2 months for "
            '"organising mass riots", and seven residents of Tash-Bulung received suspended '
            "sentences. Since October 2023 his health has sharply deteriorated: he was returned "
            "from hospital to prison on 19 October although doctors had found that he needs two "
            "urgent operations.",
        ],
    ),
    (
        "6. Recommendations",
        [
            "1. To the Prosecutor General: reopen the case, recognise the injured as victims and "
            "question those who ordered and carried out the operation.",
            "2. To parliament: set up a commission of inquiry with access to the SSS and Ministry "
            "of the Interior orders of 13-15 August 2022.",
            "3. To the President: release Ulan Atambaev and allow him the medical treatment he "
            "needs.",
            "4. To the international community, including the Progressive International Alliance: "
            "support an international investigation if the national authorities continue to refuse "
            "to act.",
        ],
    ),
]


# --- Russian court summary (PDF) -------------------------------------------------------------

COURT_DATE = dt.datetime(2023, 6, 15, 12, 0, tzinfo=dt.UTC)

COURT_HEADER = [
    ("Дело", "уголовное дело № 1-245/23 («дело Кок-Суу»)"),
    ("Суд", "Ала-Мышский районный суд г. Жангы-Кала"),
    ("Дата заседания", "14 июня 2023 г., 10:00–17:40"),
    ("Судья", "Осмоналиева Т. Б."),
    ("Государственный обвинитель", "прокурор Асанбеков Э. К."),
    ("Защита", "адвокаты Касымалиев Н. А., Байтикова С. М. и другие (всего 9 адвокатов)"),
    ("Обвиняемые", "Абдыкадырова Р. Б. и другие, всего 22 человека"),
    (
        "Обвинение",
        "ч. 1 ст. 278 (подготовка к массовым беспорядкам), ч. 3 ст. 278 (призывы к массовым "
        "беспорядкам) УК Республики Алтын-Таш",
    ),
]

COURT_SECTIONS: list[tuple[str, list[str]]] = [
    (
        "1. Порядок проведения",
        [
            "Заседание проведено в закрытом режиме по ходатайству обвинения со ссылкой на "
            "«материалы, содержащие государственную тайну». Наблюдатель «Калкана», родственники "
            "обвиняемых и журналисты в зал не допущены. Объявление о закрытом заседании было "
            "вывешено на дверях суда 13 июня. Настоящее изложение составлено со слов адвокатов и "
            "по копиям процессуальных документов.",
        ],
    ),
    (
        "2. Ходатайства",
        [
            "Защита ходатайствовала об открытом рассмотрении дела — отклонено. Защита "
            "ходатайствовала об изменении меры пресечения всем 22 обвиняемым на домашний арест в "
            "связи с тем, что они содержатся под стражей почти восемь месяцев, — удовлетворено "
            "частично.",
        ],
    ),
    (
        "3. Позиция обвинения",
        [
            "Прокурор Асанбеков заявил, что обвиняемые «планировали 27 октября 2022 года захватить "
            "здание Жогорку Кенеша, чтобы сорвать ратификацию соглашения», и что у них «были "
            "изъяты мегафоны, плакаты и переписка в мессенджерах». Прокурор также заявил, что «за "
            "протестами стоят сторонники Атамбаева», однако доказательств этому в заседании не "
            "представил.",
        ],
    ),
    (
        "4. Позиция защиты и обвиняемых",
        [
            "Адвокат Касымалиев, который также защищает бывшего президента Улана Атамбаева, "
            "указал, что ни одно из изъятых сообщений не содержит призывов к насилию, а «захват "
            "здания» существует только в рапорте оперативного сотрудника СГБ.",
            "Обвиняемая Абдыкадырова, 62 года, заявила: «Мы собирались выйти к парламенту с "
            "плакатами и флагами. Это наше конституционное право. Кок-Суу — земля наших предков».",
            "Обвиняемый Сатаров сообщил, что при задержании 23 октября 2022 года его избили "
            "сотрудники СГБ; суд предложил ему обратиться с заявлением в прокуратуру.",
        ],
    ),
    (
        "5. Решение суда",
        [
            "Суд продлил срок содержания под стражей 18 обвиняемым до 14 сентября 2023 года. "
            "Четверым обвиняемым — Токтогуловой К. М., Иманалиевой Ж. С., Осмоновой А. Б. и "
            "Алыбаеву С. Т. — мера пресечения изменена на домашний арест (учтены наличие "
            "малолетних детей, учёба и состояние здоровья). Следующее заседание назначено на "
            "12 июля 2023 года.",
        ],
    ),
    (
        "6. Замечания наблюдателя",
        [
            "— Закрытие всего процесса по мотивам государственной тайны ничем не обосновано: "
            "соглашение о водохранилище Кок-Суу, ратифицированное 27 октября 2022 года и "
            "подписанное президентом Жапаровым, опубликовано.",
            "— Жалобы на избиение при задержании не проверены.",
            "— Обвиняемые содержатся под стражей почти восемь месяцев; суд не привёл "
            "индивидуальных оснований для продления срока.",
        ],
    ),
]


# --- Kyrgyz petition (DOCX) ------------------------------------------------------------------

PETITION_DATE = dt.datetime(2022, 9, 5, 10, 0, 0)

PETITION_PARAGRAPHS = [
    "Биз, төмөндө кол койгон Таш-Булуң айылынын тургундары, 2022-жылдын 14 жана 15-августунда "
    "биздин айылда болгон окуялар боюнча кылмыш ишин козгоону жана толук, калыс иликтөө "
    "жүргүзүүнү суранабыз.",
    "14-августта саат 17:00дөр чамасында айылга номери жок жыйырмага жакын машина менен кара "
    "кийимчен, беттерин жапкан куралчан адамдар келишти. Алар мурдагы президент Улан Атамбаевдин "
    "үйүнүн жанына чогулган элди тарап кетүүгө буйрушту, анан адегенде асманга, андан кийин элге "
    "карата ок атышты, жарылуучу гранаталарды ыргытышты. Ошол күнү эле ондогон адам жаракат алды.",
    "15-августта эртең менен саат 6да алар бронетехника менен кайра келишти. Ал күнү айылда жана "
    "Атамбаевдин үйүнүн тегерегинде 1700гө жакын адам болгон. Күч түзүмдөрүнүн кызматкерлери "
    "автоматтардан ок атып, адамдарды темир союлдар менен сабашты, бир нече адамды бычак менен "
    "жарадар кылышты. Биздин айылдын 19 жаштагы баласы Нурдин Сабыров курсагына ок тийип, "
    "16-августта райондук ооруканада каза болду.",
    "15-августта 46 айыл тургуну кармалып, Ала-Мыш райондук ички иштер бөлүмүнө алынып кетилди. "
    "Алардын көбү ал жерде ур-токмокко кабылды, кээ бирлеринен күч менен түшүндүрмө алынды.",
    "Айылдын тургундары эч кандай курал колдонгон жок. Биз өз айылыбызда, өз үйлөрүбүздүн жанында "
    "турганбыз.",
    "Биздин билишибизче, операцияга Мамлекеттик коопсуздук кызматынын төрагасы Кубат Жунушалиев "
    "жана Ички иштер министрлигинин Атайын операциялар башкармалыгынын башчысы Тилек Орозбеков "
    "жетекчилик кылышкан.",
]

PETITION_REQUESTS = [
    "2022-жылдын 14-15-августунда Таш-Булуң айылында ок атуучу жана муздак куралды колдонуу "
    "фактылары боюнча кылмыш ишин козгоону;",
    "жаракат алган тургундарды жабырлануучу катары таанууну жана алардан көрсөтмө алууну;",
    "операцияга катышкан кызматкерлерди жана буйрук берген кызмат адамдарын аныктап, жоопко "
    "тартууну;",
    "Ала-Мыш райондук ички иштер бөлүмүндө кармалгандарды сабоо фактыларын текшерүүнү.",
]

PETITION_ATTACHMENTS = [
    "Медициналык маалымкаттардын көчүрмөлөрү — 23 барак.",
    "Видеожазуулар — 1 USB-флеш.",
    "Жабырлануучулардын тизмеси — 3 барак.",
]

PETITION_SIGNATORIES = [
    ("Муратбеков Эркин Токтогулович", "Ата-Мекен көч., 7"),
    ("Сабырова Бүбүсара Асановна", "Мектеп көч., 22"),
    ("Дүйшөнбаева Асел Кубанычбековна", "Жаштык көч., 3"),
    ("Алымбеков Нурсултан Эрмекович", "Ата-Мекен көч., 15"),
    ("Тойчуева Гүлмира Садыковна", "Мектеп көч., 9"),
    ("Кенешбеков Улукбек Дөөлөтович", "Тоо-Башы көч., 31"),
]


# --- Photographed court notice (JPEG) --------------------------------------------------------

NOTICE_LINES: list[tuple[str, int, bool]] = [
    ("ОБЪЯВЛЕНИЕ", 64, True),
    ("", 24, False),
    ("Ала-Мышский районный суд г. Жангы-Кала", 34, True),
    ("сообщает, что судебное заседание", 34, False),
    ("по уголовному делу № 1-245/23", 34, False),
    ("в отношении Абдыкадыровой Р. Б. и других", 34, False),
    ("(всего 22 обвиняемых)", 34, False),
    ("состоится 14 июня 2023 года в 10:00", 34, True),
    ("в зале судебных заседаний № 3.", 34, False),
    ("", 24, False),
    ("Заседание будет проводиться", 34, False),
    ("в закрытом режиме.", 34, True),
    ("Вход только по пропускам.", 34, False),
    ("", 24, False),
    ("Канцелярия суда", 30, False),
]

NOTICE_TAKEN = "2023:06:13 17:42:05"


# --- Field notes (ZIP with a folder of three documents) --------------------------------------

FIELD_NOTES_FOLDER = "kalkan-field-notes-2022-08/"
FIELD_NOTES_TIME = (2022, 8, 25, 18, 30, 0)

FIELD_NOTES: list[tuple[str, str]] = [
    (
        "01-field-visit-notes-en.txt",
        """\
Kalkan Human Rights Centre - fact-finding mission to Tash-Bulung - field notes
Dates: 20-24 August 2022
Team: A. Temirova, B. Asanaliev, N. Kadyrova, E. Joldoshbekov

20 August. Arrived 10:00. Police checkpoint at the entrance of the village on the Jangy-Kala road;
our documents were checked and our names written down. The head of the village administration
declined to meet us. Walked the area around the Atambaev residence: bullet marks on the gate, on
the fence and on the wall of the school (34 photographs), a burnt car on the square, spent stun
grenades in the ditch by the road.

21 August. 11 interviews. Interview with Bubusara Sabyrova, mother of Nurdin Sabyrov (summary in
Kyrgyz in this folder). Funeral took place on 17 August.

22 August. 18 interviews, including Erkin Muratbekov (TB-W-05, public). He collected four cartridge
cases near the fence; to be handed to the lawyer N. Kasymaliev on 23 August.

23 August. 20 interviews, including TB-W-07 (confidential, identity withheld). Visit to the
Ala-Mysh district hospital: the chief doctor confirmed that "about fifty" people were admitted
between 14 and 16 August, some with gunshot wounds, but refused to give copies of records without a
request from the prosecutor.

24 August. 15 interviews. Preliminary list of injured compiled (Russian, in this folder).
Total: 64 interviews, 23 of them anonymous.

Crowd size. Counting residents and people from neighbouring villages on the videos, our estimate
for the morning of 15 August is about 1,700; villagers themselves speak of "two thousand".

Responsibility. Several residents say that SSS Chairman Dzhunushaliev was present in a car on the
main road on 15 August. Nobody we met saw him personally. To be checked with other sources.

Security. The team was followed by an unmarked car on 22 and 23 August. Two residents asked not to
be contacted by phone.
""",
    ),
    (
        "02-injured-list-ru.txt",
        """\
ПЦ «Калкан». Предварительный список пострадавших в с. Таш-Булун 14–15 августа 2022 г.
По состоянию на 24.08.2022. Для служебного пользования.

1. Сабыров Нурдин, 19 лет — огнестрельное ранение живота, 15.08; скончался 16.08.2022 в
   Ала-Мышской районной больнице.
2. Муратбеков Эркин, 51 год — ушибы почек, избиение в Ала-Мышском РОВД, 15–16.08.
3. Муж свидетельницы TB-W-07 (имя не указывается) — резаные раны руки и бока (нож), 15.08.
4. Алымбеков Нурсултан, 27 лет — огнестрельное ранение бедра, 14.08.
5. Тойчуева Гулмира, 44 года — контузия (светошумовая граната), 14.08.
6. Кенешбеков Улукбек, 35 лет — перелом предплечья (удар дубинкой), 15.08.
7. Аноним (по просьбе семьи), 17 лет — огнестрельное ранение плеча, 15.08.
8. Дуйшонбаев Кубаныч, 63 года — черепно-мозговая травма (удар дубинкой), 15.08.
9. Аноним (по просьбе), 22 года — огнестрельное ранение голени, 15.08.
10. Осмонов Эрлан, 31 год — ранение глаза резиновой пулей, 14.08.

В списке 10 человек из 79 пострадавших, установленных на сегодня. Из них с огнестрельными
ранениями — 11 человек. Полный список хранится в архиве «Калкана» (ограниченный доступ).
Атамбаев задержан 15.08 около 10:30, в список пострадавших не включён.
""",
    ),
    (
        "03-interview-sabyrova-ky.txt",
        """\
Маектин кыскача мазмуну

Маек алган: Б. Асаналиев («Калкан» укук коргоо борбору)
Күнү: 2022-жылдын 21-августу
Орду: Таш-Булуң айылы, жабырлануучунун үйү
Маек берген: Бүбүсара Сабырова, 1970-жылы туулган, Нурдин Сабыровдун апасы

Б. Сабырованын айтымында, 15-августта эртең менен уулу Нурдин (19 жашта) кошуналары менен бирге
Атамбаевдин үйүнүн жанына барган. Саат 9дар чамасында атышуу башталып, Нурдиндин курсагына ок
тийген. Аны кошуналары жеңил машина менен Ала-Мыш райондук ооруканасына жеткиришкен. Нурдин
16-августта түнкүсүн ооруканада каза болгон.

Апасынын айтымында, милиция кызматкерлери ооруканада ага уулунун өлүмү тууралуу «эч кимге
айтпоону» эскертишкен. Өлүм тууралуу күбөлүктө «себеби аныкталган эмес» деп жазылган. Сөөгү
17-августта айылдын көрүстөнүнө коюлган.

Б. Сабырова Башкы прокуратурага арыз жазууга макул болду жана «Калканга» өлүм тууралуу
күбөлүктүн жана медициналык маалымкаттын көчүрмөлөрүн берди.

Эскертүү: маек кыргыз тилинде жүргүзүлдү, аудиожазуу «Калкандын» архивинде сакталат.
""",
    ),
]


class _NumberedPDF(FPDF):
    """A4 document in DejaVu Sans with a running footer."""

    def __init__(self, footer_text: str) -> None:
        super().__init__(format="A4")
        self._footer_text = footer_text
        self.add_font("DejaVu", "", str(FONT_REGULAR))
        self.add_font("DejaVu", "B", str(FONT_BOLD))
        self.set_margins(20, 20, 20)
        self.set_auto_page_break(auto=True, margin=20)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font("DejaVu", "", 8)
        self.cell(0, 6, f"{self._footer_text} · {self.page_no()}", align="C")

    def heading(self, text: str, size: int = 14) -> None:
        self.set_font("DejaVu", "B", size)
        self.multi_cell(0, size * 0.55, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)

    def paragraph(self, text: str, size: int = 11) -> None:
        self.set_font("DejaVu", "", size)
        self.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(3)


def _set_pdf_metadata(
    pdf: _NumberedPDF, title: str, author: str, lang: str, created: dt.datetime
) -> None:
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_creator(author)
    pdf.set_lang(lang)
    pdf.set_creation_date(created)


def build_special_report() -> bytes:
    author = "Social Democratic Party of Altyn-Tash"
    pdf = _NumberedPDF(f"SDPA · {REPORT_TITLE}")
    _set_pdf_metadata(pdf, REPORT_TITLE, author, "en", REPORT_DATE)
    pdf.set_subject("Special report on the events of 14-15 August 2022 in Tash-Bulung")

    pdf.add_page()
    pdf.ln(50)
    pdf.set_font("DejaVu", "", 12)
    pdf.cell(0, 8, author, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(12)
    pdf.set_font("DejaVu", "B", 24)
    pdf.multi_cell(0, 12, REPORT_TITLE.upper(), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(8)
    pdf.set_font("DejaVu", "", 13)
    pdf.multi_cell(
        0,
        7,
        "Special report on the events of 14–15 August 2022 in the village of Tash-Bulung, "
        "Ala-Mysh district",
        align="C",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.ln(30)
    pdf.set_font("DejaVu", "", 11)
    pdf.cell(0, 7, "English edition", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.cell(0, 7, "Jangy-Kala, November 2023", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    pdf.add_page()
    for title, paragraphs in REPORT_SECTIONS:
        pdf.heading(title)
        for text in paragraphs:
            pdf.paragraph(text)

    pdf.add_page()
    pdf.heading("3. Chronology")
    for when, what in REPORT_CHRONOLOGY:
        pdf.set_font("DejaVu", "B", 11)
        pdf.multi_cell(0, 5.5, when, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.paragraph(what)

    pdf.add_page()
    pdf.heading("4. Victims and those responsible")
    pdf.set_font("DejaVu", "", 10)
    with pdf.table(col_widths=(60, 45, 65), line_height=6) as table:
        header = table.row()
        for label in ("Category", "Figure", "Source"):
            header.cell(label)
        for category, figure, source in REPORT_FIGURES:
            row = table.row()
            row.cell(category)
            row.cell(figure)
            row.cell(source)
    pdf.ln(6)
    pdf.heading("Those responsible", size=12)
    for text in REPORT_RESPONSIBILITY:
        pdf.paragraph(text)

    pdf.add_page()
    for title, paragraphs in REPORT_CLOSING:
        pdf.heading(title)
        for text in paragraphs:
            pdf.paragraph(text)
    return bytes(pdf.output())


def build_court_summary() -> bytes:
    title = "Краткое изложение судебного заседания по делу «Кок-Суу», 14 июня 2023 г."
    pdf = _NumberedPDF("ПЦ «Калкан» · Мониторинг судебных процессов")
    _set_pdf_metadata(pdf, title, "Правозащитный центр «Калкан»", "ru", COURT_DATE)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 12)
    pdf.cell(0, 7, "ПРАВОЗАЩИТНЫЙ ЦЕНТР «КАЛКАН»", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("DejaVu", "", 10)
    pdf.cell(0, 6, "Мониторинг судебных процессов", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(6)
    pdf.heading("КРАТКОЕ ИЗЛОЖЕНИЕ СУДЕБНОГО ЗАСЕДАНИЯ")
    pdf.set_font("DejaVu", "", 10)
    with pdf.table(col_widths=(50, 120), line_height=5.5, first_row_as_headings=False) as table:
        for label, value in COURT_HEADER:
            row = table.row()
            row.cell(label)
            row.cell(value)
    pdf.ln(5)
    for heading, paragraphs in COURT_SECTIONS:
        pdf.heading(heading, size=12)
        for text in paragraphs:
            pdf.paragraph(text, size=10)
    pdf.ln(4)
    pdf.paragraph("Составил: наблюдатель ПЦ «Калкан» (имя известно редакции).", size=10)
    pdf.paragraph("Дата составления: 15 июня 2023 г.", size=10)
    return bytes(pdf.output())


def _reproducible_zip(entries: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info, data in entries:
            archive.writestr(info, data)
    return buffer.getvalue()


def _file_entry(name: str, when: tuple[int, int, int, int, int, int]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=when)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = 0o100644 << 16
    return info


def build_petition() -> bytes:
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)

    for line in (
        "Алтын-Таш Республикасынын Башкы прокурору",
        "Ч. К. Мамбетовго",
        "Ала-Мыш районунун Таш-Булуң айылынын тургундарынан",
    ):
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("АРЫЗ").bold = True

    for text in PETITION_PARAGRAPHS:
        document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    document.add_paragraph("Жогоруда баяндалгандардын негизинде Сизден төмөнкүлөрдү суранабыз:")
    for text in PETITION_REQUESTS:
        document.add_paragraph(text, style="List Number")

    document.add_paragraph("Тиркеме:")
    for text in PETITION_ATTACHMENTS:
        document.add_paragraph(text, style="List Bullet")

    document.add_paragraph("Таш-Булуң айылы, 2022-жылдын 5-сентябры")
    document.add_paragraph("Кол коюшкандар:")
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, label in zip(table.rows[0].cells, ("№", "Аты-жөнү", "Дареги", "Колу"), strict=True):
        cell.text = label
    for number, (name, street) in enumerate(PETITION_SIGNATORIES, start=1):
        cells = table.add_row().cells
        cells[0].text = str(number)
        cells[1].text = name
        cells[2].text = f"Таш-Булуң айылы, {street}"
        cells[3].text = "(колу)"
    document.add_paragraph("…жана дагы 212 кол (тизмеси тиркелет).")

    props = document.core_properties
    props.title = "Башкы прокурорго арыз: Таш-Булуң окуялары"
    props.author = "Таш-Булуң айылынын демилгелүү тобу"
    props.last_modified_by = "Таш-Булуң айылынын демилгелүү тобу"
    props.language = "ky-KG"
    props.created = PETITION_DATE
    props.modified = PETITION_DATE
    props.last_printed = PETITION_DATE
    props.revision = 1

    raw = io.BytesIO()
    document.save(raw)
    when = (2022, 9, 5, 10, 0, 0)
    # python-docx stamps each zip member with the current time; repack with a fixed one.
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source:
        entries = [
            (_file_entry(item.filename, when), source.read(item)) for item in source.infolist()
        ]
    return _reproducible_zip(entries)


def build_notice_photo() -> bytes:
    width, height = 1400, 1800
    # Seeded on purpose: the same texture every run keeps the JPEG's SHA-256 stable.
    rng = random.Random(20230613)  # noqa: S311
    # A coarse noise field scaled up reads as a painted wall rather than sensor noise.
    coarse = Image.new("L", (140, 180))
    coarse.putdata([rng.randint(150, 185) for _ in range(140 * 180)])
    wall_gray = coarse.resize((width, height), Image.Resampling.BICUBIC)
    wall = Image.merge(
        "RGB",
        (
            wall_gray.point(lambda v: min(255, v + 18)),
            wall_gray.point(lambda v: min(255, v + 10)),
            wall_gray.point(lambda v: max(0, v - 8)),
        ),
    )

    paper_w, paper_h = 1060, 1420
    paper = Image.new("RGB", (paper_w, paper_h), (246, 244, 236))
    draw = ImageDraw.Draw(paper)
    y = 110
    for text, size, bold in NOTICE_LINES:
        font = ImageFont.truetype(str(FONT_BOLD if bold else FONT_REGULAR), size)
        if text:
            line_w = draw.textlength(text, font=font)
            draw.text(((paper_w - line_w) / 2, y), text, font=font, fill=(22, 22, 26))
        y += int(size * 1.55)
    stamp = ImageFont.truetype(str(FONT_REGULAR), 22)
    draw.text((70, paper_h - 90), "13.06.2023", font=stamp, fill=(40, 40, 120))

    shadow = Image.new("RGBA", (paper_w + 40, paper_h + 40), (0, 0, 0, 0))
    ImageDraw.Draw(shadow).rectangle((20, 20, paper_w + 20, paper_h + 20), fill=(0, 0, 0, 90))
    shadow = shadow.filter(ImageFilter.GaussianBlur(12))
    paper_rgba = paper.convert("RGBA")
    tilted_shadow = shadow.rotate(1.2, resample=Image.Resampling.BICUBIC, expand=True)
    tilted_paper = paper_rgba.rotate(1.2, resample=Image.Resampling.BICUBIC, expand=True)
    left = (width - tilted_paper.width) // 2
    top = (height - tilted_paper.height) // 2
    wall_rgba = wall.convert("RGBA")
    wall_rgba.alpha_composite(tilted_shadow, (left + 6, top + 4))
    wall_rgba.alpha_composite(tilted_paper, (left + 20, top + 20))

    pins = ImageDraw.Draw(wall_rgba)
    for px, py in ((left + 70, top + 60), (left + tilted_paper.width - 40, top + 70)):
        pins.ellipse((px - 14, py - 14, px + 14, py + 14), fill=(178, 34, 34, 255))
        pins.ellipse((px - 5, py - 7, px + 1, py - 1), fill=(240, 200, 200, 255))

    photo = wall_rgba.convert("RGB").filter(ImageFilter.GaussianBlur(0.7))

    exif = Image.Exif()
    exif[0x010F] = "samsung"  # Make
    exif[0x0110] = "SM-A515F"  # Model
    exif[0x0112] = 1  # Orientation
    exif[0x0131] = "A515FXXU5GWB1"  # Software
    exif[0x0132] = NOTICE_TAKEN  # DateTime
    exif_ifd = exif.get_ifd(0x8769)
    exif_ifd[0x9003] = NOTICE_TAKEN  # DateTimeOriginal
    exif_ifd[0x9004] = NOTICE_TAKEN  # DateTimeDigitized
    exif_ifd[0x9011] = "+06:00"  # OffsetTimeOriginal

    out = io.BytesIO()
    photo.save(out, format="JPEG", quality=88, subsampling=2, exif=exif.tobytes())
    return out.getvalue()


def build_field_notes() -> bytes:
    folder = zipfile.ZipInfo(FIELD_NOTES_FOLDER, date_time=FIELD_NOTES_TIME)
    folder.create_system = 3
    folder.external_attr = (0o40755 << 16) | 0x10
    entries: list[tuple[zipfile.ZipInfo, bytes]] = [(folder, b"")]
    for name, text in FIELD_NOTES:
        info = _file_entry(FIELD_NOTES_FOLDER + name, FIELD_NOTES_TIME)
        entries.append((info, text.encode("utf-8")))
    return _reproducible_zip(entries)


BUILDERS = {
    SPECIAL_REPORT_PDF: build_special_report,
    COURT_SUMMARY_PDF: build_court_summary,
    PETITION_DOCX: build_petition,
    NOTICE_JPEG: build_notice_photo,
    FIELD_NOTES_ZIP: build_field_notes,
}


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: make_binary_samples.py OUT_DIR", file=sys.stderr)
        return 2
    missing = [path for path in (FONT_REGULAR, FONT_BOLD) if not path.is_file()]
    if missing:
        print(f"font not found: {missing[0]} (install fonts-dejavu-core)", file=sys.stderr)
        return 1
    out_dir = Path(argv[1])
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, build in BUILDERS.items():
            (out_dir / name).write_bytes(build())
            print(out_dir / name)
    except OSError as exc:
        print(f"cannot write samples to {out_dir}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
