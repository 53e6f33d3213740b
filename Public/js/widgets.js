// The task view's interactive parts — ranking order, rating sliders, character count,
// the correction diff, step focus — for a workspace, a review or a preview alike.
// Text is only ever inserted with textContent: task data never becomes markup here.
"use strict";
window.Cadre = window.Cadre || {};

(function (Cadre) {
  function initRanking(root) {
    const list = root.querySelector("[data-ranking]");
    if (!list) return;
    const renumber = () => {
      let place = 0;
      list.querySelectorAll(".rank-item").forEach((item, index) => {
        const tie = item.querySelector("[data-tie]");
        if (tie) tie.disabled = index === 0;
        if (index === 0 || !(tie && tie.checked)) place += 1;
        item.querySelector("[data-place]").textContent = String(place);
      });
    };
    list.addEventListener("click", (event) => {
      const button = event.target.closest("[data-move]");
      if (!button) return;
      const item = button.closest(".rank-item");
      if (button.dataset.move === "up" && item.previousElementSibling) list.insertBefore(item, item.previousElementSibling);
      if (button.dataset.move === "down" && item.nextElementSibling) list.insertBefore(item.nextElementSibling, item);
      button.focus();
      renumber();
    });
    list.addEventListener("change", renumber);
    let dragged = null;
    list.addEventListener("dragstart", (event) => {
      dragged = event.target.closest(".rank-item");
      if (dragged) dragged.classList.add("dragging");
    });
    list.addEventListener("dragend", () => {
      if (dragged) dragged.classList.remove("dragging");
      dragged = null;
      renumber();
    });
    list.addEventListener("dragover", (event) => {
      if (!dragged) return;
      event.preventDefault();
      const over = event.target.closest(".rank-item");
      if (!over || over === dragged) return;
      const box = over.getBoundingClientRect();
      list.insertBefore(dragged, event.clientY < box.top + box.height / 2 ? over : over.nextElementSibling);
    });
    renumber();
  }

  function initScales(root) {
    root.querySelectorAll("[data-scale]").forEach((scale) => {
      const input = scale.querySelector("input[type=range]");
      const output = scale.querySelector("[data-scale-value]");
      const mark = () => {
        scale.dataset.set = "true";
        output.textContent = input.value;
      };
      input.addEventListener("input", mark);
      input.addEventListener("change", mark);
    });
  }

  function initCount(root) {
    const area = root.querySelector("[data-counted]");
    if (!area) return;
    const value = root.querySelector("[data-count-value]");
    const counter = root.querySelector("[data-count]");
    const min = Number(area.dataset.min || 0);
    const max = Number(area.dataset.max || Infinity);
    const update = () => {
      const length = [...area.value].length;
      value.textContent = length.toLocaleString();
      counter.classList.toggle("short", length < min);
      counter.classList.toggle("long", length > max);
    };
    area.addEventListener("input", update);
    update();
  }

  // Word-level longest common subsequence: what a reviewer of a correction wants to see.
  function diff(before, after) {
    const a = before.split(/(\s+)/).filter((t) => t !== "");
    const b = after.split(/(\s+)/).filter((t) => t !== "");
    if (a.length * b.length > 4000000) return null;
    const width = b.length + 1;
    const table = new Uint32Array((a.length + 1) * width);
    for (let i = a.length - 1; i >= 0; i--) {
      for (let j = b.length - 1; j >= 0; j--) {
        table[i * width + j] = a[i] === b[j] ? table[(i + 1) * width + j + 1] + 1
          : Math.max(table[(i + 1) * width + j], table[i * width + j + 1]);
      }
    }
    const parts = [];
    let i = 0, j = 0;
    const push = (kind, text) => {
      const last = parts[parts.length - 1];
      if (last && last.kind === kind) last.text += text; else parts.push({ kind, text });
    };
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { push("same", a[i]); i++; j++; }
      else if (table[(i + 1) * width + j] >= table[i * width + j + 1]) { push("del", a[i]); i++; }
      else { push("ins", b[j]); j++; }
    }
    while (i < a.length) push("del", a[i++]);
    while (j < b.length) push("ins", b[j++]);
    return parts;
  }

  function initDiff(root) {
    const area = root.querySelector("[data-corrected]");
    const view = root.querySelector("[data-diff]");
    if (!area || !view) return;
    const summary = root.querySelector("[data-diff-summary]");
    const update = () => {
      const parts = diff(area.dataset.original, area.value);
      view.replaceChildren();
      if (!parts) { view.textContent = "Too long to compare live."; return; }
      let changes = 0;
      for (const part of parts) {
        const span = document.createElement(part.kind === "same" ? "span" : part.kind === "del" ? "del" : "ins");
        span.textContent = part.text;
        view.append(span);
        if (part.kind !== "same" && part.text.trim() !== "") changes += 1;
      }
      if (summary) summary.textContent = changes === 0 ? "no changes yet" : changes + " change" + (changes === 1 ? "" : "s");
    };
    area.addEventListener("input", update);
    update();
  }

  // Strength only means something when one response wins.
  function initStrength(root) {
    const strength = root.querySelector("[data-strength]");
    if (!strength) return;
    const update = () => {
      const choice = root.querySelector("input[name=choice]:checked");
      strength.hidden = !(choice && (choice.value === "A" || choice.value === "B"));
      // The middle of the scale is the usual answer; it is shown selected and easy to change.
      if (!strength.hidden && !root.querySelector("input[name=strength]:checked")) {
        root.querySelector('input[name=strength][value="2"]').checked = true;
      }
    };
    root.addEventListener("change", update);
    update();
  }

  function initSteps(root) {
    root.querySelectorAll("[data-step]").forEach((step) => {
      step.addEventListener("focusin", () => Cadre.focusStep(root, step, false));
      step.addEventListener("change", () => step.classList.toggle("reviewed", !!step.querySelector("input[type=radio]:checked")));
      step.classList.toggle("reviewed", !!step.querySelector("input[type=radio]:checked"));
    });
  }

  Cadre.focusStep = function (root, step, scroll) {
    root.querySelectorAll("[data-step].current").forEach((s) => s.classList.remove("current"));
    if (!step) return;
    step.classList.add("current");
    if (scroll) {
      step.focus({ preventScroll: true });
      step.scrollIntoView({ block: "nearest", behavior: "smooth" });
    }
  };

  Cadre.initWidgets = function (root) {
    initRanking(root);
    initScales(root);
    initCount(root);
    initDiff(root);
    initStrength(root);
    initSteps(root);
  };

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-task]").forEach(Cadre.initWidgets);
  });
})(window.Cadre);
