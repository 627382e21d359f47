"""report.html and `tamis inspect`: generated from a real run, opened in real headless Chromium."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from tamis.cli import main
from tamis.report.view import page_lines
from tamis.write.shards import iter_records

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory, sample_dir=None):
    from conftest import SAMPLE

    out = tmp_path_factory.mktemp("report") / "out"
    assert main(["run", "--preset", "web", "--input", str(SAMPLE / "sample.wet.gz"), "--output", str(out),
                 "--workers", "2", "--no-progress"]) == 0
    return out


def seed_record(out: Path) -> dict:
    return next(r for p in sorted(out.rglob("part-*")) if "_tamis" not in p.parts for r in iter_records(p)
                if (r.get("url") or "").endswith("seed-page.shtml"))


def test_page_view_puts_removed_lines_back_in_order(seed_text, run_dir):
    rec = seed_record(run_dir)
    lines = page_lines(rec)
    original = [x.strip() for x in seed_text.split("\n") if x.strip()]
    assert [t.strip() for t, _ in lines] == original  # every line of the page, in the page's order
    spam = [why for t, why in lines if "蜘蛛池" in t]
    assert spam == ["clean.spam"]
    assert any(why is None for _, why in lines)


def test_report_is_self_contained(run_dir):
    html = (run_dir / "report.html").read_text(encoding="utf-8")
    for needle in ('id="funnel"', 'id="rejections"', 'id="inspector"', 'id="languages"', 'id="lengths"'):
        assert needle in html
    markup = html.split('<script type="application/json"')[0]  # what follows is the sampled pages, as data
    assert "http://" not in markup and "https://" not in markup.replace("https://www.ecns.cn", "")
    assert "<link" not in markup and "src=" not in markup and "@import" not in markup


def test_inspect_prints_one_document(run_dir, capsys):
    rec = seed_record(run_dir)
    assert main(["inspect", str(run_dir), rec["id"]]) == 0
    out = capsys.readouterr().out
    assert "clean.spam" in out and "Xinhua" in out
    assert main(["inspect", str(run_dir), "no-such-id"]) == 2


def test_report_command_rewrites_with_sample_size(run_dir):
    (run_dir / "report.html").unlink()
    assert main(["report", str(run_dir), "--sample", "20"]) == 0
    html = (run_dir / "report.html").read_text(encoding="utf-8")
    data = json.loads(html.split('id="docs-data">')[1].split("</script>")[0])
    assert 0 < len(data) <= 20 + 3 * 30  # per rule: max(3, sample // 8); kept: max(10, sample // 4)


def _driver():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    chromedriver = shutil.which("chromedriver")
    if not chromium or not chromedriver:
        pytest.skip("Chromium is not installed: run `make browser` (apt-get install chromium chromium-driver)")
    selenium = pytest.importorskip("selenium", reason="selenium is not installed: pip install -e '.[dev]'")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    del selenium
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-default-apps", "--disable-extensions", "--host-resolver-rules=MAP * ~NOTFOUND"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(options=opts, service=Service(chromedriver))


def shot(driver, name: str) -> None:
    """Screenshots are artefacts for people; on a loaded machine the first try can time out."""
    from selenium.common.exceptions import TimeoutException

    for _ in range(3):
        try:
            driver.save_screenshot(str(ARTIFACTS / name))
            return
        except TimeoutException:
            time.sleep(1)
    raise AssertionError(f"could not take screenshot {name}")


def test_report_in_headless_chromium(run_dir):
    from selenium.webdriver.common.by import By

    ARTIFACTS.mkdir(exist_ok=True)
    from selenium.webdriver.support.ui import WebDriverWait

    driver = _driver()
    driver.set_page_load_timeout(120)
    try:
        driver.get((run_dir / "report.html").as_uri())
        WebDriverWait(driver, 60).until(
            lambda d: d.execute_script("return document.readyState") == "complete"
            and d.find_elements(By.CSS_SELECTOR, "#list li[data-id]"))
        shot(driver, "report-overview.png")
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert not errors, errors
        assert len(driver.find_elements(By.CSS_SELECTOR, "#funnel svg rect")) >= 5
        items = driver.find_elements(By.CSS_SELECTOR, "#list li[data-id]")
        assert len(items) > 10

        # clicking a rule keeps only its documents in the list
        chip = driver.find_element(By.CSS_SELECTOR, '#rules .rule[data-rule="language.unwanted"]')
        chip.click()
        rules = {e.text for e in driver.find_elements(By.CSS_SELECTOR, "#list li[data-id] .rule")}
        assert rules == {"language.unwanted"}
        chip.click()  # and clicking it again shows everything

        # the seed: its spider-pool line is struck through and labelled clean.spam
        box = driver.find_element(By.ID, "search")
        box.send_keys("seed-page")
        hits = driver.find_elements(By.CSS_SELECTOR, "#list li[data-id]")
        assert hits, "the seed is not in the inspector's sample"
        hits[0].click()
        removed = driver.find_elements(By.CSS_SELECTOR, "#doc .line.removed")
        spam = [r for r in removed if "蜘蛛池" in r.find_element(By.TAG_NAME, "del").text]
        assert spam and spam[0].find_element(By.CSS_SELECTOR, ".why").text == "clean.spam"
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", spam[0])
        shot(driver, "report-seed.png")
        assert not [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    finally:
        driver.quit()
