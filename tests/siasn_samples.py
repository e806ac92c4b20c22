"""Small SIASN-shaped files made by the tests: a peta jabatan of two units and synthetic people
(never a real person) with valid NIPs built from their birth date, sex and TMT CPNS."""
from __future__ import annotations

import csv
import io
from datetime import date

from domain.access import Actor
from domain.rules import make_nip

BKD = Actor("bkd.impor", "perencana")
POST_HEADER = ("unor", "unor_induk", "kode_unor", "jabatan", "jenis_jabatan", "eselon", "jf", "jenjang",
               "kelas_jabatan", "kebutuhan", "pendidikan", "rumpun", "sertifikat")
POSTS = [
    ("Dinas Kesehatan", "", "DINKES", "Kepala Dinas Kesehatan", "Struktural", "II.b", "", "", "14", "1",
     "S-2", "kesehatan", ""),
    ("Dinas Kesehatan", "", "DINKES", "Perawat Ahli Pertama", "Fungsional", "", "Perawat", "Ahli Pertama", "8",
     "3", "S-1/Sarjana", "kesehatan", "STR Perawat"),
    ("Puskesmas Sibolga Kota", "Dinas Kesehatan", "", "Perawat Ahli Pertama", "Fungsional", "", "",
     "Ahli Pertama", "8", "4", "", "kesehatan", ""),
    ("Puskesmas Sibolga Kota", "Dinas Kesehatan", "", "Pengadministrasi Umum", "Pelaksana", "", "", "", "5",
     "2", "SLTA", "umum", ""),
]
PEOPLE_HEADER = ("nipBaru", "nama", "gelarDepan", "gelarBelakang", "tglLahir", "jenisKelamin", "statusPegawai",
                 "golRuangAkhir", "tmtGolAkhir", "jenisJabatan", "jabatanNama", "tmtJabatan", "unorNama",
                 "unorIndukNama", "eselon", "tkPendidikanTerakhir", "pendidikanTerakhirNama", "tahunLulus",
                 "tmtCpns", "agama")


def person(sequence: int, name: str, sex: str, born: date, cpns: date, golongan: str, post: str, unit: str,
           level: str = "S-1/Sarjana", field: str = "S-1 Keperawatan", since: date = date(2021, 3, 1)) -> dict:
    return {"nipBaru": make_nip(born, cpns, sex, sequence), "nama": name, "gelarDepan": "",
            "gelarBelakang": "S.Kep" if level.startswith("S-1") else "", "tglLahir": f"{born:%d-%m-%Y}",
            "jenisKelamin": "M" if sex == "L" else "F", "statusPegawai": "PNS", "golRuangAkhir": golongan,
            "tmtGolAkhir": "01-04-2022", "jenisJabatan": "Fungsional", "jabatanNama": post,
            "tmtJabatan": f"{since:%d-%m-%Y}", "unorNama": unit, "unorIndukNama": "Dinas Kesehatan",
            "eselon": "", "tkPendidikanTerakhir": level, "pendidikanTerakhirNama": field, "tahunLulus": "2012",
            "tmtCpns": f"{cpns:%d-%m-%Y}", "agama": "Islam"}


def people() -> list[dict]:
    pkm = "Puskesmas Sibolga Kota"
    return [
        person(1, "Rina Contoh", "P", date(1990, 5, 4), date(2015, 3, 1), "III/b", "Perawat Ahli Pertama", pkm),
        person(2, "Budi Contoh", "L", date(1988, 1, 20), date(2012, 1, 1), "III/a", "Perawat Ahli Pertama",
               "Dinas Kesehatan"),
        person(3, "Sari Contoh", "P", date(1992, 8, 17), date(2017, 3, 1), "III/a", "Perawat Ahli Pertama", pkm),
        person(4, "Ahmad Contoh", "L", date(1979, 7, 9), date(2000, 4, 1), "II/c", "Pengadministrasi Umum", pkm,
               level="SLTA Kejuruan", field="SMK Administrasi Perkantoran"),
    ]


def table(header, rows, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row[h] for h in header] if isinstance(row, dict) else row)
    return buffer.getvalue().encode(encoding)


def posts_csv(**kwargs) -> bytes:
    return table(POST_HEADER, POSTS, **kwargs)


def people_csv(rows: list[dict] | None = None, **kwargs) -> bytes:
    return table(PEOPLE_HEADER, people() if rows is None else rows, **kwargs)
