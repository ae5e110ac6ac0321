// pdfgen serve: the form's fields as JSON to the API; its answers shown beside the fields.
"use strict";
const csrf = document.querySelector('meta[name="csrf-token"]').content;
const $ = (id) => document.getElementById(id);

async function call(path, body) {
  const response = await fetch(path, {method: "POST", credentials: "same-origin",
    headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
    body: JSON.stringify(body)});
  if (!response.ok) {
    let said = {error: "the server answered " + response.status, field: null};
    try { said = await response.json(); } catch (e) { /* not JSON: keep the status */ }
    throw said;
  }
  return response;
}

// Who showed the mistake on the page: the preview's own is cleared by the next good preview;
// an action's (Print, E-mail, Save) stays until the next action (a preview started by the
// field just left wiped it a moment after it showed).
let shownBy = null;

function showMistake(said, by) {
  document.querySelectorAll(".error").forEach((e) => { e.textContent = ""; });
  shownBy = said ? by : null;
  if (!said) return;
  const place = (said.field && $("err-" + said.field)) || $("err-form");
  place.textContent = said.error;
  const input = said.field && $(said.field);
  if (input) input.setAttribute("aria-invalid", "true");
}

function number(input) { return input.value === "" ? null : Number(input.value); }

// An opened plan's own fields the form has no place for (its routine and level with the
// exercises it chose, so that its warning signs print; its title and introduction), and the
// order of the exercises chosen (a plan's own, or the order they were ticked in).
const PLAN_OWN = ["routine", "level", "title", "intro"];
let opened = {}, order = [];

function handoutBody() {
  const body = {};
  for (const name of ["title", "intro"]) {
    if (opened[name] != null) body[name] = opened[name];
  }
  for (const name of ["patient", "date", "follow_up", "note", "paper", "language", "layout"]) {
    if ($(name).value.trim() !== "") body[name] = $(name).value.trim();
  }
  if ($("large_print").checked) body.large_print = true;
  if ($("log").value !== "") body.log = number($("log"));
  if ($("from-routine").checked) {
    const [routine, level] = $("routine-level").value.split("|");
    body.routine = routine; body.level = Number(level);
  } else {
    if (opened.level != null) { body.level = opened.level; }
    if (opened.routine != null) { body.routine = opened.routine; }
    body.exercises = [];
    const sets = [...document.querySelectorAll("fieldset.exercise")];
    const place = (set) => { const at = order.indexOf(set.dataset.slug); return at < 0 ? order.length : at; };
    sets.sort((a, b) => place(a) - place(b)).forEach((set) => {
      if (!set.querySelector(".use").checked) return;
      const item = {slug: set.dataset.slug}, dose = {};
      for (const part of ["sets", "reps", "hold_seconds", "times"]) {
        const value = number(set.querySelector("." + part));
        if (value !== null) dose[part] = value;
      }
      for (const part of ["per", "side"]) {
        const value = set.querySelector("." + part).value;
        if (value) dose[part] = value;
      }
      if (Object.keys(dose).length) item.dose = dose;
      const note = set.querySelector(".note").value.trim();
      if (note) item.note = note;
      body.exercises.push(item);
    });
  }
  return body;
}

let waiting = null, asked = 0;
async function preview() {
  const mine = ++asked;
  $("preview").setAttribute("aria-busy", "true");
  try {
    const answer = await (await call("/api/preview", handoutBody())).json();
    if (mine !== asked) return;  // a newer preview is on its way
    if (shownBy === "preview") showMistake(null);
    const pages = $("pages");
    pages.replaceChildren(...answer.images.map((src, i) => {
      const img = document.createElement("img");
      img.src = src; img.alt = "Page " + (i + 1) + " of " + answer.pages;
      return img;
    }));
    $("preview-note").textContent = answer.file + ": " + answer.pages + " page" + (answer.pages === 1 ? "" : "s");
    // What the command line says of a handout (no warning signs, exercises not yet
    // reviewed): beside the preview, before it is printed or sent.
    $("preview-notes").replaceChildren(...answer.notes.map(said => {
      const item = document.createElement("li");
      item.textContent = said;
      return item;
    }));
    pages.dataset.pages = answer.pages;
  } catch (said) {
    if (mine === asked) showMistake(said, "preview");
  } finally {
    if (mine === asked) $("preview").setAttribute("aria-busy", "false");
  }
}

function soon() { clearTimeout(waiting); waiting = setTimeout(preview, 350); }

async function act(button, work) {
  button.disabled = true; $("status").textContent = "Working…";
  try { $("status").textContent = await work(); showMistake(null); }
  catch (said) { $("status").textContent = ""; showMistake(said, "action"); }
  finally { button.disabled = false; }
}

async function download(response) {  // the answer's file, saved by the browser; its name
  const name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition"))[1];
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob()); link.download = name;
  document.body.append(link); link.click(); link.remove();
  return name;
}

function handoutPage() {
  const form = $("handout");
  form.addEventListener("input", soon);
  form.addEventListener("change", soon);
  document.querySelectorAll("fieldset.exercise .use").forEach((box) => {
    box.addEventListener("change", () => {
      const slug = box.closest("fieldset.exercise").dataset.slug;
      order = order.filter((s) => s !== slug);
      if (box.checked) order.push(slug);
    });
  });
  for (const radio of ["from-routine", "from-library"]) {
    $(radio).addEventListener("change", () => {
      $("routine-part").hidden = !$("from-routine").checked;
      $("library-part").hidden = $("from-routine").checked;
    });
  }
  $("download").addEventListener("click", () => act($("download"), async () =>
    "Downloaded " + await download(await call("/api/handout", handoutBody())) + "."));
  $("draft").addEventListener("click", () => act($("draft"), async () => {
    const name = await download(await call("/api/draft", {...handoutBody(), to: $("to").value.trim()}));
    return "Downloaded " + name + ": open it in your mail program, read it over and send it.";
  }));
  $("print").addEventListener("click", () => act($("print"), async () =>
    (await (await call("/api/print", handoutBody())).json()).said));
  $("email").addEventListener("click", () => act($("email"), async () => {
    const body = {...handoutBody(), to: $("to").value.trim()};
    if ($("resend").checked) body.resend = true;
    try {
      const answer = await (await call("/api/email", body)).json();
      $("resend").checked = false;  // once: the next send is guarded again
      return "Sent " + answer.file + " to " + answer.to + ".";
    } catch (said) {  // (sent before: the page's own words for the API's "resend")
      if (said && said.error) said.error = said.error.replace('ask again with "resend": true', 'tick "Send again"');
      throw said;
    }
  }));
  $("save").addEventListener("click", () => act($("save"), async () => {
    const body = {name: $("plan-name").value, fields: handoutBody()};
    let answer;
    try {
      answer = await (await call("/api/plans/save", body)).json();
    } catch (said) {  // a plan of that name: replaced once the clinician says so, never unasked
      if (!(said && said.exit_code === 2 && said.field === "name" && /already exists/.test(said.error))) throw said;
      const shown = said.error.split(":")[0];
      if (!window.confirm(shown + " already exists. Replace it with this plan?")) return "Not saved: " + shown + " is kept as it was.";
      answer = await (await call("/api/plans/save", {...body, replace: true})).json();
    }
    const name = answer.name;  // in the list to open at once, not after a reload
    if (![...$("plan-open").options].some((o) => o.value === name)) $("plan-open").append(new Option(name, name));
    return "Saved " + answer.saved + ".";
  }));
  $("open").addEventListener("click", () => act($("open"), async () => {
    if (!$("plan-open").value) throw {error: "choose the plan to open", field: "plan"};
    const fields = (await (await call("/api/plans/open", {name: $("plan-open").value})).json()).fields;
    fill(fields); preview();
    if (!$("plan-name").disabled) $("plan-name").value = $("plan-open").value;  // saved again: the same file
    return "Opened " + $("plan-open").value + ".";
  }));
  preview();
}

function fill(fields) {
  // A saved plan's language the list lacks (es-MX, say) is added to it, never dropped.
  const language = fields.language;
  if (language && ![...$("language").options].some(o => o.value === language)) {
    $("language").add(new Option(language, language));
  }
  for (const name of ["patient", "date", "follow_up", "note", "language", "layout"]) {
    $(name).value = fields[name] == null ? "" : fields[name];
  }
  opened = {};
  for (const name of PLAN_OWN) { if (fields[name] != null) opened[name] = fields[name]; }
  order = (fields.exercises || []).map((e) => (typeof e === "string" ? e : e.slug));
  $("large_print").checked = fields.large_print === true;
  $("log").value = fields.log_weeks == null ? 0 : fields.log_weeks;
  if (fields.exercises) {
    $("from-library").checked = true;
    document.querySelectorAll("fieldset.exercise").forEach((set) => {
      const item = fields.exercises.map((e) => (typeof e === "string" ? {slug: e} : e))
        .find((e) => e.slug === set.dataset.slug);
      set.querySelector(".use").checked = Boolean(item);
      const dose = (item && !Array.isArray(item.dose) && item.dose) || {};
      for (const part of ["sets", "reps", "hold_seconds", "times", "per", "side"]) {
        set.querySelector("." + part).value = dose[part] == null ? "" : dose[part];
      }
      set.querySelector(".note").value = (item && item.note) || "";
    });
  } else if (fields.level != null) {
    $("from-routine").checked = true;
    const wanted = (fields.routine ? fields.routine + "|" : "") + fields.level;
    for (const option of $("routine-level").options) {
      if (option.value === wanted || option.value.endsWith("|" + fields.level)) { option.selected = true; break; }
    }
  }
  $("routine-part").hidden = !$("from-routine").checked;
  $("library-part").hidden = $("from-routine").checked;
}

function batchPage() {
  $("batch").addEventListener("submit", (event) => {
    event.preventDefault();
    act($("run"), async () => {
      const file = $("list").files[0];
      if (!file) throw {error: "choose the patient list (a CSV file)", field: "csv"};
      const answer = await (await call("/api/batch", {name: file.name, csv: await file.text(), mode: $("mode").value})).json();
      follow(answer.batch);
      return "Started.";
    });
  });
}

async function follow(id) {
  const state = await (await fetch("/api/batch/" + id, {credentials: "same-origin"})).json();
  $("progress").max = Math.max(state.total, 1); $("progress").value = state.done;
  const rows = $("report").querySelector("tbody");
  rows.replaceChildren(...state.outcomes.slice().sort((a, b) => a.row - b.row).map((o) => {
    const tr = document.createElement("tr");
    for (const text of [o.row, o.name, o.status, o.error]) {
      const td = document.createElement("td"); td.textContent = text; tr.append(td);
    }
    return tr;
  }));
  $("report").hidden = state.outcomes.length === 0;
  if (!state.ended) {
    $("status").textContent = state.done + " of " + state.total + " done…";
    setTimeout(() => follow(id), 500);
  } else if (state.ended.error) {
    $("status").textContent = ""; showMistake({error: state.ended.error, field: null});
  } else {
    const c = state.ended.counts || {};
    $("status").textContent = (state.ended.interrupted ? "Stopped; run it again to finish. " : "Done: ") +
      Object.entries(c).filter(([, n]) => n).map(([k, n]) => n + " " + k).join(", ") +
      (state.ended.report ? ". Report: " + state.ended.report : "");
  }
}

if ($("handout")) handoutPage();
if ($("batch")) batchPage();
