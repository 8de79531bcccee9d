'use strict';
// The whole client: upload, then draw what /api/v1/analyze returned. No build step, no dependencies.
const $ = id => document.getElementById(id);
let current = null;      // last analysis JSON
let objectUrl = null;    // the uploaded image shown under the overlay

function setStatus(text, isError) {
  $('status').textContent = text;
  $('status').className = isError ? 'error' : '';
}

async function analyze(file) {
  if (!file) return;
  const form = new FormData();
  form.append('image', file, file.name);
  form.append('threshold', $('threshold').value);
  form.append('evidence', $('evidence').checked ? 'true' : 'false');
  form.append('fusion', $('fusion').checked ? 'true' : 'false');
  setStatus('Analysing ' + file.name + ' ...', false);
  $('result').hidden = true;
  let response;
  try {
    response = await fetch('/api/v1/analyze', { method: 'POST', body: form });
  } catch (e) {
    setStatus('The server cannot be reached: ' + e, true);
    return;
  }
  const body = await response.json().catch(() => ({ error: 'HTTP ' + response.status }));
  if (!response.ok) {
    const retry = response.headers.get('Retry-After');
    setStatus('Error ' + response.status + ': ' + body.error + (retry ? ' (retry in ' + retry + ' s)' : ''), true);
    return;
  }
  // A number that is not finite is never shown as one (the server refuses such results; this guards the page too).
  if (!Number.isFinite(body.score) || (body.gate && !Number.isFinite(body.gate_confidence))) {
    setStatus('Error: ' + file.name + ': the analysis gave a non-finite score or gate confidence; no result is shown.', true);
    return;
  }
  if (objectUrl) URL.revokeObjectURL(objectUrl);
  // Browsers do not show TIFF: the server then sends a PNG display copy in images.original.
  objectUrl = body.images && body.images.original ? null : URL.createObjectURL(file);
  current = body;
  render(body);
  setStatus('Analysed ' + file.name + ' in ' + totalMs(body) + ' ms.', false);
}

function totalMs(r) {
  return Math.round(Object.values(r.timings_ms || {}).reduce((a, b) => a + b, 0));
}

function render(r) {
  $('original').src = (r.images && r.images.original) || objectUrl;
  const score = $('score');
  // weak: the verdict says the image shows no evidence of editing, so its regions are weak candidates, not findings
  const weak = r.verdict === 'no evidence of editing';
  if (typeof r.verdict === 'string' && Number.isFinite(r.edited_probability)) {
    $('score-label').textContent = 'Probability of editing';
    score.textContent = r.edited_probability.toFixed(3);
    score.className = r.verdict === 'edited' ? 'high' : weak ? 'low' : 'uncertain';
    $('verdict').textContent = r.verdict + ' (threshold ' + r.verdict_threshold.toFixed(2) + ', uncertain '
      + r.uncertain_band[0].toFixed(2) + '-' + r.uncertain_band[1].toFixed(2) + ')';
  } else {
    // no calibrated verdict (network alone, or a classical detector): the raw score only, no decision shown
    $('score-label').textContent = 'Score (uncalibrated)';
    score.textContent = r.score.toFixed(3);
    score.className = '';
    $('verdict').textContent = 'no calibrated verdict for this analysis';
  }
  const facts = [['size', r.width + ' x ' + r.height + ' ' + r.format], ['tampered area', (100 * r.tampered_fraction).toFixed(2) + ' %'],
    [weak ? 'weak candidates (not findings)' : 'regions', String(r.boxes.length)]];
  if (r.gate) facts.push(['modal gate', r.gate + ' (' + r.gate_confidence.toFixed(2) + ')']);
  $('facts').replaceChildren(...facts.flatMap(([k, v]) => { const dt = document.createElement('dt'); dt.textContent = k;
    const dd = document.createElement('dd'); dd.textContent = v; return [dt, dd]; }));
  drawBoxes(r);
  $('boxes').classList.toggle('weak', weak);
  renderExplanation(r.explanation, weak && r.boxes.length > 0);
  renderTabs(r);
  const json = JSON.stringify(r, null, 2);
  $('download-json').href = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
  $('download-mask').href = r.images.mask;
  $('download-overlay').href = r.images.overlay;
  $('result').hidden = false;
}

function drawBoxes(r) {
  const svg = $('boxes');
  svg.setAttribute('viewBox', '0 0 ' + r.width + ' ' + r.height);
  svg.replaceChildren(...r.boxes.map(b => {
    const rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
    rect.setAttribute('x', b.x); rect.setAttribute('y', b.y);
    rect.setAttribute('width', b.width); rect.setAttribute('height', b.height);
    return rect;
  }));
}

// The explainer writes sentences and, per region, an "explanation" object; show what is there, as text only.
function renderExplanation(ex, weak) {
  const box = $('explanation');
  box.replaceChildren();
  if (weak) {
    const note = document.createElement('p'); note.id = 'weak-note';
    note.textContent = 'The image as a whole shows no evidence of editing: the regions below are weak candidates, not findings.';
    box.appendChild(note);
  }
  $('explanation-json').textContent = ex ? JSON.stringify(ex, null, 2) : '(none)';
  if (!ex) { box.append('No explanation.'); return; }
  const lines = [];
  if (typeof ex.summary === 'string') lines.push(ex.summary);
  if (typeof ex.text === 'string') lines.push(ex.text);
  if (Array.isArray(ex.sentences)) lines.push(...ex.sentences.map(String));
  for (const line of lines) { const p = document.createElement('p'); p.textContent = line; box.appendChild(p); }
  for (const region of (Array.isArray(ex.regions) ? ex.regions : [])) {
    const e = region.explanation || region;
    const div = document.createElement('div'); div.className = 'region';
    for (const key of ['content', 'absolute_position', 'relative_position', 'artifacts']) {
      if (e[key] === undefined) continue;
      const p = document.createElement('p');
      const b = document.createElement('b'); b.textContent = key.replace('_', ' ') + ': ';
      p.append(b, Array.isArray(e[key]) ? e[key].join('; ') : String(e[key]));
      div.appendChild(p);
    }
    box.appendChild(div);
  }
  if (!box.childElementCount) box.textContent = 'See the JSON below.';
}

function renderTabs(r) {
  const tabs = $('tabs');
  const buttons = [['heatmap', 'Heatmap', r.images.heatmap, '']].concat(
    (r.evidence || []).map(e => [e.id, e.title, e.image, e.summary]));
  tabs.replaceChildren(...buttons.map(([id, title, src, summary], i) => {
    const b = document.createElement('button');
    b.setAttribute('role', 'tab'); b.dataset.tab = id; b.textContent = title;
    b.onclick = () => selectTab(b, src, summary);
    if (i === 0) selectTab(b, src, summary);
    return b;
  }));
}

function selectTab(button, src, summary) {
  for (const b of $('tabs').children) b.classList.toggle('active', b === button);
  $('layer').src = src;
  $('evidence-summary').textContent = summary || '';
  $('boxes').style.display = button.dataset.tab === 'heatmap' ? '' : 'none';
}

$('opacity').addEventListener('input', () => { $('layer').style.opacity = $('opacity').value / 100; });
$('layer').style.opacity = $('opacity').value / 100;
$('file').addEventListener('change', e => analyze(e.target.files[0]));
const drop = $('drop');
['dragenter', 'dragover'].forEach(t => drop.addEventListener(t, e => { e.preventDefault(); drop.classList.add('over'); }));
['dragleave', 'drop'].forEach(t => drop.addEventListener(t, e => { e.preventDefault(); drop.classList.remove('over'); }));
drop.addEventListener('drop', e => analyze(e.dataTransfer.files[0]));
