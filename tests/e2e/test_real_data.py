"""Real data in the page: iris from the picker with its projection, precision/recall and the
ask form; a spreadsheet with text columns uploaded with column roles, trained and asked."""

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.page_tools import CHART_DATA, by_testid, open_page, wait_for_epoch

SHOTS = Path("/work/shots/realdata")
PROJECTION = CHART_DATA.format("projection-chart")


def shot(page, name: str) -> None:
    if SHOTS.parent.is_dir():  # the screenshots asked for; test-artifacts/ has the rest
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def fruit_csv() -> str:
    fruit = {"red": "apple", "green": "pear", "blue": "plum"}
    rows = ["id,weight,colour,fruit"]
    for i in range(60):
        colour = ["red", "green", "blue"][i % 3]
        weight = "" if i == 7 else str(100 + (i * 7) % 50)
        rows.append(f"{1000 + i},{weight},{colour},{fruit[colour]}")
    return "\n".join(rows) + "\n"


def test_iris_shows_its_projection_class_report_and_answers_by_name(page, watch, server):
    open_page(page, server.url)
    iris = by_testid(page, "dataset-iris")
    assert "3 classes · 150×4" in iris.inner_text()
    iris.click()
    by_testid(page, "projection-chart").wait_for(state="visible")
    page.wait_for_function(f"() => {PROJECTION}.length === 3")  # one trace per class
    names = page.evaluate(f"() => {PROJECTION}.map(t => t.name)")
    assert names == ["setosa", "versicolor", "virginica"]
    page.select_option("#optimizer", "adam")
    page.select_option("#speed", "max")
    by_testid(page, "play").click()
    wait_for_epoch(page, lambda e: e >= 30, timeout=60)
    by_testid(page, "play").click()
    # No pictures over the plane for 4 features: the neurons are plain, not "no picture yet".
    neurons = page.locator("#network .node.neuron")
    assert neurons.count() > 0
    expect(page.locator("#network .node.blank")).to_have_count(0)
    outputs = page.locator("#network .node.output-node").count()  # 3 classes: no pictures either
    plain = page.locator("#network .node.plain:not(.feature)")
    expect(plain).to_have_count(neurons.count() + outputs)
    assert all(n.get_attribute("data-tile") == "plain" for n in neurons.all())
    expect(page.locator("#legend-wide")).to_be_visible()
    expect(page.locator("#legend-plane")).to_be_hidden()
    # Wrong predictions are marked by a fourth trace once the network predicts.
    page.wait_for_function(f"() => {PROJECTION}.some(t => /^wrong/.test(t.name))")
    report = by_testid(page, "class-report")
    report.wait_for(state="visible")
    assert "virginica" in report.inner_text() and "Precision" in report.inner_text()
    ask = by_testid(page, "ask-model")
    ask.wait_for(state="visible")
    for name, value in (("sepal_length_cm_", "5.1"), ("sepal_width_cm_", "3.5"),
                        ("petal_length_cm_", "1.4"), ("petal_width_cm_", "0.2")):
        by_testid(page, f"ask-{name}").fill(value)
    by_testid(page, "ask-submit").click()
    by_testid(page, "answer-setosa").wait_for()
    answer = by_testid(page, "ask-answer").inner_text()
    assert re.search(r"setosa\s+\d+\.\d%", answer), answer
    assert "best" in by_testid(page, "answer-setosa").get_attribute("class")
    shot(page, "iris-projection")
    watch.assert_clean()


def test_a_spreadsheet_with_text_columns_is_uploaded_with_roles_and_asked(page, watch, server,
                                                                          tmp_path):
    open_page(page, server.url)
    path = tmp_path / "fruit.csv"
    path.write_text(fruit_csv())
    page.locator("#upload-box summary").click()
    page.locator("#upload-file").set_input_files(str(path))
    roles = by_testid(page, "column-roles")
    roles.wait_for(state="visible")
    assert "text, 3 values" in roles.inner_text() and "1 missing" in roles.inner_text()
    assert by_testid(page, "role-fruit").input_value() == "label"
    by_testid(page, "role-id").select_option("ignore")
    page.locator("#upload-submit").click()
    page.wait_for_function("() => /upload=[A-Za-z0-9_-]+/.test(location.hash)")
    assert "1 row of fruit.csv with missing cells dropped" in page.locator("#notice").inner_text()
    page.locator("#standardize").check()  # weights in grams next to 0/1 colours
    page.select_option("#optimizer", "adam")
    page.select_option("#speed", "max")
    by_testid(page, "play").click()
    wait_for_epoch(page, lambda e: e >= 40, timeout=60)
    by_testid(page, "play").click()
    ask = by_testid(page, "ask-model")
    ask.wait_for(state="visible")
    colour = by_testid(page, "ask-colour")
    assert colour.evaluate("el => [...el.options].map(o => o.value)") == ["blue", "green", "red"]
    colour.select_option("green")
    by_testid(page, "ask-submit").click()
    by_testid(page, "answer-pear").wait_for()
    assert "best" in by_testid(page, "answer-pear").get_attribute("class")
    share = float(by_testid(page, "answer-pear").inner_text().split()[-1].rstrip("%"))
    assert share > 90, by_testid(page, "ask-answer").inner_text()
    page.locator("#upload-box summary").scroll_into_view_if_needed()
    shot(page, "spreadsheet-roles-and-ask")
    watch.assert_clean()


def test_diabetes_shows_predicted_against_true_values_and_answers_a_value(page, watch,
                                                                          server):
    open_page(page, server.url)
    by_testid(page, "dataset-diabetes").click()
    by_testid(page, "projection-chart").wait_for(state="visible")
    assert not page.locator("#samples").is_visible()  # real data has no sample count
    assert not page.locator("#data-source").is_visible()  # nor is it an upload
    by_testid(page, "step").click()
    wait_for_epoch(page, lambda e: e >= 1)
    page.wait_for_function(f"() => {PROJECTION}.map(t => t.name).join() === 'perfect,rows'")
    rows = page.evaluate(f"() => {PROJECTION}[1].x.length")
    assert rows == 442
    by_testid(page, "ask-model").wait_for(state="visible")
    by_testid(page, "ask-submit").click()
    answer = by_testid(page, "ask-answer")
    answer.get_by_text("Predicted value").wait_for()
    shot(page, "diabetes-predicted-vs-true")
    watch.assert_clean()
