const M = require('../../../../benchmarks/mustachejs/node_modules/mustache');
const fs = require('fs');
const cases = JSON.parse(fs.readFileSync('cases.json','utf8'));
const vars = JSON.parse(fs.readFileSync('vars.json','utf8'));
const htmlEscape = M.escape;
function canParse(s){ try { new URL(s); return true } catch { return false } }
const esc = {
  none: v => v == null ? '' : `${v}`,
  html: htmlEscape,
  json: v => v == null ? '' : JSON.stringify(`${v}`).slice(1,-1),
  markdown: v => v == null ? '' : `${v}`.replace(/\\/g,'\\\\').replace(/[|`*_{}\[\]()#+\-.!]/g, m => '\\' + m),
  slack: v => { if (v == null) return ''; const s = `${v}`; if (s.match(/[_*]/) && !canParse(s)) return '`' + s.replace(/`/g, "'") + '`'; return s.replace(/&/g,'&amp;').replace(/</g,'&lt;').replace(/>/g,'&gt;').replace(/`/g,"'"); },
};
const drop = k => k === '__proto__' || k === 'constructor' || k === 'prototype';
function isPlain(o){ return o !== null && typeof o === 'object' && !Array.isArray(o); }
function transform(node){
  if (Array.isArray(node)) { const r = node.map(transform); r.asJSON = () => JSON.stringify(r); return r; }
  if (isPlain(node)) {
    const r = { toString(){ return JSON.stringify(this); } };
    for (const [k, v] of Object.entries(node)) {
      if (drop(k)) continue;
      const tv = transform(v);
      if (k.includes('.')) {
        const segs = k.split('.'); if (segs.some(drop)) continue;
        let cur = r;
        for (const s of segs.slice(0,-1)) { if (!isPlain(cur[s]) || !Object.prototype.hasOwnProperty.call(cur, s)) cur[s] = transform({}); cur = cur[s]; }
        cur[segs[segs.length-1]] = tv;
      } else if (isPlain(r[k]) && Object.prototype.hasOwnProperty.call(r,k) && isPlain(tv)) {
        for (const [k2, v2] of Object.entries(tv)) r[k][k2] = v2;
      } else r[k] = tv;
    }
    return r;
  }
  return node;
}
const out = cases.map(c => {
  M.escape = esc[c.escape];
  try { return M.render(c.template, transform(vars)); }
  catch (e) { return `error rendering mustache template "${c.template}": ${e.message}`; }
});
fs.writeFileSync('js.json', JSON.stringify(out));
