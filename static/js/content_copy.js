// "Copy" buttons of the item page: put the text of the element named by data-copy-target on the
// clipboard and say so (to the eye and to screen readers) for a moment.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy-target]");
  if (!button) return;
  const source = document.getElementById(button.dataset.copyTarget);
  if (!source || !navigator.clipboard) return;
  const label = button.querySelector("[data-copy-label]");
  const original = label ? label.textContent : "";
  try {
    await navigator.clipboard.writeText(source.textContent.trim());
    if (label) label.textContent = button.dataset.copiedText || original;
  } catch (error) {
    if (label) label.textContent = button.dataset.failedText || original;
  }
  setTimeout(() => { if (label) label.textContent = original; }, 2000);
});
