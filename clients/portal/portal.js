// A portal as a team would build one: the form's choices and the labels come from /v1/vocabulary,
// the assessment from POST /v1/assessments, the briefing from its memo as HTML (embedded as sent:
// the service escapes every text and sends no script, style or handler), and a 422 is shown
// field by field. Everything else is set as text, never as HTML.
const settings = new URLSearchParams(location.hash.slice(1));
const api = (settings.get("api") || "").replace(/\/$/, "");
const key = settings.get("key") || "";
const $ = (id) => document.getElementById(id);
const labels = {};

function request(path, options = {}) {
  const headers = { Authorization: `Bearer ${key}`, ...(options.headers || {}) };
  return fetch(`${api}${path}`, { ...options, headers });
}

function label(group, value) {
  return (labels[group] && labels[group][value]) || value;
}

function item(text, className) {
  const li = document.createElement("li");
  if (className) li.className = className;
  li.textContent = text;
  return li;
}

function say(text) {
  $("status").textContent = text;
}

async function loadVocabulary() {
  const response = await request("/v1/vocabulary");
  if (!response.ok) throw new Error(`vocabulary: HTTP ${response.status}`);
  const vocabulary = await response.json();
  for (const [group, terms] of Object.entries(vocabulary)) {
    if (Array.isArray(terms) && terms.every((t) => t && typeof t === "object" && "label" in t)) {
      labels[group] = Object.fromEntries(terms.map((t) => [t.value, t.label]));
    }
  }
  const select = $("stakeholder-type");
  for (const term of vocabulary.stakeholder_types) {
    const option = document.createElement("option");
    option.value = term.value;
    option.textContent = term.label;
    select.append(option);
  }
  $("submit").disabled = false;
  $("invalid").disabled = false;
}

function showProblem(problem) {
  $("assessment").hidden = true;
  $("problem").hidden = false;
  $("problem-title").textContent = `${problem.status} ${problem.title}`;
  const list = $("problem-errors");
  list.replaceChildren();
  for (const [field, errors] of Object.entries(problem.errors || {})) {
    for (const error of errors) {
      const text = typeof error === "string" ? error : `${error.message} (${error.code})`;
      list.append(item(`${field}: ${text}`, "field-error"));
    }
  }
  if (!list.children.length && problem.detail) list.append(item(problem.detail));
}

async function showAssessment(assessment) {
  $("problem").hidden = true;
  const profile = assessment.profile;
  $("assessment-title").textContent =
    `${profile.name || label("stakeholder_types", profile.stakeholder_type)}: ` +
    `${assessment.recommendations.length} recommendations`;
  const list = $("recommendations");
  list.replaceChildren();
  for (const rec of assessment.recommendations) {
    const li = item("");
    const tier = document.createElement("span");
    tier.className = "tier";
    tier.textContent = label("tiers", rec.priority.tier);
    const area = document.createElement("span");
    area.className = "area";
    area.textContent = ` ${label("areas", rec.area)}: `;
    li.append(tier, area, document.createTextNode(rec.title));
    li.dataset.area = rec.area;
    list.append(li);
  }
  const memo = await request(`/v1/assessments/${encodeURIComponent(assessment.id)}/memo`, {
    headers: { Accept: "text/html" },
  });
  if (!memo.ok) throw new Error(`memo: HTTP ${memo.status}`);
  $("memo").innerHTML = await memo.text();
  $("assessment").hidden = false;
}

async function submit(profile) {
  say("Assessing…");
  const response = await request("/v1/assessments", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(profile),
  });
  const body = await response.json();
  if (response.status === 201) {
    await showAssessment(body);
    say(`Stored as ${body.id}.`);
  } else {
    showProblem(body);
    say(`The service answered ${response.status}.`);
  }
}

function run(task) {
  task().catch((error) => say(`Failed: ${error.message}`));
}

$("assess").addEventListener("submit", (event) => {
  event.preventDefault();
  const profile = { stakeholder_type: $("stakeholder-type").value };
  if ($("name").value) profile.name = $("name").value;
  run(() => submit(profile));
});
$("invalid").addEventListener("click", () =>
  run(() =>
    submit({ stakeholder_type: $("stakeholder-type").value, capacities: { military: 2 } }),
  ),
);
if (!api || !key) {
  say("Add #api=<base URL>&key=<API key> to this page's address.");
} else {
  run(loadVocabulary);
}
