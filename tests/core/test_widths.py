"""Word table columns sized from their text: no word broken in the middle, prose gets the rest."""

from xlperf.core.document.widths import CELL_PADDING, fit, text_width, words


def test_text_width_counts_cjk_as_one_em_and_latin_as_about_half():
    assert text_width("满意度指标") == 5
    assert text_width("2023") == 4 * 0.55
    assert text_width("≥95%") == 1 + 2 * 0.55 + 0.55  # ≥ comes from the CJK font


def test_vocabulary_is_cut_into_words():
    assert words("服务对象满意度指标") == ["服务对象", "满意度", "指标"]
    assert words("资金支出计划（%）") == ["资金", "支出", "计划", "（%）"]
    assert words("其中：财政资金") == ["其中：", "财政", "资金"]


def test_a_roomy_table_keeps_every_label_on_one_line():
    texts = [["一级指标", "三级指标"], ["满意度指标", "受助群众对救助工作的满意程度"]]
    styles = [["header", "header"], ["input_level", "input"]]
    fitted = fit(texts, styles, [], total=40)
    # Column 1 needs "满意度指标" (5 em) plus padding; column 2, all prose, gets the rest.
    assert fitted.widths[0] == 5 + CELL_PADDING
    assert round(sum(fitted.widths), 6) == 40
    assert fitted.texts == tuple(tuple(row) for row in texts)


def test_a_tight_table_breaks_labels_between_words_never_inside_one():
    texts = [["二级指标", "三级指标", "指标值"],
             ["服务对象满意度指标", "受助群众满意度", "≥200元/人"]]
    styles = [["header", "header", "header"], ["input_level", "input", "input_center"]]
    fitted = fit(texts, styles, [], total=20)
    level2 = fitted.texts[1][0].split("\n")
    assert level2 == ["服务对象", "满意度指标"]  # two lines, split where the words meet
    assert fitted.texts[1][2] == "≥200元/人"  # a value is never broken
    assert fitted.widths[2] >= text_width("≥200元/人") + CELL_PADDING


def test_a_code_spanning_two_columns_fits_in_them_together():
    code = "13063723P004287100744"
    texts = [["项目编码", code, ""], ["一级指标", "二级指标", "三级指标"]]
    styles = [["label", "input", "input"], ["header", "header", "header"]]
    fitted = fit(texts, styles, [(0, 1, 0, 2)], total=30)
    assert fitted.widths[1] + fitted.widths[2] >= text_width(code) + CELL_PADDING
