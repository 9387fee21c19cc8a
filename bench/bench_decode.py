"""Benchmark decode + clean speed on one core (not a test).

Documents of about 10 KB: synthetic HTML report pages (site chrome, scripts, prose and the
25-row application table with merged header cells), the same page GBK-encoded without a
<meta charset>, the UTF-8 page with its footer in GBK, a plain-text version of it, and the
seed reports when ../shared/corpus is present. Prints documents per second of CPU time (one core) for each kind.

    .venv/bin/python bench/bench_decode.py [--seconds 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from xxgk.decode import decode_document  # noqa: E402

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"
ROW_LABELS = [
    "本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量", "予以公开", "部分公开",
    "属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益",
    "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项",
    "本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确",
    "信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请",
    "要求行政机关确认或重新出具已获取信息", "申请人无正当理由逾期不补正", "申请人逾期未按收费通知要求缴纳费用",
    "其他", "总计", "结转下年度继续办理",
]
PARAGRAPH = (
    "本年度我局按照政务公开工作要点的部署,持续完善信息发布审核机制,全年主动公开政府信息 1,234 条,"
    "其中通过门户网站公开 1,100 条,通过政务新媒体公开 134 条,收到政府信息公开申请 3 件,均已按期办结。"
)


def synthetic_html() -> str:
    header = (
        "<tr><td rowspan='3' colspan='3'>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>"
        "<td colspan='7'>申请人情况</td></tr>"
        "<tr><td rowspan='2'>自然人</td><td colspan='5'>法人或其他组织</td><td rowspan='2'>总计</td></tr>"
        "<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>"
    )
    rows = "".join(
        f"<tr><td colspan='3'>{label}</td>"
        + "".join(f"<td>{(n * 7 + k) % 5}</td>" for k in range(7))
        + "</tr>"
        for n, label in enumerate(ROW_LABELS)
    )
    prose = "".join(f"<p style='text-indent:2em'>{PARAGRAPH}</p>" for _ in range(12))
    return (
        "<!DOCTYPE html><html><head><meta http-equiv='X-UA-Compatible' content='IE=edge'>"
        "<title>某某县科学技术局2021年政府信息公开工作年度报告-某某娱乐客户端</title>"
        "<style>.nav{color:red} td{border:1px solid}</style>"
        "<script>var stats = {a: 1, b: '<div>'};</script>"
        "</head><body><div class='nav'><a href='/'>首页</a> <a href='/xxgk'>信息公开</a></div>"
        "<div class='crumb'>当前位置：首页 &gt; 信息公开 &gt; 年度报告</div>"
        "<div class='main'><h1>某某县科学技术局2021年政府信息公开工作年度报告</h1>"
        f"<div class='content'>{prose}<p>三、收到和处理政府信息公开申请情况</p>"
        f"<table border='1' cellspacing='0'>{header}{rows}</table><p>四、其他需要报告的事项</p></div></div>"
        "<div class='footer'><p>主办单位：某某县人民政府办公室</p><p>网站标识码：0000000000</p>"
        "<p>某ICP备00000000号</p></div><script>track();</script></body></html>"
    )


def utf8_page_with_gbk_footer(html_page: str) -> bytes:
    """The UTF-8 page with its footer saved in GBK (read in two encodings)."""
    body, footer = html_page.split("<div class='footer'>")
    return body.encode("utf-8") + ("<div class='footer'>" + footer).encode("gbk")


def synthetic_text(html_page: str) -> str:
    return "\n\n".join([PARAGRAPH] * 20 + ROW_LABELS)


def measure(documents: list[tuple[bytes, str]], seconds: float) -> float:
    """Documents per second of this process's CPU time (other load on the machine does not
    count against it; wall-clock rates are lower on a busy machine)."""
    count = 0
    started = time.process_time()
    while time.process_time() - started < seconds:
        for data, name in documents:
            decode_document(data, filename=name)
            count += 1
    return count / (time.process_time() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    arguments = parser.parse_args()
    html_page = synthetic_html()
    kinds: dict[str, list[tuple[bytes, str]]] = {
        "html utf-8 (meta, table 28x10)": [(html_page.encode("utf-8"), "report.html")],
        "html gbk, no meta charset": [(html_page.encode("gbk"), "report.html")],
        "html utf-8, footer in gbk": [(utf8_page_with_gbk_footer(html_page), "report.html")],
        "text utf-8": [(synthetic_text(html_page).encode("utf-8"), "report.txt")],
    }
    if SEEDS.is_dir():
        seeds = sorted(SEEDS.glob("*.txt"))
        kinds["seed reports (text/markdown)"] = [(path.read_bytes(), path.name) for path in seeds]
    for name, documents in kinds.items():
        size_kb = sum(len(data) for data, _ in documents) / len(documents) / 1024
        rate = measure(documents, arguments.seconds)
        print(f"{name:34s} {size_kb:5.1f} KB  {rate:8.0f} documents/s")


if __name__ == "__main__":
    main()
