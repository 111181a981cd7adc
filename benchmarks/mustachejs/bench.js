// Renders ../../../shared/data/bench/slack-message.mustache with alert-variables.json in mustache.js 4.2.0,
// with Kibana's Slack escape (mustache_renderer.ts) installed as Mustache.escape, and prints the mean time
// per render. Kibana also augments the variables on every render; that cost is timed separately.
'use strict';
const fs = require('fs');
const path = require('path');
const Mustache = require('mustache');

const benchDir = path.resolve(__dirname, '..', '..', '..', 'shared', 'data', 'bench');
const template = fs.readFileSync(path.join(benchDir, 'slack-message.mustache'), 'utf8');
const variables = JSON.parse(fs.readFileSync(path.join(benchDir, 'alert-variables.json'), 'utf8'));

function slackEscape(value) {
  if (value == null) return '';
  const s = `${value}`;
  if (s.match(/[_*]/) && !canParseUrl(s)) return '`' + s.replace(/`/g, "'") + '`';
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/`/g, "'");
}

function canParseUrl(s) {
  try { new URL(s); return true; } catch { return false; }
}

// Kibana's augmentObjectVariables (newer single-pass form, simplified: no dotted keys in this input).
function augment(node) {
  if (Array.isArray(node)) {
    const result = node.map(augment);
    result.asJSON = () => JSON.stringify(result);
    return result;
  }
  if (node !== null && typeof node === 'object') {
    const result = { toString() { return JSON.stringify(this); } };
    for (const [k, v] of Object.entries(node)) result[k] = augment(v);
    return result;
  }
  return node;
}

Mustache.escape = slackEscape;

function time(label, fn) {
  for (let i = 0; i < 20000; i++) fn(); // warm up (JIT, parse cache)
  const runs = [];
  const cpuStart = process.cpuUsage();
  for (let r = 0; r < 10; r++) {
    const n = 20000;
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    runs.push(Number(process.hrtime.bigint() - start) / n);
  }
  const cpu = process.cpuUsage(cpuStart);
  runs.sort((a, b) => a - b);
  const mean = runs.reduce((a, b) => a + b, 0) / runs.length;
  const cpuPerRender = (cpu.user + cpu.system) / (10 * 20000);
  console.log(`${label}: mean ${(mean / 1000).toFixed(3)} us, median ${(runs[5] / 1000).toFixed(3)} us per render (wall); ${cpuPerRender.toFixed(3)} us process CPU per render`);
}

const output = Mustache.render(template, variables);
if (process.argv.includes('--print')) process.stdout.write(output);
console.log(`mustache.js ${require('mustache/package.json').version}, node ${process.version}, output ${output.length} chars`);
time('mustache.js render', () => Mustache.render(template, variables));
time('mustache.js render + Kibana augmentation', () => Mustache.render(template, augment(variables)));
