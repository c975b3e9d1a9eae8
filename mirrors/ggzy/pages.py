"""The ggzy mirror's HTML: the ``/html/a/`` project shell and the ``/html/b/`` content page, in the markup of the
captures in realdata/sites/ggzy (structure, classes, scripts kept; data invented), and the 404 page."""

from __future__ import annotations

from jinja2 import Environment, select_autoescape

from mirrors.ggzy.data import STAGE_TEXT, STAGES

_env = Environment(autoescape=select_autoescape(default=True))


def shell_path(n: dict) -> str:
    return f"/information/deal/html/a/{n['province']}/{n['stage']}/{n['publishTime'].replace('-', '')}/{n['id']}.html"


def detail_path(n: dict) -> str:
    """The content page (``/html/b/``): the shell's path under /html/b/."""
    return shell_path(n).replace("/html/a/", "/html/b/", 1)


def old_detail_path(n: dict) -> str:
    """The second URL form of a content page (realdata/notices/040.html)."""
    d = n["publishTime"].replace("-", "")
    return f"/information/html/b/{n['province']}/{n['stage']}/{d[:6]}/{d[6:]}/{n['id']}.shtml"


SHELL = _env.from_string("""<!doctype html>
<html>

<head>
  <meta charset="UTF-8">
  <title>{{ n.title }}_交易公开_国家公共资源交易平台</title>
  <meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">
  <meta name="others" content="页面生成时间 {{ n.publishTime }} {{ n.time }}:00" />
  <link type="text/css" href="/assets/css/main.css" rel="stylesheet">
  <link type="text/css" href="/assets/css/deal.css" rel="stylesheet">
  <script src="/assets/js/jquery-1.6.4.min.js"></script>
  <script>
    var mysid = '{{ n.id }}';
    var mypppSid = '{{ n.id }}';
    var myds = '513';
    var myplatformCode = '12{{ n.province }}0000000X';
    var myareaId = '{{ n.province }}';
    var mybasepath = '/information';
    var mycl = '{{ n.classify }}';
    var myst = '{{ n.stage }}';
  </script>
  <script src="/assets/js/dealDetailList.js"></script>
</head>

<body>
<!--# include virtual="/component/header.html" -->
<div class="location">
  首页&nbsp;&nbsp;>&nbsp;&nbsp;交易公开&nbsp;&nbsp;>&nbsp;&nbsp;{{ business }}
</div>
<div class="fully">
  <h4 class="h4_o">{{ n.title }}</h4>
  <p class="p_o"><span > {{ code_label }}：{{ n.project_code }}</span><span>信息来源：<label id="platformName">{{ n.platform }}</label></span></p>
  <div class="fully_toggle">
    <ul class="ul_toggle">
{%- for st in stages %}
        <li id="t_{{ st }}" onclick="clickHead('{{ st }}')" {% if st == n.stage %}class='li_toggle'{% endif %}>{{ stage_text[st] }}</li>
{%- endfor %}
    </ul>
{%- for st in stages %}
    <div class="fully_toggle_cont" id="div_{{ st }}" {% if st == n.stage %}style='display:block;'{% endif %}>
        <ul class="fully_list">
{%- for m in tabs.get(st, []) %}
            <li{% if m.id == n.id %} class=' li_hover'{% endif %}><a href="javascript:;" title="{{ m.title }}"
                   onclick="showDetail(this, '{{ st }}','{{ b_path(m) }}')">{{ m.title }}</a><span>{{ m.publishTime }}</span>
            </li>
{%- else %}
          <li>暂无数据</li>
{%- endfor %}
        </ul>
{%- if tabs.get(st) %}
        <div class="detailShow" id="show{{ st }}"></div>
{%- endif %}
    </div>
{%- endfor %}
  </div>
</div>
<script type="text/javascript">
  var firstLastUrl = '{{ b_path(n) }}';
</script>
<!--# include virtual="/component/footer.html" -->
</body>

</html>
""")

DETAIL = _env.from_string("""<!doctype html>
<html>

<head>
  <meta charset="UTF-8">
  <meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">
  <title>全国公共资源交易平台</title>
  <meta name="others" content="页面生成时间 {{ n.publishTime }} {{ n.time }}:24" />
  <link type="text/css" href="/assets/css/dealdetail.css" rel="stylesheet">
  <script src="/assets/js/jquery-1.6.4.min.js"></script>
</head>

<body style="height:auto;">
  <div class="detail">
    <h4 class="h4_o">{{ n.title }}</h4>
    <p class="p_o"><span>{{ date_label }}：{{ n.publishTime }} {{ n.time }}</span><span>信息来源：<label id="platformName">{{ n.platform }}</label></span></p>
{%- if n.body == "text" %}
    <span class="detail_url" style="display:none;"><a href="http://ggzy.example.gov.cn/{{ n.id }}.html">原文链接地址</a></span>
{%- endif %}
    <div id="mycontent">
{%- if n.body == "table" %}
      <table class="detail_Table" border="0" cellspacing="1" cellpadding="1">
        <tr>
          <th>采购人名称</th>
          <td>{{ n.buyer }}</td>
        </tr>
        <tr>
          <th>中标（成交）供应商名称</th>
          <td>{{ n.supplier }}</td>
        </tr>
        <tr>
          <th>{{ "合同金额" if n.stage == "0203" else "中标（成交）金额" }}</th>
          <td>{{ n.award }}元 人民币</td>
        </tr>
{%- if n.stage == "0203" %}
        <tr>
          <th>合同期限</th>
          <td>1年</td>
        </tr>
        <tr>
          <th>合同签署时间</th>
          <td>{{ n.publishTime }} {{ n.time }}:09</td>
        </tr>
{%- endif %}
      </table>
{%- elif n.body == "text" %}
      <div class="detail_content">
        <p>项目名称：{{ n.project_name }}</p>
        <p>项目编号：{{ n.project_code }}</p>
        <p>{{ "采购人" if n.classify == "02" else "招标人" }}：{{ n.buyer }}</p>
        <p>{{ "采购代理机构" if n.classify == "02" else "招标代理机构" }}：{{ n.agency }}</p>
        <p>{{ "采购方式" if n.classify == "02" else "招标方式" }}：{{ n.method }}</p>
{%- if n.budget %}
        <p>预算金额：{{ n.budget }}元</p>
{%- endif %}
{%- if n.award %}
        <p>中标金额：{{ n.award }}元</p>
        <p>中标供应商：{{ n.supplier }}</p>
{%- endif %}
        <p>发布时间：{{ n.publishTime }}</p>
      </div>
{%- endif %}
    </div>
  </div>
  <script>
    var recordTime = '{{ n.publishTime }} {{ n.time }}:48';
    var mysid = '{{ n.id }}';
    var myds = '554';
    var myplatformCode = '11{{ n.province }}0000000Y';
    var myareaId = '{{ n.province }}';
    var mybasepath = '/information';
  </script>
</body>

</html>
""")

NOT_FOUND = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>404 页面不存在_全国公共资源交易平台</title></head>
<body><div class="error"><h2>404</h2><p>抱歉，您访问的页面不存在或已被删除。</p><a href="/">返回首页</a></div></body></html>"""


def shell_page(n: dict, project: list[dict]) -> str:
    tabs: dict[str, list[dict]] = {}
    for m in sorted(project, key=lambda m: (m["publishTime"], m["time"]), reverse=True):
        tabs.setdefault(m["stage"], []).append(m)
    return SHELL.render(n=n, stages=STAGES[n["classify"]], stage_text=STAGE_TEXT, tabs=tabs, b_path=detail_path,
                        business="政府采购" if n["classify"] == "02" else "工程建设",
                        code_label="采购项目编号" if n["classify"] == "02" else "招标项目编号")


def detail_page(n: dict) -> str:
    return DETAIL.render(n=n, date_label="签署时间" if n["stage"] == "0203" else "发布时间")
