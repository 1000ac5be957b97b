// The import preview and the corrections page: text selected in the template fills the
// "mark as a blank" field with the words and their place (block:start:end), so the server
// marks exactly that span. Without JS the writer types the words instead (the first place
// they occur that is not a blank yet is marked). Kept out of the markup: the CSP allows no
// inline script.
(function () {
  "use strict";
  const form = document.querySelector("[data-marks-form]");
  if (!form) return;
  const words = form.querySelector("#id_mark_text");
  const place = form.querySelector("#id_mark_at");
  if (!words || !place) return;

  // The offset in its line of a point of the selection, if it is in the template's text.
  function point(node, offset) {
    const element = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    const span = element && element.closest("[data-off]");
    if (!span || !form.contains(span)) return null;
    let pos = Number(span.dataset.off);
    if (node.nodeType === Node.TEXT_NODE) pos += offset;
    else if (offset > 0) pos += span.textContent.length;
    return { line: span.closest("[data-block]"), pos: pos };
  }

  function lineText(line) {
    return Array.from(line.querySelectorAll("[data-off]"), (s) => s.textContent).join("");
  }

  function takeSelection() {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    const range = selection.getRangeAt(0);
    const start = point(range.startContainer, range.startOffset);
    const end = point(range.endContainer, range.endOffset);
    if (!start || !end || start.line !== end.line || end.pos <= start.pos) return;
    const text = lineText(start.line).slice(start.pos, end.pos);
    if (!text.trim()) return;
    words.value = text;
    place.value = `${start.line.dataset.block}:${start.pos}:${end.pos}`;
    words.classList.add("is-selected");
  }

  document.addEventListener("selectionchange", takeSelection);
  form.dataset.ready = "1"; // for tests: selections are heard from now on
  // Words typed by hand are looked up by the server: the old place no longer applies.
  words.addEventListener("input", () => {
    place.value = "";
    words.classList.remove("is-selected");
  });
})();
