"""Capture in a browser: a contributor uploads a real clip through the workspace's tus
client, and a reviewer marks an action segment with the keyboard and accepts it."""

import shutil
import subprocess

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

import cadre_api as api
from cadre_pages import USER_PASSWORD, by_testid, new_account, new_client, open_page, sign_in_ok, sign_out, unique, visible, wait

# Seeded projects ask for a qualification, so other tests' experts never see them.
QUALIFIED = {"domains": [{"domain": "medicine", "min_ability": 0.5}]}
CAMPAIGN = {"min_duration_seconds": 3, "max_duration_seconds": 60, "min_short_side": 240, "min_fps": 24}


def make_clip(path):
    """Four seconds of ffmpeg's test picture as WebM, which every Chromium build plays."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        pytest.skip("ffmpeg is not installed")
    subprocess.run([ffmpeg, "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=426x240:rate=25", "-t", "4",
                    "-c:v", "libvpx", "-b:v", "300k", str(path)], check=True)
    return path


def click(driver, element):
    """Clicks after scrolling the element to the middle, clear of the sticky action bar."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def test_contributor_uploads_and_reviewer_marks_a_segment(driver, server, tmp_path):
    clip = make_clip(tmp_path / "fridge.webm")
    _, _, client_email = new_client(driver, server)
    _, contributor_email = new_account(driver, server, "expert")
    _, reviewer_email = new_account(driver, server, "expert")
    client = api.token(server, client_email, USER_PASSWORD)
    project = api.seed_project(server, client, unique("Kitchen capture"), "video_demonstration", CAMPAIGN,
                               [{"activity": "Open the fridge", "instructions": "Open it and close it again.", "objects": ["fridge"]}],
                               review_policy="all", required_qualifications=QUALIFIED)
    admin = api.admin_token(server)
    api.grant(server, admin, reviewer_email, "reviewer", project)
    api.grant(server, admin, contributor_email, "domain", "medicine", 1.0)

    # The contributor picks the file; the page uploads it with tus and shows the checks' verdict.
    sign_in_ok(driver, server, contributor_email, USER_PASSWORD)
    open_page(driver, server, f"/work/projects/{project}")
    assert "frames per second" in visible(driver, by_testid("requirements")).text
    driver.find_element(*by_testid("clip-file")).send_keys(str(clip))
    wait(driver).until(lambda d: "Checked" in d.find_element(*by_testid("upload-status")).text
                       or "not accepted" in d.find_element(*by_testid("upload-status")).text)
    assert "Checked" in driver.find_element(*by_testid("upload-status")).text
    click(driver, driver.find_element(*by_testid("consent")))
    click(driver, driver.find_element(*by_testid("submit")))
    visible(driver, by_testid("no-tasks"))
    sign_out(driver)

    # The reviewer watches it, marks a start, moves on, marks the end, names the action.
    sign_in_ok(driver, server, reviewer_email, USER_PASSWORD)
    open_page(driver, server, f"/review/projects/{project}")
    video = visible(driver, by_testid("clip-video"))
    wait(driver).until(lambda d: d.execute_script("return arguments[0].readyState >= 1", video))
    body = driver.find_element(By.TAG_NAME, "body")
    driver.execute_script("arguments[0].currentTime = 0.5", video)
    body.send_keys("[")
    assert "Start marked" in visible(driver, by_testid("mark-status")).text
    driver.execute_script("arguments[0].currentTime = 2.5", video)
    body.send_keys("]")
    row = visible(driver, by_testid("segments")).find_element(By.CSS_SELECTOR, "tbody tr")
    row.find_element(By.NAME, "verb").send_keys("open")
    row.find_element(By.NAME, "object").send_keys("fridge door")
    click(driver, driver.find_element(*by_testid("save-segments")))
    wait(driver).until(lambda d: "1 segments saved" in d.find_element(*by_testid("mark-status")).text)
    start = float(row.find_element(By.NAME, "start_seconds").get_attribute("value"))
    end = float(row.find_element(By.NAME, "end_seconds").get_attribute("value"))
    assert 0.4 <= start <= 0.6 and 2.4 <= end <= 2.6, (start, end)
    body.send_keys(Keys.ESCAPE)
    click(driver, driver.find_element(*by_testid("accept")))
    visible(driver, by_testid("no-reviews"))
