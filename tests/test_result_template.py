"""Result notices of the older templates (2009–2017, SOURCES.md §4.5 item 3) and the 2020 中标（成交）结果公告 (§8):
winners, award, buyer, agency, method, project code and publication date. One case per (notice, field); the texts
are short excerpts of development pages (realdata jlxxlj pages 03, 05, 08, 09, 10, 11, 13, 16, 19, 22 and the
development jlxxlj records of ccgp, 重庆政府采购网, 重庆招标投标网) with their own characters."""

from decimal import Decimal

import pytest

from parsers import parse_notice
from parsers.dates import parse_datetime, signature_date
from parsers.result_template import method_in_sentence, publication, published_label

# ccgp, before 2017 (div.vT_detail_content, no 公告概要 table): the old template, vertical rows (record 7658427)
CCGP_OLD = """<div class="vT_detail_content w760c">
<p>广西科文招标有限公司受梧州市博物馆 的委托，就恒温恒湿储存柜采购项目（项目编号：WZZC2016-J1-369-KW）组织采购，评标工作已经结束，成交结果如下：</p>
<p>一、项目信息</p><p>项目编号：WZZC2016-J1-369-KW</p><p>项目名称：恒温恒湿储存柜采购</p>
<p>二、采购单位信息</p><p>采购单位名称：梧州市博物馆 </p><p>采购单位地址：梧州市蝶山区大学路</p>
<p>三、采购代理机构信息</p><p>采购代理机构全称：广西科文招标有限公司</p>
<p>四、成交信息</p><p>招标文件编号：WZZC2016-J1-369-KW</p><p>本项目招标公告日期：2016年11月21日</p>
<p>成交日期：2016年11月30日</p><p>总成交金额：14.9 万元（人民币）</p><p> 成交供应商名称、地址及成交金额：</p>
<p>1.成交供应商名称：北京融通新风洁净技术有限公司</p><p>2.成交供应商地址：北京市丰台区南岗洼44号东院</p>
<p>3.成交金额：壹拾肆万玖仟元整（¥149,000.00）</p>
<p>五、项目用途、简要技术要求及合同履行日期：</p><p>详见附件</p></div>"""

# the same template where the result is a 下浮系数: 总成交金额 printed as 0.0 (record 7658309)
CCGP_RATE = """<div class="vT_detail_content w760c">
<p>南宁市建昶建设工程监理咨询有限责任公司受南宁五象新区建设投资有限责任公司的委托，就南宁市渌坛路工程施工图审查项目（项目编号：建昶FW16-10-354）组织采购，评标工作已经结束，成交结果如下：</p>
<p>四、成交信息</p><p>本项目招标公告日期：2016年11月25日</p><p>总成交金额：0.0 万元（人民币）</p>
<p> 成交供应商名称、地址及成交金额：</p><p>成交下浮系数：20%</p></div>"""

RATE_PAGE = CCGP_RATE.replace('class="vT_detail_content w760c"', 'class="content"')  # the same text on another site

# ccgp 2016, a table that ranks three bidders: only 第一名 won (page 09)
CCGP_RANKED = """<div class="vT_detail_content w760c">
<p>湖南省招标有限责任公司受中南大学的委托，就中南大学湘雅医学大数据透明计算终端采购项目（项目编号：0623-1681N1110K14）组织采购，评标工作已经结束，中标结果如下：</p>
<p>五、中标信息</p><p>招标公告日期：2016年10月24日</p><p>总中标金额：113.2 万元（人民币）</p>
<table><tr><td>排序</td><td>中标供应商名称</td><td>中标供应商联系地址</td><td>中标金额(万元)</td></tr>
<tr><td>第一名</td><td>湖南新云网科技有限公司</td><td>湖南省长沙市雨花区人民东路46号</td><td>113.2</td></tr>
<tr><td>第二名</td><td>湖南尊亿电子科技有限公司</td><td>湖南省长沙市芙蓉区人民东路458号</td><td>111.63</td></tr>
<tr><td>第三名</td><td>湖南金视科技有限责任公司</td><td>长沙市开福区德雅路145号</td><td>113.649</td></tr></table></div>"""

# 广东 2016: winners as label and value separated by spaces, their amounts in the 报价明细 table, by order (page 08)
CCGP_SPACES = """<div class="vT_detail_content w760c">
<p>国义招标股份有限公司受广州市番禺区大龙街社区卫生服务中心的委托，于2016 年11月14 日就广州市番禺区大龙街社区卫生服务中心采购医疗设备项目（0724-1601D35N3791）采用公开招标进行采购。现就本次采购的中标（成交）结果公告如下：</p>
<p>一、采购项目编号：0724-1601D35N3791</p><p>二、采购项目名称：广州市番禺区大龙街社区卫生服务中心采购医疗设备项目</p>
<p>三、采购项目预算金额（元）：339100元 </p><p>四、采购方式：公开招标</p>
<p>五、中标供应商</p>
<p>1:中标供应商名称&nbsp;&nbsp;广东凡人医疗器械有限公司&nbsp;&nbsp;法人代表&nbsp;&nbsp;杨程&nbsp;&nbsp;地址&nbsp;&nbsp;广州市越秀区东风中路268号</p>
<p>2:中标供应商名称&nbsp;&nbsp;广州杏宝医疗器械有限公司&nbsp;&nbsp;法人代表&nbsp;&nbsp;欧阳可达&nbsp;&nbsp;地址&nbsp;&nbsp;广州市花都区清莲路1号</p>
<p>六、报价明细</p>
<table><tr><td>主要中标、成交标的名称</td><td>规格型号</td><td>数量</td><td>单价(元)</td><td>服务要求</td><td>中标金额</td></tr>
<tr><td>便携式B超等设备</td><td>日本 日立阿洛卡 prosound 2等</td><td>1批</td><td>-</td><td>详见招标文件</td><td>¥175,500.00</td></tr>
<tr><td>呼吸囊+面罩(成人)等设备</td><td>台湾 彦大 ENT-1001等</td><td>1批</td><td>-</td><td>详见招标文件</td><td>¥143,950.00</td></tr></table>
<p>七、评审日期：2016-11-14评审地点：国义招标股份有限公司2楼2号会议室</p>
<p>发布人：国义招标股份有限公司</p><p>发布时间：2016年11月15日</p></div>"""

# 东营 2016: 采购人 / 集中采购机构 blocks, "采购项目名称及编号：名称 编号", the signature date (page 03)
CCGP_DONGYING = """<div class="vT_detail_content w760c">
<p>东营市市容环境卫生处环卫保洁工作服等政府采购项目中标公告</p>
<p>一、采购人</p><p>     名称:东营市市容环境卫生处 </p><p>     地址:东营市东营区辽河路157号</p><p>联系方式:18005469786</p>
<p>二、集中采购机构</p><p>名称:东营市市级机关政府采购中心</p><p>地址:东营市东三路160号</p><p>联系方式:0546-7762539</p>
<p>三、采购项目名称及编号:东营市市容环境卫生处环卫保洁工作服等政府采购项目                         </p><p> DYZCZ2016-269#</p>
<p>五、评标委员会人员名单:崔霞、宋斌、许俊涛、李娜、王健</p>
<p>                                             2016年11月3日</p></div>"""

# 河南 2016: the method and the parties in the sentence, "项目编号：" heading followed by the list (page 10)
CCGP_HENAN = """<div class="vT_detail_content w760c">
<p>河南省鑫诚工程管理有限公司受嵩县九店乡人民政府委托，就嵩县田湖至九皋段公路新建工程（九店段）新建工程进行公开招标，按规定程序进行了开标、评标、定标，现就本次招标的中标结果公布如下：</p>
<p>一、项目名称及项目编号：</p><p>1、项目名称：嵩县田湖至九皋段公路新建工程（九店段）新建工程</p><p>    2、项目编号：G2016-056ZF</p>
<p>河南省鑫诚工程管理有限公司</p><p>                               2016年11月16日</p><p>[点击下载]</p></div>"""

# 广东 2009: the one 中标候选单位 the section heading calls the winner, a date in Chinese numerals (page 11)
CCGP_2009 = """<div class="vT_detail_content w760c">
<p>广东平正招标采购服务有限公司（以下简称"采购代理机构"）在2009年6月23日公告的潮州海关业务技术用房工程高压配电项目（采购编号：PZH009A071）邀请招标采购的评审工作已圆满结束，现将中标人名单公告如下：</p>
<p>三、本项目采购公告日期：2009年6月23日</p>
<p>四、中标单位名称、地址、和中标金额：</p><p>中标候选单位名称：常德华网电力建设有限公司潮州分公司</p>
<p>中标候选单位地址：广东省潮州市潮州大道广梅汕大厦裙楼1号梯三层301号单元</p><p>中标降点数：5.02%</p>
<p>五、采购人、采购代理机构的名称、地址和联系方式。</p><p>1、采购人联系方式：</p><p>采购单位名称：中华人民共和国潮州海关</p>
<p>2、采购代理机构联系方式：</p><p>采购代理机构名称：广东平正招标采购服务有限公司</p>
<p>广东平正招标采购服务有限公司 </p><p>二00九年七月十五日</p></div>"""

# 安徽 2016: labels with bracketed alternates, the value on the next line; the tender's date is not this notice's
# (page 05, chinabidding copy)
ANHUI = """<html><body><div>
<p>安徽省体育局训练基地管理中心太平湖基地设备采购</p><p>项目中标(成交)公告</p>
<p>项目编号:</p><p>2016HACZ1873</p>
<p>招标(采购)方式</p><p>:</p><p>公开招标</p>
<p>招标(采购)公告发布日期:</p><p>2016年10月28日</p>
<p>中标供应商名称:安徽普尔美机电有限公司</p>
<p>中标(成交)金额:人民币 伍拾叁万玖仟贰佰壹拾壹元(¥539211.00元)</p>
<p>招标(采购)人名称:</p><p>安徽省体育局训练基地管理中心</p>
<p>集中招标(采购)机构名称:</p><p>安徽省政府采购中心</p>
<p>特此公告。</p><p>安徽省政府采购中心</p><p>2016年11月16日</p></div></body></html>"""

# 重庆政府采购网 2016: header cells straight in the table (no <tr>), a failed lot (record 376668591300505600)
CQGP_TH = """<html><body><h4>一、项目号：16A5421,16A5420,16A5622</h4><h4>三、采购方式：竞争性谈判 </h4>
<h4>发布时间: 2016-11-21 08:47</h4><h4>五、公示日期：<span> 2016-11-16</span></h4><h4>六、成交结果</h4>
<div class="panel-heading">分包号：1</div><table class="table">
 <th>废标原因</th>
 <th>备注</th>
 <tr><td>符合条件的投标人不足三家</td><td></td></tr></table>
<div class="panel-heading">分包号：2</div><table class="table">
 <th>分包内容</th>
 <th>金额（元）</th>
 <th>成交供应商</th>
 <th>地址</th>
 <tr>
  <td>教育网带宽扩容及配套设施设备16A5420</td>
  <td>￥1,339,000.00</td>
  <td>赛尔网络有限公司</td>
  <td></td></tr></table>
<div class="panel-heading">分包号：3</div><table class="table"><th>分包内容</th><th>金额（元）</th><th>成交供应商</th><th>地址</th>
 <tr><td>邮件系统升级16A5622</td><td>￥539,800.00</td><td>重庆启邦科技有限公司</td><td></td></tr></table>
<h4>九、联系人</h4><p>采购人：重庆文理学院</p></body></html>"""

# 重庆 2015: the award table nested in a cell of the layout tables; 公示日期 is the day (record 1102904)
CQGP_NESTED = """<html><body><table><tr><td><table><tr><td>项目名称：</td><td>重庆三峡学院交换机等设备</td></tr>
<tr><td>采购编号：</td><td>15A3426</td></tr><tr><td>公示日期：</td><td>2015年09月28日</td></tr>
<tr><td>采购方式：</td><td>竞争性谈判</td></tr><tr><td>采购单位名称：</td><td>重庆三峡学院</td></tr>
<tr><td>采购代理机构名称：</td><td>重庆三峡学院采购中心</td></tr>
<tr><td colspan="2"><table><tbody>
<tr><td><p>包号</p></td><td><p>分包名称</p></td><td><p>评审日期</p></td><td><p>中标金额(元)</p></td><td><p>中标供应商</p></td><td><p>地址</p></td></tr>
<tr><td><p>1</p></td><td><p>重庆三峡学院交换机等设备(包一)</p></td><td><p>2015年8月17日</p></td><td><p>748000</p></td><td><p>重庆迅邦科技有限公司</p></td><td></td></tr>
<tr><td><p>2</p></td><td><p>重庆三峡学院交换机等设备(包二)</p></td><td><p>2015年8月17日</p></td><td><p>234800</p></td><td><p>重庆市万州区万众电脑有限公司</p></td><td></td></tr>
</tbody></table></td></tr></table></td></tr></table></body></html>"""

# 重庆 电子卖场 2016: 采购形式 协议供货, 采购执行方, and no bid at all (record 376669123628908544)
CQ_MALL = """<html><body><p>重庆政府采购电子交易平台成交公告</p><p>(竞价编号:1787589307924493   采购形式:协议供货) </p>
<table><tr><th>包号</th><th>中标供应商</th><th>中标金额(元)</th><th>服务响应时间(小时)</th></tr>
<tr><td>1</td><td>无供应商报价</td><td>-- </td><td>-- </td></tr></table>
<p>采购执行方:四川外国语大学 </p></body></html>"""

# 天津 2016 fragment: 中标候选人 rows, then the 中标结果 row and 中标价(万元) (page 22)
TIANJIN = """<html><body><table>
<tr><td>标段名称</td><td>唐官屯镇第一污水处理厂提标改造工程设计</td></tr>
<tr><td>第一中标候选人</td><td>天津市联合环保工程设计有限公司</td></tr>
<tr><td>第二中标候选人</td><td>天津市华淼给排水研究设计院有限公司</td></tr>
<tr><td>中标结果</td><td>天津市联合环保工程设计有限公司</td></tr>
<tr><td>中标价(万元)</td><td>37.0000</td></tr>
<tr><td>公示时间</td><td>2016-10-21 ~ 2016-10-24</td></tr></table></body></html>"""

# 济宁 2016: 成交单位名称 in a label/value table, the method in the sentence (page 16)
JINING = """<html><body><p>济宁市任城区李营第一中学安保服务采购项目,于2016年11月18日09:00在济宁市任城区公共资源交易服务中心采用竞争性磋商方式确定成交人。现将成交结果公示如下:</p>
<table><tr><td>成交单位名称</td><td>济宁市金宝利物业服务有限公司</td></tr>
<tr><td>成交价格</td><td>118297.00 元 大写(壹拾壹万捌仟贰佰玖拾柒元整)</td></tr></table></body></html>"""

# 重庆招标投标网 2016: a 拟中标 公示 form; the date signs it, with the seal mark (record cqzb-66246)
CQZB = """项 目 名 称
巴南区箭滩河中学土石方工程
第一中标候选人
重庆永柱建筑工程有限公司
拟中标人
重庆永柱建筑工程有限公司
招标人:  重庆巴源建设投资有限公司
   2016 年10月31日(单位公章)
招标代理机构:重庆国际投资咨询集团有限公司
   2016 年10月31日(单位公章)
"""

# 重庆公共资源交易网 2017: the headline calls it a 拟中标 公示 (record cqggzy-e94779a6)
CQGGZY = """<html><body><p>拟中标结果公示表</p><p>(公示期:2017年1月9日——2017年1月11日)</p>
<table><tr><td>招  标  人</td><td>重庆解放碑中央商务区管理委员会</td></tr></table></body></html>"""

# 乌鲁木齐 2016: the signature date split over lines by the markup, the method in the sentence (page 19)
URUMQI = """<html><body><p>乌鲁木齐市第十二中学高铁拆迁安置楼周边道路新建工程中标公示</p>
<p>新疆智诚达项目管理咨询有限公司受乌鲁木齐市第十二中学的委托,根据中华人民共和国政府采购法及相关法律、法规,对乌鲁木齐市第十二中学高铁拆迁安置楼周边道路新建工程进行采购,采购方式为公开招标。现将中标结果公告如下:</p>
<p>1、招标公告发布时间:</p><p>2016年</p><p>10月</p><p>24日</p>
<p>新疆智诚达项目管理咨询有限公司</p><p>2016年</p><p>11月</p><p>14日</p></body></html>"""

# 山西 2015: the page's 发布日期, not the tender's 招标公告发布时间; "我中心受采购人的委托" names no one (page 13)
SHANXI = """<html><body><p>招标编号:晋政采[2015-0149]G88-C18   发布日期:2015年04月29日   【打印】</p>
<p>我中心受采购人的委托对下述项目组织了国内公开招标,评标委员会依照招标文件确定的标准、办法,进行了客观公正的评定,现将最终的评定结果公告如下:</p>
<p>二、集中采购机构:山西省省级政府采购中心</p><p>四、招标公告发布时间:2015年3月27日</p></body></html>"""

# ccgp 2025 (深圳, 济南 captures): the 公告概要 rounds the total to 0.01 万元 and may repeat the buyer's name
CCGP_SUMMARY = """<div class="table"><table><tr><td class="title">采购单位</td><td>济南大学,济南大学,济南大学</td></tr>
<tr><td class="title">总中标金额</td><td>￥668.790000 万元（人民币）</td></tr></table></div>
<div class="vF_detail_content"><p>一、项目编号：LHCG2025000101</p><p>二、项目名称：空调采购</p>
<p>三、中标（成交）信息</p><p>供应商名称：深圳市金龙空调电器有限公司</p><p>中标（成交）金额：6687920.0元</p>
<p>四、主要标的信息</p></div>"""

M = Decimal

CASES = [
    ("ccgp-old", CCGP_OLD, "award_cny", M("149000")),
    ("ccgp-old", CCGP_OLD, "suppliers", [("北京融通新风洁净技术有限公司", M("149000"))]),
    ("ccgp-old", CCGP_OLD, "notice_type", "中标/成交公告"),
    ("rate", RATE_PAGE, "award_cny", None),  # 0.0 万元 where a 下浮系数 is the result: unknown
    ("ccgp-rate", CCGP_RATE, "agency", "南宁市建昶建设工程监理咨询有限责任公司"),
    ("ccgp-ranked", CCGP_RANKED, "suppliers", [("湖南新云网科技有限公司", M("1132000"))]),
    ("ccgp-ranked", CCGP_RANKED, "award_cny", M("1132000")),
    ("ccgp-spaces", CCGP_SPACES, "suppliers", [("广东凡人医疗器械有限公司", M("175500")),
                                               ("广州杏宝医疗器械有限公司", M("143950"))]),
    ("ccgp-spaces", CCGP_SPACES, "award_cny", M("319450")),
    ("ccgp-spaces", CCGP_SPACES, "buyer", "广州市番禺区大龙街社区卫生服务中心"),
    ("ccgp-spaces", CCGP_SPACES, "agency", "国义招标股份有限公司"),
    ("ccgp-spaces", CCGP_SPACES, "published_date", "2016-11-15"),
    ("ccgp-dongying", CCGP_DONGYING, "agency", "东营市市级机关政府采购中心"),
    ("ccgp-dongying", CCGP_DONGYING, "project_code", "DYZCZ2016-269#"),
    ("ccgp-dongying", CCGP_DONGYING, "published_date", "2016-11-03"),
    ("ccgp-dongying", CCGP_DONGYING, "notice_type", "中标/成交公告"),
    ("ccgp-henan", CCGP_HENAN, "project_code", "G2016-056ZF"),
    ("ccgp-henan", CCGP_HENAN, "buyer", "嵩县九店乡人民政府"),
    ("ccgp-henan", CCGP_HENAN, "method", "公开招标"),
    ("ccgp-henan", CCGP_HENAN, "published_date", "2016-11-16"),
    ("ccgp-henan", CCGP_HENAN, "notice_type", "中标/成交公告"),
    ("ccgp-2009", CCGP_2009, "suppliers", [("常德华网电力建设有限公司潮州分公司", None)]),
    ("ccgp-2009", CCGP_2009, "method", "邀请招标"),
    ("ccgp-2009", CCGP_2009, "published_date", "2009-07-15"),
    ("anhui", ANHUI, "buyer", "安徽省体育局训练基地管理中心"),
    ("anhui", ANHUI, "agency", "安徽省政府采购中心"),
    ("anhui", ANHUI, "method", "公开招标"),
    ("anhui", ANHUI, "published_date", "2016-11-16"),
    ("anhui", ANHUI, "notice_type", "中标/成交公告"),
    ("cqgp-th", CQGP_TH, "suppliers", [("赛尔网络有限公司", M("1339000")), ("重庆启邦科技有限公司", M("539800"))]),
    ("cqgp-th", CQGP_TH, "award_cny", M("1878800")),
    ("cqgp-th", CQGP_TH, "project_code", "16A5421,16A5420,16A5622"),
    ("cqgp-nested", CQGP_NESTED, "suppliers", [("重庆迅邦科技有限公司", M("748000")),
                                               ("重庆市万州区万众电脑有限公司", M("234800"))]),
    ("cqgp-nested", CQGP_NESTED, "award_cny", M("982800")),
    ("cqgp-nested", CQGP_NESTED, "published_date", "2015-09-28"),
    ("cq-mall", CQ_MALL, "suppliers", None),
    ("cq-mall", CQ_MALL, "buyer", "四川外国语大学"),
    ("cq-mall", CQ_MALL, "method", "电子卖场/其他"),
    ("tianjin", TIANJIN, "suppliers", [("天津市联合环保工程设计有限公司", M("370000"))]),
    ("tianjin", TIANJIN, "award_cny", M("370000")),
    ("tianjin", TIANJIN, "published_date", "2016-10-21"),
    ("jining", JINING, "suppliers", [("济宁市金宝利物业服务有限公司", M("118297"))]),
    ("jining", JINING, "method", "竞争性磋商"),
    ("cqzb", CQZB, "published_date", "2016-10-31"),
    ("cqggzy", CQGGZY, "notice_type", "中标候选人公示"),
    ("urumqi", URUMQI, "published_date", "2016-11-14"),
    ("urumqi", URUMQI, "method", "公开招标"),
    ("shanxi", SHANXI, "published_date", "2015-04-29"),
    ("shanxi", SHANXI, "agency", "山西省省级政府采购中心"),
    ("shanxi", SHANXI, "method", "公开招标"),
    ("ccgp-summary", CCGP_SUMMARY, "buyer", "济南大学"),
    ("ccgp-summary", CCGP_SUMMARY, "award_cny", M("6687920")),
]


def _value(out: dict, field: str):  # noqa: ANN202
    if field == "published_date":
        return out["published_at"].date().isoformat() if out.get("published_at") else None
    if field == "suppliers":
        got = [(s["name"], s.get("award_cny")) for s in out.get("suppliers") or []]
        return sorted(got, key=lambda s: s[0]) or None
    return out.get(field)


@pytest.mark.parametrize("case,page,field,want", CASES, ids=[f"{c}-{f}" for c, _, f, _ in CASES])
def test_result_notice(case, page, field, want):
    got = _value(parse_notice(None, page), field)
    if field == "suppliers" and want is not None:
        want = sorted(want, key=lambda s: s[0])
    assert got == want


@pytest.mark.parametrize("text,want", [
    ("河南省鑫诚工程管理有限公司受嵩县九店乡人民政府委托,就某新建工程进行公开招标,按规定程序进行了开标、评标、定标,现就本次招标的中标结果公布如下:",
     "公开招标"),
    ("某项目(采购编号:PZH009A071)邀请招标采购的评审工作已圆满结束,现将中标人名单公告如下:", "邀请招标"),
    ("我中心受采购人的委托对下述项目组织了国内公开招标,评标委员会依照招标文件确定的标准", "公开招标"),
    ("某项目,于2016年11月18日09:00在某中心采用竞争性磋商方式确定成交人。现将成交结果公示如下:", "竞争性磋商"),
    ("对某工程进行采购,采购方式为公开招标。现将中标结果公告如下:", "公开招标"),
    # the old ccgp template names no method; its list of 单一来源采购人员 is not one
    ("某公司受某局的委托,就某项目组织采购,评标工作已经结束,成交结果如下:\n四、成交信息\n谈判小组、询价小组、磋商小组成员名单及单一来源采购人员名单:",
     None),
    ("一、项目编号：X1\n三、中标（成交）信息\n五、评审专家（单一来源采购人员）名单： 韦孔明;秦芳;", None),
])
def test_method_in_sentence(text, want):
    assert method_in_sentence(text) == want


@pytest.mark.parametrize("text,want", [
    ("招标(采购)公告发布日期:\n2016年10月28日\n", None),
    ("四、招标公告发布时间:2015年3月27日\n", None),
    ("本项目招标公告日期：2016年11月21日\n", None),
    ("招标编号:晋政采[2015-0149]G88-C18   发布日期:2015年04月29日\n四、招标公告发布时间:2015年3月27日", "2015年04月29日"),
    ("发布人:国义招标股份有限公司\n发布时间:2016年11月15日\n", "2016年11月15日"),
    ("发布时间: 2016-11-21 08:46\n", "2016-11-21 08:46"),
])
def test_published_label(text, want):
    hit = published_label(text)
    assert (hit[1] if hit else None) == want


# (reader, text, want): the date of a notice text when no 发布时间 is printed, and dates in Chinese numerals
DATES = [
    ("publication", "公示日期:\t\n2015年09月28日\t\n", "2015年09月28日"),
    ("publication", "公示时间\t\n2016-10-21 ~ 2016-10-24\t\n", "2016-10-21"),
    ("publication", "六、公示期限:\n2025年9月5日至2025年9月12日\n七、发布公告的媒介:", None),  # a period, not the day
    ("signature", "广东平正招标采购服务有限公司 \n二00九年七月十五日\n", "二00九年七月十五日"),
    ("signature", "新疆智诚达项目管理咨询有限公司\n\t2016年\n\t11月\n\t14日\n\t\n", "2016年11月14日"),
    ("signature", "招标代理机构:重庆国际投资咨询集团有限公司\n   2016 年10月31日(单位公章) \n", "2016 年10月31日"),
    ("day", "二00九年七月十五日", "2009-07-15"),
    ("day", "二○一六年11月 14 日", "2016-11-14"),
    ("day", "二O二二年七月二十八日", "2022-07-28"),
]
READERS = {"publication": publication, "signature": signature_date,
           "day": lambda t: parse_datetime(t).date().isoformat()}


@pytest.mark.parametrize("reader,text,want", DATES)
def test_dates_of_a_notice_text(reader, text, want):
    assert READERS[reader](text) == want
