"""D-codes: the defaults 填充默认值 fills — cases where a blank cell is filled, and where the
cell is not blank or the default does not apply."""



from rulecases import Where, fires, indicator, info, plan, project, quiet, reshaped, unit

#: The 一级/二级 skeleton's rows under a table's header (row 9): 产出 ×4, 效益 ×4, 满意度.
SKELETON_ROWS = range(10, 19)


def cleared_table(sheet: str) -> dict[Where, None]:
    """Every indicator row of a clean table typed over with blanks, as a user clears it."""
    return {(sheet, f"{col}{row}"): None for row in range(10, 17) for col in "ABCDEF"}


def skeleton(sheet: str) -> list[Where]:
    """The cells of the skeleton (一级 in A, 二级 in B) a default fills."""
    return [(sheet, f"{col}{row}") for row in SKELETON_ROWS for col in "AB"]


CASES = {
    "D001": [
        fires("其他资金 blank", unit(project(1, other_funds=None)), ("项目2", "G4")),
        fires("其他资金 blank in every table",
              unit(*(project(n, other_funds=None) for n in range(3))),
              ("项目1", "G4"), ("项目2", "G4"), ("项目3", "G4")),
        fires("only 财政资金 filled",
              unit(project(1, budget=None, other_funds=None)), ("项目2", "G4")),
        quiet("其他资金 holding text (that is R001)", unit(typed={("项目2", "G4"): "无"})),
        quiet("no amount at all",
              unit(project(1, budget=None, fiscal_funds=None, other_funds=None))),
    ],
    "D002": [
        fires("财政资金 blank", unit(project(1, fiscal_funds=None)), ("项目2", "E4")),
        fires("财政资金 and 其他资金 blank",
              unit(project(0, fiscal_funds=None, other_funds=None)), ("项目1", "E4")),
        quiet("财政资金 holding text (that is R001)", unit(typed={("项目2", "E4"): "五十四"})),
        quiet("预算数 blank too", unit(project(1, budget=None, fiscal_funds=None))),
    ],
    "D003": [
        fires("every percentage blank",
              unit(project(0, spending_plan=plan(None, None, None, None))),
              ("项目1", "B7"), ("项目1", "D7"), ("项目1", "E7"), ("项目1", "F7")),
        fires("a milestone with no standard percentage (11月底) stays blank",
              unit(project(2, spending_plan=plan(None, None, None, None, milestones=(
                  "3月底", "6月底", "11月底", "12月底")))),
              ("项目3", "B7"), ("项目3", "D7"), ("项目3", "F7")),
        quiet("one percentage filled", unit(project(0, spending_plan=plan(None, None, None, 100)))),
    ],
    "D004": [
        fires("描述 blank", unit(indicator(0, 1, description=None)), ("项目1", "D11")),
        fires("two in one table",
              unit(indicator(1, 0, description=None), indicator(1, 6, description=None)),
              ("项目2", "D10"), ("项目2", "D16")),
        quiet("三级指标 blank too", unit(indicator(0, 1, description=None, name=None))),
    ],
    "D005": [
        fires("the unit line blank", unit(project(0, unit_code=None, unit_name=None)),
              ("项目1", "A2")),
        fires("blank in two tables",
              unit(project(1, unit_code=None, unit_name=None),
                   project(2, unit_code=None, unit_name=None)),
              ("项目2", "A2"), ("项目3", "A2")),
        quiet("a unit line without a code is left alone", unit(project(0, unit_code=None))),
        quiet("the cover's 单位名称 blank",
              unit(info(name=None), project(0, unit_code=None, unit_name=None))),
    ],
    "D006": [
        fires("a table cleared by hand", unit(typed=cleared_table("项目2")), *skeleton("项目2")),
        quiet("one 一级 cell left",
              unit(typed={**cleared_table("项目2"), ("项目2", "A10"): "产出指标"})),
        quiet("a new table already has its skeleton", unit(project(1, indicators=[]))),
    ],
    "D007": [
        fires("目录 deleted", reshaped(unit(), drop=["目录"]), ("目录", "A1")),
        fires("a project renamed after the 目录 was made",
              unit(typed={("项目1", "E3"): "2023年基本公共卫生服务"}), ("目录", "A1")),
        fires("a project table deleted", reshaped(unit(), drop=["项目3"]), ("目录", "A1")),
        quiet("a change the 目录 does not show",
              unit(typed={("项目1", "B3"): "13063723P004382100099"})),
    ],
    "D008": [
        fires("编制单位 blank", unit(info(compiler=None)), ("封面", "B5")),
        fires("编制单位 spaces only", unit(typed={("封面", "B5"): "  "}), ("封面", "B5")),
        quiet("单位名称 without 本级", unit(info(compiler=None, name="博野县卫生健康局"))),
        quiet("编制单位 filled differently", unit(info(compiler="博野县卫生和健康局"))),
    ],
}


