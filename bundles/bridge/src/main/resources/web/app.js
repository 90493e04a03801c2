// The DMP page of the Médialogis bridge: the same API and token as any client, the API's French
// messages shown as they are. No framework, no external resource: it works offline.
const API = "/api/";
const TOKEN = "dmp-bridge-token";
const CATEGORIES = { CONSULTATION: "CR de consultation", DIAGNOSTIC_PROCEDURE: "CR d'acte diagnostique (autre)",
  THERAPEUTIC_PROCEDURE: "CR d'acte thérapeutique (autre)", ANESTHESIA: "CR d'anesthésie",
  DISCHARGE_LETTER: "Lettre de liaison à la sortie", HOSPITAL_STAY: "CR hospitalier (séjour)",
  EMERGENCY_VISIT: "CR de passage aux urgences", IMAGING: "CR d'imagerie" };
const $ = (id) => document.getElementById(id);
const state = { patient: null, toolbar: null, document: null, efficience: null, vitale: "" };

/** A failed call: the API's code and its French message. */
class ApiFailure extends Error {
  constructor(status, error) { super(error.message); this.status = status; this.code = error.code; this.detail = error.detail; }
}

async function call(path, { method = "GET", json, body, type, raw = false } = {}) {
  const headers = { Authorization: "Bearer " + sessionStorage.getItem(TOKEN) };
  if (json !== undefined) { headers["Content-Type"] = "application/json"; body = JSON.stringify(json); }
  if (type) headers["Content-Type"] = type;
  const answer = await fetch(API + path, { method, headers, body });
  if (answer.status === 401) { showLogin("Le jeton n'est pas accepté : collez celui que donne bridge:token."); throw new ApiFailure(401, await answer.json()); }
  if (!answer.ok) {
    const error = (answer.headers.get("Content-Type") || "").startsWith("application/json") ? await answer.json()
      : { code: "HTTP_" + answer.status, message: "La demande n'a pas abouti.", detail: "" };
    throw new ApiFailure(answer.status, error);
  }
  if (raw) return answer;
  return answer.status === 204 ? null : answer.json();
}

function element(tag, attributes = {}, ...children) {
  const made = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name.startsWith("on")) made.addEventListener(name.slice(2), value); else made.setAttribute(name, value);
  }
  made.append(...children);
  return made;
}

function say(id, text) { const place = $(id); place.textContent = text || ""; place.hidden = !text; }
const date = (iso) => iso ? new Date(iso).toLocaleString("fr-FR") : "";

// --- token -----------------------------------------------------------------------------------
function showLogin(why) { $("app").hidden = true; $("login").hidden = false; if (why) $("login").querySelector("p").textContent = why; }

function takeToken() {
  const match = location.hash.match(/token=([A-Za-z0-9_-]+)/);
  if (match) { sessionStorage.setItem(TOKEN, match[1]); history.replaceState(null, "", location.pathname); }
  return sessionStorage.getItem(TOKEN);
}

$("token-form").addEventListener("submit", (event) => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN, $("token-input").value.trim());
  start();
});

// --- Efficience and health ---------------------------------------------------------------------
async function refreshEfficience() {
  const efficience = state.efficience = await call("efficience");
  const button = $("efficience");
  button.disabled = !efficience.licensed;
  button.textContent = efficience.session === "OPEN" ? "Fermer Efficience" : "Démarrer Efficience";
  say("licence-message", efficience.licensed ? "" : efficience.message);
  $("cps").textContent = efficience.cps ? `CPS de ${efficience.cps.holder} : ${efficience.cps.triesLeft} essais restants` : "Aucune carte CPS";
}

$("efficience").addEventListener("click", async () => {
  if (state.efficience.session === "OPEN") { await call("efficience/stop", { method: "POST" }); return refreshAll(); }
  const cps = state.efficience.cps;
  $("pin-tries").textContent = cps ? `Essais restants : ${cps.triesLeft}` : "Aucune carte CPS dans le lecteur.";
  $("last-try-row").hidden = !(cps && cps.triesLeft === 1);
  $("pin").value = ""; $("last-try").checked = false; say("pin-error", "");
  $("pin-dialog").showModal();
});
$("pin-cancel").addEventListener("click", () => $("pin-dialog").close());
$("pin-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const pin = $("pin").value; $("pin").value = "";
  try {
    await call("efficience/start", { method: "POST", json: { pin, lastTryConfirmed: $("last-try").checked } });
    $("pin-dialog").close();
  } catch (failure) {
    await refreshEfficience();
    const cps = state.efficience.cps;
    say("pin-error", failure.message + (cps ? ` Essais restants : ${cps.triesLeft}.` : ""));
    $("last-try-row").hidden = !(cps && cps.triesLeft === 1);
  }
  refreshAll();
});

async function refreshHealth() {
  const health = await call("health");
  const corner = $("health");
  corner.replaceChildren(element("strong", {}, "État : " + health.overall), " ");
  for (const check of health.checks.filter((check) => check.status !== "OK")) {
    corner.append(element("span", { class: check.status, title: check.messages.join(" ; ") },
      check.messages.some((message) => message.startsWith("DEMO:")) ? ` DEMO (${check.name})` : ` ${check.status} (${check.name})`));
  }
}

// --- patients and the Vitale card --------------------------------------------------------------
async function refreshPatients() {
  const list = $("patients");
  list.replaceChildren(...(await call("patients")).map((patient) => element("li", {}, element("button", {
    type: "button", "aria-pressed": String(state.patient === patient.localId), "data-patient": patient.localId,
    onclick: () => choose(patient.localId) }, `${patient.name} ${patient.firstName}`))));
}

async function refreshVitale() {
  let card;
  try { card = await call("vitale"); } catch (failure) { if (failure.code !== "NO_VITALE_CARD") throw failure; card = null; }
  const seen = JSON.stringify(card);
  if (seen === state.vitale) return;
  state.vitale = seen;
  const list = $("vitale");
  if (!card) { list.replaceChildren(element("li", { class: "muted" }, "Aucune carte Vitale n'est insérée dans le lecteur.")); return; }
  list.replaceChildren(...card.beneficiaries.map((beneficiary) => element("li", { "data-beneficiary": beneficiary.index },
    `${beneficiary.name} ${beneficiary.firstName} (${beneficiary.birthDate}) `,
    beneficiary.identified
      ? element("button", { type: "button", onclick: () => fromCard(beneficiary) },
          beneficiary.patients.length ? "Ouvrir le dossier" : "Créer le dossier patient")
      : element("span", { class: "muted" }, "sans INS-C"))));
}

/** A beneficiary of the card becomes (or opens) the practice patient holding his identifier. */
async function fromCard(beneficiary) {
  if (beneficiary.patients.length) return choose(beneficiary.patients[0]);
  const year = Number(beneficiary.birthDate.slice(0, 2));
  const century = year > new Date().getFullYear() % 100 ? "19" : "20";
  const localId = "V" + Date.now();
  try {
    await call("patients/" + localId, { method: "PUT", json: { name: beneficiary.name, firstName: beneficiary.firstName,
      birthDate: `${century}${beneficiary.birthDate.slice(0, 2)}-${beneficiary.birthDate.slice(2, 4)}-${beneficiary.birthDate.slice(4, 6)}`,
      sex: "UNKNOWN" } });
    await call(`patients/${localId}/vitale`, { method: "POST", json: { beneficiary: beneficiary.index, confirmed: true } });
  } catch (failure) { say("patient-message", failure.message); return; }
  state.vitale = "";
  await Promise.all([refreshPatients(), refreshVitale()]);
  choose(localId);
}

// --- the chosen patient ----------------------------------------------------------------------
async function choose(localId) {
  state.patient = localId; state.document = null; state.done = undefined;
  $("details").hidden = true; say("patient-message", "");
  const patient = await call("patients/" + localId);
  $("patient-name").textContent = `${patient.name} ${patient.firstName}, né(e) le ${new Date(patient.birthDate).toLocaleDateString("fr-FR")}`;
  await Promise.all([refreshPatients(), refreshToolbar(), refreshSent(), refreshReceived()]);
}

async function refreshToolbar(refresh = false) {
  if (!state.patient) return;
  try {
    state.toolbar = await call(`patients/${state.patient}/dmp${refresh ? "?refresh=true" : ""}`);
  } catch (failure) { state.toolbar = null; $("toolbar").hidden = true; $("send").disabled = true; say("patient-message", failure.message); return; }
  const toolbar = state.toolbar;
  $("toolbar").hidden = false;
  $("toolbar").textContent = toolbar.label;
  $("toolbar").disabled = toolbar.action === "NONE";
  $("toolbar-age").textContent = `réponse du DMP il y a ${toolbar.ageSeconds} s`;
  $("send").disabled = toolbar.state !== "AUTHORIZED";
  if (toolbar.state === "AUTHORIZED") refreshBrowser(); else $("browser").replaceChildren();
}

$("toolbar").addEventListener("click", async () => {
  const toolbar = state.toolbar;
  try {
    if (toolbar.action === "CREATE" || toolbar.action === "REACTIVATE") return openForm(toolbar.action);
    if (toolbar.action === "AUTHORIZE") await call(`patients/${state.patient}/dmp/authorization`, { method: "PUT", json: { granted: true } });
    if (toolbar.action === "EMERGENCY_ACCESS") { $("reason").value = ""; return $("reason-dialog").showModal(); }
    if (toolbar.action === "OPEN") await refreshToolbar(true);
  } catch (failure) { say("patient-message", failure.message); }
  refreshToolbar();
});

$("reason-cancel").addEventListener("click", () => $("reason-dialog").close());
$("reason-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try { await call(`patients/${state.patient}/dmp/access`, { method: "PUT", json: { mode: "BRIS_DE_GLACE", reason: $("reason").value } }); }
  catch (failure) { say("patient-message", failure.message); }
  $("reason-dialog").close(); refreshToolbar();
});

// --- creation and reactivation ------------------------------------------------------------------
async function openForm(action) {
  const patient = await call("patients/" + state.patient);
  const creating = action === "CREATE";
  $("form-title").textContent = creating ? "Création du DMP" : "Réactivation du DMP";
  $("consent-label").textContent = creating ? "Consentement du patient à l'ouverture de son DMP" : "Consentement du patient à la réactivation de son DMP";
  $("form-ok").textContent = creating ? "Créer" : "Réactiver";
  $("dmp-form").reset();
  $("f-name").value = patient.name; $("f-firstName").value = patient.firstName; $("f-birthDate").value = patient.birthDate; $("f-sex").value = patient.sex;
  $("form-ok").disabled = true;
  for (const error of $("dmp-form").querySelectorAll(".error")) error.textContent = "";
  $("form-dialog").dataset.action = action;
  $("form-dialog").showModal();
}
$("consent").addEventListener("change", () => { $("form-ok").disabled = !$("consent").checked; });
$("form-cancel").addEventListener("click", () => $("form-dialog").close());
$("dmp-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const value = (id) => $(id).value.trim() || null;
  const form = { civility: value("f-civility"), name: value("f-name"), firstName: value("f-firstName"), birthDate: value("f-birthDate"),
    sex: $("f-sex").value, mobilePhone: value("f-mobilePhone"), smsAccess: $("f-smsAccess").checked, email: value("f-email"),
    emailAccess: $("f-emailAccess").checked, legalRepresentative: value("f-legalRepresentative"),
    opposesBrisDeGlace: $("f-opposesBrisDeGlace").checked, opposesCentre15: $("f-opposesCentre15").checked, consent: $("consent").checked };
  for (const error of $("dmp-form").querySelectorAll(".error")) error.textContent = "";
  const creating = $("form-dialog").dataset.action === "CREATE";
  try {
    const toolbar = await call(`patients/${state.patient}/dmp${creating ? "" : "/reactivation"}`, { method: "POST", json: form });
    $("form-dialog").close();
    if (toolbar.accessSheet) {
      const sheet = await call(toolbar.accessSheet.replace(/^\/api\//, ""), { raw: true });
      const link = element("a", { href: URL.createObjectURL(await sheet.blob()), target: "_blank", id: "access-sheet" },
        "Imprimer la fiche d'accès du patient à son DMP");
      $("patient-message").replaceChildren(link); $("patient-message").hidden = false;
    }
  } catch (failure) {
    const field = failure.code === "INVALID_FIELD" ? failure.detail.split(":")[0] : null;
    const place = field && $("dmp-form").querySelector(`.error[data-for="${field}"]`);
    (place || $("form-error")).textContent = failure.message;
    return;
  }
  refreshToolbar();
});

// --- deposits -----------------------------------------------------------------------------------
$("d-category").append(...Object.entries(CATEGORIES).map(([code, label]) => element("option", { value: code }, label)));
for (const radio of document.querySelectorAll('input[name="type"]')) {
  radio.addEventListener("change", () => { $("d-text").hidden = !$("d-type-text").checked; });
}
$("send").addEventListener("click", () => {
  const file = $("document-file").files[0];
  $("deposit-form").reset(); $("d-text").hidden = true; say("deposit-error", "");
  $("d-title").value = file ? file.name.replace(/\.[^.]*$/, "") : "";
  $("deposit-dialog").showModal();
});
$("deposit-cancel").addEventListener("click", () => $("deposit-dialog").close());
$("deposit-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const now = event.submitter && event.submitter.value === "now";
  const typed = $("d-type-text").checked;
  const file = $("document-file").files[0];
  if (!typed && !file) { say("deposit-error", "Choisissez le document à envoyer."); return; }
  const body = typed ? new Blob([$("d-text").value], { type: "text/plain" }) : file;
  const query = new URLSearchParams({ documentId: typed ? "T" + Date.now() : ("F" + Date.now()), title: $("d-title").value,
    description: $("d-description").value, category: $("d-category").value,
    role: document.querySelector('input[name="role"]:checked').value, setting: $("d-setting").value,
    hiddenFromPatient: String($("d-hidden").checked), maskedToProfessionals: String($("d-masked").checked), now: String(now) });
  try {
    $("deposit-now").disabled = $("deposit-queue").disabled = true;
    await call(`patients/${state.patient}/deposits?${query}`, { method: "POST", body, type: typed ? "text/plain" : (file.type || "application/octet-stream") });
    $("deposit-dialog").close();
  } catch (failure) { say("deposit-error", failure.message); }
  finally { $("deposit-now").disabled = $("deposit-queue").disabled = false; }
  refreshSent(); refreshQueue();
});

async function refreshSent() {
  if (!state.patient) return;
  const sent = await call(`patients/${state.patient}/deposits`);
  // A deposit just done is in the DMP: the browser shows it (without asking the DMP every few seconds).
  const done = sent.filter((item) => item.state === "DONE").length;
  if (state.done !== undefined && done > state.done && state.toolbar && state.toolbar.state === "AUTHORIZED") refreshBrowser();
  state.done = done;
  $("sent").replaceChildren(...sent.map((item) => element("li", { "data-sent": item.documentId, "data-state": item.state },
    element("span", { class: "icon", role: "img", "aria-label": "envoyé", title: `Envoi du ${date(item.requested)} : ${item.title}`
      + `${item.description ? " — " + item.description : ""} (${item.state}${item.dmpUniqueId ? ", " + item.dmpUniqueId : ""})` }, "✉"),
    ` ${item.title} — ${item.state}`)));
}

// --- the DMP document browser ----------------------------------------------------------------------
async function refreshBrowser() {
  const documents = await call(`patients/${state.patient}/dmp-documents`);
  const browser = $("browser");
  browser.replaceChildren(...documents.categories.map((category) => element("div", {},
    element("div", { class: "category" }, `${category.label} (${category.count ? category.count + " document" + (category.count > 1 ? "s" : "") : "Aucun document"})`),
    ...category.documents.map((document) => element("div", { class: "document", tabindex: "0", role: "button",
      "data-document": document.uniqueId, "aria-selected": String(state.document && state.document.uniqueId === document.uniqueId),
      onclick: () => show(document), onkeydown: (event) => { if (event.key === "Enter") show(document); } },
      `${document.title} — ${date(document.created)}${document.receivedBy ? " ✔ transféré" : ""}`)))));
}

function show(document) {
  state.document = document;
  for (const [field, value] of Object.entries(document)) {
    const place = $("details").querySelector(`[data-field="${field}"]`);
    if (place) place.textContent = typeof value === "boolean" ? (value ? "oui" : "non") : (field === "created" || field === "deposited" ? date(value) : (value ?? ""));
  }
  $("viewer").replaceChildren();
  $("details").hidden = false;
  refreshBrowser();
}

$("open").addEventListener("click", async () => {
  const answer = await call(`patients/${state.patient}/dmp-documents/${encodeURIComponent(state.document.uniqueId)}/content`, { raw: true });
  const type = answer.headers.get("Content-Type") || "";
  $("viewer").replaceChildren(type.startsWith("text/") ? element("pre", { id: "document-text" }, await answer.text())
    : element("iframe", { title: state.document.title, src: URL.createObjectURL(await answer.blob()) }));
});

$("transfer").addEventListener("click", async () => {
  try {
    await call(`patients/${state.patient}/dmp-documents/${encodeURIComponent(state.document.uniqueId)}/transfer`, { method: "POST", json: {} });
    say("patient-message", "Le document a été transféré vers Médialogis.");
  } catch (failure) { say("patient-message", failure.message); }
  refreshBrowser(); refreshReceived();
});

async function refreshReceived() {
  if (!state.patient) return;
  const received = await call(`patients/${state.patient}/received`);
  $("received").replaceChildren(...received.map((item) => element("li", { "data-received": item.dmpUniqueId },
    element("span", { class: "icon", role: "img", "aria-label": "reçu", title: `Reçu le ${date(item.received)} : ${item.title}`
      + `${item.description ? " — " + item.description : ""} (daté du ${date(item.dated)})` }, "📥"), ` ${item.title}`)));
}

// --- the queue ------------------------------------------------------------------------------------
async function refreshQueue() {
  const queue = await call("queue?limit=20");
  $("queue-counts").textContent = Object.entries(queue.counts).map(([name, count]) => `${name} ${count}`).join(", ")
    + (queue.oldestWaitSeconds !== null ? ` — plus ancienne attente : ${queue.oldestWaitSeconds} s` : "")
    + ` — déposés dans l'heure : ${queue.doneLastHour}`;
  $("queue").replaceChildren(...queue.deposits.map((deposit) => element("li", { "data-deposit": deposit.id },
    `#${deposit.id} ${deposit.title} — ${deposit.state} `,
    ...(deposit.state === "FAILED" ? [element("button", { type: "button", onclick: () => act(deposit.id, "retry") }, "Réessayer")] : []),
    ...(deposit.state === "QUEUED" ? [element("button", { type: "button", onclick: () => act(deposit.id, "cancel") }, "Annuler")] : []))));
}
/** Deposits done per hour over the last day, from the queue's last 500 done deposits. */
async function refreshChart() {
  const done = (await call("queue?state=DONE&limit=500")).deposits;
  const hours = new Array(24).fill(0);
  const now = Date.now();
  for (const deposit of done) {
    const age = Math.floor((now - Date.parse(deposit.finished)) / 3600000);
    if (age >= 0 && age < 24) hours[23 - age]++;
  }
  const most = Math.max(1, ...hours);
  const svg = "http://www.w3.org/2000/svg";
  $("chart").replaceChildren(...hours.map((count, hour) => {
    const bar = document.createElementNS(svg, "rect");
    const height = Math.round(50 * count / most);
    for (const [name, value] of Object.entries({ x: hour * 10 + 1, y: 55 - height, width: 8, height, fill: "#1d4e89" })) bar.setAttribute(name, value);
    const title = document.createElementNS(svg, "title");
    title.textContent = `il y a ${23 - hour} h : ${count} dépôt${count > 1 ? "s" : ""}`;
    bar.append(title);
    return bar;
  }));
  $("chart").dataset.total = String(hours.reduce((sum, count) => sum + count, 0));
}

async function act(id, what) {
  try { await call(`queue/${id}/${what}`, { method: "POST" }); } catch (failure) { say("patient-message", failure.message); }
  refreshQueue(); refreshSent();
}

// --- start ------------------------------------------------------------------------------------------
async function refreshAll() {
  await Promise.all([refreshEfficience(), refreshPatients(), refreshVitale(), refreshQueue(), refreshChart(), refreshHealth(),
    refreshToolbar()]);
}

async function start() {
  if (!takeToken()) return showLogin();
  try { await refreshAll(); } catch (failure) { if (failure.status === 401) return; throw failure; }
  $("login").hidden = true; $("app").hidden = false;
  setInterval(() => refreshVitale().catch(() => {}), 1000);
  setInterval(() => Promise.all([refreshEfficience(), refreshPatients(), refreshQueue(), refreshSent()]).catch(() => {}), 3000);
  setInterval(() => Promise.all([refreshHealth(), refreshChart()]).catch(() => {}), 10000);
}
start();
