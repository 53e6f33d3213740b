"""Every delivery format, end to end: a project per template is created and answered through
the API, a snapshot is taken in each format its template allows, and each downloaded file is
loaded with `datasets.load_dataset("json", …)`, its columns and Arrow types checked against
TRL's dataset formats (preference, unpaired preference, step-wise supervision,
conversational language modelling) and Cadre's own (reward, labels, listwise)."""

import hashlib
import json
import os
import subprocess
import time
import uuid
import urllib.error
import urllib.request

import pyarrow as pa
import pytest
from datasets import load_dataset

import cadre_api as api
from cadre_server import binary as cadre_binary

PASSWORD = "dataset-tests-password-1"
DOMAIN = f"datasets-{uuid.uuid4().hex[:8]}"
MESSAGES = pa.list_(pa.struct([("content", pa.string()), ("role", pa.string())]))

# Per template: configuration, task inputs, and each of two experts' answer to task i.
PROJECTS = {
    "pairwise": ({}, [{"prompt": f"Question {i}?", "responses": [f"Right answer {i}", f"Wrong answer {i}"]} for i in range(4)],
                 lambda expert, i: {"choice": ["A", "B", "tie", "both_bad"][i], "rationale": "Checked each answer against the question.",
                                    **({"strength": 2} if i < 2 else {})}),
    "ranking": ({"allow_ties": True},
                [{"messages": [{"role": "system", "content": "Be exact."}, {"role": "user", "content": f"Rank answers to {i}"}],
                  "responses": [f"best {i}", f"middle {i}", f"worst {i}"]} for i in range(3)],
                lambda expert, i: {"ranking": [[0], [1], [2]] if expert == 0 else [[0, 1], [2]]}),
    "correction": ({"error_categories": ["arithmetic", "style"]},
                   [{"prompt": f"What is {i} + {i}?", "response": f"{i} + {i} = {2 * i + 1}."} for i in range(3)],
                   lambda expert, i: {"corrected": f"{i} + {i} = {2 * i}.", "error_categories": ["arithmetic"],
                                      "rationale": "Fixed the arithmetic."}),
    "demonstration": ({}, [{"messages": [{"role": "user", "content": f"Explain topic {i}."}]} for i in range(3)],
                      lambda expert, i: {"response": f"Topic {i}, explained by expert {expert}."}),
    "rating": ({"criteria": [{"name": "correctness", "min": 1, "max": 5}, {"name": "safety", "min": 1, "max": 3},
                             {"name": "tone", "min": 1, "max": 5, "required": False}]},
               [{"prompt": f"Advice {i}?", "response": f"Advice given {i}."} for i in range(4)],
               # Only the first expert scores the optional criterion: its column then holds nulls too.
               lambda expert, i: {"scores": {"correctness": 5 - i, "safety": 3 - (i % 3), **({"tone": 4} if expert == 0 else {})}}),
    "trajectory_review": ({}, [{"prompt": f"Add {i} and 2.", "steps": [
                              {"kind": "thought", "content": "Use the calculator."},
                              {"kind": "tool_call", "name": "add", "content": {"a": i, "b": 2}},
                              {"kind": "observation", "name": "add", "content": {"sum": i + 2}},
                              {"kind": "answer", "content": f"{i + 3}"}]} for i in range(3)],
                          lambda expert, i: {"steps": ["correct", "correct", "neutral", "incorrect"], "success": False}),
    "classification": ({"labels": ["safe", "unsafe", "spam"], "multiple": False},
                       [{"text": f"Message number {i}", "source": "forum"} for i in range(4)],
                       lambda expert, i: {"label": ["safe", "unsafe", "spam", "safe"][i]}),
}

STRING = pa.string()
# Column → Arrow type, per (template, format). Prompts are strings in the standard format and
# message lists in the conversational one, which ranking's chat tasks make its files use.
SCHEMAS = {
    ("pairwise", "dpo"): {"prompt": STRING, "chosen": STRING, "rejected": STRING, "margin": pa.float64(),
                          "agreement": pa.float64(), "num_annotators": pa.int64(), "external_id": STRING},
    ("ranking", "dpo"): {"prompt": MESSAGES, "chosen": MESSAGES, "rejected": MESSAGES, "margin": pa.float64(),
                         "agreement": pa.float64(), "num_annotators": pa.int64(), "external_id": STRING},
    ("ranking", "listwise"): {"prompt": MESSAGES, "responses": pa.list_(MESSAGES), "ranking": pa.list_(pa.list_(pa.int64())),
                              "agreement": pa.float64(), "num_annotators": pa.int64(), "external_id": STRING},
    ("correction", "sft"): {"messages": MESSAGES, "external_id": STRING},
    ("correction", "dpo"): {"prompt": STRING, "chosen": STRING, "rejected": STRING, "edit_distance": pa.int64(),
                            "error_categories": pa.list_(STRING), "external_id": STRING},
    ("demonstration", "sft"): {"messages": MESSAGES, "external_id": STRING},
    ("rating", "reward"): {"prompt": STRING, "completion": STRING,
                           "scores": pa.struct([("correctness", pa.float64()), ("safety", pa.float64()), ("tone", pa.float64())]),
                           "overall": pa.float64(), "num_annotators": pa.int64(), "external_id": STRING},
    ("rating", "kto"): {"prompt": STRING, "completion": STRING, "label": pa.bool_(), "overall": pa.float64(), "external_id": STRING},
    ("trajectory_review", "stepwise"): {"prompt": STRING, "completions": pa.list_(STRING), "labels": pa.list_(pa.bool_()),
                                        "step_labels": pa.list_(STRING), "success": pa.bool_(), "external_id": STRING},
    ("classification", "labels"): {"source": STRING, "text": STRING, "label": STRING, "confidence": pa.float64(),
                                   "num_annotators": pa.int64(), "external_id": STRING},
}
FORMATS = {kind: [fmt for (k, fmt) in SCHEMAS if k == kind] for kind in PROJECTS}


def download(server, token: str, snapshot: dict, name: str) -> bytes:
    request = urllib.request.Request(f"{server.url}/api/v1/snapshots/{snapshot['id']}/files/{name}",
                                     headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


def answer_everything(server, token: str, project: str, expert: int, answer) -> int:
    answered = 0
    while True:
        request = urllib.request.Request(f"{server.url}/api/v1/projects/{project}/assignments/next", method="POST",
                                         headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            if response.status == 204:
                return answered
            lease = json.loads(response.read())
        # seed_project numbers external ids from 1.
        index = int(lease["task"]["external_id"].rsplit("-", 1)[1]) - 1
        submit = urllib.request.Request(
            f"{server.url}/api/v1/assignments/{lease['id']}/submit", method="POST",
            data=json.dumps({"answer": answer(expert, index)}).encode(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json", "Idempotency-Key": lease["id"]})
        urllib.request.urlopen(submit, timeout=30).close()
        answered += 1


def wait_for_quality(server, token: str, project: str, tasks: int):
    """Polls the quality report until the background aggregation has seen every task."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        aggregation = api.call(server, "GET", f"/projects/{project}/quality", token).get("aggregation") or {}
        if aggregation.get("method") == "none" or aggregation.get("tasks_with_consensus") == tasks:
            return
        time.sleep(0.5)
    raise AssertionError(f"no aggregation of project {project} within 60 s")


@pytest.fixture(scope="module")
def projects(server):
    admin = api.admin_token(server)
    organization = api.call(server, "POST", "/organizations", admin, {"name": f"Datasets {DOMAIN}"})["id"]
    client_email = f"client-{DOMAIN}@datasets.test"
    api.call(server, "POST", f"/organizations/{organization}/members", admin,
             {"email": client_email, "password": PASSWORD, "name": "Dataset client", "role": "client"})
    client = api.token(server, client_email, PASSWORD)
    experts = []
    for n in range(2):
        email = f"expert{n}-{DOMAIN}@datasets.test"
        api.call(server, "POST", "/users", admin, {"email": email, "password": PASSWORD, "name": f"Expert {n}", "role": "expert"})
        api.grant(server, admin, email, "domain", DOMAIN, 0.0)
        experts.append(api.token(server, email, PASSWORD))
    ids = {}
    for kind, (configuration, inputs, answer) in PROJECTS.items():
        ids[kind] = api.seed_project(server, client, f"Datasets {kind}", kind, configuration, inputs, answers_per_task=2,
                                     required_qualifications={"domains": [{"domain": DOMAIN}]})
        for n, expert in enumerate(experts):
            assert answer_everything(server, expert, ids[kind], n, answer) == len(inputs)
        wait_for_quality(server, client, ids[kind], len(inputs))
    return client, ids


@pytest.mark.parametrize("kind,fmt", sorted(SCHEMAS))
def test_every_format_loads_with_trl_columns(server, projects, tmp_path, kind, fmt):
    client, ids = projects
    body = {"format": fmt, "test_ratio": 0.5} if fmt == "dpo" and kind == "pairwise" else {"format": fmt}
    snapshot = api.call(server, "POST", f"/projects/{ids[kind]}/snapshots", client, body)
    assert snapshot["status"] == "ready"
    assert snapshot["counts"]["records"] > 0, snapshot
    data_files = []
    for file in snapshot["files"]:
        data = download(server, client, snapshot, file["name"])
        assert hashlib.sha256(data).hexdigest() == file["sha256"]
        assert len(data.splitlines()) == file["records"]
        if file["records"]:
            (tmp_path / file["name"]).write_bytes(data)
            data_files.append(str(tmp_path / file["name"]))
    dataset = load_dataset("json", data_files=data_files, split="train", cache_dir=str(tmp_path / "cache"))
    assert len(dataset) == snapshot["counts"]["records"]
    schema = dataset.data.schema
    found = {name: schema.field(name).type for name in schema.names}
    expected = SCHEMAS[(kind, fmt)]
    assert found == expected, f"{kind} {fmt}: {found}"


def test_pairwise_dpo_reports_ties_and_both_bad(server, projects):
    client, ids = projects
    snapshot = api.call(server, "POST", f"/projects/{ids['pairwise']}/snapshots", client, {"format": "dpo"})
    assert snapshot["counts"]["excluded"] == {"tie": 1, "both_bad": 1}
    assert snapshot["quality"]["tasks_with_consensus"] == 4


def test_kto_labels_split_by_threshold(server, projects, tmp_path):
    client, ids = projects
    snapshot = api.call(server, "POST", f"/projects/{ids['rating']}/snapshots", client,
                        {"format": "kto", "answers": "all", "kto_threshold": 0.5})
    path = tmp_path / "kto.jsonl"
    path.write_bytes(download(server, client, snapshot, "kto.jsonl"))
    labels = load_dataset("json", data_files=str(path), split="train", cache_dir=str(tmp_path / "cache"))["label"]
    assert True in labels and False in labels


def test_a_format_the_template_lacks_is_refused_by_name(server, projects):
    client, ids = projects
    try:
        api.call(server, "POST", f"/projects/{ids['classification']}/snapshots", client, {"format": "dpo"})
    except urllib.error.HTTPError as error:
        problem = json.loads(error.read())
        assert error.code == 422
        assert [e["field"] for e in problem["errors"]] == ["format"]
    else:
        raise AssertionError("a dpo snapshot of a classification project was accepted")


def test_cadre_export_writes_the_bytes_a_snapshot_holds(server, projects, tmp_path):
    client, ids = projects
    snapshot = api.call(server, "POST", f"/projects/{ids['ranking']}/snapshots", client,
                        {"format": "dpo", "adjacent_pairs_only": True})
    binary = cadre_binary()
    env = dict(os.environ, CADRE_DATA_DIR=str(server.log_path.parent))
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [binary, "export", "--project", ids["ranking"], "--format", "dpo", "--adjacent-pairs-only", "--output", str(tmp_path / "out")],
        env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    written = (tmp_path / "out" / "dpo.jsonl").read_bytes()
    assert hashlib.sha256(written).hexdigest() == snapshot["files"][0]["sha256"]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["files"] == snapshot["files"] and manifest["filters"]["adjacent_pairs_only"] is True

    refused = subprocess.run([binary, "export", "--project", ids["ranking"], "--format", "kto", "--output", str(tmp_path / "no")],
                             env=env, capture_output=True, text=True, timeout=120)
    assert refused.returncode == 2 and "format" in refused.stderr, refused.stderr


def test_a_label_studio_export_imports_into_a_new_project_with_cadre_import(server, projects, tmp_path):
    """Both directions of Label Studio interop through the command line: a rating project's
    label-studio snapshot goes into a fresh project, every annotation kept as an answer."""
    client, ids = projects
    snapshot = api.call(server, "POST", f"/projects/{ids['rating']}/snapshots", client, {"format": "label-studio", "answers": "all"})
    export = tmp_path / "label-studio.json"
    export.write_bytes(download(server, client, snapshot, "label-studio.json"))
    configuration, inputs, _ = PROJECTS["rating"]
    target = api.call(server, "POST", "/projects", client, {
        "name": "From Label Studio", "template": "rating", "configuration": configuration,
        "pay": {"model": "per_task", "amount_minor": 250, "currency": "USD"}})["id"]
    binary = cadre_binary()
    done = subprocess.run([binary, "import", "--project", target, "--label-studio", "--server", server.url, "--token", client, str(export)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"Imported {len(inputs)} new tasks" in done.stdout, done.stdout
    assert f"Annotations: {2 * len(inputs)} kept as answers, 0 not." in done.stdout, done.stdout
    tasks = api.call(server, "GET", f"/projects/{target}/tasks", client)["items"]
    kept = [a["answer"]["scores"]["correctness"] for t in tasks for a in t["metadata"]["label_studio"]["annotations"]]
    assert sorted(kept) == sorted(5 - i for i in range(len(inputs)) for _ in range(2))
