"""How the gold set's items were chosen from ../shared/realdata/titles.jsonl (run once; kept for the record).

Every title with a rare-label keyword (PPP, EPC, operation services, security, data …) is taken, then a fixed
hash-ordered sample per group fills the set, ICT-looking titles and ordinary ones both, so that the gold set has
enough positives for every label and enough ordinary notices (furniture, works, vaccines) for relevance.
Prints one JSON line per item: key (sha1 of the title), line number, group."""

import hashlib
import json
import re
import sys
from pathlib import Path

RARE = re.compile(r"PPP|特许经营|EPC|总承包|运维|运营服务|政务云|等保|等级保护|密码|网络安全|数据|购买服务|智慧城市|"
                  r"数字政府|城市大脑|一网|政务|BOT|TOT|指挥中心|雪亮|智慧城管|城市运行|数字乡村|城市管理|网格")
ICT = re.compile(r"智慧|信息化|信息系统|监控|平台|云|网络|系统|软件|电子|数字|智能|弱电|机房|服务器|终端|计算机|通信|"
                 r"光纤|5G|物联|视频|指挥")
# group: (ICT-looking titles, other titles) to take after the rare ones
QUOTA = {"notices": (99, 99), "news": (9, 9), "gd": (12, 12), "fuckcqcs": (1, 9), "jiangxi": (13, 17),
         "yichang": (60, 30), "jianyu": (80, 30), "operators": (30, 10)}


def key(title: str) -> str:
    return hashlib.sha1(title.encode("utf-8")).hexdigest()


def select(path: Path) -> list[dict]:
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    chosen, taken = [], {g: [0, 0] for g in QUOTA}
    order = sorted(range(len(rows)), key=lambda i: key(rows[i]["title"]))
    for i in order:
        r = rows[i]
        if RARE.search(r["title"]):
            chosen.append(i)
    for i in order:
        r = rows[i]
        if i in chosen:
            continue
        kind = 0 if ICT.search(r["title"]) else 1
        if taken[r["group"]][kind] < QUOTA[r["group"]][kind]:
            taken[r["group"]][kind] += 1
            chosen.append(i)
    return [{"key": key(rows[i]["title"]), "line": i + 1, "group": rows[i]["group"]} for i in sorted(chosen)]


if __name__ == "__main__":
    for item in select(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/realdata/titles.jsonl")):
        print(json.dumps(item, ensure_ascii=False))
