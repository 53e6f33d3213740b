// The interview page: one question at a time. Answers go to the page's JSON route, whose
// reply carries the next question already rendered, so the page never reloads mid-interview.
// Pastes into an answer and leaving the page are reported: the reviewer sees them in the report.
"use strict";

(function () {
  // A tab switch fires both blur and visibilitychange: count it once.
  const FOCUS_LOSS_DEBOUNCE = 2000;

  async function post(url, body) {
    const token = document.querySelector('meta[name="csrf-token"]').content;
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": token },
      body: JSON.stringify(body),
    });
    let parsed = {};
    try { parsed = await response.json(); } catch (error) { parsed = {}; }
    return { ok: response.ok, status: response.status, body: parsed };
  }

  function problemsOf(result) {
    const body = result.body || {};
    if (Array.isArray(body.errors) && body.errors.length > 0) return body.errors.map((e) => e.message);
    return [body.detail || "Something went wrong (HTTP " + result.status + "). Try again."];
  }

  function start(root) {
    const step = root.querySelector("[data-step]");
    const errors = root.querySelector("[data-errors]");
    let busy = false;
    let lastFocusLoss = 0;

    const question = () => step.querySelector("[data-question]");

    function show(messages) {
      errors.replaceChildren();
      errors.hidden = messages.length === 0;
      if (errors.hidden) return;
      const list = document.createElement("ul");
      for (const message of messages) {
        const item = document.createElement("li");
        item.textContent = message;
        list.append(item);
      }
      errors.append(list);
    }

    function prepare(scroll) {
      const form = question();
      root.dataset.questionId = form ? form.dataset.questionId : "";
      root.dataset.done = form ? "false" : "true";
      const field = form && form.querySelector("[data-answer]");
      if (field) field.focus({ preventScroll: true });
      if (scroll) root.scrollIntoView({ block: "start", behavior: "smooth" });
    }

    async function send(answer) {
      const form = question();
      if (busy || !form) return;
      if (answer.trim() === "") { show(["Write your answer first."]); return; }
      busy = true;
      root.classList.add("busy");
      try {
        const result = await post(root.dataset.answerUrl, { question_id: form.dataset.questionId, answer: answer });
        if (result.ok) {
          show([]);
          // Rendered by the server: Leaf escapes every value, and question text comes from
          // Cadre's Markdown renderer, which never passes raw HTML through.
          step.innerHTML = result.body.html;
          prepare(true);
        } else {
          const messages = problemsOf(result);
          if (result.status === 409) messages.push("Reload the page to see where the interview stands.");
          show(messages);
        }
      } catch (error) {
        show(["The network failed and the answer may not have arrived. Send it again: it will not count twice."]);
      } finally {
        busy = false;
        root.classList.remove("busy");
      }
    }

    function report(kind) {
      const form = question();
      if (!form) return;
      post(root.dataset.eventsUrl, { kind: kind, question_id: form.dataset.questionId }).catch(() => {});
    }

    function focusLost() {
      const now = Date.now();
      if (now - lastFocusLoss < FOCUS_LOSS_DEBOUNCE) return;
      lastFocusLoss = now;
      report("focus_loss");
    }

    root.addEventListener("click", (event) => {
      const choice = event.target.closest("[data-choice]");
      if (choice) send(choice.dataset.choice);
    });
    root.addEventListener("submit", (event) => {
      event.preventDefault();
      const field = question() && question().querySelector("[data-answer]");
      if (field) send(field.value);
    });
    root.addEventListener("paste", (event) => {
      if (event.target.matches("[data-answer]")) report("paste");
    });
    document.addEventListener("keydown", (event) => {
      const form = question();
      if (!form || event.altKey) return;
      if (event.target.matches("textarea")) {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); send(event.target.value); }
        return;
      }
      if (event.ctrlKey || event.metaKey || event.target.matches("input, select")) return;
      const key = event.key.toUpperCase();
      const button = form.querySelector(`[data-number="${key}"]`) || form.querySelector(`[data-choice="${key}"]`);
      if (button) { event.preventDefault(); button.classList.add("pressed"); send(button.dataset.choice); }
    });
    document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") focusLost(); });
    window.addEventListener("blur", focusLost);

    prepare(false);
    // Tells people's tools (and browser tests) that answering and shortcuts are live.
    root.dataset.ready = "true";
  }

  document.addEventListener("DOMContentLoaded", () => {
    const root = document.querySelector("[data-interview]");
    if (root) start(root);
  });
})();
