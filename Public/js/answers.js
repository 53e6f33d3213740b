// Reads the task view's controls into the answer JSON each template takes. The server
// validates every answer again; the checks here only save a round trip for the obvious
// omissions.
"use strict";
window.Cadre = window.Cadre || {};

(function (Cadre) {
  const checked = (root, name) => root.querySelector(`input[name="${name}"]:checked`);
  const allChecked = (root, name) => [...root.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value);

  function withText(root, answer) {
    const area = root.querySelector("[data-text-answer]");
    if (area && area.value.trim() !== "") answer[area.dataset.textAnswer] = area.value;
    return answer;
  }

  const collectors = {
    pairwise(root, problems) {
      const choice = checked(root, "choice");
      if (!choice) problems.push("Choose which response is better (1 A, 2 tie, 3 B, 4 both bad).");
      const answer = { choice: choice ? choice.value : null };
      if (choice && (choice.value === "A" || choice.value === "B")) {
        const strength = checked(root, "strength");
        if (!strength) problems.push("Say how much better the winning response is.");
        else answer.strength = Number(strength.value);
      }
      const ratings = {};
      root.querySelectorAll("select[data-criterion]").forEach((select) => {
        if (select.value === "") return;
        ratings[select.dataset.criterion] = ratings[select.dataset.criterion] || {};
        ratings[select.dataset.criterion][select.dataset.side] = Number(select.value);
      });
      if (Object.keys(ratings).length > 0) answer.ratings = ratings;
      return withText(root, answer);
    },

    ranking(root) {
      const places = [];
      root.querySelectorAll(".rank-item").forEach((item, index) => {
        const tie = item.querySelector("[data-tie]");
        const response = Number(item.dataset.index);
        if (index > 0 && tie && tie.checked) places[places.length - 1].push(response);
        else places.push([response]);
      });
      return withText(root, { ranking: places });
    },

    rating(root, problems) {
      const scores = {};
      root.querySelectorAll("[data-scale]").forEach((scale) => {
        if (scale.dataset.set === "true") scores[scale.dataset.scale] = Number(scale.querySelector("input").value);
        else if (scale.dataset.required === "true") problems.push(`Score “${scale.querySelector(".field-label").firstChild.textContent.trim()}”.`);
      });
      return withText(root, { scores });
    },

    video_demonstration(root, problems) {
      const upload = root.querySelector("input[name=upload_id]").value;
      const consent = root.querySelector("input[name=consent]");
      if (!upload) problems.push("Upload your clip first; it is checked as soon as it arrives.");
      const accepted = consent.type === "hidden" || consent.checked;
      if (!accepted) problems.push("Accept the consent terms.");
      const notes = root.querySelector("textarea[name=notes]");
      const answer = { upload_id: upload, consent: accepted };
      if (notes && notes.value.trim() !== "") answer.notes = notes.value.trim();
      return answer;
    },
    demonstration(root) {
      return { response: root.querySelector("textarea[name=response]").value };
    },

    correction(root) {
      const answer = { corrected: root.querySelector("[data-corrected]").value, error_categories: allChecked(root, "error_category") };
      return withText(root, answer);
    },

    classification(root, problems) {
      const labels = allChecked(root, "label");
      if (labels.length === 0) {
        const fieldset = root.querySelector("[data-labels]");
        if (fieldset && Number(fieldset.dataset.min) > 0) problems.push("Choose a label (press its number).");
      }
      return withText(root, { labels });
    },

    trajectory_review(root, problems) {
      const steps = [];
      root.querySelectorAll("[data-step]").forEach((step) => {
        const label = step.querySelector("input[type=radio]:checked");
        if (!label) problems.push(`Grade step ${Number(step.dataset.step) + 1}.`);
        const note = step.querySelector("[data-note]").value.trim();
        steps.push(note ? { label: label ? label.value : null, note } : { label: label ? label.value : null });
      });
      const success = checked(root, "success");
      if (!success) problems.push("Say whether the run succeeded.");
      return withText(root, { steps, success: success ? success.value === "true" : null });
    },
  };

  /// The answer in the task view `task`, and what is obviously missing from it.
  Cadre.collectAnswer = function (task) {
    const problems = [];
    const answer = collectors[task.dataset.kind](task, problems);
    return { answer, problems: problems.slice(0, 4) };
  };

  /// Shows problems (strings, or the server's field errors) in the form's error box.
  Cadre.showProblems = function (form, problems) {
    const box = form.querySelector("[data-errors]");
    box.replaceChildren();
    if (problems.length === 0) { box.hidden = true; return; }
    const list = document.createElement("ul");
    for (const problem of problems) {
      const item = document.createElement("li");
      item.textContent = typeof problem === "string" ? problem : (problem.field ? problem.field + ": " : "") + problem.message;
      list.append(item);
    }
    box.append(list);
    box.hidden = false;
    box.scrollIntoView({ block: "nearest", behavior: "smooth" });
  };

  /// Posts JSON with the page's CSRF token; resolves to {ok, status, body}.
  // Heartbeats keep a lease alive and are what paid time is counted from, so they are sent
  // every 30 s only while the page is visible and the person has interacted within the last
  // minute. The returned function sends one at once: callers beat just before submitting so
  // the last stretch of work counts too.
  Cadre.keepAlive = function (form, onLost) {
    const EVERY = 30000, IDLE_AFTER = 60000;
    let lastInteraction = Date.now(), lost = false;
    for (const name of ["keydown", "pointerdown", "input", "scroll", "wheel"]) {
      document.addEventListener(name, () => { lastInteraction = Date.now(); }, { passive: true });
    }
    async function beat() {
      if (lost || document.visibilityState !== "visible" || Date.now() - lastInteraction > IDLE_AFTER) return;
      try {
        const result = await Cadre.post(form.dataset.heartbeatUrl, {});
        if (!result.ok && result.status === 409) { lost = true; onLost(result); }
      } catch (error) { /* a missed beat is retried at the next interval */ }
    }
    setInterval(beat, EVERY);
    return beat;
  };

  Cadre.post = async function (url, body, headers) {
    const token = document.querySelector('meta[name="csrf-token"]').content;
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: Object.assign({ "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": token }, headers || {}),
      body: JSON.stringify(body),
    });
    if (response.redirected) { window.location.assign(response.url); return { ok: false, status: 0, body: {} }; }
    let parsed = {};
    try { parsed = await response.json(); } catch (error) { parsed = {}; }
    return { ok: response.ok, status: response.status, body: parsed };
  };

  /// The server's problem as a list for `showProblems`.
  Cadre.problemsOf = function (result) {
    const body = result.body || {};
    if (Array.isArray(body.errors) && body.errors.length > 0) return body.errors;
    return [body.detail || "Something went wrong (HTTP " + result.status + "). Try again."];
  };
})(window.Cadre);
