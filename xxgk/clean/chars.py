"""Character classes shared by the cleaning rules, as regex fragments (compiled by the users).

Kept in one place so that "a CJK character" means the same thing in every rule.
"""

from __future__ import annotations

# CJK ideographs: Extension A, the unified block, compatibility ideographs, Extensions B and up.
IDEOGRAPH = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"

# CJK punctuation that stays CJK after width normalisation: 、。〈〉《》「」『』【】〔〕〖〗…
# plus the curly quotes, the ellipsis and the em dashes Chinese text uses.
CJK_PUNCTUATION = "\u3001-\u303f\u2018\u2019\u201c\u201d\u2026\u2014\u2015\u00b7"

# Either of the above: the "CJK" side of the spacing rule.
CJK = IDEOGRAPH + CJK_PUNCTUATION

# Punctuation that ends a sentence or a clause in a way a line may legitimately end with.
SENTENCE_END = "。！？!?；;:：…」』”’)）】〕》>"

# Punctuation inside a sentence: a line ending with one of these was cut mid-sentence.
MID_SENTENCE = ",，、"

# Opening brackets and quotes: a line starting with one continues the previous one when the
# break between them is a removed page break (〔2018〕94号 after "攀办发").
OPENING = "〔（(《“「『【〈"
