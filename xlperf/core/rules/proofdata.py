"""The hand-kept tables of the proofreading rules (P): typos, confusions, tense verbs (pure data).

``proof_words`` holds what is derived from jieba's dictionary for these entries; regenerate it
with ``bench/derive_proof_words.py`` after changing a candidate here.
"""

from __future__ import annotations

#: Non-words → what to write; wrong wherever they stand on word boundaries (P006).
TYPOS: dict[str, str] = {
    "拔付": "拨付", "拨复": "拨付", "跟据": "根据", "布署": "部署", "积效": "绩效", "续效": "绩效",
    "瞻养": "赡养", "扶恤": "抚恤", "报消": "报销", "竣功": "竣工", "补帖": "补贴", "津帖": "津贴",
}

#: An indicator's rate written with 律 (合格律 → 合格率): the words a rate is made of.
RATE_STEMS = (
    "合格", "完成", "覆盖", "满意", "达标", "及时", "准确", "执行", "知晓", "参与", "使用", "到位",
    "发放", "兑现", "入学", "巩固", "就业", "出勤", "收缴", "回收", "利用", "普及", "接种", "治愈",
    "成活", "通过", "正确", "办结", "受理", "结案", "按时", "保障", "支付", "拨付", "响应", "处置",
    "上报", "录入", "配置", "完好", "开工", "竣工", "验收", "转化", "增长", "下降", "占有", "检出",
)

#: Real-word confusion 指出 → 支出: the words that make the budget sense certain (P007).
EXPENSE_AFTER = ("结构", "分类", "标准", "进度", "科目", "明细", "总额", "规模", "比重", "占比",
                 "责任", "范围")
EXPENSE_BEFORE = ("财政", "预算", "基本", "公用", "经费", "资金")

#: Old-standard variants → the standard form (P008).
VARIANTS: dict[str, str] = {
    "其它": "其他", "帐户": "账户", "帐目": "账目", "帐务": "账务", "帐簿": "账簿", "帐号": "账号",
    "台帐": "台账", "记帐": "记账", "报帐": "报账", "对帐": "对账", "帐面": "账面", "复盖": "覆盖",
}

#: Result verbs that, followed by 了, report a past result instead of a plan (P010).
RESULT_VERBS = (
    "提高", "完成", "实现", "取得", "开展", "落实", "推进", "加强", "提升", "增强", "改善", "建立",
    "健全", "达到", "保障", "促进", "扩大", "降低", "减少", "解决", "完善", "发放", "举办",
    "组织", "缓解", "增加", "建成",
)

#: Words that follow 了 without making it the perfective particle (了解, 了结 …).
NOT_PERFECTIVE = "解结却如断"

#: Every string the boundary tables of ``proof_words`` are derived for.
CANDIDATES: tuple[str, ...] = (*TYPOS, *VARIANTS)
