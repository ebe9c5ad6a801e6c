"""P-codes: proofreading — cases that fire (with every cell) and look-alikes that must not."""

from rulecases import fires, indicator, part1, project, quiet, unit

from xlperf.core.model.unit_workbook import UnitWorkbook

DEPT = "部门整体绩效目标"


def pdf_like(book: UnitWorkbook) -> UnitWorkbook:
    """Every ，；： of the book half-width, as text pasted from a PDF or NFKC-normalised."""
    text = book.model_dump_json().replace("，", ",").replace("；", ";").replace("：", ":")
    return UnitWorkbook.model_validate_json(text)


PDF_LIKE = pdf_like


def measure(text: str):
    """The first 工作保障措施 (B20) written as ``text``."""
    return part1("measures", 0, text=text)


CASES = {
    "P001": [
        fires("half-width comma and semicolon in a measure",
              unit(measure("加强领导,明确责任;按季度监控。")), (DEPT, "B20")),
        fires("half-width brackets around Chinese and a colon in a purpose",
              unit(project(0, purpose="用于两癌筛查(含阅片):支付检查费用。")), ("项目1", "B5")),
        quiet("a number with a thousands comma and a time", unit(
            measure("全年服务1,200人次，每日8:30开诊。"))),
        quiet("half-width marks in English and a formula", unit(
            indicator(0, 2, description="ratio (a/b), see: https://example.org"))),
        quiet("the whole document half-width (that is P002)", unit(PDF_LIKE)),
    ],
    "P002": [
        fires("the whole text half-width", unit(PDF_LIKE), (DEPT, "B5")),
        quiet("a few half-width marks among full-width ones",
              unit(measure("加强领导,明确责任；按季度监控。"))),
    ],
    "P003": [
        fires("，， and 。。", unit(measure("加强领导，，明确责任。。"),
                                 project(1, purpose="支付检查费用，。")),
              (DEPT, "B20"), ("项目2", "B5")),
        quiet("an ellipsis, a dash and a quote after a full stop",
              unit(measure("加强领导……明确责任——按季度监控。“三单”制度。”"))),
    ],
    "P004": [
        fires("two titles joined by a comma",
              unit(measure("贯彻执行《中华人民共和国预算法》，《预算法实施条例》。")),
              (DEPT, "B20")),
        quiet("titles joined by nothing or by 和", unit(
            measure("贯彻执行《预算法》《预算法实施条例》和《会计法》。"))),
        quiet("a comma after a title, then text", unit(
            measure("贯彻执行《预算法》，严格预算管理。《会计法》也要学习。"))),
    ],
    "P005": [
        fires("a quotation mark left open and a bracket never closed",
              unit(measure("实施“送温暖工程、“金秋助学”等活动。"),
                   project(2, purpose="购置全自动生化分析仪（含安装调试。")),
              (DEPT, "B20"), ("项目3", "B5")),
        fires("a title closed before it opens", unit(measure("学习预算法》和《会计法》。")),
              (DEPT, "B20")),
        quiet("nested and balanced marks", unit(
            measure("落实《关于“三公”经费（含公务接待）管理的通知》要求。"))),
    ],
    "P006": [
        fires("拔付 and 跟据 in one measure, 积效 in a target",
              unit(measure("跟据考核结果拔付补助资金。"),
                   project(0, targets=["完成年度积效目标。"])),
              (DEPT, "B20"), ("项目1", "B8")),
        fires("a rate written with 律 in a name and a description",
              unit(indicator(1, 1, name="异常病例随访管理合格律",
                             description="随访合格律按季度统计")),
              ("项目2", "C11"), ("项目2", "D11")),
        quiet("持续效果, 累积效应 and 规律: the candidate is inside real words",
              unit(measure("巩固持续效果，发挥累积效应，遵循卫生工作规律和纪律。"))),
    ],
    "P007": [
        fires("明确指出分类 and 财政指出进度",
              unit(measure("按月制定支出计划，明确指出分类，加快财政指出进度。"),
                   project(0, purpose="截止2023年底完成全部服务。")),
              (DEPT, "B20"), ("项目1", "B5")),
        quiet("a bare 指出 (to point out) and 截止 as a deadline", unit(
            measure("及时指出预算绩效目标编制中存在的问题，报名截止日期为10月31日。"),
            project(0, purpose="专家指出标准化建设仍有不足，申报于月底截止。"))),
    ],
    "P008": [
        fires("其它 and 帐户", unit(measure("其它资金按规定存入专用帐户。")), (DEPT, "B20")),
        quiet("其他 and 账户, and 恢复盖章", unit(measure("其他资金存入专用账户，恢复盖章流程。"))),
    ],
    "P009": [
        fires("a measure and a project target in the past tense",
              unit(measure("加强政策宣传，有效提高了群众知晓率。"),
                   project(1, targets=["已经完成4000名农村妇女筛查。", "早诊率达到70%以上。"])),
              (DEPT, "B20"), ("项目2", "B8")),
        quiet("了解 and a result looked back on", unit(
            measure("深入了解群众需求；2022年以来完成了筛查1.2万人，今年继续开展。"))),
        quiet("the past tense in a purpose (not a plan field)",
              unit(project(0, purpose="上年度完成了基本公共卫生服务，本年度继续安排补助。"))),
    ],
    "P010": [
        fires("a 分项 indicator cut off mid-word",
              unit(part1("sub_targets", 0, indicators="创新人才培养模式，为社会培养急需人")),
              (DEPT, "D14")),
        quiet("only the full stop missing (S008)",
              unit(measure("严格执行预算绩效管理制度和各项规定"),
                   project(0, purpose="发放春节慰问金"))),
        quiet("a project name is a phrase",
              unit(project(2, name="劳模体检、劳模慰问、劳模慰问金"))),
    ],
}
