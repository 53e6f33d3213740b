// Video demonstrations: a tus client for the contributor's clip (resumes after a dropped
// connection from the offset the server reports), and for reviewers a player with keyboard
// controls and action segments (start, end, verb, object).
"use strict";

(function (Cadre) {
  const CHUNK = 5 * 1024 * 1024;
  const csrf = () => document.querySelector('meta[name="csrf-token"]').content;
  const utf8Base64 = (text) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));

  async function tusRequest(method, url, headers, body) {
    return fetch(url, {
      method, body, credentials: "same-origin",
      headers: Object.assign({ "Tus-Resumable": "1.0.0", "X-CSRF-Token": csrf() }, headers),
    });
  }

  async function problemOf(response) {
    try { return (await response.json()).detail || "HTTP " + response.status; } catch (error) { return "HTTP " + response.status; }
  }

  /// Sends `file` for the lease `assignment`; resolves to the upload's status (state, problems).
  async function upload(file, assignment, onProgress) {
    const created = await tusRequest("POST", "/work/uploads", {
      "Upload-Length": String(file.size),
      "Upload-Metadata": "assignment_id " + utf8Base64(assignment) + ",filename " + utf8Base64(file.name),
    });
    if (created.status !== 201) throw new Error(await problemOf(created));
    const location = created.headers.get("Location");
    let offset = 0, failures = 0;
    while (offset < file.size) {
      try {
        const response = await tusRequest("PATCH", location, {
          "Content-Type": "application/offset+octet-stream", "Upload-Offset": String(offset),
        }, file.slice(offset, offset + CHUNK));
        if (response.status !== 204) throw new Error(await problemOf(response));
        offset = Number(response.headers.get("Upload-Offset"));
        failures = 0;
      } catch (error) {
        // Ask where the server stands and go on from there, a few times before giving up.
        if (++failures > 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1000 * failures));
        const head = await tusRequest("HEAD", location, {});
        offset = Number(head.headers.get("Upload-Offset") || offset);
      }
      onProgress(Math.round((offset / file.size) * 100));
    }
    const status = await fetch(location, { credentials: "same-origin", headers: { Accept: "application/json" } });
    return status.json();
  }

  function initUpload(root, form) {
    const input = root.querySelector("[data-upload]");
    if (!input) return;
    const progress = root.querySelector("[data-upload-progress]");
    const status = root.querySelector("[data-upload-status]");
    const hidden = root.querySelector("input[name=upload_id]");
    input.addEventListener("change", async () => {
      const file = input.files[0];
      if (!file) return;
      hidden.value = "";
      progress.hidden = false;
      status.textContent = "Uploading…";
      try {
        const result = await upload(file, form.dataset.assignment, (percent) => { progress.value = percent; });
        if (result.state === "passed") {
          hidden.value = result.id;
          status.textContent = "Checked: the clip meets the requirements. Accept the consent terms and submit.";
        } else {
          status.textContent = "The clip was not accepted: " + (result.problems || []).join(" ");
        }
      } catch (error) {
        status.textContent = "The upload stopped: " + error.message + " Choose the file again to resume.";
      }
    });
  }

  function initClipReview(root, form) {
    const section = root.querySelector("[data-clip]");
    if (!section) return;
    const video = section.querySelector("video");
    const rows = section.querySelector("[data-segments] tbody");
    const frame = 1 / Number(section.dataset.fps || 30);
    let pendingStart = null;

    function addRow(segment) {
      const row = document.createElement("tr");
      for (const [name, value, type] of [["start_seconds", segment.start_seconds, "number"], ["end_seconds", segment.end_seconds, "number"],
                                         ["verb", segment.verb || "", "text"], ["object", segment.object || "", "text"]]) {
        const cell = document.createElement("td");
        const field = document.createElement("input");
        field.type = type;
        field.name = name;
        if (type === "number") { field.step = "0.01"; field.min = "0"; }
        field.value = type === "number" ? Number(value).toFixed(2) : value;
        cell.append(field);
        row.append(cell);
      }
      rows.append(row);
      return row;
    }
    for (const segment of JSON.parse(section.dataset.segments || "[]")) addRow(segment);

    const mark = section.querySelector("[data-mark-status]");
    document.addEventListener("keydown", (event) => {
      if (event.altKey || event.ctrlKey || event.metaKey || event.target.matches("textarea, input, select")) return;
      if (event.key === " ") { event.preventDefault(); if (video.paused) video.play(); else video.pause(); }
      else if (event.key === ",") { event.preventDefault(); video.pause(); video.currentTime = Math.max(0, video.currentTime - frame); }
      else if (event.key === ".") { event.preventDefault(); video.pause(); video.currentTime = video.currentTime + frame; }
      else if (event.key === "[") { event.preventDefault(); pendingStart = video.currentTime; mark.textContent = "Start marked at " + pendingStart.toFixed(2) + " s; press ] at the end."; }
      else if (event.key === "]" && pendingStart !== null) {
        event.preventDefault();
        const row = addRow({ start_seconds: pendingStart, end_seconds: Math.max(video.currentTime, pendingStart + frame) });
        pendingStart = null;
        mark.textContent = "Segment added: name its verb and object.";
        row.querySelector("input[name=verb]").focus();
      }
    });

    section.querySelector("[data-save-segments]").addEventListener("click", async () => {
      const segments = [...rows.querySelectorAll("tr")].map((row) => ({
        start_seconds: Number(row.querySelector("[name=start_seconds]").value),
        end_seconds: Number(row.querySelector("[name=end_seconds]").value),
        verb: row.querySelector("[name=verb]").value,
        object: row.querySelector("[name=object]").value,
      }));
      const response = await fetch(form.dataset.segmentsUrl, {
        method: "PUT", credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": csrf() },
        body: JSON.stringify({ segments }),
      });
      const body = await response.json().catch(() => ({}));
      if (response.ok) { mark.textContent = body.segments.length + " segments saved."; Cadre.showProblems(form, []); }
      else Cadre.showProblems(form, Cadre.problemsOf({ status: response.status, body }));
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const form = document.querySelector("form[data-workspace], form[data-review]");
    const task = form && form.querySelector("[data-task]");
    if (!task || task.dataset.kind !== "video_demonstration") return;
    initUpload(task, form);
    initClipReview(task, form);
  });
})(window.Cadre);
