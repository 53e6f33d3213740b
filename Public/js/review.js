// The reviewer's page: accept, reject with feedback, or accept with the edits made to the
// prefilled answer. Keys: A accept, R reject, E accept with edits.
"use strict";

(function (Cadre) {
  function start(form) {
    const task = form.querySelector("[data-task]");
    const feedback = form.querySelector("[data-feedback]");
    let busy = false;
    const beat = Cadre.keepAlive(form, (result) => {
      Cadre.showProblems(form, [Cadre.problemsOf(result)[0] + " Reload for the next submission."]);
    });

    async function decide(decision) {
      if (busy) return;
      const body = { decision };
      const text = feedback.value.trim();
      if (text !== "") body.feedback = text;
      if (decision === "reject" && text === "") {
        Cadre.showProblems(form, ["Write feedback for the expert before rejecting."]);
        feedback.focus();
        return;
      }
      if (decision === "accept_with_edits") {
        const { answer, problems } = Cadre.collectAnswer(task);
        if (problems.length > 0) { Cadre.showProblems(form, problems); return; }
        body.edited_answer = answer;
      }
      busy = true;
      form.classList.add("busy");
      try {
        await beat();
        const result = await Cadre.post(form.dataset.decisionUrl, body);
        if (result.ok && result.body.next) { window.location.assign(result.body.next); return; }
        Cadre.showProblems(form, Cadre.problemsOf(result));
      } catch (error) {
        Cadre.showProblems(form, ["The network failed; the decision was not recorded. Try again."]);
      } finally {
        busy = false;
        form.classList.remove("busy");
      }
    }

    form.addEventListener("submit", (event) => event.preventDefault());
    form.querySelectorAll("[data-decision]").forEach((button) => {
      button.addEventListener("click", () => decide(button.dataset.decision));
    });
    document.addEventListener("keydown", (event) => {
      if (event.altKey || event.ctrlKey || event.metaKey || event.target.matches("textarea, input, select")) return;
      const decision = { a: "accept", r: "reject", e: "accept_with_edits" }[event.key.toLowerCase()];
      if (decision) { event.preventDefault(); decide(decision); }
    });
    form.dataset.ready = "true";
  }

  document.addEventListener("DOMContentLoaded", () => {
    const form = document.querySelector("form[data-review]");
    if (form) start(form);
  });
})(window.Cadre);
