"""Vendor matching you can trust, and the registry of qualified invoice issuers: accuracy and speed.

    python benchmarks/vendor_matching.py                      # names + speed + registry (1M rows)
    python benchmarks/vendor_matching.py --registry-rows 0    # skip the registry part
    python benchmarks/vendor_matching.py --datasets ../shared/datasets/*/

Accuracy: a master of about 2,400 company names of the kinds invoices carry (Japanese names
with near-twins that differ in one kanji, 東日本物流 / 西日本物流, 松下商店 / 松田商店; English,
Malaysian, German and French names with their legal forms), built from name parts written
here, plus the vendor names labelled in ``--datasets`` (read at run time, never stored). Each
query is one of:

- a known name read exactly;
- a known name misread the way OCR misreads print: small and large kana (ュ/ユ, ッ/ツ),
  dakuten lost or swapped (バ/パ/ハ), kana read as look-alike kanji (カ/力, ロ/口, ー/一),
  0/O, 1/l/I, 5/S, 8/B, rn/m, c/e, a dropped character, the legal form dropped, abbreviated
  or doubled, the end of the name cut off;
- a name *not* in the master: a near-twin of a master name (one character OCR does not
  confuse, another business word, another legal form) or an unrelated company, read exactly
  or misread.

Printed: accepted-match precision (accepted matches that are the right vendor), the share of
misread known names accepted, the share of unknown names accepted, with the targets of issue
18. Speed: CPU time per lookup (``time.process_time``, so other processes on the machine do not
count) against masters of 2,400, 10,000 and 100,000 generated vendors. Registry: a generated
file in the National Tax Agency's published format, imported and looked up by number.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from axocr.validate.registry import Registry, import_registry, write_registry_csv
from axocr.validate.vendors import VendorMaster, VendorRecord, legal_forms, match_key

# --- name parts (written for this benchmark; the kinds of names invoices carry) -----------


def _words(text: str, sep: str | None = None) -> list[str]:
    return text.split(sep)


JA_PLACES = _words(
    "東日本 西日本 北日本 南日本 東京 大阪 名古屋 札幌 仙台 横浜 神戸 京都 福岡 "
    "広島 北陸 東北 関西 中央 三和 大和 日の出 朝日 旭 富士 桜 菱和 丸和 瑞穂 "
    "東都 日東 大成 協和 昭和 新日本 第一 共栄 三協 東洋 日新 明治 太平洋 全日本 "
    "北海道 九州 四国 中部 近畿 湘南 信州 越後 常盤 青葉 若葉 双葉 光洋 大同 "
    "国際 平和 千代田 港南 城北 城南 浪速 堺 岡山 熊本 鹿児島 沖縄 長野 静岡 "
    "新潟"
)
JA_FAMILY = _words(
    "松下 松田 山田 山口 田中 中村 小林 高橋 鈴木 佐藤 伊藤 渡辺 加藤 吉田 山本 "
    "清水 森田 池田 橋本 石川 前田 藤田 岡田 後藤 長谷川 村上 近藤 坂本 遠藤 "
    "青木 西村 福田 太田 三浦 藤井 岡本 松本 井上 木村 斉藤 小川 中島 原田 竹内 "
    "金子 和田 中山 石井 上田 森本 宮崎 野口 大野 菅原"
)
JA_KANA = _words(
    "サクラ ジュピター アサヒ ミドリ ヒカリ ユニオン パシフィック グローバル ダイヤ "
    "キャピタル ファースト ビジョン プラザ ベスト ハッピー チャレンジ フューチャー "
    "シティ ネクスト パートナーズ エコー スマイル リバティ ブライト ハーモニー "
    "オリーブ マリン フロンティア ゼネラル ジャパン ショーワ ニッポン ヤマト "
    "キャッスル シャイン チェリー ポップ バンブー ピース ビッグ"
)
JA_BUSINESS = _words(
    "物流 商事 商店 製作所 工業 建設 電機 電気工事 運輸 不動産 食品 印刷 薬品 "
    "化学 産業 興業 技研 システム ソリューションズ テクノロジー サービス デザイン "
    "企画 設備 塗装 住宅 石油 機械 精機 鉄工所 木材 酒店 青果 水産 観光 交通 "
    "通信 情報システム エンジニアリング フーズ ホールディングス 物産 硝子 紙業 倉庫 "
    "燃料 工務店 電子 光学 繊維"
)
JA_FORMS = ("株式会社", "有限会社", "合同会社")

EN_STEMS = _words(
    "Northwind Atlas Beacon Cobalt Sterling Keystone Halcyon Riverstone Crescent Falcon "
    "Summit Pioneer Harbor Evergreen Silverline Bluebird Redwood Granite Meridian Horizon "
    "Oakridge Lakeside Brightwater Ironbridge Westfield Eastgate Kingsley Ashford "
    "Whitmore Caldwell"
)
MY_STEMS = _words(
    "Lian Hing|Yong Tat|Soon Huat|Hup Seng|Kim Lee|Tan Chong|Sin Chew|Guan Hong|Seng Fatt|"
    "Chop Kee|Wah Seng|Ah Seng|Kedai Runcit Maju|Perniagaan Jaya|Syarikat Bintang|"
    "Aneka Niaga|Mewah Jaya|Sri Murni|Teck Guan|Hock Lee",
    "|",
)
DE_STEMS = _words(
    "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Hoffmann Schulz Koch "
    "Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hartmann Lange "
    "Werner Krause"
)
FR_STEMS = _words(
    "Dupont Durand Lefebvre Moreau Laurent Simon Michel Bernard Petit Roux Fournier "
    "Girard Bonnet Lambert Fontaine Rousseau Vincent Muller Faure Blanc Guerin Boyer "
    "Chevalier Masson"
)
EN_BUSINESS = _words(
    "Trading|Logistics|Supplies|Engineering|Hardware Trading|Stationery|Office Solutions|"
    "Print Works|Systems|Analytics|Foods|Electrical|Construction|Industries|Consulting|"
    "Software|Packaging|Marine|Pharmacy|Textiles",
    "|",
)
MY_BUSINESS = _words(
    "Trading|Enterprise|Hardware|Stationery|Hardware Trading|Motor|Electrical|"
    "Food Industries|Bookstore|Restoran",
    "|",
)
DE_BUSINESS = _words(
    "Logistik Bau Elektrotechnik Maschinenbau Druckerei Handel Spedition Metallbau "
    "Haustechnik Software"
)
FR_BUSINESS = _words(
    "Transports Électricité Bâtiment Imprimerie Conseil Distribution Menuiserie "
    "Boulangerie Informatique Emballages"
)
FORMS = {
    "en": ("Ltd", "Limited", "LLC", "Inc", "Corp", "Pty Ltd", "PLC"),
    "my": ("Sdn Bhd", "Sdn. Bhd.", "Berhad", "Enterprise"),
    "de": ("GmbH", "AG", "GmbH & Co. KG", "KG", "e.K."),
    "fr": ("SARL", "SAS", "SA", "EURL"),
}
LATIN = {
    "en": (EN_STEMS, EN_BUSINESS),
    "my": (MY_STEMS, MY_BUSINESS),
    "de": (DE_STEMS, DE_BUSINESS),
    "fr": (FR_STEMS, FR_BUSINESS),
}

# Characters that differ between near-twins: OCR does not mistake one for the other.
TWIN_KANJI = {
    "東": "西",
    "西": "東",
    "北": "南",
    "南": "北",
    "下": "田",
    "田": "口",
    "口": "田",
    "上": "中",
    "中": "上",
    "大": "小",
    "小": "大",
    "本": "木",
    "山": "川",
    "川": "山",
    "松": "杉",
    "和": "光",
    "産": "流",
    "流": "産",
    "事": "店",
    "店": "事",
    "工": "商",
    "商": "工",
}


LATIN_TWIN_VOWEL = {"a": "e", "e": "a", "o": "u", "u": "o"}


def ja_name(rng: random.Random, stem_pool: Sequence[str] | None = None) -> str:
    kind = rng.random()
    if kind < 0.45:
        stem = rng.choice(stem_pool or JA_PLACES)
    elif kind < 0.75:
        stem = rng.choice(JA_FAMILY)
    else:
        stem = rng.choice(JA_KANA)
    core = stem + rng.choice(JA_BUSINESS)
    r = rng.random()
    if r < 0.45:
        return "株式会社" + core
    if r < 0.75:
        return core + "株式会社"
    if r < 0.85:
        return rng.choice(JA_FORMS[1:]) + core
    return core  # a shop or sole trader: 松下商店


def latin_name(rng: random.Random, lang: str) -> str:
    stems, business = LATIN[lang]
    name = f"{rng.choice(stems)} {rng.choice(business)}"
    if lang == "fr" and rng.random() < 0.5:
        return f"{rng.choice(business)} {rng.choice(stems)} {rng.choice(FORMS['fr'])}"
    return f"{name} {rng.choice(FORMS[lang])}"


def any_name(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.55:
        return ja_name(rng)
    return latin_name(rng, rng.choice(("en", "my", "de", "fr")))


def big_name(rng: random.Random) -> str:
    """Names for the speed masters: two stems, so that 100,000 distinct names exist."""
    if rng.random() < 0.55:
        a = rng.choice(JA_PLACES + JA_FAMILY + JA_KANA)
        b = rng.choice(JA_FAMILY + JA_KANA)
        return f"株式会社{a}{b}{rng.choice(JA_BUSINESS)}"
    lang = rng.choice(("en", "my", "de", "fr"))
    stems, business = LATIN[lang]
    return (
        f"{rng.choice(stems)} {rng.choice(stems)} {rng.choice(business)} {rng.choice(FORMS[lang])}"
    )


# --- how OCR misreads print -----------------------------------------------------------------

_SMALL_TO_LARGE = dict(zip("ァィゥェォッャュョ", "アイウエオツヤユヨ", strict=True))
_LARGE_TO_SMALL = {v: k for k, v in _SMALL_TO_LARGE.items()}
_DAKUTEN = {
    "バ": "パハ",
    "パ": "バハ",
    "ビ": "ピヒ",
    "ピ": "ビヒ",
    "ブ": "プフ",
    "プ": "ブフ",
    "ベ": "ペヘ",
    "ペ": "ベヘ",
    "ボ": "ポホ",
    "ポ": "ボホ",
    "ガ": "カ",
    "ギ": "キ",
    "グ": "ク",
    "ゲ": "ケ",
    "ゴ": "コ",
    "ザ": "サ",
    "ジ": "シ",
    "ズ": "ス",
    "ゼ": "セ",
    "ゾ": "ソ",
    "ダ": "タ",
    "デ": "テ",
    "ド": "ト",
}
_LOOKALIKE = {
    "カ": "力",
    "ロ": "口",
    "ー": "一",
    "エ": "工",
    "ニ": "二",
    "ハ": "八",
    "ト": "卜",
    "タ": "夕",
    "事": "亊",
    "シ": "ツ",
    "ン": "ソ",
    "O": "0",
    "o": "0",
    "l": "1",
    "I": "l",
    "i": "l",
    "S": "5",
    "B": "8",
    "m": "rn",
    "e": "c",
    "a": "o",
    "u": "n",
    "h": "b",
}
_LEGAL_SHORT = {"株式会社": "(株)", "有限会社": "(有)", "合同会社": "(同)", "Limited": "Ltd"}


def misread_char(name: str, rng: random.Random) -> str | None:
    spots = [
        i
        for i, ch in enumerate(name)
        if ch in _SMALL_TO_LARGE or ch in _LARGE_TO_SMALL or ch in _DAKUTEN or ch in _LOOKALIKE
    ]
    if not spots:
        return None
    i = rng.choice(spots)
    ch = name[i]
    if ch in _SMALL_TO_LARGE:
        new = _SMALL_TO_LARGE[ch]
    elif ch in _LARGE_TO_SMALL and rng.random() < 0.5:
        new = _LARGE_TO_SMALL[ch]
    elif ch in _DAKUTEN:
        new = rng.choice(_DAKUTEN[ch])
    elif ch in _LOOKALIKE:
        new = _LOOKALIKE[ch]
    else:
        return None
    return name[:i] + new + name[i + 1 :]


def drop_legal_form(name: str, rng: random.Random) -> str | None:
    for form, short in _LEGAL_SHORT.items():
        if form in name:
            r = rng.random()
            if r < 0.4:
                return name.replace(form, "").strip()
            if r < 0.8:
                return name.replace(form, short)
            return name + short  # doubled: 株式会社サンプル商事(株)
    words = name.split()
    if len(words) >= 3:
        return " ".join(words[:-1])  # "Northwind Trading Ltd" -> "Northwind Trading"
    return None


def truncate(name: str, rng: random.Random) -> str | None:
    keep = int(len(name) * rng.uniform(0.65, 0.85))
    return name[:keep].rstrip() if keep >= 4 else None


def drop_char(name: str, rng: random.Random) -> str | None:
    if len(name) < 6:
        return None
    i = rng.randrange(1, len(name) - 1)
    return name[:i] + name[i + 1 :] if name[i] != " " else None


MISREADS: dict[str, Callable[[str, random.Random], str | None]] = {
    "confusion": misread_char,
    "two_confusions": lambda n, r: (lambda m: misread_char(m, r) if m else None)(
        misread_char(n, r)
    ),
    "legal_form": drop_legal_form,
    "truncated": truncate,
    "dropped_char": drop_char,
}


def twin_of(name: str, rng: random.Random) -> str | None:
    """A different company with almost the same name."""
    kanji = [i for i, ch in enumerate(name) if ch in TWIN_KANJI]
    if kanji and rng.random() < 0.7:
        i = rng.choice(kanji)
        return name[:i] + TWIN_KANJI[name[i]] + name[i + 1 :]
    if rng.random() < 0.3:
        swaps = (("株式会社", "合同会社"), ("GmbH", "AG"), ("SARL", "SAS"), ("Pty Ltd", "GmbH"))
        for a, b in swaps:
            if a in name:
                return name.replace(a, b)
    # Meyer / Mayer, Hing / Hang, Durand / Durund: one vowel OCR does not mistake for the other
    words = name.split()
    for i, ch in enumerate(words[0]):
        if i and ch in LATIN_TWIN_VOWEL:
            words[0] = words[0][:i] + LATIN_TWIN_VOWEL[ch] + words[0][i + 1 :]
            return " ".join(words)
    return None


# --- the accuracy run -------------------------------------------------------------------------


@dataclass
class Query:
    text: str
    truth: str | None  # vendor id, None for a vendor not in the master
    kind: str


def dataset_vendor_names(dirs: Sequence[Path]) -> list[str]:
    names: list[str] = []
    for d in sorted(dirs):
        labels = d / "labels.jsonl"
        if not labels.exists():
            continue
        for line in labels.read_text(encoding="utf-8").splitlines():
            if line.strip():
                fields = json.loads(line).get("fields") or {}
                v = fields.get("vendor")
                if v and v not in names:
                    names.append(v)
    return names


def build_accuracy_set(
    seed: int, size: int, extra_names: Sequence[str]
) -> tuple[VendorMaster, list[Query]]:
    rng = random.Random(seed)
    names: list[str] = []
    # A master holds one vendor per name: two rows whose names differ only in the legal form
    # are one company entered twice, which no matcher can tell apart.
    keys: dict[str, str] = {}
    pool = list(extra_names)
    while len(names) < size:
        name = pool.pop() if pool else any_name(rng)
        if match_key(name) not in keys:
            keys[match_key(name)] = name
            names.append(name)
    rng.shuffle(names)
    # Twins inside the master too: both 東日本物流 and 西日本物流 are vendors.
    for name in names[: size // 20]:
        twin = twin_of(name, rng)
        if twin and match_key(twin) not in keys:
            keys[match_key(twin)] = twin
            names.append(twin)
    master = VendorMaster([VendorRecord(f"V{i:05d}", n) for i, n in enumerate(names)])
    queries: list[Query] = []
    for i in rng.sample(range(len(names)), 600):
        queries.append(Query(names[i], f"V{i:05d}", "exact"))
        for kind, fn in MISREADS.items():
            misread = fn(names[i], rng)
            if misread and misread != names[i]:
                queries.append(Query(misread, f"V{i:05d}", kind))
    unknown: list[str] = []
    while len(unknown) < 600:
        base = rng.choice(names)
        twin = rng.random() < 0.6
        candidate = twin_of(base, rng) if twin else any_name(rng)
        if not candidate or candidate in unknown or candidate in names:
            continue
        # A new name, or the same name with a legal form of another kind (a sister company;
        # 株式会社 in front or behind is no difference OCR could see).
        same = keys.get(match_key(candidate))
        forms = legal_forms(candidate)
        if same is None or (forms and legal_forms(same) and not forms & legal_forms(same)):
            unknown.append(candidate)
    for name in unknown:
        queries.append(Query(name, None, "unknown"))
        misread = misread_char(name, rng)
        if misread:
            queries.append(Query(misread, None, "unknown_misread"))
    return master, queries


def run_accuracy(master: VendorMaster, queries: Sequence[Query]) -> dict[str, dict[str, int]]:
    stats: dict[str, dict[str, int]] = {}
    for q in queries:
        m = master.match_name(q.text)
        s = stats.setdefault(q.kind, {"n": 0, "accepted": 0, "right": 0})
        s["n"] += 1
        if m is not None and m.accepted:
            s["accepted"] += 1
            s["right"] += int(q.truth is not None and m.vendor.id == q.truth)
    return stats


def print_accuracy(stats: dict[str, dict[str, int]], master_size: int) -> None:
    print(f"\nmatching, master of {master_size} vendors")
    print("| queries | n | accepted | accepted and right |")
    print("|---|---|---|---|")
    for kind, s in stats.items():
        print(
            f"| {kind} | {s['n']} | {s['accepted']} ({100 * s['accepted'] / s['n']:.1f}%) | "
            f"{s['right']} |"
        )
    accepted = sum(s["accepted"] for s in stats.values())
    right = sum(s["right"] for s in stats.values())
    misread = [s for k, s in stats.items() if k not in ("exact", "unknown", "unknown_misread")]
    m_n = sum(s["n"] for s in misread)
    m_acc = sum(s["accepted"] for s in misread)
    unknown = [stats[k] for k in ("unknown", "unknown_misread") if k in stats]
    u_n = sum(s["n"] for s in unknown)
    u_acc = sum(s["accepted"] for s in unknown)
    print()
    print("| measure | value | target |")
    print("|---|---|---|")
    precision = 100 * right / max(accepted, 1)
    print(f"| accepted matches right | {precision:.2f}% ({right}/{accepted}) | ≥ 99.5% |")
    recall = 100 * m_acc / max(m_n, 1)
    print(f"| misread known names accepted | {recall:.1f}% ({m_acc}/{m_n}) | ≥ 70% |")
    print(f"| unknown names accepted | {100 * u_acc / max(u_n, 1):.2f}% ({u_acc}/{u_n}) | ≤ 1% |")


# --- speed ------------------------------------------------------------------------------------


def run_speed(sizes: Sequence[int], seed: int, lookups: int) -> None:
    print("\nlookup speed (CPU time per name, time.process_time; build = index once per master)")
    print("| vendors | build s (CPU) | mean ms (CPU) | p95 ms (CPU) | median ms (wall) |")
    print("|---|---|---|---|---|")
    rng = random.Random(seed)
    for size in sizes:
        names: list[str] = []
        seen: set[str] = set()
        while len(names) < size:
            n = big_name(rng)
            if n not in seen:
                seen.add(n)
                names.append(n)
        t0 = time.process_time()
        master = VendorMaster([VendorRecord(str(i), n) for i, n in enumerate(names)])
        build = time.process_time() - t0
        queries = []
        for _ in range(lookups):
            name = rng.choice(names)
            queries.append(misread_char(name, rng) or name if rng.random() < 0.7 else big_name(rng))
        cpus, walls = [], []
        for q in queries:
            c0, w0 = time.process_time(), time.perf_counter()
            master.match_name(q)
            cpus.append(time.process_time() - c0)
            walls.append(time.perf_counter() - w0)
        cpus.sort()
        walls.sort()
        p95 = int(0.95 * len(cpus))
        print(
            f"| {size:,} | {build:.1f} | {1000 * sum(cpus) / len(cpus):.2f} | "
            f"{1000 * cpus[p95]:.2f} | {1000 * walls[len(walls) // 2]:.2f} |"
        )


# --- registry ---------------------------------------------------------------------------------


def registry_rows(n: int, seed: int) -> list[dict[str, str]]:
    from stdnum.jp import cn

    rng = random.Random(seed)
    rows = []
    for i in range(1, n + 1):
        base = f"{rng.randrange(10**12):012d}"
        number = f"T{cn.calc_check_digit(base)}{base}"
        corp = rng.random() < 0.6
        row = {
            "sequenceNumber": str(i),
            "registratedNumber": number,
            "process": "01",
            "correct": "0",
            "kind": "2" if corp else "1",
            "country": "1",
            "latest": "1",
            "registrationDate": "2023-10-01",
            "updateDate": "2023-10-01",
            "name": f"株式会社テスト{i}" if corp else f"山田 太郎{i}",
            "address": "東京都千代田区霞が関３丁目１－１" if corp else "",
            "addressPrefectureCode": "13" if corp else "",
            "addressCityCode": "101" if corp else "",
            "kana": "",
        }
        if rng.random() < 0.03:
            row["process"] = "03"
            row["expireDate"] = "2024-10-01"
        rows.append(row)
    return rows


def run_registry(n: int, seed: int, lookups: int) -> None:
    print(f"\nregistry of qualified invoice issuers, {n:,} rows in the published format")
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "registry.csv"
        rows = registry_rows(n, seed)
        with csv_path.open("w", encoding="utf-8", newline="") as fh:
            write_registry_csv(rows, fh)
        size_mb = csv_path.stat().st_size / 1e6
        db = Path(tmp) / "registry.sqlite"
        c0, w0 = time.process_time(), time.perf_counter()
        stats = import_registry([csv_path], db)
        cpu, wall = time.process_time() - c0, time.perf_counter() - w0
        registry = Registry(db)
        rng = random.Random(seed + 1)
        numbers = [rng.choice(rows)["registratedNumber"] for _ in range(lookups)]
        numbers += [f"T{rng.randrange(10**13):013d}" for _ in range(lookups // 10)]
        c1 = time.process_time()
        found = sum(registry.lookup(x) is not None for x in numbers)
        per = (time.process_time() - c1) / len(numbers)
        print("| measure | value | target |")
        print("|---|---|---|")
        print(f"| file | {size_mb:.0f} MB, {stats.rows:,} rows imported | |")
        print(f"| import | {wall:.1f} s wall, {cpu:.1f} s CPU | < 60 s |")
        where = f"{found:,} of {len(numbers):,} found"
        print(f"| lookup by number | {1e6 * per:.0f} µs CPU ({where}) | < 1 ms |")
        registry.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", nargs="*", type=Path, default=[])
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--master", type=int, default=2400, help="accuracy master size")
    parser.add_argument("--sizes", type=int, nargs="*", default=[2400, 10_000, 100_000])
    parser.add_argument("--lookups", type=int, default=500)
    parser.add_argument("--registry-rows", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    extra = dataset_vendor_names(args.datasets)
    master, queries = build_accuracy_set(args.seed, args.master, extra)
    print(f"{len(extra)} vendor names from dataset labels, {len(master.vendors)} in the master")
    print_accuracy(run_accuracy(master, queries), len(master.vendors))
    if args.sizes:
        run_speed(args.sizes, args.seed, args.lookups)
    if args.registry_rows:
        run_registry(args.registry_rows, args.seed, 10_000)
    return 0


if __name__ == "__main__":
    sys.exit(main())
