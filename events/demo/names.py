"""Tables for the synthetic demo city (see events/demo_city.py): names, units, position templates,
and the parameters of the people and their history.

All of it is SYNTHETIC. Unit names follow the public structure of Pemerintah Kota Sibolga
(DOMAIN.md); person names are random combinations of common given names and family names and are
not meant to denote anyone. ABK needs and fill ratios (actual staff / need) are invented so that
the demo shows shortages (nurses, doctors, teachers, some kelurahan) and surpluses (general admin).
"""
from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

# --- names -------------------------------------------------------------------------------------
MUSLIM_MALE = ("Ahmad", "Muhammad", "Rizky", "Fauzi", "Hendra", "Irfan", "Syahrul", "Zulkifli",
               "Rahmat", "Arif", "Fadli", "Yusuf", "Ilham", "Hamdan", "Azhar", "Ridwan", "Taufik",
               "Khairul", "Iskandar", "Amir", "Rudi", "Syafii", "Nasrul", "Faisal", "Hasan")
MUSLIM_FEMALE = ("Siti", "Nurhayati", "Fitri", "Rahmawati", "Dewi", "Nurul", "Aisyah", "Hafsah",
                 "Khadijah", "Ratna", "Sri", "Wahyuni", "Lestari", "Putri", "Indah", "Rina",
                 "Zahra", "Nur Aini", "Maryam", "Fatimah", "Yusnidar", "Halimah", "Rosmiati")
CHRISTIAN_MALE = ("Johannes", "Martin", "Roy", "Hotman", "Parlindungan", "Daniel", "Samuel",
                  "Yosua", "Andreas", "Benyamin", "Fernando", "Rudolf", "Togar", "Sahat",
                  "Marudut", "Jonny", "Ricky", "Frans", "Albert", "Timotius", "Paulus", "Immanuel")
CHRISTIAN_FEMALE = ("Maria", "Agnes", "Debora", "Ruth", "Elisabeth", "Rosmawati", "Lusiana",
                    "Magdalena", "Kristina", "Theresia", "Rosa", "Dameria", "Tiurma", "Yohana",
                    "Lidia", "Marta", "Hana", "Nova", "Erni", "Sarma")
OTHER_MALE = ("Budi", "Agus", "Hendrik", "Wijaya", "Sugianto", "Kurniawan")
OTHER_FEMALE = ("Susanti", "Yanti", "Lili", "Mega", "Veronika", "Suryani")
GIVEN_NAMES = {("muslim", "L"): MUSLIM_MALE, ("muslim", "P"): MUSLIM_FEMALE,
               ("christian", "L"): CHRISTIAN_MALE, ("christian", "P"): CHRISTIAN_FEMALE,
               ("other", "L"): OTHER_MALE, ("other", "P"): OTHER_FEMALE}
SECOND_MALE = ("Saputra", "Pratama", "Hidayat", "Putra", "Hamonangan", "Efendi")
SECOND_FEMALE = ("Sari", "Wati", "Yanti", "Lestari", "Anggraini", "Rohani", "Uli")

MUSLIM_MARGA = ("Pohan", "Batubara", "Lubis", "Nasution", "Hasibuan", "Tanjung", "Siregar",
                "Harahap", "Daulay", "Pasaribu")
MINANG = ("Chaniago", "Koto", "Piliang", "Sikumbang", "Jambak")
TOBA_MARGA = ("Lumbantobing", "Hutauruk", "Sitanggang", "Gultom", "Manalu", "Siahaan", "Sianturi",
              "Sitorus", "Hutagalung", "Panjaitan", "Hutapea", "Pandiangan", "Sinambela",
              "Situmeang", "Hutabarat", "Sihotang", "Silitonga", "Nainggolan", "Marbun",
              "Tambunan", "Simamora", "Sinaga")
NIAS_MARGA = ("Zebua", "Harefa", "Telaumbanua", "Gulo")

# --- education ---------------------------------------------------------------------------------
EDUCATION_FAMILIES = ("kesehatan", "pendidikan", "keuangan", "hukum", "teknik", "informatika",
                      "administrasi", "sosial", "perikanan", "umum")
EDUCATION_FIELDS = {
    "kesehatan": ("Keperawatan", "Kebidanan", "Kesehatan Masyarakat", "Farmasi", "Gizi",
                  "Kesehatan Lingkungan", "Rekam Medis dan Informasi Kesehatan"),
    "pendidikan": ("PGSD", "Pendidikan Matematika", "Pendidikan Bahasa Indonesia",
                   "Pendidikan Bahasa Inggris", "Pendidikan IPA", "Pendidikan Sejarah",
                   "Pendidikan Ekonomi", "Pendidikan Pancasila dan Kewarganegaraan"),
    "keuangan": ("Akuntansi", "Manajemen Keuangan", "Ekonomi Pembangunan", "Perpajakan"),
    "hukum": ("Ilmu Hukum",),
    "teknik": ("Teknik Sipil", "Teknik Mesin", "Teknik Elektro", "Perencanaan Wilayah dan Kota"),
    "informatika": ("Teknik Informatika", "Sistem Informasi", "Manajemen Informatika"),
    "administrasi": ("Ilmu Administrasi Negara", "Ilmu Pemerintahan", "Manajemen",
                     "Administrasi Perkantoran"),
    "sosial": ("Ilmu Kesejahteraan Sosial", "Sosiologi", "Ilmu Komunikasi", "Psikologi"),
    "perikanan": ("Budidaya Perairan", "Pemanfaatan Sumberdaya Perikanan",
                  "Teknologi Hasil Perikanan"),
    "umum": ("Ilmu Ekonomi", "Ilmu Politik", "Sastra Indonesia"),
}
SMA_FIELDS = {"kesehatan": "SPK", "keuangan": "SMK Akuntansi", "teknik": "SMK Teknik Bangunan",
              "informatika": "SMK Teknik Komputer dan Jaringan", "perikanan": "SMK Perikanan",
              "administrasi": "SMK Administrasi Perkantoran"}

# --- position templates ------------------------------------------------------------------------
ADM = ("administrasi", "umum", "hukum", "sosial", "keuangan")
KEU = ("keuangan", "administrasi")
KES = ("kesehatan",)
PEND = ("pendidikan",)
TEK = ("teknik",)
IT = ("informatika",)


# Pelaksana titles of PermenPANRB 45/2022 (used since 2023 instead of "Pengadministrasi Umum",
# "Pengemudi", "Pengelola Keuangan", ...) and the education each admits; codes keep their old slugs
OPERATOR, PENGADM = "Operator Layanan Operasional", "Pengadministrasi Perkantoran"
PENGELOLA, PENATA = "Pengelola Layanan Operasional", "Penata Layanan Operasional"
PELAKSANA_EDUCATION = {OPERATOR: ("SMA",), PENGADM: ("SMA",), PENGELOLA: ("D3",), PENATA: ("S1",)}
OPERATOR_BAND = ("II/a", "III/b")


class Post(NamedTuple):
    slug: str
    name: str
    jabatan_type: str
    grade: str | None = None          # eselon (structural) or level (functional)
    families: tuple = ()
    track: str = "umum"
    abk: int = 1
    fill: float = 1.0                 # initial actual staff / ABK need
    strategic: bool = False
    band: tuple | None = None         # override (low, high)
    fields: tuple = ()                # education fields fitting the post


def jf(slug, name, level, families, track, abk, fill=1.0, fields=(), strategic=False):
    kind = "fungsional_keahlian" if level.startswith("ahli") or level == "guru" else \
        "fungsional_keterampilan"
    return Post(slug, name, kind, level, families, track, abk, fill, strategic, None, fields)


def pl(slug, name, abk, fill=1.0, families=(), track="umum", band=None):
    return Post(slug, name, "pelaksana", None, families, track, abk, fill, False, band)


def st(slug, name, eselon, families=(), track="pemerintahan", strategic=False):
    kind = {"II": "jpt", "III": "administrator", "IV": "pengawas"}[eselon.split(".")[0]]
    return Post(slug, name, kind, eselon, families, track, 1, 1.0,
                strategic or kind in ("jpt", "administrator"))


NURSE, MIDWIFE, DOCTOR = ("Keperawatan",), ("Kebidanan",), ("Pendidikan Dokter",)
PHARMA, LAB = ("Farmasi",), ("Teknologi Laboratorium Medis",)
NERS, APOTEKER = ("Ners",), ("Profesi Apoteker",)  # the profession after the S1 degree


def health_posts(scale_nurse: int, puskesmas: bool) -> list[Post]:
    """Clinical posts of a puskesmas (scale_nurse ~14) or the RSUD (~150); all short-staffed."""
    n = scale_nurse
    posts = [
        jf("PERAWAT-TERAMPIL", "Perawat Terampil", "terampil", KES, "kesehatan", n, .72, NURSE),
        jf("PERAWAT-AHLI-PERTAMA", "Perawat Ahli Pertama", "ahli_pertama", KES, "kesehatan",
           n // 3, .68, NERS),
        jf("BIDAN-TERAMPIL", "Bidan Terampil", "terampil", KES, "kesehatan", n * 2 // 3 if
           puskesmas else n // 6, .8, MIDWIFE),
        jf("DOKTER-AHLI-PERTAMA", "Dokter Ahli Pertama", "ahli_pertama", KES, "kesehatan",
           max(4, n // 8), .6, DOCTOR),
        jf("APOTEKER-AHLI-PERTAMA", "Apoteker Ahli Pertama", "ahli_pertama", KES, "kesehatan",
           max(1, n // 25), .7, APOTEKER),
        jf("TTK-TERAMPIL", "Asisten Apoteker Terampil", "terampil", KES, "kesehatan",
           max(2, n // 12), .8, PHARMA),
        jf("PRANATA-LAB-TERAMPIL", "Pranata Laboratorium Kesehatan Terampil", "terampil", KES,
           "kesehatan", max(2, n // 10), .8, LAB),
        jf("NUTRISIONIS-TERAMPIL", "Nutrisionis Terampil", "terampil", KES, "kesehatan",
           max(1, n // 25), 1.0, ("Gizi",)),
    ]
    if puskesmas:
        posts += [
            st("KAPUS", "Kepala Puskesmas", "IV.a", KES, "kesehatan"),
            st("KASUBBAG-TU", "Kepala Subbagian Tata Usaha", "IV.b", ADM + KES, "kesehatan"),
            jf("DOKTER-GIGI-AHLI-PERTAMA", "Dokter Gigi Ahli Pertama", "ahli_pertama", KES,
               "kesehatan", 2, .5, ("Pendidikan Dokter Gigi",)),
            jf("BIDAN-AHLI-PERTAMA", "Bidan Ahli Pertama", "ahli_pertama", KES, "kesehatan", 3,
               .67, MIDWIFE),
            jf("SANITARIAN-TERAMPIL", "Sanitarian Terampil", "terampil", KES, "kesehatan", 2, .5,
               ("Kesehatan Lingkungan",)),
            jf("PKM-AHLI-PERTAMA", "Penyuluh Kesehatan Masyarakat Ahli Pertama", "ahli_pertama",
               KES, "kesehatan", 2, .5, ("Kesehatan Masyarakat",)),
            pl("PENGADM-UMUM", PENGADM, 3, 1.34),
            pl("PENGEMUDI", OPERATOR, 1, 1.0, (), "operasional", OPERATOR_BAND),
        ]
    return posts


RSUD_EXTRA = [
    st("WADIR-YAN", "Wakil Direktur Pelayanan", "III.a", KES, "kesehatan"),
    st("WADIR-UMUM", "Wakil Direktur Umum dan Keuangan", "III.a", ADM, "kesehatan"),
    st("KABID-YANMED", "Kepala Bidang Pelayanan Medis", "III.b", KES, "kesehatan"),
    st("KABID-KEPERAWATAN", "Kepala Bidang Keperawatan", "III.b", KES, "kesehatan"),
    st("KASI-PENUNJANG", "Kepala Seksi Penunjang Medis", "IV.a", KES, "kesehatan"),
    jf("PERAWAT-AHLI-MUDA", "Perawat Ahli Muda", "ahli_muda", KES, "kesehatan", 12, .75, NERS),
    jf("DOKTER-AHLI-MUDA", "Dokter Ahli Muda", "ahli_muda", KES, "kesehatan", 8, .75, DOCTOR),
    jf("DOKTER-SPESIALIS", "Dokter Spesialis Ahli Muda", "ahli_muda", KES, "kesehatan", 16, .56,
       ("Spesialis Penyakit Dalam", "Spesialis Anak", "Spesialis Bedah", "Spesialis Obgin")),
    jf("RADIOGRAFER-TERAMPIL", "Radiografer Terampil", "terampil", KES, "kesehatan", 6, .83,
       ("Radiologi",)),
    jf("PEREKAM-MEDIS-TERAMPIL", "Perekam Medis Terampil", "terampil", KES, "kesehatan", 12, .92,
       ("Rekam Medis dan Informasi Kesehatan",)),
    pl("PENGEMUDI", OPERATOR, 8, 1.0, (), "operasional", OPERATOR_BAND),
]

# Teachers (JF Guru): (slug, post name, sertifikat pendidik subject, degree fields, need, fill)
SD_TEACHERS = (
    ("GURU-KELAS", "Guru Kelas", "Guru Kelas SD", ("PGSD",), 6, .8),
    ("GURU-PJOK", "Guru PJOK", "PJOK", ("Pendidikan Jasmani, Kesehatan dan Rekreasi",), 1, .6),
    ("GURU-PAI", "Guru Pendidikan Agama Islam", "Pendidikan Agama Islam",
     ("Pendidikan Agama Islam",), 1, .8),
    ("GURU-PAK", "Guru Pendidikan Agama Kristen", "Pendidikan Agama Kristen",
     ("Pendidikan Agama Kristen",), 1, .6),
)
SMP_TEACHERS = (
    ("GURU-MTK", "Guru Matematika", "Matematika", ("Pendidikan Matematika",), 5, .8),
    ("GURU-BIND", "Guru Bahasa Indonesia", "Bahasa Indonesia", ("Pendidikan Bahasa Indonesia",),
     5, .85),
    ("GURU-BING", "Guru Bahasa Inggris", "Bahasa Inggris", ("Pendidikan Bahasa Inggris",), 4, .75),
    ("GURU-IPA", "Guru IPA", "IPA", ("Pendidikan IPA", "Pendidikan Biologi", "Pendidikan Fisika"),
     5, .8),
    ("GURU-IPS", "Guru IPS", "IPS", ("Pendidikan Sejarah", "Pendidikan Geografi",
                                     "Pendidikan Ekonomi"), 4, .85),
    ("GURU-PPKN", "Guru PPKn", "PPKn", ("Pendidikan Pancasila dan Kewarganegaraan",), 3, .8),
    ("GURU-PJOK", "Guru PJOK", "PJOK", ("Pendidikan Jasmani, Kesehatan dan Rekreasi",), 3, .7),
    ("GURU-SENI", "Guru Seni Budaya", "Seni Budaya", ("Pendidikan Seni Rupa",
                                                      "Pendidikan Seni Musik"), 2, .5),
    ("GURU-PAI", "Guru Pendidikan Agama Islam", "Pendidikan Agama Islam",
     ("Pendidikan Agama Islam",), 3, .8),
    ("GURU-PAK", "Guru Pendidikan Agama Kristen", "Pendidikan Agama Kristen",
     ("Pendidikan Agama Kristen",), 2, .75),
    ("GURU-BK", "Guru Bimbingan dan Konseling", "Bimbingan dan Konseling",
     ("Bimbingan dan Konseling",), 4, .5),
)
TEACHER_SUBJECT = {name: subject for table in (SD_TEACHERS, SMP_TEACHERS)
                   for _, name, subject, _, _, _ in table}
CERTIFIED_SHARE = 0.82  # teachers holding a sertifikat pendidik of their subject (the rest: PPG)


def school_posts(teachers: tuple, class_need: int | None, admin: tuple) -> list[Post]:
    posts = [jf("KEPSEK", "Kepala Sekolah", "guru", PEND, "pendidikan", 1, 1.0)]
    for slug, name, _, fields, need, fill in teachers:
        need = class_need if class_need and slug == "GURU-KELAS" else need
        posts.append(jf(slug, name, "guru", PEND, "pendidikan", need, fill, fields))
    return posts + [pl("PENGADM-SEKOLAH", PENGADM, *admin)]


SMP_POSTS = school_posts(SMP_TEACHERS, None, (4, .75))


class Opd(NamedTuple):
    code: str
    name: str
    kind: str
    priority: int
    head: str                         # title of the head (JPT II.b)
    bidang: tuple                     # names of the bidang (each: Kabid III.b + Kasi IV.a)
    families: tuple                   # education families of the technical posts
    track: str
    admin: tuple = (6, 1.0)           # (ABK need, fill) of the Pengadministrasi Perkantoran
    extra: tuple = ()
    support: dict = {}                # other needs of support_posts (finance, operators, data)


OPDS = (
    Opd("SETWAN", "Sekretariat DPRD", "sekretariat", 3, "Sekretaris DPRD",
        ("Persidangan dan Perundang-undangan", "Keuangan", "Umum"), ADM, "pemerintahan", (15, 1.3),
        (jf("PERANCANG-AHLI-PERTAMA", "Perancang Peraturan Perundang-undangan Ahli Pertama",
            "ahli_pertama", ("hukum",), "hukum", 3, .67),)),
    Opd("INSP", "Inspektorat", "inspektorat", 2, "Inspektur",
        ("Inspektur Pembantu I", "Inspektur Pembantu II", "Inspektur Pembantu III"),
        KEU + ("hukum",),        "pengawasan", (6, 1.0),
        (jf("AUDITOR-AHLI-PERTAMA", "Auditor Ahli Pertama", "ahli_pertama", KEU, "pengawasan", 8,
            .75,            ("Akuntansi", "Manajemen Keuangan")),
         jf("AUDITOR-AHLI-MUDA", "Auditor Ahli Muda", "ahli_muda", KEU, "pengawasan", 5, .8,
            ("Akuntansi",)),
         jf("AUDITOR-AHLI-MADYA", "Auditor Ahli Madya", "ahli_madya", KEU, "pengawasan", 2, 1.0),
         jf("P2UPD-AHLI-PERTAMA",
            "Pengawas Penyelenggaraan Urusan Pemerintahan Daerah Ahli Pertama",
            "ahli_pertama", ADM, "pengawasan", 6, .67))),
    Opd("BAPPEDA", "Badan Perencanaan Pembangunan Daerah", "badan", 2, "Kepala Bappeda",
        ("Perencanaan Ekonomi", "Perencanaan Infrastruktur", "Penelitian dan Pengembangan"),
        ADM + TEK, "perencanaan", (9, 1.2),
        (jf("PERENCANA-AHLI-MUDA", "Perencana Ahli Muda", "ahli_muda", ADM + TEK, "perencanaan", 4,
            .75),)),
    Opd("BKD", "Badan Kepegawaian Daerah", "badan", 2, "Kepala Badan Kepegawaian Daerah",
        ("Mutasi dan Promosi", "Pengembangan Kompetensi", "Informasi Kepegawaian"), ADM,
        "kepegawaian", (12, 1.25),
        (jf("ANALIS-SDMA-AHLI-PERTAMA", "Analis SDM Aparatur Ahli Pertama", "ahli_pertama", ADM,
            "kepegawaian", 5, .8),
         jf("ANALIS-SDMA-AHLI-MUDA", "Analis SDM Aparatur Ahli Muda", "ahli_muda", ADM,
            "kepegawaian", 3, .67),
         jf("PRANATA-KOMPUTER-AHLI-PERTAMA", "Pranata Komputer Ahli Pertama", "ahli_pertama", IT,
            "informatika", 2, .5))),
    Opd("BPKPD", "Badan Pengelolaan Keuangan dan Pendapatan Daerah", "badan", 2,
        "Kepala BPKPD", ("Anggaran", "Perbendaharaan", "Akuntansi dan Aset", "Pendapatan Daerah"),
        KEU, "keuangan", (15, 1.4),
        (jf("ANALIS-ANGGARAN-AHLI-PERTAMA", "Analis Anggaran Ahli Pertama", "ahli_pertama", KEU,
            "keuangan", 4, .75, strategic=True),
         jf("ANALIS-ANGGARAN-AHLI-MUDA", "Analis Anggaran Ahli Muda", "ahli_muda", KEU, "keuangan",
            2, 1.0, strategic=True)), {"finance": 19, "finance_fill": .9}),
    Opd("BPBD", "Badan Penanggulangan Bencana Daerah", "badan", 2, "Kepala Pelaksana BPBD",
        ("Pencegahan dan Kesiapsiagaan", "Kedaruratan dan Logistik",
         "Rehabilitasi dan Rekonstruksi"),
        ADM + TEK, "kebencanaan", (9, 1.17),
        (jf("ANALIS-BENCANA-AHLI-PERTAMA", "Analis Kebencanaan Ahli Pertama", "ahli_pertama",
            ADM + TEK, "kebencanaan", 4, .5),), {"operators": 15, "operators_fill": .8}),
    Opd("KESBANGPOL", "Badan Kesatuan Bangsa dan Politik", "badan", 3, "Kepala Kesbangpol",
        ("Ideologi dan Wawasan Kebangsaan", "Politik Dalam Negeri"), ADM, "pemerintahan",
        (12, 1.5)),
    Opd("DINKES", "Dinas Kesehatan", "dinas", 1, "Kepala Dinas Kesehatan",
        ("Kesehatan Masyarakat", "Pencegahan dan Pengendalian Penyakit", "Pelayanan Kesehatan",
         "Sumber Daya Kesehatan"), KES + ADM, "kesehatan", (15, 1.4),
        (jf("EPIDEMIOLOG-AHLI-PERTAMA", "Epidemiolog Kesehatan Ahli Pertama", "ahli_pertama", KES,
            "kesehatan", 3, .67, ("Kesehatan Masyarakat",)),
         jf("ADMINKES-AHLI-MUDA", "Administrator Kesehatan Ahli Muda", "ahli_muda", KES,
            "kesehatan", 3, 1.0, ("Kesehatan Masyarakat",)),
         jf("APOTEKER-AHLI-MUDA", "Apoteker Ahli Muda", "ahli_muda", KES, "kesehatan", 2, 1.0,
            APOTEKER))),
    Opd("DISDIK", "Dinas Pendidikan", "dinas", 1, "Kepala Dinas Pendidikan",
        ("Pembinaan Sekolah Dasar", "Pembinaan Sekolah Menengah Pertama",
         "PAUD dan Pendidikan Nonformal", "Ketenagaan"), PEND + ADM, "pendidikan", (18, 1.5),
        (jf("PENGAWAS-SEKOLAH-AHLI-MADYA", "Pengawas Sekolah Ahli Madya", "ahli_madya", PEND,
            "pendidikan", 8, .75),
         jf("PENILIK-AHLI-MUDA", "Penilik Ahli Muda", "ahli_muda", PEND, "pendidikan", 3, .67))),
    Opd("KOMINFO", "Dinas Komunikasi dan Informatika", "dinas", 2,
        "Kepala Dinas Komunikasi dan Informatika",
        ("Aplikasi Informatika", "Informasi dan Komunikasi Publik", "Statistik dan Persandian"),
        IT + ("sosial",), "informatika", (12, 1.25),
        (jf("PRANATA-KOMPUTER-AHLI-PERTAMA", "Pranata Komputer Ahli Pertama", "ahli_pertama", IT,
            "informatika", 6, .5, ("Teknik Informatika", "Sistem Informasi")),
         jf("PRANATA-KOMPUTER-AHLI-MUDA", "Pranata Komputer Ahli Muda", "ahli_muda", IT,
            "informatika", 2, .5),
         jf("PRANATA-HUMAS-AHLI-PERTAMA", "Pranata Hubungan Masyarakat Ahli Pertama",
            "ahli_pertama", ("sosial", "administrasi"), "komunikasi", 3, 1.0))),
    Opd("SATPOLPP", "Satuan Polisi Pamong Praja dan Pemadam Kebakaran", "dinas", 2,
        "Kepala Satuan Polisi Pamong Praja dan Pemadam Kebakaran",
        ("Penegakan Perda", "Ketertiban Umum", "Pemadam Kebakaran"), ADM, "ketertiban", (12, 1.25),
        (jf("POLPP-TERAMPIL", "Polisi Pamong Praja Terampil", "terampil", (), "ketertiban", 100,
            .95),
         jf("POLPP-AHLI-PERTAMA", "Polisi Pamong Praja Ahli Pertama", "ahli_pertama",
            ADM + ("hukum",),            "ketertiban", 6, .83),
         jf("DAMKAR-TERAMPIL", "Analis Kebakaran Terampil", "terampil", (), "ketertiban", 60,
            .84))),
    Opd("DISHUB", "Dinas Perhubungan", "dinas", 2, "Kepala Dinas Perhubungan",
        ("Lalu Lintas dan Angkutan", "Pelabuhan dan Sarana Prasarana"), TEK + ADM, "perhubungan",
        (12, 1.25),
        (jf("PENGUJI-KENDARAAN-TERAMPIL", "Penguji Kendaraan Bermotor Terampil", "terampil", TEK,
            "perhubungan", 6, .67),), {"operators": 43}),
    Opd("DISPERPUS", "Dinas Perpustakaan dan Kearsipan", "dinas", 3,
        "Kepala Dinas Perpustakaan dan Kearsipan", ("Perpustakaan", "Kearsipan"), ADM, "umum",
        (9, 1.5),
        (jf("PUSTAKAWAN-AHLI-PERTAMA", "Pustakawan Ahli Pertama", "ahli_pertama", ADM + ("sosial",),
            "umum", 4, .5),
         jf("ARSIPARIS-AHLI-PERTAMA", "Arsiparis Ahli Pertama", "ahli_pertama", ADM, "umum", 3,
            .67))),
    Opd("DPMPPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "dinas", 2,
        "Kepala DPMPPTSP", ("Penanaman Modal", "Pelayanan Perizinan"), ADM + KEU, "perizinan",
        (12, 1.25),
        (jf("PENATA-PERIZINAN-AHLI-PERTAMA", "Penata Perizinan Ahli Pertama", "ahli_pertama",
            ADM + ("hukum",), "perizinan", 5, .6),)),
    Opd("DPPKB", "Dinas Pengendalian Penduduk dan Keluarga Berencana", "dinas", 2,
        "Kepala Dinas Pengendalian Penduduk dan KB",
        ("Keluarga Berencana", "Pengendalian Penduduk"),
        KES + ("sosial",), "kesehatan", (9, 1.17),
        (jf("PENYULUH-KB-AHLI-PERTAMA", "Penyuluh Keluarga Berencana Ahli Pertama", "ahli_pertama",
            KES + ("sosial",), "kesehatan", 17, .7),)),
    Opd("DUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "dinas", 2,
        "Kepala Dinas Kependudukan dan Pencatatan Sipil",
        ("Pelayanan Pendaftaran Penduduk", "Pencatatan Sipil",
         "Pengelolaan Informasi Kependudukan"),
        ADM + IT, "kependudukan", (28, .93),
        (jf("ADMINDUK-AHLI-PERTAMA", "Administrator Database Kependudukan Ahli Pertama",
            "ahli_pertama", IT, "kependudukan", 3, .67),)),
    Opd("DINSOS", "Dinas Sosial", "dinas", 2, "Kepala Dinas Sosial",
        ("Rehabilitasi Sosial", "Perlindungan dan Jaminan Sosial", "Pemberdayaan Sosial"),
        ("sosial", "administrasi"), "sosial", (9, 1.33),
        (jf("PEKSOS-AHLI-PERTAMA", "Pekerja Sosial Ahli Pertama", "ahli_pertama", ("sosial",),
            "sosial", 6, .5, ("Ilmu Kesejahteraan Sosial",)),
         jf("PENYULUH-SOSIAL-AHLI-PERTAMA", "Penyuluh Sosial Ahli Pertama", "ahli_pertama",
            ("sosial",), "sosial", 3, .67))),
    Opd("PUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "dinas", 2,
        "Kepala Dinas Pekerjaan Umum dan Penataan Ruang",
        ("Bina Marga", "Sumber Daya Air", "Cipta Karya", "Penataan Ruang"), TEK, "teknik",
        (12, 1.25),
        (jf("TEKNIK-JALAN-AHLI-PERTAMA", "Teknik Jalan dan Jembatan Ahli Pertama", "ahli_pertama",
            TEK, "teknik", 6, .5, ("Teknik Sipil",)),
         jf("TEKNIK-PENGAIRAN-AHLI-PERTAMA", "Teknik Pengairan Ahli Pertama", "ahli_pertama", TEK,
            "teknik", 3, .67, ("Teknik Sipil",)),
         jf("PENATA-RUANG-AHLI-PERTAMA", "Penata Ruang Ahli Pertama", "ahli_pertama", TEK, "teknik",
            3, .67, ("Perencanaan Wilayah dan Kota",)),
         jf("TEKNISI-JALAN-TERAMPIL", "Teknik Jalan dan Jembatan Terampil", "terampil", TEK,
            "teknik", 12, .83),), {"operators": 11}),
    Opd("DISKAN", "Dinas Perikanan", "dinas", 2, "Kepala Dinas Perikanan",
        ("Perikanan Tangkap", "Perikanan Budidaya", "Pengolahan dan Pemasaran Hasil Perikanan"),
        ("perikanan",), "perikanan", (9, 1.33),
        (jf("PENYULUH-PERIKANAN-AHLI-PERTAMA", "Penyuluh Perikanan Ahli Pertama", "ahli_pertama",
            ("perikanan",), "perikanan", 8, .62),
         jf("PENGAWAS-PERIKANAN-TERAMPIL", "Pengawas Perikanan Terampil", "terampil",
            ("perikanan",), "perikanan", 6, .83),), {"data": 13}),
)

SETDA_POSTS = [
    st("SEKDA", "Sekretaris Daerah", "II.a"),
    st("ASISTEN-PEM", "Asisten Pemerintahan dan Kesejahteraan Rakyat", "II.b"),
    st("ASISTEN-EKBANG", "Asisten Perekonomian dan Pembangunan", "II.b"),
    st("ASISTEN-ADM", "Asisten Administrasi Umum", "II.b"),
    pl("PENGADM-UMUM", PENGADM, 20, 2.1),
    pl("PENGEMUDI", OPERATOR, 8, 1.34, (), "operasional", OPERATOR_BAND),
    pl("PENGELOLA-KEUANGAN", PENATA, 4, 1.0, KEU, "keuangan"),
    jf("PERANCANG-AHLI-PERTAMA", "Perancang Peraturan Perundang-undangan Ahli Pertama",
       "ahli_pertama", ("hukum",), "hukum", 3, .67),
    jf("ANALIS-KEBIJAKAN-AHLI-MUDA", "Analis Kebijakan Ahli Muda", "ahli_muda", ADM, "pemerintahan",
       2, 1.0),
    jf("PENGELOLA-PBJ-AHLI-PERTAMA", "Pengelola Pengadaan Barang/Jasa Ahli Pertama", "ahli_pertama",
       KEU + TEK, "pengadaan", 4, .75),
    jf("PRANATA-HUMAS-AHLI-PERTAMA", "Pranata Hubungan Masyarakat Ahli Pertama", "ahli_pertama",
       ("sosial", "administrasi"), "komunikasi", 2, 1.0),
]
SETDA_BAGIAN = ("Tata Pemerintahan", "Hukum", "Organisasi", "Perekonomian dan Sumber Daya Alam",
                "Administrasi Pembangunan", "Pengadaan Barang dan Jasa",
                "Protokol dan Komunikasi Pimpinan", "Umum", "Kesejahteraan Rakyat")

KECAMATAN = (  # (code, name, kelurahan)
    ("KEC-SBK", "Kecamatan Sibolga Kota",
     ("Kota Beringin", "Pancuran Gerobak", "Pasar Baru", "Pasar Belakang")),
    ("KEC-SBS", "Kecamatan Sibolga Sambas",
     ("Pancuran Bambu", "Pancuran Dewa", "Pancuran Kerambil", "Pancuran Pinang")),
    ("KEC-SBSEL", "Kecamatan Sibolga Selatan",
     ("Aek Habil", "Aek Manis", "Aek Muara Pinang", "Aek Parombunan")),
    ("KEC-SBU", "Kecamatan Sibolga Utara",
     ("Angin Nauli", "Huta Barangan", "Huta Tonga-Tonga", "Sibolga Ilir", "Simare-Mare")),
)
KECAMATAN_POSTS = [
    st("CAMAT", "Camat", "III.a"),
    st("SEKCAM", "Sekretaris Kecamatan", "III.b"),
    st("KASI-PEM", "Kepala Seksi Pemerintahan", "IV.a"),
    st("KASI-TRANTIB", "Kepala Seksi Ketenteraman dan Ketertiban Umum", "IV.a"),
    st("KASI-PMK", "Kepala Seksi Pemberdayaan Masyarakat dan Kesejahteraan Sosial", "IV.a"),
    st("KASUBBAG-UMUM", "Kepala Subbagian Umum dan Kepegawaian", "IV.a"),
    pl("PENGADM-UMUM", PENGADM, 10, 1.25),
    pl("PENGELOLA-PATEN", PENGELOLA, 4, .75),
    pl("PENGELOLA-KEUANGAN", PENATA, 2, 1.0, KEU, "keuangan"),
]
KELURAHAN_POSTS = [
    st("LURAH", "Lurah", "IV.a"),
    st("SEKLUR", "Sekretaris Lurah", "IV.b"),
    st("KASI-PEM", "Kepala Seksi Pemerintahan dan Ketertiban", "IV.b"),
    st("KASI-PMK", "Kepala Seksi Pemberdayaan Masyarakat dan Kesejahteraan Sosial", "IV.b"),
    pl("PENGADM-UMUM", PENGADM, 6, 1.0),  # fill varies per kelurahan
    pl("PENGOLAH-DATA", PENGELOLA, 2, 1.0),
]
KELURAHAN_FILL = (.4, 1.0, .6, 1.2, .8, 1.0, .4, 1.4, .6, 1.0, .8, .4, 1.2, 1.0, .6, .8, 1.0)

PUSKESMAS = ("Sibolga Kota", "Pancuran Bambu", "Aek Habil", "Aek Parombunan", "Sibolga Utara")
SD_COUNT, SMP_COUNT = 42, 10  # "several dozen SD negeri, about ten SMP negeri" (DOMAIN.md)
SD_CLASSES = (6, 6, 12, 6, 9, 6, 12)  # guru kelas needed: one per rombongan belajar, cycled


def _slug(text: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z]+", text.upper()) if w != "DAN"]
    return "-".join(words[:3])


def _code(name: str) -> str:
    return "-".join(re.findall("[A-Z]+", name.upper()))


def _generic_posts(opd: Opd) -> list[Post]:
    head = opd.kind == "sekretariat"  # Sekwan has Kabag (III.b) instead of Sekretaris + Kabid
    posts = [st("KEPALA", opd.head, "II.b", (), opd.track)]
    if not head:
        posts.append(st("SEKRETARIS", "Sekretaris", "III.a", (), opd.track))
    posts += [st("KASUBBAG-UMUM", "Kepala Subbagian Umum dan Kepegawaian", "IV.a"),
              st("KASUBBAG-KEU", "Kepala Subbagian Perencanaan dan Keuangan", "IV.a")]
    for b in opd.bidang:
        title = b if opd.kind == "inspektorat" else f"Kepala {'Bagian' if head else 'Bidang'} {b}"
        posts.append(st(f"KABID-{_slug(b)}", title, "III.b", opd.families, opd.track))
        if opd.kind != "inspektorat":
            kasi = f"Kepala {'Subbagian' if head else 'Seksi'} {b}"
            posts.append(st(f"KASI-{_slug(b)}", kasi, "IV.a", opd.families, opd.track))
    return posts + support_posts(*opd.admin, **opd.support)


def support_posts(admin_need: int, admin_fill: float, finance: int = 5, finance_fill: float = 1.0,
                  operators: int = 3, operators_fill: float = 1.0, data: int = 3) -> list[Post]:
    return [pl("PENGADM-UMUM", PENGADM, admin_need, admin_fill),
            pl("PENGOLAH-DATA", PENGELOLA, data, 1.0),
            pl("PENGELOLA-KEUANGAN", PENATA, finance, finance_fill, KEU, "keuangan"),
            pl("PENGEMUDI", OPERATOR, operators, operators_fill, (), "operasional", OPERATOR_BAND),
            jf("PERENCANA-AHLI-PERTAMA", "Perencana Ahli Pertama", "ahli_pertama", ADM,
               "perencanaan", 2, 1.0),
            jf("ARSIPARIS-TERAMPIL", "Arsiparis Terampil", "terampil", ADM, "umum", 2, 1.0)]


def unit_table() -> list[tuple]:
    """[((code, name, kind, parent_code, service_priority), [Post, ...]), ...] in a stable order."""
    bagian = [p for b in SETDA_BAGIAN for p in (
        st(f"KABAG-{_slug(b)}", f"Kepala Bagian {b}", "III.a"),
        st(f"KASUBBAG-{_slug(b)}", f"Kepala Subbagian {b}", "IV.a"))]
    table = [(("SETDA", "Sekretariat Daerah", "setda", None, 3), SETDA_POSTS + bagian)]
    for opd in OPDS:
        table.append(((opd.code, opd.name, opd.kind, None, opd.priority),
                      _generic_posts(opd) + list(opd.extra)))
        table += _children(opd.code)
    rsud = [st("DIREKTUR", "Direktur RSUD Dr. F.L. Tobing", "II.b", KES, "kesehatan")]
    rsud += RSUD_EXTRA + health_posts(220, False) + support_posts(24, 1.3, finance=9)[:3]
    table.append((("RSUD", "RSUD Dr. F.L. Tobing", "rsud", None, 1), rsud))
    for code, name, kelurahan in KECAMATAN:
        table.append(((code, name, "kecamatan", None, 2), KECAMATAN_POSTS))
        table += [((f"KEL-{_code(k)}", f"Kelurahan {k}", "kelurahan", code, 2), KELURAHAN_POSTS)
                  for k in kelurahan]
    return table


def _children(parent: str) -> list[tuple]:
    if parent == "DINKES":
        return [((f"PKM-{_code(n)}", f"Puskesmas {n}", "puskesmas", "DINKES", 1),
                 health_posts(18, True)) for n in PUSKESMAS]
    if parent == "DISDIK":
        return [((f"SDN{i:02d}", f"SD Negeri {i} Sibolga", "sekolah", "DISDIK", 1),
                 school_posts(SD_TEACHERS, SD_CLASSES[i % len(SD_CLASSES)], (1, .6)))
                for i in range(1, SD_COUNT + 1)] + \
               [((f"SMPN{i:02d}", f"SMP Negeri {i} Sibolga", "sekolah", "DISDIK", 1), SMP_POSTS)
                for i in range(1, SMP_COUNT + 1)]
    return []


# --- people and history parameters --------------------------------------------------------------
LEVEL_BANDS = {"ahli_pertama": ("III/a", "III/b"), "ahli_muda": ("III/c", "III/d"),
               "ahli_madya": ("IV/a", "IV/c"), "ahli_utama": ("IV/d", "IV/e"),
               "guru": ("III/a", "IV/c"), "terampil": ("II/b", "II/d"),
               "mahir": ("III/a", "III/b"), "penyelia": ("III/c", "III/d")}
PELAKSANA_BAND = ("II/a", "III/d")
ENTRY_RANK = {"SMA": 4, "D3": 6, "D4": 8, "S1": 8, "S2": 9, "S3": 10}   # II/a, II/c, III/a, ...
EDU_CAP = {"SMA": 9, "D3": 11, "D4": 13, "S1": 13, "S2": 15, "S3": 16}  # III/b, III/d, IV/b, ...
ENTRY_AGE = {"SMA": (19, 32), "D3": (21, 33), "D4": (23, 34), "S1": (23, 35), "S2": (26, 38),
             "S3": (30, 40)}  # honorer appointed as CPNS late are common
SLOW_YEARS = (0, 0, 2, 4, 6, 8, 12)  # years lost waiting for promotions
EDU_BY_PELAKSANA = {OPERATOR: (("SMA", "D3", "S1"), (80, 10, 10)),
                    PENGADM: (("SMA", "D3", "S1"), (35, 10, 55)),
                    PENGELOLA: (("D3", "S1"), (40, 60)), PENATA: (("S1", "S2"), (90, 10))}
# age at the end of the history: (lowest, highest, weight); shaped like the BKN figures for PNS
# (2023: 51+ about 34%, 41-50 about 33%), officials older; above the BUP they retire during it
AGE_AT_END = {"default": ((25, 30, 9), (31, 40, 24), (41, 50, 32), (51, 61, 40)),
              "jpt": ((48, 61, 1),), "administrator": ((43, 50, 4), (51, 60, 6)),
              "pengawas": ((36, 40, 2), (41, 50, 4), (51, 60, 4)),
              "pppk": ((26, 35, 3), (36, 45, 4), (46, 56, 3))}
EDU_BY_GRADE = {  # level or jabatan type -> (education levels, weights)
    "jpt": (("S1", "S2", "S3"), (25, 70, 5)), "administrator": (("S1", "S2"), (50, 50)),
    "pengawas": (("S1", "S2"), (80, 20)), "ahli_pertama": (("S1", "D4"), (85, 15)),
    "ahli_muda": (("S1", "S2"), (75, 25)), "ahli_madya": (("S1", "S2"), (40, 60)),
    "guru": (("S1", "S2"), (93, 7)), "terampil": (("SMA", "D3", "S1"), (25, 35, 40)),
    "pelaksana": (("SMA", "D3", "S1"), (55, 15, 30))}
PPPK_SHARE = {"pendidikan": 0.35, "kesehatan": 0.25}  # of JF posts (guru, nakes)
PPPK_TEKNIS_SHARE = 0.1  # of pelaksana posts: PPPK teknis since 2024 (TMT 2025)
PARUH_WAKTU_SHARE = {OPERATOR: 0.15, PENGADM: 0.08, "guru": 0.04}  # PPPK paruh waktu since 2025
PPPK_DATES = (date(2022, 3, 1), date(2023, 3, 1), date(2023, 10, 1))
PPPK_TEKNIS_DATES = (date(2025, 3, 1), date(2025, 7, 1))
PARUH_WAKTU_DATES = (date(2025, 10, 1), date(2026, 1, 1))
FEMALE_SHARE = {"Bidan": 1.0, "Perawat": 0.8, "Guru": 0.72, "Pengadministrasi": 0.62,
                "Penata Layanan": 0.58, "Apoteker": 0.75, "Asisten Apoteker": 0.8,
                "Polisi": 0.15, "Analis Kebakaran": 0.05, "Operator": 0.05}
QUALITY = (("strong", "normal", "weak"), (15, 75, 10))
# weights in the order of rules.RATINGS (di_bawah, sesuai, di_atas) and rules.POTENTIALS
HASIL = {"strong": (0, 55, 45), "normal": (4, 88, 8), "weak": (40, 58, 2)}
PERILAKU = {"strong": (0, 50, 50), "normal": (2, 92, 6), "weak": (20, 78, 2)}
POTENSIAL = {"strong": (5, 45, 50), "normal": (25, 62, 13), "weak": (55, 40, 5)}
JUSTIFICATION = {
    "Sangat Baik": "Seluruh target SKP terlampaui dan perilaku kerja menjadi teladan di unit.",
    "Baik": "Target SKP tercapai sesuai ekspektasi; perilaku kerja sesuai nilai BerAKHLAK.",
    "Butuh Perbaikan": "Sebagian target SKP tidak tercapai; perlu bimbingan kinerja.",
    "Kurang": "Target tercapai, tetapi ada catatan disiplin pada perilaku kerja.",
    "Sangat Kurang": "Target SKP dan perilaku kerja di bawah ekspektasi; ditangani sesuai "
                     "ketentuan disiplin."}
MOVE_REASONS = ("pengembangan karier", "atas permintaan sendiri",
                "mendekatkan dengan domisili keluarga")
