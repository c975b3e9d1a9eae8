"""The label values (DESIGN.md and issue 5): Chinese, as analysts read them."""

LEVELS = ("中央", "省级", "地市级", "区县级", "新区或开发区")
CATEGORIES = ("系统/场景", "数据", "基础设施", "安全", "综合")
DELIVERY_MODELS = ("EPC", "PPP", "政府购买服务", "其他")
