// The expert's workspace: keyboard shortcuts, submit and skip, and heartbeats that keep
// the lease alive while the expert is actually working.
"use strict";

(function (Cadre) {
  const isTyping = (target) => target.matches("textarea, select, input:not([type=radio]):not([type=checkbox]):not([type=range])");

  function pick(input) {
    if (!input || input.disabled) return;
    if (input.type === "checkbox") input.checked = !input.checked; else input.checked = true;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function shortcuts(form, task, event) {
    const kind = task.dataset.kind;
    const key = event.key;
    if (kind === "pairwise" && /^[1-4]$/.test(key)) {
      pick(task.querySelector(`input[name=choice][data-key="${key}"]`));
      return true;
    }
    if (kind === "pairwise" && (key === "ArrowLeft" || key === "ArrowRight")) {
      const current = task.querySelector("input[name=strength]:checked");
      const value = Math.min(3, Math.max(1, (current ? Number(current.value) : 2) + (key === "ArrowRight" ? 1 : -1)));
      if (!task.querySelector("[data-strength]").hidden) pick(task.querySelector(`input[name=strength][value="${value}"]`));
      return true;
    }
    if (kind === "classification" && /^[1-9]$/.test(key)) {
      pick(task.querySelector(`input[name=label][data-key="${key}"]`));
      return true;
    }
    if (kind === "trajectory_review") return stepShortcut(task, key);
    return false;
  }

  function stepShortcut(task, key) {
    const steps = [...task.querySelectorAll("[data-step]")];
    let current = task.querySelector("[data-step].current") || steps[0];
    const index = steps.indexOf(current);
    if (key === "ArrowDown" || key === "j" || key === "ArrowUp" || key === "k") {
      const next = steps[index + (key === "ArrowDown" || key === "j" ? 1 : -1)];
      if (next) Cadre.focusStep(task, next, true);
      return true;
    }
    const labels = { 1: "correct", 2: "incorrect", 3: "neutral" };
    if (!labels[key]) return false;
    pick(current.querySelector(`input[value="${labels[key]}"]`));
    if (labels[key] === "incorrect") {
      Cadre.focusStep(task, current, false);
      current.querySelector("[data-note]").focus();
    } else if (steps[index + 1]) {
      Cadre.focusStep(task, steps[index + 1], true);
    }
    return true;
  }

  function start(form) {
    const task = form.querySelector("[data-task]");
    // Step grading starts at the first step, so the number keys work straight away.
    const firstStep = task.querySelector("[data-step]");
    if (firstStep) Cadre.focusStep(task, firstStep, false);
    let busy = false;
    const beat = Cadre.keepAlive(form, (result) => {
      Cadre.showProblems(form, [Cadre.problemsOf(result)[0] + " Reload for the next task."]);
    });

    async function send(url, body, headers) {
      if (busy) return null;
      busy = true;
      form.classList.add("busy");
      try {
        const result = await Cadre.post(url, body, headers);
        if (result.ok && result.body.next) { window.location.assign(result.body.next); return result; }
        Cadre.showProblems(form, Cadre.problemsOf(result));
        return result;
      } catch (error) {
        Cadre.showProblems(form, ["The network failed; nothing was lost. Submit again to retry."]);
        return null;
      } finally {
        busy = false;
        form.classList.remove("busy");
      }
    }

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const { answer, problems } = Cadre.collectAnswer(task);
      if (problems.length > 0) { Cadre.showProblems(form, problems); return; }
      beat().then(() => send(form.dataset.submitUrl, { answer }, { "Idempotency-Key": form.dataset.idempotencyKey }));
    });
    form.querySelector("[data-skip]").addEventListener("click", () => send(form.dataset.skipUrl, { reason: "skipped in the workspace" }));

    document.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        form.requestSubmit();
        return;
      }
      if (event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return;
      if (event.key === "Enter" && !event.target.matches("button, a, summary")) {
        event.preventDefault();
        form.requestSubmit();
      } else if (event.key === "s" || event.key === "S") {
        event.preventDefault();
        form.querySelector("[data-skip]").click();
      } else if (shortcuts(form, task, event)) {
        event.preventDefault();
      }
    });
    // Tells people's tools (and browser tests) that the shortcuts are live.
    form.dataset.ready = "true";
  }

  document.addEventListener("DOMContentLoaded", () => {
    const form = document.querySelector("form[data-workspace]");
    if (form) start(form);
  });
})(window.Cadre);
