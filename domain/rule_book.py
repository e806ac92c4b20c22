"""Every rule of a city plan: its key, label, the `PlanSettings` field that governs it, the regulation
it rests on and an explanation in Bahasa Indonesia (for line reasons, "why" and "why not").

The rule functions (domain.plan_rules) return `(key, sentence)`; the sentence gives the case's
figures, this book the rule itself.
"""
from __future__ import annotations

from typing import NamedTuple


class Rule(NamedTuple):
    label: str
    setting: str  # the PlanSettings field that sets or switches the rule ("": always on)
    reference: str
    explanation: str


RULE_BOOK = {
    # --- who may move at all ---
    "masa_jabatan": Rule("masa jabatan minimal", "min_months_in_post", "PP 11/2017 Pasal 190(3)",
                         "Pegawai baru dapat dimutasi setelah menduduki jabatannya paling singkat "
                         "sekian bulan."),
    "skp": Rule("predikat SKP", "min_predikat", "Peraturan BKN 5/2019",
                "Mutasi mensyaratkan predikat kinerja paling rendah Baik pada dua tahun terakhir."),
    "pensiun": Rule("pensiun dalam horizon", "horizon_months", "UU 5/2014 Pasal 90",
                    "Pegawai yang mencapai batas usia pensiun dalam horizon rencana tidak dimutasi."),
    "pppk": Rule("PPPK", "pppk_may_move", "UU 20/2023 (belum pasti)",
                 "PPPK tidak memiliki hak mutasi seperti PNS; hanya penugasan ulang bila diizinkan."),
    "disiplin": Rule("hukuman disiplin", "hold_blocked_people", "PP 94/2021",
                     "Pegawai yang sedang menjalani hukuman disiplin sedang atau berat tidak "
                     "dimutasi selama hukuman berlangsung."),
    "tugas_belajar": Rule("tugas belajar", "hold_blocked_people", "Peraturan BKN 5/2019",
                          "Pegawai yang sedang tugas belajar dengan ikatan dinas tidak dimutasi."),
    "cuti_luar_tanggungan": Rule("cuti di luar tanggungan negara", "hold_blocked_people",
                                 "Peraturan BKN 5/2019",
                                 "Pegawai yang sedang cuti di luar tanggungan negara tidak "
                                 "dimutasi."),
    "pemberhentian_sementara": Rule("pemberhentian sementara", "hold_blocked_people",
                                    "PP 11/2017 Pasal 276",
                                    "Pegawai yang diberhentikan sementara tidak dimutasi."),
    "dalam_proses": Rule("sedang dalam proses usulan", "", "Peraturan BKN 5/2019 (satu berkas per ASN)",
                         "Satu orang hanya satu usulan mutasi terbuka: selama usulannya belum selesai "
                         "(ditolak, ditarik atau dilaksanakan), ia tidak masuk rencana baru."),
    "investigasi": Rule("unit dalam investigasi layanan", "hold_units_under_investigation",
                        "pengaturan kota",
                        "Selama penurunan layanan unit diinvestigasi, tidak ada yang dipindahkan "
                        "keluar dari unit itu."),
    "pilkada": Rule("larangan pilkada", "election_freeze_start", "UU 10/2016 Pasal 71(2)",
                    "Pejabat tidak diganti sejak enam bulan sebelum penetapan calon sampai akhir "
                    "masa jabatan, kecuali dengan persetujuan Mendagri."),
    "kepala_sekolah": Rule("kepala sekolah", "protect_principals", "Permendikbudristek 40/2021",
                           "Kepala sekolah adalah guru dengan tugas tambahan yang diangkat, bukan "
                           "dipindahkan oleh rencana mutasi; sekolah tidak ditinggalkan tanpa "
                           "kepala sekolah."),
    "pemangku_tunggal": Rule("pemangku tunggal", "min_holders_per_jf", "ABK unit; UU 17/2023",
                             "Unit yang membutuhkan suatu jabatan fungsional (atau jabatan "
                             "lain) tidak ditinggalkan tanpa pemangkunya (misalnya apoteker "
                             "satu-satunya di puskesmas, atau lurah)."),
    # --- who may take which post ---
    "jabatan_sama": Rule("jabatan yang sama", "", "-", "Pegawai sudah menduduki jabatan ini."),
    "pangkat": Rule("rentang pangkat", "enforce_band", "PP 13/2002; jenjang jabatan fungsional",
                    "Golongan pegawai harus berada dalam rentang pangkat jabatan tujuan."),
    "pendidikan": Rule("rumpun pendidikan", "enforce_education", "PP 11/2017 Pasal 190(4)",
                       "Rumpun pendidikan pegawai harus diterima jabatan tujuan."),
    "pendidikan_bidang": Rule("jenjang dan bidang pendidikan", "enforce_education_field",
                              "PP 11/2017 Pasal 190(4); UU 14/2005; UU 17/2023",
                              "Jenjang dan bidang ijazah harus sesuai syarat jabatan tujuan "
                              "(misalnya PGSD untuk guru kelas SD, Kebidanan untuk bidan)."),
    "sertifikat": Rule("STR / sertifikat pendidik", "enforce_credentials",
                       "UU 17/2023 (STR); UU 14/2005 (sertifikat pendidik)",
                       "Tenaga kesehatan memerlukan STR profesinya sendiri; guru memerlukan "
                       "sertifikat pendidik untuk mata pelajaran atau kelas yang diampu."),
    "perpindahan": Rule("perpindahan jabatan", "allow_jf_transfer", "PermenPANRB 1/2023",
                        "Mutasi mempertahankan jabatan fungsional. Masuk ke jabatan fungsional "
                        "lain, atau ke jabatan fungsional dari jabatan pelaksana/struktural, adalah "
                        "perpindahan jabatan dengan prosedur dan syarat sendiri."),
    "pemberhentian_jf": Rule("pemberhentian dari jabatan fungsional", "allow_leave_jf",
                             "PermenPANRB 1/2023",
                             "Pindah dari jabatan fungsional ke jabatan pelaksana adalah "
                             "pemberhentian dari jabatan fungsional, bukan mutasi."),
    "jenjang": Rule("jenjang jabatan fungsional", "same_jf_level", "PermenPANRB 1/2023",
                    "Mutasi mempertahankan jenjang; jenjang lain berarti kenaikan/penurunan "
                    "jenjang."),
    "syarat_perpindahan": Rule("syarat perpindahan jabatan", "transfer_max_age",
                               "PermenPANRB 1/2023; FAQ BKN",
                               "Perpindahan jabatan mensyaratkan ijazah yang sesuai (S1/D4 untuk "
                               "keahlian) dan usia paling tinggi 53 tahun (ahli pertama/muda, "
                               "keterampilan) atau 55 tahun (ahli madya)."),
    "struktural": Rule("aturan jabatan struktural", "structural_same_eselon_only",
                       "PermenPANRB 15/2019; PP 11/2017",
                       "Jabatan struktural diisi melalui promosi atau seleksi terbuka, bukan "
                       "mutasi; pejabat struktural dimutasi pada eselon yang sama."),
    "pensiun_tujuan": Rule("pensiun menurut jabatan tujuan", "horizon_months",
                           "UU 5/2014 Pasal 90; PP 11/2017 Pasal 239",
                           "Batas usia pensiun jabatan tujuan berlaku: pegawai yang mencapainya "
                           "dalam horizon rencana tidak dipindahkan ke jabatan itu."),
    "kompetensi": Rule("kompetensi (JPM)", "structural_needs_jpm",
                       "PermenPANRB 38/2017; Peraturan BKN 26/2019",
                       "Calon jabatan struktural dan JPT paling rendah berkategori Masih Memenuhi "
                       "Syarat (JPM ≥ 68%) untuk jabatan tujuan."),
}
# keys of CityPlan.fixed that are no rule of the regulations
EDIT_KEYS = {"dikunci": "dikunci perencana"}


def label(key: str) -> str:
    rule = RULE_BOOK.get(key)
    return rule.label if rule else EDIT_KEYS.get(key, key)


def explain(keys) -> list[dict]:
    """The rules behind a list of rule keys, each once, for "why" and "why not" answers."""
    return [{"rule": key, **RULE_BOOK[key]._asdict()} for key in dict.fromkeys(keys)
            if key in RULE_BOOK]
