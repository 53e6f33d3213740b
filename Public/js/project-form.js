// The project form: choosing a template shows its preview and, unless the client has
// edited the configuration, fills in that template's example configuration.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("[data-project-form]");
  if (!form) return;
  const configuration = form.querySelector("[data-configuration]");
  const examples = new Set([...form.querySelectorAll("input[name=template]")].map((input) => input.dataset.example));

  form.addEventListener("change", (event) => {
    const input = event.target;
    if (input.name === "template") {
      document.querySelectorAll("[data-preview-for]").forEach((preview) => {
        preview.hidden = preview.dataset.previewFor !== input.value;
      });
      const untouched = configuration.value.trim() === "" || examples.has(configuration.value);
      if (untouched && !configuration.readOnly) configuration.value = input.dataset.example;
    }
  });

  const policy = form.querySelector("[data-review-policy]");
  const rate = form.querySelector("input[name=review_sample_rate]");
  const syncRate = () => { rate.closest("label").hidden = policy.value !== "sample"; };
  policy.addEventListener("change", syncRate);
  syncRate();
});
