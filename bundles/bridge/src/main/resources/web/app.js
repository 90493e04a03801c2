// The DMP page of the Médialogis bridge: the same API and token as any client, the API's French
// messages shown as they are. No framework, no external resource: it works offline.
const API = "/api/";
const TOKEN = "dmp-bridge-token";
/** Well within the shortest heartbeat.seconds the bridge takes (10 s). */
const HEARTBEAT_MS = 5000;
const CATEGORIES = { CONSULTATION: "CR de consultation", DIAGNOSTIC_PROCEDURE: "CR d'acte diagnostique (autre)",
  THERAPEUTIC_PROCEDURE: "CR d'acte thérapeutique (autre)", ANESTHESIA: "CR d'anesthésie",
  DISCHARGE_LETTER: "Lettre de liaison à la sortie", HOSPITAL_STAY: "CR hospitalier (séjour)",
  EMERGENCY_VISIT: "CR de passage aux urgences", IMAGING: "CR d'imagerie" };
/** The visibility buttons of the details panel: their label while the flag is off, and while it is on. */
const VISIBILITY = { hiddenFromPatient: ["Masquer au patient", "Rendre visible au patient"],
  maskedToProfessionals: ["Masquer aux professionnels de santé", "Rendre visible aux professionnels de santé"],
  hiddenFromLegalRepresentatives: ["Masquer aux représentants légaux", "Rendre visible aux représentants légaux"] };
const $ = (id) => document.getElementById(id);
const state = { patient: null, patientRecord: null, toolbar: null, document: null, known: null, allDocuments: false, efficience: null,
  shown: {}, timers: [], done: undefined };

/** A failed call: the API's code and its French message. */
class ApiFailure extends Error {
  constructor(status, error) { super(error.message); this.status = status; this.code = error.code; this.detail = error.detail || ""; }
}

async function call(path, { method = "GET", json, body, type, raw = false, token = true } = {}) {
  const headers = token ? { Authorization: "Bearer " + sessionStorage.getItem(TOKEN) } : {};
  if (json !== undefined) { headers["Content-Type"] = "application/json"; body = JSON.stringify(json); }
  if (type) headers["Content-Type"] = type;
  const answer = await fetch(API + path, { method, headers, body, cache: "no-store" });
  if (!answer.ok) {
    const error = (answer.headers.get("Content-Type") || "").startsWith("application/json") ? await answer.json()
      : { code: "HTTP_" + answer.status, message: "La demande n'a pas abouti (" + answer.status + ")." };
    if (answer.status === 401) showLogin("Le jeton n'est pas accepté : collez celui que donne bin/dmp-shell bridge:token.");
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
const tell = (failure) => say("patient-message", failure.message);

/** Renders a list again only when its data changed, so that the focus stays where it is. */
function render(id, data, build) {
  const seen = JSON.stringify(data);
  if (state.shown[id] === seen) return;
  state.shown[id] = seen;
  $(id).replaceChildren(...build(data));
}

/** Runs an action with its buttons disabled and its dialog kept open until it ends; a failure is said. */
async function busy(buttons, dialog, action, place = "patient-message") {
  const keep = (event) => event.preventDefault();
  for (const button of buttons) button.disabled = true;
  if (dialog) dialog.addEventListener("cancel", keep);
  try { return await action(); }
  catch (failure) { say(place, failure.message); return undefined; }
  finally {
    for (const button of buttons) button.disabled = false;
    if (dialog) dialog.removeEventListener("cancel", keep);
  }
}

// --- the token ----------------------------------------------------------------------------------
function showLogin(why) {
  stopPolling();
  for (const dialog of document.querySelectorAll("dialog[open]")) dialog.close();
  $("app").hidden = true; $("login").hidden = false;
  if (why) $("login-why").textContent = why;
}

/** The address's one-time code is spent for the token, kept for this browser session only. */
async function takeToken() {
  const code = location.hash.match(/code=([A-Za-z0-9_-]+)/);
  history.replaceState(null, "", location.pathname);
  if (code) {
    try { sessionStorage.setItem(TOKEN, (await call("page-session", { method: "POST", json: { code: code[1] }, token: false })).token); }
    catch (failure) { showLogin(failure.message); return null; }
  }
  return sessionStorage.getItem(TOKEN);
}

$("token-form").addEventListener("submit", (event) => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN, $("token-input").value.trim());
  $("token-input").value = "";
  start();
});

// --- Efficience and health ---------------------------------------------------------------------
async function refreshEfficience() {
  const before = state.efficience;
  const efficience = state.efficience = await call("efficience");
  const button = $("efficience");
  button.disabled = !efficience.licensed;
  button.textContent = efficience.session === "OPEN" ? "Fermer Efficience" : "Démarrer Efficience";
  say("licence-message", efficience.licensed ? "" : efficience.message);
  const cps = efficience.cps;
  const card = !cps ? "" : cps.holder ? `CPS de ${cps.holder}` : "CPS (porteur lu avec le code)";
  $("cps").textContent = !cps ? "Aucune carte CPS" : cps.blocked ? `${card} : bloquée` : `${card} : ${tries(cps)}`;
  if (before && before.session !== efficience.session) refreshToolbar();
}
const tries = (cps) => cps.triesLeft < 0 ? "essais restants inconnus" : `${cps.triesLeft} essai${cps.triesLeft > 1 ? "s" : ""} restant${cps.triesLeft > 1 ? "s" : ""}`;

$("efficience").addEventListener("click", () => busy([$("efficience")], null, async () => {
  if (state.efficience.session === "OPEN") { await call("efficience/stop", { method: "POST" }); return refreshEfficience(); }
  const cps = state.efficience.cps;
  $("pin-tries").textContent = cps ? (cps.blocked ? "La carte CPS est bloquée." : tries(cps)) : "Aucune carte CPS dans le lecteur.";
  $("last-try-row").hidden = !(cps && cps.triesLeft === 1);
  $("pin").value = ""; $("last-try").checked = false; say("pin-error", "");
  $("pin-dialog").showModal();
}));
$("pin-dialog").addEventListener("close", () => { $("pin").value = ""; });
$("pin-cancel").addEventListener("click", () => $("pin-dialog").close());
$("pin-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const pin = $("pin").value; $("pin").value = "";
  busy([$("pin-ok"), $("pin-cancel")], $("pin-dialog"), async () => {
    try {
      await call("efficience/start", { method: "POST", json: { pin, lastTryConfirmed: $("last-try").checked } });
      $("pin-dialog").close();
    } catch (failure) {
      await refreshEfficience();
      const cps = state.efficience.cps;
      say("pin-error", failure.message + (cps ? ` ${tries(cps)[0].toUpperCase()}${tries(cps).slice(1)}.` : ""));
      $("last-try-row").hidden = !(cps && cps.triesLeft === 1);
      return;
    }
    await refreshEfficience();
    refreshToolbar();
  }, "pin-error");
});

/** While the bridge holds a session for this page, it hears from it; a page that goes away says so. */
function heartbeat() {
  if (state.efficience && state.efficience.openedByBridge) call("efficience/heartbeat", { method: "POST" }).catch(showBanner);
}
window.addEventListener("pagehide", () => {
  if (state.efficience && state.efficience.openedByBridge) {
    fetch(API + "efficience/closing", { method: "POST", keepalive: true, headers: { Authorization: "Bearer " + sessionStorage.getItem(TOKEN) } });
  }
});

async function refreshHealth() {
  const health = await call("health");
  const problems = health.checks.filter((check) => check.status !== "OK");
  const summary = "État : " + health.overall;
  if ($("health-summary").textContent !== summary) $("health-summary").textContent = summary;
  render("health-details", problems, (list) => list.map((check) => element("span", { class: check.status },
    check.messages.some((message) => message.startsWith("DEMO:")) ? ` DEMO (${check.name})` : ` ${check.status} (${check.name} : ${check.messages[0] || ""})`)));
}

// --- patients and the Vitale card --------------------------------------------------------------
async function refreshPatients() {
  const patients = await call("patients");
  render("patients", { patients, chosen: state.patient }, ({ patients: list }) => list.map((patient) => element("li", {}, element("button", {
    type: "button", "aria-pressed": String(state.patient === patient.localId), "data-patient": patient.localId,
    onclick: () => choose(patient.localId) }, `${patient.name} ${patient.firstName}`))));
}

async function refreshVitale() {
  let card;
  try { card = await call("vitale"); } catch (failure) { if (failure.code !== "NO_VITALE_CARD") throw failure; card = null; }
  const openWithout = state.patientRecord && !state.patientRecord.identifier ? state.patientRecord : null;
  render("vitale", { card, openWithout: openWithout && openWithout.localId }, () => !card
    ? [element("li", { class: "muted" }, "Aucune carte Vitale n'est insérée dans le lecteur.")]
    : card.beneficiaries.map((beneficiary) => element("li", { "data-beneficiary": beneficiary.index },
      `${beneficiary.name} ${beneficiary.firstName} (${beneficiary.birthDate}) `,
      ...(!beneficiary.identified ? [element("span", { class: "muted" }, "sans INS-C")]
        : beneficiary.patients.length ? [element("button", { type: "button", onclick: () => choose(beneficiary.patients[0]) }, "Ouvrir le dossier")]
        : [element("button", { type: "button", class: "new-patient", onclick: () => fromCard(beneficiary, null) }, "Créer le dossier patient"),
           ...(openWithout ? [element("button", { type: "button", class: "link-patient", onclick: () => fromCard(beneficiary, openWithout) },
             `Lier à ${openWithout.name} ${openWithout.firstName}`)] : [])]))));
}

/** Asks the user to confirm what a button is about to do; resolves with the date field's value, or null when cancelled. */
function confirmWith(title, text, birthDate) {
  $("confirm-title").textContent = title; $("confirm-text").textContent = text;
  $("confirm-date-row").hidden = birthDate === undefined;
  if (birthDate !== undefined) $("confirm-date").value = birthDate || "";
  $("confirm-dialog").showModal();
  return new Promise((resolve) => {
    const done = (value) => { $("confirm-dialog").close(); cleanup(); resolve(value); };
    const ok = (event) => { event.preventDefault(); done(birthDate === undefined ? "" : $("confirm-date").value); };
    const cancel = () => done(null);
    const cleanup = () => { $("confirm-form").removeEventListener("submit", ok); $("confirm-cancel").removeEventListener("click", cancel);
      $("confirm-dialog").removeEventListener("cancel", cancel); };
    $("confirm-form").addEventListener("submit", ok);
    $("confirm-cancel").addEventListener("click", cancel);
    $("confirm-dialog").addEventListener("cancel", cancel);
  });
}

/** A card's birth date AAMMJJ as a calendar date the user checks (the century is a guess, a lunar date has none). */
function guessedDate(card) {
  const [yy, mm, dd] = [card.slice(0, 2), card.slice(2, 4), card.slice(4, 6)];
  if (mm === "00" || dd === "00" || Number(mm) > 12 || Number(dd) > 31) return "";
  return `${Number(yy) > new Date().getFullYear() % 100 ? "19" : "20"}${yy}-${mm}-${dd}`;
}

/** The beneficiary becomes the open patient's identifier, or a new patient, once the user confirmed who he is. */
async function fromCard(beneficiary, existing) {
  const who = `${beneficiary.name} ${beneficiary.firstName}, né(e) le ${beneficiary.birthDate} (carte Vitale)`;
  const birthDate = existing ? undefined : guessedDate(beneficiary.birthDate);
  const confirmed = await confirmWith(existing ? "Lier la carte Vitale au dossier" : "Créer le dossier patient",
    existing ? `${who} est bien ${existing.name} ${existing.firstName} ?` : `Créer le dossier de ${who} ? Vérifiez la date de naissance.`,
    birthDate);
  if (confirmed === null) return;
  let localId = existing ? existing.localId : null;
  try {
    if (!existing) {
      localId = "V" + Date.now();
      await call("patients/" + localId, { method: "PUT", json: { name: beneficiary.name, firstName: beneficiary.firstName, birthDate: confirmed || null, sex: "UNKNOWN" } });
    }
    await call(`patients/${localId}/vitale`, { method: "POST", json: { beneficiary: beneficiary.index, confirmed: true } });
  } catch (failure) {
    tell(failure);
    if (localId && !existing) choose(localId);
    return;
  }
  state.shown.vitale = "";
  await Promise.all([refreshPatients(), refreshVitale()]);
  choose(localId);
}

// --- the chosen patient ----------------------------------------------------------------------
async function choose(localId) {
  state.patient = localId; state.document = null; state.done = undefined; state.toolbar = null; state.known = null;
  $("details").hidden = true; say("patient-message", "");
  showAllDocuments(false);
  for (const id of ["sent", "received", "browser"]) { state.shown[id] = ""; $(id).replaceChildren(); }
  try {
    const patient = await call("patients/" + localId);
    if (state.patient !== localId) return;
    state.patientRecord = patient;
    $("patient-name").textContent = `${patient.name} ${patient.firstName}, né(e) le ${new Date(patient.birthDate).toLocaleDateString("fr-FR")}`;
    showIdentity(patient);
    await Promise.all([refreshPatients(), refreshVitale(), refreshToolbar(), refreshSent(), refreshReceived()]);
  } catch (failure) { tell(failure); }
}

// --- the patient's identity (identity vigilance) -----------------------------------------------
const IDENTITY = { PROVISIONAL: "Identité provisoire", RETRIEVED: "Identité récupérée (INSi)", VALIDATED: "Identité validée",
  QUALIFIED: "Identité qualifiée" };
const SEX = { MALE: "homme", FEMALE: "femme", UNKNOWN: "sexe non renseigné" };
const TRAIT = { "birth name": "nom de naissance", "first names": "prénoms", sex: "sexe", "birth date": "date de naissance" };

function showIdentity(patient) {
  state.patientRecord = patient;
  $("identity").hidden = false;
  $("identity-status").textContent = IDENTITY[patient.identityStatus]
    + (patient.identifier && patient.identifier.system !== "INS_C" ? ` — INS ${patient.identifier.value}` : "");
  $("identity-check").disabled = patient.identityDocument !== null;
}

$("ins-lookup").addEventListener("click", () => {
  const id = state.patient;
  busy([$("ins-lookup")], null, async () => {
    const card = await call("vitale").catch(() => null);
    const onCard = card && card.beneficiaries.find((beneficiary) => beneficiary.patients.includes(id));
    const found = await call(`patients/${id}/ins`, { method: "POST", json: onCard ? { vitaleBeneficiary: onCard.index } : {} });
    if (state.patient !== id) return;
    showIdentity(found.patient);
    say("patient-message", {
      ATTACHED: `INS ${found.identity && found.identity.ins} récupérée auprès d'INSi.`,
      TRAITS_DIFFER: `INSi connaît ${found.identity && `${found.identity.birthName} ${found.identity.firstNames}, ${SEX[found.identity.sex]},`
        + ` né(e) le ${found.identity.birthDate}`} : ${found.differing.map((trait) => TRAIT[trait]).join(", ")} différent(s) du dossier.`
        + " Rien n'a été enregistré : vérifiez l'identité du patient.",
      HELD_BY_ANOTHER: `Cette INS est déjà celle du dossier ${found.heldBy.join(", ")} : un doublon à résoudre. Rien n'a été enregistré.`,
      NOT_FOUND: "INSi ne connaît pas d'identité avec ces traits.",
      SEVERAL: "INSi connaît plusieurs identités avec ces traits : le lieu de naissance les départagerait.",
    }[found.outcome]);
    await refreshToolbar();
  });
});

$("identity-check").addEventListener("click", () => {
  const patient = state.patientRecord;
  $("identity-traits").textContent = `${patient.name} ${patient.firstName}, ${SEX[patient.sex]},`
    + ` né(e) le ${new Date(patient.birthDate).toLocaleDateString("fr-FR")}`;
  $("identity-document").value = ""; $("identity-confirmed").checked = false; say("identity-message", "");
  $("identity-dialog").showModal();
});
$("identity-cancel").addEventListener("click", () => $("identity-dialog").close());
$("identity-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const patient = state.patientRecord;
  busy([$("identity-ok"), $("identity-cancel")], $("identity-dialog"), async () => {
    const checked = await call(`patients/${patient.localId}/identity-validation`, { method: "POST", json: {
      document: $("identity-document").value, name: patient.name, firstName: patient.firstName, birthDate: patient.birthDate,
      sex: patient.sex, confirmed: $("identity-confirmed").checked } });
    $("identity-dialog").close();
    if (state.patient !== patient.localId) return;
    showIdentity(checked);
    say("patient-message", IDENTITY[checked.identityStatus] + ".");
    await refreshToolbar();
  }, "identity-message");
});

async function refreshToolbar(refresh = false) {
  const id = state.patient;
  if (!id) return;
  let toolbar;
  try { toolbar = await call(`patients/${id}/dmp${refresh ? "?refresh=true" : ""}`); }
  catch (failure) {
    if (state.patient !== id) return;
    state.toolbar = null; $("toolbar").hidden = true; $("send").disabled = true; $("all-documents").hidden = true; tell(failure); return;
  }
  if (state.patient !== id) return;
  state.toolbar = toolbar;
  $("toolbar").hidden = false;
  $("toolbar").textContent = toolbar.label;
  $("toolbar").setAttribute("aria-disabled", String(toolbar.action === "NONE"));
  $("toolbar-age").textContent = `réponse du DMP il y a ${toolbar.ageSeconds} s`;
  $("send").disabled = toolbar.state !== "AUTHORIZED";
  $("all-documents").hidden = toolbar.state !== "AUTHORIZED";
  if (toolbar.state === "AUTHORIZED") refreshBrowser().catch(tell); else { state.shown.browser = ""; $("browser").replaceChildren(); }
}

$("toolbar").addEventListener("click", () => {
  const toolbar = state.toolbar;
  if (!toolbar || toolbar.action === "NONE") return;
  const id = state.patient;
  busy([$("toolbar")], null, async () => {
    if (toolbar.action === "CREATE" || toolbar.action === "REACTIVATE") return openForm(toolbar.action);
    if (toolbar.action === "AUTHORIZE") {
      if (await confirmWith("Modifier les droits", "Le patient vous autorise-t-il à accéder à son DMP ?") === null) return;
      await call(`patients/${id}/dmp/authorization`, { method: "PUT", json: { granted: true } });
    }
    if (toolbar.action === "EMERGENCY_ACCESS") { $("reason").value = ""; return $("reason-dialog").showModal(); }
    await refreshToolbar(toolbar.action === "OPEN");
  });
});

$("reason-cancel").addEventListener("click", () => $("reason-dialog").close());
$("reason-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const id = state.patient;
  busy([$("reason-ok"), $("reason-cancel")], $("reason-dialog"), async () => {
    await call(`patients/${id}/dmp/access`, { method: "PUT", json: { mode: "BRIS_DE_GLACE", reason: $("reason").value } });
    $("reason-dialog").close();
    await refreshToolbar();
  });
});

// --- creation and reactivation ------------------------------------------------------------------
function clearFieldErrors(form) {
  for (const error of form.querySelectorAll(".error")) error.textContent = "";
  for (const field of form.querySelectorAll("[aria-invalid]")) field.removeAttribute("aria-invalid");
}

/** The API names a refused field in its detail: its message goes beside it, and the focus to it. */
function showFieldError(form, failure, fallback) {
  const field = failure.code === "INVALID_FIELD" ? failure.detail.split(":")[0] : null;
  const place = field && form.querySelector(`.error[data-for="${field}"]`);
  (place || $(fallback)).textContent = failure.message;
  const input = field && form.querySelector(`[name="${field}"]`);
  if (input) { input.setAttribute("aria-invalid", "true"); input.focus(); }
}

async function openForm(action) {
  const patient = await call("patients/" + state.patient);
  const creating = action === "CREATE";
  $("form-title").textContent = creating ? "Création du DMP" : "Réactivation du DMP";
  $("consent-label").textContent = creating ? "Consentement du patient à l'ouverture de son DMP" : "Consentement du patient à la réactivation de son DMP";
  $("form-ok").textContent = creating ? "Créer" : "Réactiver";
  $("dmp-form").reset();
  $("f-name").value = patient.name; $("f-firstName").value = patient.firstName; $("f-birthDate").value = patient.birthDate; $("f-sex").value = patient.sex;
  $("form-ok").disabled = true;
  clearFieldErrors($("dmp-form")); say("form-error", "");
  $("form-dialog").dataset.action = action;
  $("form-dialog").dataset.patient = state.patient;
  $("form-dialog").showModal();
}
$("consent").addEventListener("change", () => { $("form-ok").disabled = !$("consent").checked; });
$("form-cancel").addEventListener("click", () => $("form-dialog").close());
$("dmp-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const value = (id) => $(id).value.trim() || null;
  const form = { civility: value("f-civility"), name: value("f-name"), firstName: value("f-firstName"), birthDate: value("f-birthDate"),
    sex: $("f-sex").value, mobilePhone: value("f-mobilePhone"), smsAccess: $("f-smsAccess").checked, email: value("f-email"),
    emailAccess: $("f-emailAccess").checked, legalRepresentative: value("f-legalRepresentative"),
    opposesBrisDeGlace: $("f-opposesBrisDeGlace").checked, opposesCentre15: $("f-opposesCentre15").checked, consent: $("consent").checked };
  clearFieldErrors($("dmp-form")); say("form-error", "");
  const id = $("form-dialog").dataset.patient;
  const creating = $("form-dialog").dataset.action === "CREATE";
  const buttons = [$("form-ok"), $("form-cancel")];
  for (const button of buttons) button.disabled = true;
  const keep = (cancel) => cancel.preventDefault();
  $("form-dialog").addEventListener("cancel", keep);
  call(`patients/${id}/dmp${creating ? "" : "/reactivation"}`, { method: "POST", json: form }).then(async (toolbar) => {
    $("form-dialog").close();
    await refreshToolbar();
    if (toolbar.accessSheet) {
      try {
        const sheet = await call(toolbar.accessSheet.replace(/^\/api\//, ""), { raw: true });
        const link = element("a", { href: URL.createObjectURL(await sheet.blob()), target: "_blank", id: "access-sheet" },
          "Imprimer la fiche d'accès du patient à son DMP");
        $("patient-message").replaceChildren(link); $("patient-message").hidden = false;
      } catch (failure) { tell(failure); }
    }
  }, (failure) => showFieldError($("dmp-form"), failure, "form-error")).finally(() => {
    $("form-cancel").disabled = false; $("form-ok").disabled = !$("consent").checked;
    $("form-dialog").removeEventListener("cancel", keep);
  });
});

// --- deposits -----------------------------------------------------------------------------------
$("d-category").append(...Object.entries(CATEGORIES).map(([code, label]) => element("option", { value: code }, label)));
for (const radio of document.querySelectorAll('input[name="type"]')) {
  radio.addEventListener("change", () => { $("d-text").hidden = !$("d-type-text").checked; });
}
/** The deposit dialog, for a new document or for a new version of the DMP document {@code replaced} ("Remplacer"). */
function openDeposit(replaced) {
  const file = $("document-file").files[0];
  $("deposit-form").reset(); $("d-text").hidden = true; say("deposit-error", ""); clearFieldErrors($("deposit-form"));
  $("deposit-title").textContent = replaced ? `Nouvelle version de « ${replaced.title} »` : "Ajout au DMP";
  $("d-title").value = replaced ? replaced.title : file ? file.name.replace(/\.[^.]*$/, "") : "";
  $("deposit-dialog").dataset.patient = state.patient;
  $("deposit-dialog").dataset.replaces = replaced ? replaced.uniqueId : "";
  $("deposit-dialog").showModal();
}
$("send").addEventListener("click", () => openDeposit(null));
$("deposit-cancel").addEventListener("click", () => $("deposit-dialog").close());
$("deposit-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const now = event.submitter && event.submitter.value === "now";
  const typed = $("d-type-text").checked;
  const file = $("document-file").files[0];
  if (!typed && !file) { say("deposit-error", "Choisissez le document à envoyer."); return; }
  const body = typed ? new Blob([$("d-text").value], { type: "text/plain" }) : file;
  const id = $("deposit-dialog").dataset.patient;
  const query = new URLSearchParams({ documentId: (typed ? "T" : "F") + Date.now(), title: $("d-title").value,
    description: $("d-description").value, category: $("d-category").value,
    role: document.querySelector('input[name="role"]:checked').value, setting: $("d-setting").value,
    hiddenFromPatient: String($("d-hidden").checked), maskedToProfessionals: String($("d-masked").checked), now: String(now) });
  const replaces = $("deposit-dialog").dataset.replaces;
  if (replaces) query.set("replaces", replaces);
  clearFieldErrors($("deposit-form")); say("deposit-error", "");
  const buttons = [$("deposit-now"), $("deposit-queue"), $("deposit-cancel")];
  for (const button of buttons) button.disabled = true;
  const keep = (cancel) => cancel.preventDefault();
  $("deposit-dialog").addEventListener("cancel", keep);
  call(`patients/${id}/deposits?${query}`, { method: "POST", body, type: typed ? "text/plain" : (file.type || "application/octet-stream") })
    .then(() => { $("deposit-dialog").close(); refreshSent().catch(tell); refreshQueue().catch(tell); },
      (failure) => showFieldError($("deposit-form"), failure, "deposit-error"))
    .finally(() => { for (const button of buttons) button.disabled = false; $("deposit-dialog").removeEventListener("cancel", keep); });
});

/** A sent or received item: its icon is a button whose label and tooltip give the details. */
const detailsIcon = (symbol, details) => element("button", { type: "button", class: "icon", title: details, "aria-label": details }, symbol);

async function refreshSent() {
  const id = state.patient;
  if (!id) return;
  const sent = await call(`patients/${id}/deposits`);
  if (state.patient !== id) return;
  // A deposit just done is in the DMP: the browser shows it (without asking the DMP every few seconds), the whole window again,
  // as a new version replaces a document the page shows.
  const done = sent.filter((item) => item.state === "DONE").length;
  if (state.done !== undefined && done > state.done && state.toolbar && state.toolbar.state === "AUTHORIZED") refreshBrowser(true).catch(tell);
  state.done = done;
  render("sent", sent, (list) => list.map((item) => element("li", { "data-sent": item.documentId, "data-state": item.state },
    detailsIcon("✉", `Envoi du ${date(item.requested)} : ${item.title}${item.description ? " — " + item.description : ""}`
      + ` (${item.state}${item.dmpUniqueId ? ", " + item.dmpUniqueId : ""})`), ` ${item.title} — ${item.state}`)));
}

// --- the DMP document browser ----------------------------------------------------------------------
/**
 * The page asks the DMP for the whole window (the current documents of the last two years, or every
 * document when asked) when it opens a patient and after a change of its own; otherwise only for
 * what was deposited since the last search, added to what it shows.
 */
async function refreshBrowser(whole = false) {
  const id = state.patient;
  const scope = state.allDocuments ? "ALL" : whole || !state.known ? "RECENT" : "CHANGES";
  const answer = await call(`patients/${id}/dmp-documents?scope=${scope}`);
  if (state.patient !== id) return;
  state.known = answer.since && state.known ? merged(state.known, answer) : answer;
  renderBrowser();
}

/** Draws the documents the page holds, the chosen one pressed. */
function renderBrowser() {
  const documents = state.known;
  render("browser", { documents, chosen: state.document && state.document.uniqueId }, () => documents.categories.map((category) => element("div", {},
    element("div", { class: "category" }, `${category.label} (${category.count ? category.count + " document" + (category.count > 1 ? "s" : "") : "Aucun document"})`),
    ...category.documents.map((entry) => element("button", { type: "button", class: "document", "data-document": entry.uniqueId,
      "aria-pressed": String(Boolean(state.document && state.document.uniqueId === entry.uniqueId)), onclick: () => show(entry) },
      `${entry.title} — ${date(entry.created)}${entry.receivedBy ? " ✔ transféré" : ""}`)))));
}

/** What the page showed, with the documents deposited since added, each once, category by category. */
function merged(known, answer) {
  const labels = [...new Set([...answer.categories, ...known.categories].map((category) => category.label))];
  const categories = labels.map((label) => {
    const fresh = answer.categories.find((category) => category.label === label);
    const before = known.categories.find((category) => category.label === label);
    const added = fresh ? fresh.documents : [];
    const ids = new Set(added.map((entry) => entry.uniqueId));
    const documents = [...added, ...(before ? before.documents.filter((entry) => !ids.has(entry.uniqueId)) : [])];
    return { ...(fresh || before), count: documents.length, documents };
  });
  return { ...answer, count: categories.reduce((sum, category) => sum + category.count, 0), categories };
}

function showAllDocuments(all) {
  state.allDocuments = all;
  $("all-documents").setAttribute("aria-pressed", String(all));
  $("all-documents").textContent = all ? "Afficher les documents récents" : "Afficher tous les documents";
}

$("all-documents").addEventListener("click", () => {
  showAllDocuments(!state.allDocuments);
  state.shown.browser = "";
  busy([$("all-documents")], null, () => refreshBrowser(true));
});

function show(entry) {
  state.document = entry;
  for (const [field, value] of Object.entries(entry)) {
    const place = $("details").querySelector(`[data-field="${field}"]`);
    if (place) place.textContent = typeof value === "boolean" ? (value ? "oui" : "non") : (field === "created" || field === "deposited" ? date(value) : (value ?? ""));
  }
  for (const button of document.querySelectorAll("[data-flag]")) button.textContent = VISIBILITY[button.dataset.flag][entry[button.dataset.flag] ? 1 : 0];
  $("archive").textContent = entry.status === "ARCHIVED" ? "Désarchiver" : "Archiver";
  $("viewer").replaceChildren();
  $("details").hidden = false;
  renderBrowser();
}

$("open").addEventListener("click", () => busy([$("open")], null, async () => {
  const entry = state.document;
  const answer = await call(`patients/${state.patient}/dmp-documents/${encodeURIComponent(entry.uniqueId)}/content`, { raw: true });
  const type = answer.headers.get("Content-Type") || "";
  $("viewer").replaceChildren(type.startsWith("text/") ? element("pre", { id: "document-text" }, await answer.text())
    : element("iframe", { title: entry.title, src: URL.createObjectURL(await answer.blob()) }));
}));

$("transfer").addEventListener("click", () => busy([$("transfer")], null, async () => {
  await call(`patients/${state.patient}/dmp-documents/${encodeURIComponent(state.document.uniqueId)}/transfer`, { method: "POST", json: {} });
  say("patient-message", "Le document a été transféré vers Médialogis.");
  await Promise.all([refreshBrowser(true), refreshReceived()]);
}));

/**
 * A change of the document shown, which the DMP refuses for another professional's: the details
 * show the document as the DMP gives it back (none once deleted), the browser its whole window again.
 */
function changeDocument(button, done, change) {
  const id = state.patient;
  const entry = state.document;
  return busy([button], null, async () => {
    const changed = await change(`patients/${id}/dmp-documents/${encodeURIComponent(entry.uniqueId)}`, entry);
    if (state.patient !== id) return;
    say("patient-message", done);
    if (changed) show(changed);
    else { state.document = null; $("details").hidden = true; }
    await refreshBrowser(true);
  });
}

for (const button of document.querySelectorAll("[data-flag]")) {
  button.addEventListener("click", () => changeDocument(button, "La visibilité du document a été modifiée.", (path, entry) =>
    call(path + "/visibility", { method: "PUT", json: { hiddenFromPatient: entry.hiddenFromPatient, maskedToProfessionals: entry.maskedToProfessionals,
      hiddenFromLegalRepresentatives: entry.hiddenFromLegalRepresentatives, [button.dataset.flag]: !entry[button.dataset.flag] } })));
}

$("archive").addEventListener("click", () => {
  const archived = state.document.status !== "ARCHIVED";
  changeDocument($("archive"), archived ? "Le document a été archivé." : "Le document a été désarchivé.",
    (path) => call(path + "/archived", { method: "PUT", json: { archived } }));
});

$("replace").addEventListener("click", () => openDeposit(state.document));

$("delete").addEventListener("click", async () => {
  const entry = state.document;
  if (await confirmWith("Supprimer du DMP", `Supprimer « ${entry.title} » du DMP du patient ? Il n'y sera plus consultable.`) === null) return;
  changeDocument($("delete"), "Le document a été supprimé du DMP.", (path) => call(path, { method: "DELETE" }));
});

async function refreshReceived() {
  const id = state.patient;
  if (!id) return;
  const received = await call(`patients/${id}/received`);
  if (state.patient !== id) return;
  render("received", received, (list) => list.map((item) => element("li", { "data-received": item.dmpUniqueId },
    detailsIcon("📥", `Reçu le ${date(item.received)} : ${item.title}${item.description ? " — " + item.description : ""} (daté du ${date(item.dated)})`),
    ` ${item.title}`)));
}

// --- the queue ------------------------------------------------------------------------------------
async function refreshQueue() {
  const [failed, queued] = await Promise.all([call("queue?state=FAILED&limit=50"), call("queue?state=QUEUED&limit=50")]);
  $("queue-counts").textContent = Object.entries(queued.counts).map(([name, count]) => `${name} ${count}`).join(", ")
    + (queued.oldestWaitSeconds !== null ? ` — plus ancienne attente : ${queued.oldestWaitSeconds} s` : "")
    + ` — déposés dans l'heure : ${queued.doneLastHour}`;
  say("queue-failure", queued.failure ? "La file d'attente a une panne : " + queued.failure : "");
  render("queue", [...failed.deposits, ...queued.deposits], (list) => list.map((deposit) => element("li", { "data-deposit": deposit.id },
    `#${deposit.id} ${deposit.title} — ${deposit.state} `,
    element("button", { type: "button", onclick: () => act(deposit.id, deposit.state === "FAILED" ? "retry" : "cancel") },
      deposit.state === "FAILED" ? "Réessayer" : "Annuler"))));
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
  render("chart", hours, () => hours.map((count, hour) => {
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

function act(id, what) {
  busy([], null, async () => { await call(`queue/${id}/${what}`, { method: "POST" }); await Promise.all([refreshQueue(), refreshSent()]); });
}

// --- start ------------------------------------------------------------------------------------------
function showBanner(failure) {
  if (failure && failure.status === 401) return;
  say("banner", failure ? "Le pont Médialogis ne répond pas comme prévu : " + failure.message : "");
}

/** Every part is asked; what fails is said in the banner, the rest is shown. */
async function refresh(parts) {
  const results = await Promise.allSettled(parts.map((part) => part()));
  const failure = results.find((result) => result.status === "rejected");
  showBanner(failure ? failure.reason : null);
}

function stopPolling() { for (const timer of state.timers) clearInterval(timer); state.timers = []; }

async function start() {
  stopPolling();
  if (!(await takeToken())) return showLogin();
  try { await call("efficience"); } catch (failure) { if (failure.status === 401) return; }
  $("login").hidden = true; $("app").hidden = false;
  await refresh([refreshEfficience, refreshPatients, refreshVitale, refreshQueue, refreshChart, refreshHealth, refreshToolbar]);
  state.timers.push(setInterval(() => refresh([refreshVitale]), 1000));
  state.timers.push(setInterval(() => refresh([refreshEfficience, refreshPatients, refreshQueue, refreshSent]), 3000));
  state.timers.push(setInterval(() => refresh([refreshHealth, refreshChart]), 10000));
  state.timers.push(setInterval(heartbeat, HEARTBEAT_MS));
}
start();
