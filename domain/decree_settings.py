"""`DecreeSettings`: the wording of the SK Wali Kota that is not computed from the moves.

The Wali Kota's name, the *Menimbang* considerations, the *Mengingat* legal bases and the *Tembusan*
are settings with these defaults, overridable as JSON in the environment variable
`MUTASI_DECREE_SETTINGS` (e.g. `{"mayor_name": "…"}`). The default name is synthetic, never a real
official. The wording used is recorded in the decree's event, so the document can be regenerated
byte for byte from the log even after the settings change.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace

from domain.limits import settings_object
from domain.rules import DomainError

MAX_CHARS = 600  # one consideration, legal basis or addressee


@dataclass(frozen=True)
class DecreeSettings:
    mayor_name: str = "HASIAN SINTETIS MANALU"  # synthetic demo name
    considerations: tuple = (
        "bahwa dalam rangka pemerataan dan penyebaran Pegawai Negeri Sipil sesuai dengan kebutuhan "
        "organisasi serta peningkatan kinerja dan pelayanan publik di lingkungan Pemerintah Kota Sibolga, "
        "perlu dilakukan pemindahan Pegawai Negeri Sipil;",
        "bahwa Pegawai Negeri Sipil yang namanya tercantum dalam Lampiran Keputusan ini telah memenuhi "
        "persyaratan untuk dipindahkan dan telah mendapat pertimbangan Tim Penilai Kinerja Pegawai "
        "Negeri Sipil;",
        "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a dan huruf b, perlu menetapkan "
        "Keputusan Wali Kota Sibolga tentang Pemindahan Pegawai Negeri Sipil;",
    )
    legal_bases: tuple = (
        "Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara;",
        "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah sebagaimana telah beberapa kali "
        "diubah, terakhir dengan Undang-Undang Nomor 6 Tahun 2023;",
        "Peraturan Pemerintah Nomor 11 Tahun 2017 tentang Manajemen Pegawai Negeri Sipil sebagaimana "
        "telah diubah dengan Peraturan Pemerintah Nomor 17 Tahun 2020;",
        "Peraturan Badan Kepegawaian Negara Nomor 5 Tahun 2019 tentang Tata Cara Pelaksanaan Mutasi;",
    )
    copies_to: tuple = (
        "Kepala Badan Kepegawaian Negara di Jakarta;",
        "Kepala Kantor Regional VI Badan Kepegawaian Negara di Medan;",
        "Gubernur Sumatera Utara di Medan;",
        "Inspektur Kota Sibolga;",
        "Kepala Badan Pengelolaan Keuangan dan Pendapatan Daerah Kota Sibolga;",
        "Pegawai yang bersangkutan untuk diketahui dan dilaksanakan.",
    )

    def __post_init__(self):
        for item in fields(self):
            value = getattr(self, item.name)
            texts = (value,) if item.type == "str" else value
            if not isinstance(texts, tuple) or not texts or not all(isinstance(t, str) for t in texts):
                raise DomainError(f"Pengaturan SK {item.name}: isi berupa teks (atau daftar teks) "
                                  "yang tidak kosong.")
            for text in texts:
                check_text(item.name, text)

    def wording(self) -> dict:
        """What the decree's event records (lists, as JSON stores them)."""
        return {name: list(value) if isinstance(value, tuple) else value
                for name, value in asdict(self).items()}

    @classmethod
    def from_wording(cls, wording: dict) -> "DecreeSettings":
        return cls().with_overrides(**wording)

    def with_overrides(self, **values) -> "DecreeSettings":
        unknown = sorted(set(values) - {item.name for item in fields(self)})
        if unknown:
            raise DomainError(f"Pengaturan SK tidak dikenal: {', '.join(unknown)}.")
        values = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}
        return replace(self, **values)

    @classmethod
    def from_json(cls, text: str | None) -> "DecreeSettings":
        return cls().with_overrides(**settings_object(text, "MUTASI_DECREE_SETTINGS"))


def check_text(name: str, text: str) -> None:
    if not text.strip() or len(text) > MAX_CHARS:
        raise DomainError(f"Pengaturan SK {name}: setiap teks 1–{MAX_CHARS} karakter.")
    try:
        text.encode("latin-1")  # the PDF's standard fonts print Latin-1 only
    except UnicodeEncodeError:
        raise DomainError(f"Pengaturan SK {name}: karakter di luar Latin-1 tidak dapat dicetak "
                          f"({text[:40]}…).") from None


DEFAULT_DECREE_SETTINGS = DecreeSettings()
