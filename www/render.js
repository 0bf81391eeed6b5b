// Turns the engine's set description and reports into DOM. Every text that comes
// from a set file is inserted with textContent (never as HTML). No arithmetic here:
// points, maxima, rankings and messages all come from the engine.
import { pick } from './i18n.js';

/** Creates an element: el('p', {class: 'x', 'data-testid': 'y'}, child, 'text', …). */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') node.textContent = v;
      else if (k === 'class') node.className = v;
      else if (k in node && k !== 'list' && typeof v !== 'string') node[k] = v;
      else node.setAttribute(k, v === true ? '' : v);
    }
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : String(c));
  }
  return node;
}

/**
 * A set's text in the UI language. Where the set gives no English for it (and for the
 * plain strings a set writes in Vietnamese only: agencies, deadlines, units, citations),
 * the Vietnamese, in a span marked lang="vi" so that it is read as Vietnamese.
 */
export function tx(ctx, text) {
  if (text === null || text === undefined) return '';
  if (typeof text === 'string') return ctx.lang === 'vi' || text === '' ? text : el('span', { lang: 'vi', text });
  if (ctx.lang !== 'vi' && !text[ctx.lang]) return el('span', { lang: 'vi', text: text.vi || '' });
  return text[ctx.lang] || text.vi || '';
}

/** A list of agencies or other plain Vietnamese strings, each marked as `tx` marks it. */
function txList(ctx, list) {
  const out = [];
  list.forEach((x, i) => {
    if (i) out.push(', ');
    out.push(tx(ctx, x));
  });
  return out;
}

/** A message shown on its own, as a sentence: its first letter a capital. */
export function sentence(text) {
  const s = text === null || text === undefined ? '' : String(text);
  // A source's letter ("b (Giá trị GRDP …): …") keeps its case.
  if (!s || /^[a-z](?!\p{L})/u.test(s)) return s;
  return s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);
}

/** Sets an element's text only when it changed (keeps re-renders cheap). */
export function setText(node, text) {
  const s = text === null || text === undefined ? '' : String(text);
  if (node.textContent !== s) node.textContent = s;
}

let uid = 0;
function nextId(prefix) {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** Marks a form control with the place of its value in the draft (a JSON path). */
function bind(control, path) {
  control.dataset.path = JSON.stringify(path);
  return control;
}

/** A source's own letter (a, b, c…): the only input id a person sees beside its label. */
export function isSourceLetter(id) {
  return typeof id === 'string' && /^[a-z]$/.test(id);
}

function numberField(ctx, path, name, input, letters = true) {
  const id = nextId('f');
  const hintId = `${id}-hint`;
  // Programmer ids (`province_name`, `articles`) are never shown: the label only, and
  // the id itself only where the set gives no label (a set author's omission).
  const letter = letters && isSourceLetter(input.id);
  const text = pick(input.label, ctx.lang);
  // (A blank label is a validation warning, set.label_missing; the id stands in for it.)
  const label = el('label', { for: id },
    letter ? el('span', { class: 'letter', text: input.id }) : null,
    letter && text ? ' = ' : '', text ? tx(ctx, input.label) : (letter ? '' : input.id),
    input.unit ? el('span', { class: 'unit' }, ' (', tx(ctx, input.unit), ')') : null);
  const inp = bind(el('input', {
    id, name, type: 'text', inputmode: input.kind === 'text' ? 'text' : 'decimal', autocomplete: 'off',
    'aria-describedby': hintId, spellcheck: 'false',
  }), path);
  if (input.kind !== 'text') inp.dataset.number = input.kind;
  const hint = el('span', { id: hintId, class: 'hint', 'aria-live': 'polite' });
  return el('div', { class: 'field' }, label, inp, hint);
}

function yesNo(ctx, legend, path) {
  const name = path.slice(1).join('.');
  const fs = el('fieldset', { class: 'radios' }, el('legend', null, legend));
  for (const [value, key] of [['true', 'form.yes'], ['false', 'form.no']]) {
    const id = nextId('r');
    const r = bind(el('input', { id, type: 'radio', name, value }), path);
    fs.append(el('span', { class: 'radio' }, r, el('label', { for: id, text: ctx.t(key) })));
  }
  return fs;
}

function checklist(ctx, items, path) {
  const fs = el('fieldset', { class: 'checks' }, el('legend', { text: ctx.t('form.checklist') }));
  for (const item of items) {
    const id = nextId('c');
    const itemPath = [...path, item.id];
    const c = bind(el('input', { id, type: 'checkbox', name: itemPath.slice(1).join('.') }), itemPath);
    fs.append(el('div', { class: 'check' }, c,
      el('label', { for: id }, el('span', { class: 'letter', text: `${ctx.t('form.item')} ${item.id}` }), ' ',
        tx(ctx, item.label), el('span', { class: 'frac', text: ` (${ctx.fraction(item.fraction)})` }))));
  }
  return fs;
}

function choiceSelect(ctx, options, path) {
  const id = nextId('s');
  const sel = bind(el('select', { id, name: path.slice(1).join('.') }), path);
  sel.append(el('option', { value: '', text: ctx.t('form.choose') }));
  for (const o of options) {
    const fallback = ctx.lang !== 'vi' && !(o.label && o.label[ctx.lang]);
    sel.append(el('option', { value: o.id, lang: fallback ? 'vi' : null, text: `${pick(o.label, ctx.lang)} (${ctx.fraction(o.fraction)})` }));
  }
  return el('div', { class: 'field wide' }, el('label', { for: id, text: ctx.t('form.choice') }), sel);
}

/** One answer field of the engine's form view (`set::form`), drawn by its kind. */
const ANSWER = {
  // One of the node's number inputs, placed by the engine (a gate before its figure, a
  // part's inputs inside the part).
  number: (ctx, a, node) => {
    const input = (node.inputs || []).find((i) => i.id === a.id);
    return input ? numberField(ctx, a.path, a.path.slice(1).join('.'), input) : null;
  },
  yes_no: (ctx, a) => yesNo(ctx, a.question ? tx(ctx, a.question) : ctx.t('form.done'), a.path),
  checklist: (ctx, a) => checklist(ctx, a.items, a.path),
  choice: (ctx, a) => choiceSelect(ctx, a.options, a.path),
  // Points of the maximum; in a set without maxima, the attainment (0–100%).
  points: (ctx, a) => numberField(ctx, a.path, a.path.slice(1).join('.'), { id: ctx.t('form.points'), kind: 'amount' }),
  attainment: (ctx, a) => numberField(ctx, a.path, a.path.slice(1).join('.'), { id: ctx.t('form.attainment'), kind: 'percent' }),
  justification: (ctx, a) => {
    const id = nextId('j');
    const ta = bind(el('textarea', { id, name: a.path.slice(1).join('.'), rows: 2 }), a.path);
    return el('div', { class: 'field wide' }, el('label', { for: id, text: ctx.t('form.justification') }), ta);
  },
  part: (ctx, a, node) => el('fieldset', { class: 'part' },
    el('legend', null, `${ctx.t('form.part')} ${a.id}: `, tx(ctx, a.label), ` (${ctx.fraction(a.fraction)})`),
    el('div', { class: 'fields' }, ...answerFields(ctx, a.fields, node))),
  // Not applicable, with the reason the set's source requires (the engine scores it).
  excluded: (ctx, a) => {
    const id = nextId('x');
    const reason = bind(el('input', { id, type: 'text', name: a.path.slice(1).join('.'), autocomplete: 'off', 'aria-describedby': `${id}-hint` }), a.path);
    return el('div', { class: 'field wide excluded' },
      el('label', { for: id, text: ctx.t('form.excluded') }), reason,
      el('span', { id: `${id}-hint`, class: 'hint', text: ctx.t('form.excluded_hint') }));
  },
};

/**
 * The fields a leaf takes besides its inputs, as the engine lists them (`loadSet`'s
 * `form`: which fields each rule takes is the engine's to say, not the page's).
 */
function answerFields(ctx, answers, node) {
  return (answers || []).map((a) => (ANSWER[a.field]
    ? ANSWER[a.field](ctx, a, node)
    // A field this page cannot draw: say so rather than draw nothing.
    : el('p', { class: 'warn', text: ctx.t('form.unknown_rule', { kind: a.field }) })));
}

/** Who supplies a figure and when (lead, implementing, coordinating, deadline), or null. */
function metaLine(ctx, x) {
  const parts = [];
  const add = (key, ...children) => {
    if (parts.length) parts.push(' · ');
    parts.push(`${ctx.t(key)}: `, ...children);
  };
  if (x.lead) add('form.lead', tx(ctx, x.lead));
  if (x.implementing && x.implementing.length) add('form.implementing', ...txList(ctx, x.implementing));
  if (x.coordinating && x.coordinating.length) add('form.coordinating', ...txList(ctx, x.coordinating));
  if (x.deadline) add('form.deadline', tx(ctx, x.deadline));
  return parts.length ? el('p', { class: 'meta' }, ...parts) : null;
}

/**
 * Builds the form for a set, its answer fields from `form` (`loadSet`'s, by leaf id).
 * Returns `{ root, index }` where index maps node id to the elements updated on every
 * re-score.
 */
export function renderForm(ctx, set, form) {
  const index = new Map();
  const root = el('div', { class: 'form' });
  const byId = new Map(set.nodes.map((n) => [n.id, n]));

  if (set.context && set.context.length) {
    const sec = el('section', { class: 'pillar context', 'aria-labelledby': 'ctx-h' },
      el('h3', { id: 'ctx-h', text: ctx.t('form.context') }));
    const grid = el('div', { class: 'fields' });
    for (const input of set.context) {
      const field = numberField(ctx, ['context', input.id], `context.${input.id}`, input, false);
      // Who supplies the figure, as for an indicator.
      const meta = metaLine(ctx, input);
      if (meta) field.append(meta);
      grid.append(field);
    }
    sec.append(grid);
    root.append(sec);
  }

  const drawNode = (node, container) => {
    const isPillar = node.depth === 0;
    const pointsEl = el('output', { 'data-testid': `points-${node.id}`, class: 'points' });
    const statusEl = el('span', { class: 'status' });
    const maxText = node.max !== undefined ? ctx.num(node.max) : '–';
    const head = el(isPillar ? 'h3' : 'h4', { class: 'title' },
      el('span', { class: 'code', text: node.code }), ' ', tx(ctx, node.title));
    const maxEl = el('span', { class: 'max', 'data-testid': `max-${node.id}`, text: ` / ${maxText} ${ctx.t('unit.points')}` });
    const score = el('p', { class: 'score' }, pointsEl, maxEl, ' ', statusEl);
    const entry = { node, pointsEl, statusEl, maxEl };
    index.set(node.id, entry);
    if (isPillar || (node.children && node.children.length)) {
      const sec = el(isPillar ? 'section' : 'div', { class: isPillar ? 'pillar' : 'group', id: `n-${node.id}` },
        el('header', null, head, score));
      container.append(sec);
      for (const cid of node.children || []) drawNode(byId.get(cid), sec);
      return;
    }
    const card = el('article', { class: 'ind', id: `n-${node.id}` }, el('header', null, head, score));
    entry.card = card;
    const meta = metaLine(ctx, node);
    if (meta) card.append(meta);
    if (node.source_text || node.source) {
      const det = el('details', { class: 'source' }, el('summary', { text: ctx.t('form.source') }));
      // The citation and the source's own words are Vietnamese.
      if (node.source) det.append(el('p', { class: 'ref', lang: 'vi', text: [node.source.document, node.source.location].filter(Boolean).join(', ') }));
      if (node.source_text) det.append(el('pre', { lang: 'vi', text: node.source_text }));
      card.append(det);
    }
    // Every field, number inputs included, in the order the engine lists them.
    const fields = el('div', { class: 'fields' }, ...answerFields(ctx, form[node.id], node));
    card.append(fields);
    entry.traceEl = el('p', { class: 'trace' });
    entry.toFullEl = el('p', { class: 'tofull' });
    entry.targetEl = el('p', { class: 'target' });
    entry.messagesEl = el('p', { class: 'messages', role: 'note' });
    card.append(entry.messagesEl, entry.traceEl, entry.toFullEl, entry.targetEl);
    container.append(card);
  };

  for (const i of set.roots) drawNode(set.nodes[i], root);
  return { root, index };
}

/** Reads the value at a JSON path of a draft (undefined when absent). */
export function getPath(doc, path) {
  let cur = doc;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
    cur = cur[key];
  }
  return cur;
}

/**
 * Sets (or, with undefined, removes) the value at a JSON path of a draft, creating
 * objects on the way and pruning the ones left empty.
 */
export function setPath(doc, path, value) {
  const stack = [doc];
  let cur = doc;
  for (const key of path.slice(0, -1)) {
    if (cur[key] === null || typeof cur[key] !== 'object') {
      if (value === undefined) return;
      cur[key] = {};
    }
    cur = cur[key];
    stack.push(cur);
  }
  const last = path[path.length - 1];
  if (value === undefined) delete cur[last];
  else cur[last] = value;
  // Prune empty objects below the top-level keys ("values", "context").
  for (let i = stack.length - 1; i >= 2; i -= 1) {
    if (Object.keys(stack[i]).length > 0) break;
    delete stack[i - 1][path[i - 1]];
  }
}

/** The value a control holds, as the values file writes it (undefined = not answered). */
export function controlValue(control) {
  if (control.type === 'checkbox') return control.checked;
  if (control.type === 'radio') return control.checked ? control.value === 'true' : undefined;
  const v = control.value;
  return v.trim() === '' ? undefined : v;
}

/**
 * Where a number field's text as typed is kept beside its value: ["values", id, "a"] →
 * ["values", id, "typed", "a"]; ["context", n] → ["context_typed", n].
 */
export function typedPath(path) {
  if (path[0] === 'context') return ['context_typed', ...path.slice(1)];
  return [...path.slice(0, -1), 'typed', path[path.length - 1]];
}

/**
 * Writes a draft's values into the form's controls. A number field shows its text as
 * typed when it was typed in the current language (or could not be read); otherwise
 * `shown(path, value)` writes the value the current language's way. `skip`: a control
 * left as it is (the one being typed in).
 */
export function fillForm(formRoot, draft, lang, shown, skip = null) {
  for (const c of formRoot.querySelectorAll('[data-path]')) {
    if (c === skip) continue;
    const path = JSON.parse(c.dataset.path);
    const v = getPath(draft, path);
    if (c.type === 'checkbox') c.checked = v === true;
    else if (c.type === 'radio') c.checked = v !== undefined && String(v) === c.value;
    else if (c.dataset.number) {
      const typed = getPath(draft, typedPath(path));
      if (typed && typeof typed.text === 'string' && (typed.lang === lang || v === undefined)) c.value = typed.text;
      else c.value = v === undefined || v === null ? '' : shown(path, String(v));
    } else c.value = v === undefined || v === null ? '' : String(v);
  }
}

const STATUS_CLASS = { ok: 'ok', missing: 'missing', invalid: 'invalid', provisional: 'provisional', excluded: 'excluded' };

/**
 * Updates the nodes `ids` (every node when null) from a report: points and status, and,
 * when the report has them (`withTraces`), trace, "what it takes", target and messages.
 */
export function updateReport(ctx, index, report, withTraces = true, ids = null) {
  const entries = ids ? ids.map((id) => [id, index.get(id)]).filter(([, e]) => e) : index;
  for (const [id, entry] of entries) {
    const r = report.nodes[id];
    if (!r) continue;
    // Most keystrokes change one indicator and its parents: skip the others.
    const key = `${ctx.lang}|${r.points}|${r.status}|${r.max}`;
    if (entry.key !== key) {
      entry.key = key;
      // The maximum the report counts (0 for an excluded indicator, less for its parents).
      setText(entry.maxEl, ` / ${r.max === null || r.max === undefined ? '–' : ctx.num(r.max)} ${ctx.t('unit.points')}`);
      setText(entry.pointsEl, r.points === null || r.points === undefined ? '–' : ctx.num(r.points));
      entry.pointsEl.dataset.value = r.points ?? '';
      const cls = `status ${STATUS_CLASS[r.status] || ''}`;
      if (entry.statusEl.className !== cls) entry.statusEl.className = cls;
      setText(entry.statusEl, ctx.t(`status.${r.status}`));
      if (entry.card) {
        const st = `ind ${STATUS_CLASS[r.status] || ''}`;
        if (entry.card.className !== st) entry.card.className = st;
      }
    }
    if (!withTraces || !entry.card) continue;
    const trace = r.trace ? pick(r.trace, ctx.lang) : '';
    const textKey = `${ctx.lang}|${trace}|${pick(r.to_full, ctx.lang)}|${r.target}|${r.below_target}|${r.messages ? r.messages.length : 0}`;
    if (entry.textKey === textKey) continue;
    entry.textKey = textKey;
    // Messages the trace already says are not repeated.
    const msgs = (r.messages || []).map((m) => pick(m, ctx.lang)).filter((m) => !trace.includes(m)).map(sentence).join(' ');
    setText(entry.messagesEl, msgs);
    setText(entry.traceEl, trace);
    setText(entry.toFullEl, r.to_full ? `${ctx.t('report.to_full')}: ${pick(r.to_full, ctx.lang)}` : '');
    setText(entry.targetEl, r.target ? ctx.t('report.target', { target: ctx.num(r.target), below: ctx.num(r.below_target ?? '0') }) : '');
  }
}

/**
 * The progress line: for each main indicator, its leaves answered, missing and invalid
 * (the engine's `progress`), each a link to the first leaf to see to (else the main
 * indicator). Built once per set (returns its parts), then updated from each result.
 */
export function renderProgress(ctx, host, set, progress, parts) {
  if (!parts) {
    const items = new Map();
    const list = el('ol', { class: 'progress-list', 'data-testid': 'progress' });
    for (const i of set.roots) {
      const n = set.nodes[i];
      const link = el('a', { href: `#n-${n.id}`, 'data-testid': `progress-${n.id}` });
      list.append(el('li', null, link));
      items.set(n.id, { link, node: n });
    }
    host.replaceChildren(el('h2', { class: 'visually-hidden', text: ctx.t('progress.label') }), list);
    parts = { items };
  }
  for (const p of progress || []) {
    const item = parts.items.get(p.id);
    if (!item) continue;
    const words = [ctx.t('progress.answered', { n: p.answered })];
    if (p.missing) words.push(ctx.t('progress.missing', { n: p.missing }));
    if (p.invalid) words.push(ctx.t('progress.invalid', { n: p.invalid }));
    const text = `${item.node.code} · ${words.join(' · ')}`;
    setText(item.link, text);
    item.link.title = `${item.node.code} ${pick(item.node.title, ctx.lang)}: ${words.join(', ')}`;
    item.link.href = `#n-${p.next || p.id}`;
    item.link.className = p.invalid ? 'invalid' : (p.missing ? 'missing' : 'done');
    item.link.dataset.answered = p.answered;
    item.link.dataset.missing = p.missing;
    item.link.dataset.invalid = p.invalid;
  }
  return parts;
}

const LOSERS_SHOWN = 8;

/**
 * The summary beside the form: total, one bar per main indicator, the indicators losing
 * most points (the engine's ranking) with what each takes. Called once with only the set
 * to build the frame (returns its parts), then with each report to update it (the list
 * of losses only from a report with traces). After an edit, `ids` (the indicators it
 * changed) limits the bars drawn again, and `counts` undefined leaves the counts as drawn.
 */
export function renderSummary(ctx, host, set, report, ranking, counts, parts, withTraces = true, ids = null) {
  if (!report) {
    const totalEl = el('strong', { 'data-testid': 'total', class: 'total-points', text: '–' });
    const totalMax = el('span', { class: 'max', text: set.scale ? ` / ${ctx.num(set.scale)} ${ctx.t('unit.points')}` : '' });
    const totalBar = el('meter', { min: '0', max: set.scale || '1', value: '0', 'aria-label': ctx.t('summary.total') });
    const pillars = el('ul', { class: 'pillars' });
    const bars = new Map();
    for (const i of set.roots) {
      const n = set.nodes[i];
      const pts = el('span', { class: 'pts', 'data-testid': `summary-${n.id}` });
      const bar = el('meter', { min: '0', max: n.max || '1', value: '0', 'aria-label': `${n.code} ${pick(n.title, ctx.lang)}` });
      const link = el('a', { href: `#n-${n.id}` }, `${n.code}. `, tx(ctx, n.title));
      pillars.append(el('li', null, link, el('span', { class: 'row' }, bar, pts)));
      bars.set(n.id, { pts, bar, max: n.max });
    }
    const losers = el('ol', { class: 'losers', 'data-testid': 'losers' });
    const statusLine = el('p', { class: 'counts' });
    const applicableLine = el('p', { class: 'applicable', 'data-testid': 'applicable-total' });
    const targetLine = el('p', { class: 'target-total', 'data-testid': 'target-total' });
    host.replaceChildren(
      el('h2', { text: ctx.t('summary.title') }),
      el('p', { class: 'total' }, el('span', { text: `${ctx.t('summary.total')}: ` }), totalEl, totalMax),
      totalBar, applicableLine, targetLine, statusLine,
      el('h3', { text: ctx.t('summary.pillars') }), pillars,
      el('h3', { text: ctx.t('summary.losers') }), losers,
    );
    return { totalEl, totalBar, bars, losers, statusLine, targetLine, applicableLine };
  }
  const p = parts;
  // The totals' texts written only when they changed (a keystroke changes a few).
  const a = report.applicable;
  const totalsKey = `${ctx.lang}|${report.total}|${report.target}|${a ? `${a.total}|${a.max}|${pick(a.trace, ctx.lang)}` : ''}`;
  if (p.totalsKey !== totalsKey) {
    p.totalsKey = totalsKey;
    setText(p.totalEl, report.total === null ? '–' : ctx.num(report.total));
    p.totalEl.dataset.value = report.total ?? '';
    if (report.total !== null) p.totalBar.value = report.total;
    setText(p.targetLine, report.target ? ctx.t('summary.target', { target: ctx.num(report.target) }) : '');
    setText(p.applicableLine, a ? `${ctx.t('summary.applicable', { total: a.total === null ? '–' : ctx.num(a.total), max: ctx.num(a.max), scale: ctx.num(set.scale) })} ${pick(a.trace, ctx.lang)}` : '');
    p.applicableLine.dataset.value = a && a.total !== null ? a.total : '';
  }
  for (const [id, b] of ids ? ids.filter((i) => p.bars.has(i)).map((i) => [i, p.bars.get(i)]) : p.bars) {
    const r = report.nodes[id];
    if (!r || b.points === `${ctx.lang}|${r.points}`) continue;
    b.points = `${ctx.lang}|${r.points}`;
    setText(b.pts, r.points === null ? '–' : `${ctx.num(r.points)} / ${b.max ? ctx.num(b.max) : '–'}`);
    if (r.points !== null) b.bar.value = r.points;
  }
  // Leaves by status, as the engine counts them.
  if (counts !== undefined) {
    const c = counts || {};
    setText(p.statusLine, sentence(['ok', 'missing', 'invalid', 'provisional', 'excluded']
      .filter((s) => c[s]).map((s) => `${ctx.t(`status.${s}`)}: ${c[s]}`).join(' · ')));
  }
  if (!withTraces) return parts;
  const shown = (ranking || []).slice(0, LOSERS_SHOWN);
  const losersKey = `${ctx.lang}|${shown.map((id) => `${id}:${report.nodes[id].lost}:${pick(report.nodes[id].to_full, ctx.lang)}`).join('|')}`;
  if (p.losersKey === losersKey) return parts;
  p.losersKey = losersKey;
  const items = [];
  for (const id of shown) {
    const r = report.nodes[id];
    const n = set.nodes.find((x) => x.id === id);
    const li = el('li', null,
      el('a', { href: `#n-${id}` }, el('span', { class: 'code', text: r.code }), ' ', n ? tx(ctx, n.title) : ''),
      el('span', { class: 'lost', text: ` −${ctx.num(r.lost)}` }));
    if (r.to_full) li.append(el('span', { class: 'tofull', text: pick(r.to_full, ctx.lang) }));
    items.push(li);
  }
  if (!items.length) items.push(el('li', { class: 'none', text: ctx.t('summary.no_losses') }));
  p.losers.replaceChildren(...items);
  return parts;
}

/** The A4 print view: unit, set, scores table with traces, signatures' fingerprints. */
export function renderPrint(ctx, host, set, draft, report, signatures, verdict = null) {
  const t = ctx.t;
  const rows = [];
  for (const n of set.nodes) {
    const r = report && report.nodes[n.id];
    if (!r) continue;
    rows.push(el('tr', { class: n.depth === 0 ? 'pillar' : (n.children && n.children.length ? 'group' : 'leaf') },
      el('td', { text: n.code }),
      el('td', null, el('span', null, tx(ctx, n.title)),
        r.trace && (!n.children || !n.children.length) ? el('span', { class: 'trace', text: pick(r.trace, ctx.lang) }) : null,
        n.source && n.source.location ? el('span', { class: 'cite' }, tx(ctx, n.source.location)) : null),
      el('td', { class: 'num', text: r.max !== null && r.max !== undefined ? ctx.num(r.max) : '–' }),
      el('td', { class: 'num', text: r.points === null ? '–' : ctx.num(r.points) }),
      el('td', { text: t(`status.${r.status}`) })));
  }
  const unit = [draft.unit.name, draft.unit.id].filter(Boolean).join(' — ') || t('draft.no_unit');
  const when = (iso) => {
    const d = iso ? new Date(iso) : null;
    return d && !Number.isNaN(d.getTime()) ? d.toLocaleString(ctx.lang === 'vi' ? 'vi-VN' : 'en-GB') : '';
  };
  const sigs = (signatures || []).map((s) => el('li', { 'data-testid': 'print-signature' },
    `${t(`sign.role.${s.role}`)}: ${s.name} — ${t('sign.fingerprint')} `,
    el('span', { class: 'fingerprint', text: s.fingerprint }),
    s.signedAt ? ` — ${t('print.signed_at', { date: when(s.signedAt) })}` : ''));
  // The decision the set comes from, never the set's file id.
  const basis = set.legal_basis ? [set.legal_basis.document, set.legal_basis.date].filter(Boolean).join(', ') : '';
  // The totals of the main indicators, before the detail.
  const mains = set.roots.map((i) => set.nodes[i]).map((n) => {
    const r = report && report.nodes[n.id];
    return el('tr', null, el('td', { text: n.code }), el('td', null, tx(ctx, n.title)),
      el('td', { class: 'num', text: r && r.max !== null && r.max !== undefined ? ctx.num(r.max) : '–' }),
      el('td', { class: 'num', text: r && r.points !== null && r.points !== undefined ? ctx.num(r.points) : '–' }));
  });
  // A verified submission's verdict, check by check (no file name: the print is the unit's report).
  const verdictPart = verdict ? [
    el('h2', { text: t('print.verdict') }),
    el('p', { class: 'verdict', 'data-testid': 'print-verdict', text: verdict.summary }),
    el('ul', { class: 'checks' }, ...verdict.checks.map((c) => el('li', { text: c }))),
  ] : [];
  host.replaceChildren(...[
    el('h1', { text: t('print.title') }),
    el('p', { 'data-testid': 'print-set' }, tx(ctx, set.title)),
    el('p', null, ...(basis ? [tx(ctx, basis), ' · '] : []), `${t('set.version')} ${set.version}`),
    el('p', { class: 'set-status', 'data-testid': 'print-status', text: `${t('set.status.label')}: ${t(`set.status.${set.status}`)}${set.status === 'template' ? ` — ${t('set.status.template_note')}` : ''}` }),
    // The documents the rows cite (each row gives its appendix and indicator).
    ...[...new Set(set.nodes.map((n) => n.source && n.source.document).filter(Boolean))]
      .map((doc) => el('p', { class: 'cite' }, `${t('print.cites')}: `, tx(ctx, doc))),
    el('p', { text: `${t('unit.name')}: ${unit} · ${t('setup.year')}: ${draft.year}` }),
    el('p', { class: 'total', text: `${t('summary.total')}: ${report && report.total !== null ? ctx.num(report.total) : '–'}${set.scale ? ` / ${ctx.num(set.scale)}` : ''}` }),
    report && report.applicable ? el('p', { class: 'total', text: pick(report.applicable.trace, ctx.lang) }) : null,
    el('h2', { text: t('summary.pillars') }),
    el('table', { class: 'mains', 'data-testid': 'print-mains' },
      el('thead', null, el('tr', null, ...['print.code', 'print.indicator', 'print.max', 'print.points'].map((k) => el('th', { text: t(k) })))),
      el('tbody', null, ...mains)),
    el('h2', { text: t('print.detail') }),
    el('table', null,
      el('thead', null, el('tr', null, ...['print.code', 'print.indicator', 'print.max', 'print.points', 'print.status'].map((k) => el('th', { text: t(k) })))),
      el('tbody', null, ...rows)),
    sigs.length ? el('h2', { text: t('print.signatures') }) : null,
    sigs.length ? el('ul', { class: 'signatures', 'data-testid': 'print-signatures' }, ...sigs) : null,
    ...verdictPart,
    el('p', { class: 'printed', text: t('print.printed', { date: when(new Date().toISOString()) }) }),
    // replaceChildren writes a null as the text "null": leave the absent parts out.
  ].filter(Boolean));
}
