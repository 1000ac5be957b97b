// The fill page: autosave feedback, progress, live preview, Enter to the next blank, and
// news from other tabs. The page works without this file (plain form posts); this makes it quick.
(function () {
  "use strict";
  const form = document.getElementById("slot-form");
  if (!form) return;
  const preview = document.getElementById("preview");
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  let revision = Number(form.dataset.revision || 0);
  const dirty = new Set(); // inputs typed into but not yet confirmed saved

  const inputs = () => Array.from(form.querySelectorAll("input.slot-input"));
  const inputFor = (id) => document.getElementById("field-" + id);

  // --- typed but not confirmed saved: kept in the browser until the server says so ---------
  // Survives a network drop, an expired session and a closed tab: on the next visit the value
  // comes back into its field and is saved, unless the field meanwhile changed elsewhere.
  const pendingKey = "speechapp:pending:" + location.pathname;
  const readPending = () => {
    try { return JSON.parse(localStorage.getItem(pendingKey)) || {}; } catch (e) { return {}; }
  };
  const writePending = (pending) => {
    try {
      if (Object.keys(pending).length) localStorage.setItem(pendingKey, JSON.stringify(pending));
      else localStorage.removeItem(pendingKey);
    } catch (e) { /* storage full or disabled: the server save still runs */ }
  };
  function keepPending(input) {
    const pending = readPending();
    const base = pending[input.dataset.slot] ? pending[input.dataset.slot].base : input.defaultValue;
    pending[input.dataset.slot] = { value: input.value, base: base };
    writePending(pending);
  }
  function dropPending(id) {
    const pending = readPending();
    if (id in pending) { delete pending[id]; writePending(pending); }
  }
  function restorePending() {
    const pending = readPending();
    Object.entries(pending).forEach(([id, entry]) => {
      const input = inputFor(id);
      if (!input) return; // another section's field: restored when that section is opened
      if (input.value !== entry.base || input.value === entry.value) {
        dropPending(id); // saved after all, or changed since in another tab: that one wins
        return;
      }
      input.value = entry.value;
      dirty.add(input);
      const box = document.getElementById("feedback-" + id);
      if (box) box.innerHTML = '<span class="slot-state">' + form.dataset.restored + "</span>";
      htmx.trigger(input, "change");
    });
  }

  // --- save order -------------------------------------------------------------------------
  // Every save of a field carries a number that only grows (the time in microseconds, kept
  // rising within this tab, so two tabs cannot collide): the server refuses a save older than
  // the one it stored, so a request delayed in the network never overwrites a later value.
  let lastSeq = 0;
  const nextSeq = () => (lastSeq = Math.max(Date.now() * 1000, lastSeq + 1));
  document.body.addEventListener("htmx:configRequest", (event) => {
    const elt = event.detail.elt;
    if (!elt || !elt.matches || !elt.matches("input.slot-input")) return;
    const seq = nextSeq();
    event.detail.parameters.seq = String(seq);
    elt.dataset.sentSeq = String(seq);
    elt.dataset.sentValue = elt.value;
  });
  // A later value was stored (another tab, a save that overtook this one): show it, unless
  // the writer has typed on since; then that newer text is saved next and wins.
  document.body.addEventListener("slotStale", (event) => {
    const detail = event.detail;
    const input = inputFor(detail.id);
    if (!input) return;
    if (input.dataset.sentSeq === String(detail.seq) && input.value === input.dataset.sentValue) {
      input.value = detail.raw;
      dirty.delete(input);
      dropPending(detail.id);
    }
  });

  // --- autosave state -------------------------------------------------------------------
  form.addEventListener("input", (event) => {
    if (event.target.matches("input.slot-input")) {
      keepPending(event.target);
      dirty.add(event.target);
      const state = document.querySelector("#feedback-" + event.target.dataset.slot + " .slot-state");
      if (state) { state.textContent = "…"; state.className = "slot-state"; }
    }
  });

  document.body.addEventListener("slotSaved", (event) => {
    const detail = event.detail;
    // The revision moves on only with answers from /changes/: this tab's own save must not
    // hide a change another tab made just before it.
    if (detail.id) {
      const input = inputFor(detail.id);
      if (input) {
        input.classList.toggle("is-invalid", !detail.ok);
        input.closest(".slot-row").classList.toggle("has-error", !detail.ok);
        dirty.delete(input);
      }
      dropPending(detail.id);
    }
    updateProgress(detail);
    refreshPreview();
    if (detail.refresh) poll(); // other fields changed too (a group was filled)
  });

  document.body.addEventListener("htmx:sendError", (event) => {
    markUnsaved(event.detail.elt);
    retryLater(event.detail.elt);
  });
  document.body.addEventListener("htmx:responseError", (event) => markUnsaved(event.detail.elt));
  document.body.addEventListener("htmx:responseError", (event) => {
    if (event.detail.xhr.status === 401) loggedOut = true;
    // 409: the draft is 定稿 and locked; the answer is the message to show (not retried).
    if (event.detail.xhr.status === 409) lockedMessage = event.detail.xhr.responseText;
  }, true);
  let loggedOut = false;
  let lockedMessage = "";
  function markUnsaved(elt) {
    if (!elt || !elt.dataset || !elt.dataset.slot) return;
    keepPending(elt);
    const box = document.getElementById("feedback-" + elt.dataset.slot);
    if (!box) return;
    // Leaving the field (to click the login link, say) saves it again and fails the same way:
    // keep the message in place, so the link being clicked is not swapped out under the click.
    const kind = lockedMessage ? "locked" : loggedOut ? "login" : "network";
    if (box.querySelector(`.slot-state.error[data-unsaved="${kind}"]`)) return;
    const state = document.createElement("span");
    state.className = "slot-state error";
    state.dataset.unsaved = kind;
    if (lockedMessage) {
      state.textContent = lockedMessage;
    } else if (loggedOut) {
      // The session expired: the value stays in the field and in the browser, and is saved
      // when the writer comes back after logging in.
      const link = document.createElement("a");
      link.href = form.dataset.loginUrl;
      link.textContent = form.dataset.loginAgain;
      state.appendChild(link);
    } else {
      state.textContent = form.dataset.unsaved;
    }
    box.replaceChildren(state);
  }

  // --- a save lost to the network is tried again, waiting longer each time ------------------
  // 2 s, 4 s, 8 s… up to a minute, and at once when the browser is back online; once it goes
  // through, the row says at what time it was saved.
  const retries = new Map(); // slot id -> { attempt, timer }
  function retryLater(input) {
    if (!input || !input.dataset || !input.dataset.slot || loggedOut) return;
    const entry = retries.get(input.dataset.slot) || { attempt: 0, timer: null };
    clearTimeout(entry.timer);
    const delay = Math.min(2000 * 2 ** entry.attempt, 60000);
    entry.attempt += 1;
    entry.timer = setTimeout(() => htmx.trigger(input, "change"), delay);
    retries.set(input.dataset.slot, entry);
    const state = document.querySelector("#feedback-" + input.dataset.slot + " .slot-state");
    if (state) state.textContent = form.dataset.retrying.replace("%s", Math.round(delay / 1000));
  }
  window.addEventListener("online", () => {
    retries.forEach((entry, id) => {
      clearTimeout(entry.timer);
      const input = inputFor(id);
      if (input) htmx.trigger(input, "change");
    });
  });
  document.body.addEventListener("htmx:afterSettle", (event) => {
    const id = event.detail.target && event.detail.target.id.replace(/^feedback-/, "");
    if (!id || !retries.has(id)) return;
    const saved = event.detail.target.querySelector(".slot-state.saved");
    if (!saved) return;
    clearTimeout(retries.get(id).timer);
    retries.delete(id);
    const time = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
    saved.textContent = "✓ " + form.dataset.savedAt.replace("%s", time);
  });

  function updateProgress(detail) {
    if (detail.total === undefined) return;
    const bar = document.querySelector("#overall-progress .progress");
    if (bar) {
      bar.setAttribute("aria-valuenow", detail.filled);
      const inner = bar.querySelector(".progress-bar");
      inner.style.width = (detail.total ? (100 * detail.filled) / detail.total : 0) + "%";
      inner.classList.toggle("bg-success", detail.filled === detail.total);
      const label = document.querySelector("#overall-progress small");
      if (label) label.textContent = label.textContent.replace(/\d+\s*\/\s*\d+/, detail.filled + " / " + detail.total);
    }
    Object.entries(detail.sections || {}).forEach(([key, [filled, total]]) => {
      const count = document.querySelector('.outline-count[data-section="' + key + '"]');
      if (!count) return;
      count.textContent = (filled === total ? "✓ " : "") + filled + "/" + total;
      count.classList.toggle("done", filled === total);
    });
  }

  // --- live preview -----------------------------------------------------------------------
  let previewTimer = null;
  function refreshPreview() {
    if (!preview || !window.htmx) return;
    clearTimeout(previewTimer);
    previewTimer = setTimeout(() => {
      const scroll = preview.scrollTop;
      htmx.ajax("GET", form.dataset.previewUrl, { target: preview, swap: "innerHTML" }).then(() => {
        preview.scrollTop = scroll;
        highlightChip(document.activeElement);
      });
    }, 250);
  }

  // Clicking a blank in the preview focuses its field when it is on this page.
  preview && preview.addEventListener("click", (event) => {
    const chip = event.target.closest("[data-slot]");
    if (!chip) return;
    const input = inputFor(chip.dataset.slot);
    if (input) {
      event.preventDefault();
      input.scrollIntoView({ block: "center" });
      input.focus();
    }
  });

  // Scroll the preview (not the page) so a blank's chip is in view.
  function showChip(chip) {
    const box = preview.getBoundingClientRect();
    const at = chip.getBoundingClientRect();
    if (at.top < box.top || at.bottom > box.bottom) {
      preview.scrollTop += at.top - box.top - box.height / 3;
    }
  }

  // The focused field highlights its blank in the preview.
  function highlightChip(input) {
    if (!preview) return;
    preview.querySelectorAll(".slot.active").forEach((el) => el.classList.remove("active"));
    if (!input || !input.dataset || !input.dataset.slot) return;
    const chip = preview.querySelector('[data-slot="' + input.dataset.slot + '"]');
    if (chip) {
      chip.classList.add("active");
      showChip(chip);
    }
    document.querySelectorAll(".slot-row.highlight").forEach((el) => el.classList.remove("highlight"));
    input.closest(".slot-row").classList.add("highlight");
  }
  // After htmx has wired the fields (it does so on DOMContentLoaded).
  if (document.readyState === "complete") restorePending();
  else window.addEventListener("load", restorePending);

  // The outline scrolls apart from the page on a wide screen: show the current section in it.
  const outlineNav = document.querySelector("nav.outline");
  const currentItem = outlineNav && outlineNav.querySelector(".outline-item.current");
  if (currentItem && outlineNav.scrollHeight > outlineNav.clientHeight) {
    outlineNav.scrollTop = currentItem.offsetTop - outlineNav.clientHeight / 3;
  }

  // Open the preview where this section's blanks are.
  const first = inputs()[0];
  const firstChip = first && preview && preview.querySelector('[data-slot="' + first.dataset.slot + '"]');
  if (firstChip) showChip(firstChip);

  form.addEventListener("focusin", (event) => {
    if (event.target.matches("input.slot-input")) highlightChip(event.target);
  });

  // --- keyboard: Enter moves to the next blank --------------------------------------------
  form.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || !event.target.matches("input.slot-input")) return;
    event.preventDefault();
    const all = inputs();
    const next = all[all.indexOf(event.target) + (event.shiftKey ? -1 : 1)];
    event.target.dispatchEvent(new Event("change", { bubbles: true }));
    if (next) next.focus();
    else if (!event.shiftKey) {
      // The section's last blank: on to the next section's first (the page saves on its way).
      const saveNext = form.querySelector("button[name=save_next]");
      if (saveNext) form.requestSubmit(saveNext);
    }
  });

  // --- next blank: an open one on this page first, else the link to the next section's ---
  let lastFocused = null;
  form.addEventListener("focusin", (event) => {
    if (event.target.matches("input.slot-input")) lastFocused = event.target;
  });
  const nextLink = form.querySelector("a.next-blank");
  const isOpen = (input) => !input.value.trim() || input.classList.contains("is-invalid");
  nextLink && nextLink.addEventListener("click", (event) => {
    const all = inputs();
    const from = lastFocused ? all.indexOf(lastFocused) + 1 : 0;
    const next = all.slice(from).find(isOpen) || all.slice(0, from).find(isOpen);
    if (next) {
      event.preventDefault();
      next.scrollIntoView({ block: "center" });
      next.focus();
    }
  });
  if (nextLink && nextLink.hidden && inputs().some(isOpen)) nextLink.hidden = false;

  // --- closing the tab loses nothing --------------------------------------------------------
  function flush() {
    dirty.forEach((input) => {
      const data = new FormData();
      data.append("csrfmiddlewaretoken", csrf);
      data.append(input.name, input.value);
      data.append("seq", String(nextSeq()));
      navigator.sendBeacon(input.getAttribute("hx-post"), data);
    });
    dirty.clear();
  }
  document.addEventListener("visibilitychange", () => { if (document.hidden) flush(); });
  window.addEventListener("pagehide", flush);

  // --- a column pasted from Excel -------------------------------------------------------------
  // Several lines pasted into one blank: the server shows which line goes into which blank
  // (this one, then the next open blanks of the section); nothing is saved until 填入.
  form.addEventListener("paste", async (event) => {
    const input = event.target;
    if (!input.matches || !input.matches("input.slot-input")) return;
    const text = (event.clipboardData || window.clipboardData).getData("text");
    if (!/[\r\n]/.test(text.replace(/[\r\n]+$/, ""))) return; // one line: an ordinary paste
    event.preventDefault();
    const url = form.dataset.pasteUrl.replace("__slot__", input.dataset.slot);
    const send = (extra) => {
      const body = new FormData();
      body.append("text", text);
      Object.entries(extra).forEach(([key, value]) => body.append(key, value));
      return fetch(url, { method: "POST", body: body, headers: { "X-CSRFToken": csrf, "HX-Request": "true" } });
    };
    const response = await send({});
    if (!response.ok) return;
    const row = input.closest(".slot-row");
    let box = document.getElementById("paste-" + input.dataset.slot);
    if (!box) {
      box = document.createElement("div");
      box.id = "paste-" + input.dataset.slot;
      row.after(box);
    }
    box.innerHTML = await response.text();
    const cancel = box.querySelector("[data-paste-cancel]");
    cancel.addEventListener("click", () => { box.remove(); input.focus(); });
    const confirm = box.querySelector("[data-paste-confirm]");
    if (confirm) {
      confirm.addEventListener("click", async () => {
        confirm.disabled = true;
        const done = await send({ confirm: "1" });
        if (!done.ok) { confirm.disabled = false; return; }
        // The filled blanks, their checks and the progress: the page anew, at this blank.
        const target = new URL(done.headers.get("HX-Redirect"), location.href);
        if (target.pathname + target.search === location.pathname + location.search) location.reload();
        else location.assign(target.href);
      });
      confirm.focus();
    }
  });

  // --- other tabs ---------------------------------------------------------------------------
  // Each save bumps the draft's revision; every few seconds this tab asks what changed since
  // its own last revision and shows the later value in fields it is not editing.
  async function poll() {
    if (document.hidden) return;
    try {
      const response = await fetch(form.dataset.changesUrl + "?since=" + revision, {
        headers: { Accept: "application/json" },
      });
      if (!response.ok) return;
      const data = await response.json();
      let changed = false;
      data.changes.forEach((change) => {
        const input = inputFor(change.id);
        if (!input || dirty.has(input) || input.value === change.raw) return;
        input.value = change.raw;
        const box = document.getElementById("feedback-" + change.id);
        if (box) box.innerHTML = '<span class="slot-state other-tab">' + form.dataset.otherTab + "</span>";
        changed = true;
      });
      revision = Math.max(revision, data.revision);
      if (changed) refreshPreview();
    } catch (error) {
      /* offline for a moment: try again on the next tick */
    }
  }
  setInterval(poll, 4000);
  window.addEventListener("focus", poll);

  // --- arriving in a section: the writer can type at once ---------------------------------
  // A link to one blank focuses that blank; a new section focuses its first open blank; in
  // all-sections mode, a jump to a heading focuses the first blank under it.
  function firstInputAfter(heading) {
    return inputs().find((input) => heading.compareDocumentPosition(input) & Node.DOCUMENT_POSITION_FOLLOWING);
  }
  function focusOnArrival() {
    const hash = decodeURIComponent(location.hash);
    if (hash.startsWith("#field-")) {
      const input = document.getElementById(hash.slice(1));
      if (input) input.focus({ preventScroll: true });
    } else if (hash.startsWith("#sec-")) {
      const heading = document.getElementById(hash.slice(1));
      const input = heading && firstInputAfter(heading);
      if (input) input.focus({ preventScroll: true });
    } else if (/[?&]section=/.test(location.search)) {
      const input = inputs().find(isOpen) || inputs()[0];
      if (input) input.focus();
    }
  }
  focusOnArrival();
  window.addEventListener("hashchange", focusOnArrival);
})();
