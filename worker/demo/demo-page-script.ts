/**
 * The demo page's script (inline; plain browser JS, no build step): lists models, sends the
 * picked or dropped image as a raw body to the predict route, draws the top-k as bars.
 *
 * The preview shows the image as the selected model sees it: browsers turn a photo upright by
 * its EXIF orientation (CSS `image-orientation: from-image`, their default), so the preview does
 * that only when the model's manifest says `preprocessing.orientation: "exif"`, and shows the
 * stored pixels (`none`) for a model that ignores EXIF (artifacts from before the field).
 */
export const DEMO_PAGE_SCRIPT = `
'use strict';
const $ = (id) => document.getElementById(id);
const modelSelect = $('model');
const topK = $('top-k');
const token = $('token');
const fileInput = $('file');
const drop = $('drop');
const preview = $('preview');
const results = $('results');
const status = $('status');

function setStatus(text, isError) {
  status.textContent = text;
  status.className = isError ? 'error' : '';
}

async function loadModels() {
  try {
    const response = await fetch('/v1/models');
    const body = await response.json();
    modelSelect.replaceChildren();
    for (const model of body.models) {
      if (model.default_version === null) continue;
      const option = document.createElement('option');
      option.value = model.name;
      option.textContent = model.name + ' (v' + model.default_version + ')';
      modelSelect.append(option);
    }
    setStatus('Pick or drop an image.', false);
  } catch (error) {
    setStatus('Could not list models: ' + error, true);
  }
}

// Model name → its preprocessing.orientation ('exif' or 'none'), read once from its description.
const orientationOf = new Map();

async function modelOrientation(name) {
  if (!orientationOf.has(name)) {
    const response = await fetch('/v1/models/' + encodeURIComponent(name));
    const body = response.ok ? await response.json() : {};
    orientationOf.set(name, (body.preprocessing && body.preprocessing.orientation) || 'none');
  }
  return orientationOf.get(name);
}

function showPredictions(ranked) {
  results.replaceChildren();
  for (const entry of ranked) {
    const item = document.createElement('li');
    item.dataset.label = entry.label;
    const label = document.createElement('span');
    label.className = 'label';
    label.textContent = entry.label;
    const bar = document.createElement('div');
    bar.className = 'bar';
    bar.style.width = (entry.score * 100).toFixed(1) + '%';
    const score = document.createElement('span');
    score.className = 'score';
    score.textContent = (entry.score * 100).toFixed(1) + '%';
    item.append(label, bar, score);
    results.append(item);
  }
}

async function predict(file) {
  if (!file) return;
  try {
    const orientation = await modelOrientation(modelSelect.value);
    preview.style.imageOrientation = orientation === 'exif' ? 'from-image' : 'none';
    preview.dataset.orientation = orientation;
  } catch (error) {
    setStatus('Could not read the model: ' + error, true);
    return;
  }
  preview.src = URL.createObjectURL(file);
  preview.hidden = false;
  const type = file.type === 'image/jpeg' || file.type === 'image/png' ? file.type : 'application/octet-stream';
  const headers = { 'content-type': type };
  if (token.value) headers.authorization = 'Bearer ' + token.value;
  const url = '/v1/models/' + encodeURIComponent(modelSelect.value) + '/predict?top_k=' + encodeURIComponent(topK.value);
  setStatus('Predicting…', false);
  try {
    const response = await fetch(url, { method: 'POST', headers, body: file });
    const body = await response.json();
    if (!response.ok) {
      results.replaceChildren();
      setStatus(response.status + ' ' + body.error.code + ': ' + body.error.message, true);
      return;
    }
    showPredictions(body.predictions[0]);
    const timing = response.headers.get('server-timing') || '';
    setStatus(body.model.name + ' v' + body.model.version + ' · ' + timing, false);
  } catch (error) {
    setStatus('Request failed: ' + error, true);
  }
}

fileInput.addEventListener('change', () => predict(fileInput.files[0]));
drop.addEventListener('click', () => fileInput.click());
drop.addEventListener('dragover', (event) => { event.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (event) => {
  event.preventDefault();
  drop.classList.remove('over');
  predict(event.dataTransfer.files[0]);
});
loadModels();
`;
