// The "sign and export" section: unit keys (made, unlocked and used by the engine; the
// key files, whose secret keys are encrypted under a passphrase, are kept in IndexedDB
// and can be downloaded as a backup), the preparer's signature and the approving
// leader's countersignature on this device, the download of
// submission-<unit>-<year>.json, and the view of an imported submission with the
// engine's verdict. Nothing here checks a signature or a score itself. Loaded only when
// the section is opened (sign-section.js draws it closed until then).
import { loadSigningEngine } from './engine.js';
import { pick } from './i18n.js';
import { download, readFile } from './files.js';
import { el, setText } from './render.js';

/** Lets the browser paint a "working…" message before a long engine call (Argon2). */
function paint() {
  return new Promise((r) => setTimeout(r, 30));
}

export class SigningPanel {
  /**
   * @param app the <dti-self-assessment> element, through its signing interface only:
   *   - `signingContext()`: `{ t, lang, num, unitId, set: { desc, text } | null, readiness,
   *     keys }` (`keys`: the key store, `listKeys()` / `putKey()`, or null);
   *   - `signingValues()`: saves what waits to be saved, then resolves with the values file
   *     to sign;
   *   - `signingUseSet(setId, fileName)`: makes the set with that id the page's set (a
   *     shipped one); resolves false, having said why, when the page does not ship it;
   *   - the events it receives: `dti-sign-notice` ({ id, error }: a storage failure to
   *     show) and `dti-sign-continue` ({ values, fileName }: continue a submission's values file).
   */
  constructor(app) {
    this.app = app;
    this.keys = [];
    this.unlocked = { preparer: null, approver: null };
    this.lastSigned = null;
  }

  get t() {
    return this.app.signingContext().t;
  }

  get lang() {
    return this.app.signingContext().lang;
  }

  /** Tells the element about a storage failure (it shows the banner). */
  storageFailed(error) {
    this.app.dispatchEvent(new CustomEvent('dti-sign-notice', { detail: { id: 'storage', error } }));
  }

  async loadKeys() {
    const store = this.app.signingContext().keys;
    if (!store) return;
    try {
      this.keys = await store.listKeys();
    } catch (e) {
      this.storageFailed(e);
    }
  }

  /**
   * Takes over the section sign-section.js drew into `host` (a <details> with its `body`):
   * opening it loads the engine build with signing (once) and draws the keys and the
   * signing form into `body`.
   */
  attach(host, details, body) {
    this.host = host;
    this.details = details;
    this.body = body;
    this.els = null;
  }

  /** Opens the section, loading the signing engine first; resolves when drawn. */
  async open() {
    if (!this.details.open) this.details.open = true;
    if (this.opening) return this.opening;
    this.opening = (async () => {
      if (!this.engine) {
        this.body.replaceChildren(el('p', { class: 'meta', text: this.t('sign.loading') }));
        try {
          this.engine = await loadSigningEngine();
        } catch (e) {
          this.body.replaceChildren(el('p', { class: 'banner error', text: this.t('sign.load_failed', { error: e.message }) }));
          return;
        }
      }
      await this.loadKeys();
      this.renderBody(this.body);
    })();
    try {
      await this.opening;
    } finally {
      this.opening = null;
    }
  }

  setHandle() {
    return this.engine.setHandle(this.app.signingContext().set.text);
  }

  renderBody(host) {
    const t = this.t;
    const E = {};
    this.els = E;
    E.status = el('p', { class: 'sign-status', role: 'status', 'data-testid': 'sign-status' });
    E.keyList = el('ul', { class: 'keys', 'data-testid': 'keys' });

    // New key.
    E.newName = el('input', { id: 'key-name', name: 'key.name', type: 'text', autocomplete: 'name' });
    E.newRole = el('select', { id: 'key-role', name: 'key.role' });
    // A unit's keys: one for each signing slot's role (the engine's slots).
    for (const { role } of this.engine.signingSlots()) E.newRole.append(el('option', { value: role, text: t(`sign.role.${role}`) }));
    E.newPass = el('input', { id: 'key-pass', name: 'key.passphrase', type: 'password', autocomplete: 'new-password' });
    E.newPass2 = el('input', { id: 'key-pass2', name: 'key.passphrase2', type: 'password', autocomplete: 'new-password' });
    const genBtn = el('button', { type: 'button', text: t('sign.generate'), 'data-testid': 'generate-key' });
    genBtn.addEventListener('click', () => this.onGenerate());
    E.importKey = el('input', { type: 'file', id: 'key-file', accept: '.json,.key,application/json', class: 'visually-hidden' });
    E.importKey.addEventListener('change', () => this.onImportKey());

    // Unlock and sign.
    const slot = (role) => {
      const sel = el('select', { id: `use-${role}`, name: `sign.${role}` });
      const pass = el('input', { id: `pass-${role}`, name: `sign.${role}.passphrase`, type: 'password', autocomplete: 'current-password' });
      const btn = el('button', { type: 'button', text: t('sign.unlock'), 'data-testid': `unlock-${role}` });
      const state = el('span', { class: 'unlocked', 'data-testid': `unlocked-${role}` });
      btn.addEventListener('click', () => this.onUnlock(role));
      // Enter in the passphrase box unlocks, as the button does.
      pass.addEventListener('keydown', (e) => {
        if (e.key !== 'Enter' || e.isComposing) return;
        e.preventDefault();
        this.onUnlock(role);
      });
      E[role] = { sel, pass, btn, state };
      return el('div', { class: 'row' },
        el('div', { class: 'field' }, el('label', { for: `use-${role}`, text: t(`sign.slot.${role}`) }), sel),
        el('div', { class: 'field' }, el('label', { for: `pass-${role}`, text: t('sign.passphrase') }), pass),
        btn, state);
    };
    const signBtn = el('button', { type: 'button', class: 'primary', text: t('sign.sign'), 'data-testid': 'sign' });
    signBtn.addEventListener('click', () => this.onSign());
    E.signBtn = signBtn;
    // What stands between the figures and a signature: invalid ones block it, missing
    // ones need the signer to confirm that they score 0 (the engine says which).
    E.readiness = el('div', { class: 'readiness', 'data-testid': 'readiness' });
    E.confirmMissing = el('input', { type: 'checkbox', id: 'confirm-missing', name: 'sign.confirm_missing' });
    E.confirmMissing.addEventListener('change', () => this.renderReadiness());
    E.verdict = el('div', { class: 'verdict-host', 'data-testid': 'verdict' });
    E.importSub = el('input', { type: 'file', id: 'submission-file', accept: '.json,application/json', class: 'visually-hidden' });
    E.importSub.addEventListener('change', async () => {
      const f = E.importSub.files[0];
      E.importSub.value = '';
      if (f && this.sizeOk('submission', f)) await this.importSubmission(JSON.parse(await readFile(f)), f.name);
    });
    E.registry = el('input', { type: 'file', id: 'registry-file', accept: '.json,application/json', class: 'visually-hidden' });
    E.registry.addEventListener('change', async () => {
      const f = E.registry.files[0];
      E.registry.value = '';
      if (!f || !this.sizeOk('registry', f)) return;
      this.registryText = await readFile(f);
      this.registryName = f.name;
      setText(E.registryName, f.name);
      if (this.lastImported) await this.showVerdict(this.lastImported.text, this.lastImported.name, this.lastImported.doc);
    });
    E.registryName = el('span', { class: 'registry-name', text: this.registryName || '' });

    host.replaceChildren(
      el('p', { class: 'meta', text: t('sign.intro') }),
      el('h3', { text: t('sign.keys') }),
      E.keyList,
      el('details', { class: 'new-key' },
        el('summary', { text: t('sign.new_key') }),
        el('div', { class: 'row' },
          el('div', { class: 'field' }, el('label', { for: 'key-name', text: t('sign.name') }), E.newName),
          el('div', { class: 'field' }, el('label', { for: 'key-role', text: t('sign.role') }), E.newRole)),
        el('div', { class: 'row' },
          el('div', { class: 'field' }, el('label', { for: 'key-pass', text: t('sign.new_passphrase') }), E.newPass),
          el('div', { class: 'field' }, el('label', { for: 'key-pass2', text: t('sign.repeat_passphrase') }), E.newPass2),
          genBtn),
        el('p', { class: 'meta', text: t('sign.key_backup_hint') })),
      el('p', null, el('label', { for: 'key-file', class: 'button' }, t('sign.import_key'), E.importKey)),
      el('h3', { text: t('sign.sign_title') }),
      ...this.engine.signingSlots().map((s) => slot(s.role)),
      el('p', { class: 'meta', text: t('sign.approver_hint') }),
      E.readiness,
      el('p', null, signBtn),
      E.status,
      el('h3', { text: t('sign.verify_title') }),
      el('p', { class: 'actions' },
        el('label', { for: 'submission-file', class: 'button' }, t('sign.open_submission'), E.importSub), ' ',
        el('label', { for: 'registry-file', class: 'button' }, t('sign.open_registry'), E.registry), ' ', E.registryName),
      E.verdict,
    );
    this.renderKeys();
    this.renderReadiness();
  }

  /**
   * Lists the indicators with invalid figures (signing is blocked until they are
   * corrected or cleared) and those without figures (signing needs a confirmation that
   * names how many will score 0), each a link to the indicator.
   */
  renderReadiness() {
    const E = this.els;
    if (!E || !E.readiness) return;
    const t = this.t;
    const app = this.app.signingContext();
    const r = app.readiness || { invalid: [], missing: [] };
    const nodes = new Map((app.set ? app.set.desc.nodes : []).map((n) => [n.id, n]));
    const list = (ids, testid) => el('ul', { class: 'readiness-list', 'data-testid': testid },
      ...ids.map((id) => {
        const n = nodes.get(id);
        const link = el('a', { href: `#n-${id}`, text: `${n ? n.code : id} ${n ? pick(n.title, app.lang) : ''}` });
        link.addEventListener('click', (e) => {
          e.preventDefault();
          const card = this.host.getRootNode().getElementById(`n-${id}`);
          if (card) {
            card.scrollIntoView({ block: 'start' });
            const field = card.querySelector('input, select, textarea');
            if (field) field.focus({ preventScroll: true });
          }
        });
        return el('li', null, link);
      }));
    const parts = [];
    if (r.invalid.length) {
      parts.push(el('p', { class: 'banner error', text: t('sign.blocked_invalid', { n: r.invalid.length }) }), list(r.invalid, 'readiness-invalid'));
    }
    if (r.missing.length) {
      parts.push(el('p', { class: 'banner warn', text: t('sign.missing_zero', { n: r.missing.length }) }));
      const det = el('details', { class: 'readiness-missing' }, el('summary', { text: t('sign.missing_list', { n: r.missing.length }) }),
        list(r.missing, 'readiness-missing'));
      parts.push(det, el('p', { class: 'confirm' }, E.confirmMissing,
        el('label', { for: 'confirm-missing', text: t('sign.confirm_missing', { n: r.missing.length }) })));
    } else E.confirmMissing.checked = false;
    E.readiness.replaceChildren(...parts);
    E.signBtn.disabled = r.invalid.length > 0 || (r.missing.length > 0 && !E.confirmMissing.checked);
  }

  /** Keys of the current draft's unit first; selects offer the keys of the right role. */
  renderKeys() {
    if (!this.els) return;
    const t = this.t;
    const E = this.els;
    const unit = this.app.signingContext().unitId;
    const items = this.keys.map((k) => {
      const dl = el('button', { type: 'button', class: 'small', text: t('sign.download_key') });
      dl.addEventListener('click', () => download(`khoa-${k.unit_id}-${k.role}-${k.fingerprint.replace(/[^A-Za-z0-9]+/g, '')}.key.json`, k.key_file));
      // What the province needs to register the key (`dti-score registry add --entry`).
      const enrol = el('button', { type: 'button', class: 'small', 'data-testid': 'download-enrolment', text: t('sign.download_enrolment') });
      enrol.addEventListener('click', () => {
        const r = this.engine.enrolmentFile(k.key_file);
        if (r.ok) download(r.file_name, new Blob([r.text], { type: 'application/json' }));
      });
      return el('li', { class: k.unit_id === unit ? 'mine' : 'other' },
        el('span', { text: `${k.name} — ${t(`sign.role.${k.role}`)} — ${k.unit_id} — ` }),
        el('span', { class: 'fingerprint', text: k.fingerprint }), ' ', dl, ' ', enrol);
    });
    if (!items.length) items.push(el('li', { class: 'none', text: t('sign.no_keys') }));
    E.keyList.replaceChildren(...items);
    for (const { role, required } of this.engine.signingSlots()) {
      const { sel } = E[role];
      const prev = sel.value;
      const opts = [el('option', { value: '', text: required ? t('form.choose') : t('sign.no_approver') })];
      for (const k of this.keys.filter((x) => x.role === role && x.unit_id === unit)) {
        opts.push(el('option', { value: k.fingerprint, text: `${k.name} (${k.fingerprint})` }));
      }
      sel.replaceChildren(...opts);
      if ([...sel.options].some((o) => o.value === prev)) sel.value = prev;
      else if (sel.options.length === 2 && required) sel.value = sel.options[1].value;
      const u = this.unlocked[role];
      setText(E[role].state, u ? t('sign.unlocked_as', { name: u.name, fingerprint: u.fingerprint }) : '');
    }
  }

  status(kind, text) {
    this.els.status.className = `sign-status ${kind}`;
    setText(this.els.status, text);
  }

  /** Whether a chosen file may be read (the engine's size limit); says why not. */
  sizeOk(kind, f) {
    const r = this.engine.checkFileSize(kind, f.size);
    if (!r.ok) this.status('error', `${f.name}: ${r[this.lang] || r.vi}`);
    return r.ok;
  }

  async onGenerate() {
    const t = this.t;
    const E = this.els;
    const unit = this.app.signingContext().unitId;
    if (!unit) {
      this.status('error', t('sign.need_unit'));
      return;
    }
    if (E.newPass.value !== E.newPass2.value) {
      this.status('error', t('sign.passphrases_differ'));
      return;
    }
    this.status('info', t('sign.generating'));
    await paint();
    const r = this.engine.generateKey(unit, E.newName.value.trim(), E.newRole.value, E.newPass.value);
    if (!r.ok) {
      this.status('error', r[this.lang] || r.vi);
      return;
    }
    E.newPass.value = '';
    E.newPass2.value = '';
    await this.storeKey(r.key_file, r.info);
    this.status('ok', t('sign.generated', { name: r.info.name, fingerprint: r.info.fingerprint }));
  }

  async storeKey(text, info) {
    const record = { ...info, key_file: text };
    this.keys = this.keys.filter((k) => k.fingerprint !== info.fingerprint).concat([record]);
    const store = this.app.signingContext().keys;
    if (store) {
      try {
        await store.putKey(record);
      } catch (e) {
        this.storageFailed(e);
      }
    }
    this.renderKeys();
  }

  async onImportKey() {
    const f = this.els.importKey.files[0];
    this.els.importKey.value = '';
    if (!f || !this.sizeOk('key', f)) return;
    const text = await readFile(f);
    const r = this.engine.readKeyFile(text);
    if (!r.ok) {
      this.status('error', `${f.name}: ${r[this.lang] || r.vi}`);
      return;
    }
    await this.storeKey(text, r.info);
    this.status('ok', this.t('sign.key_imported', { name: r.info.name, fingerprint: r.info.fingerprint }));
  }

  async onUnlock(role) {
    const t = this.t;
    const slot = this.els[role];
    const k = this.keys.find((x) => x.fingerprint === slot.sel.value);
    if (!k) {
      this.status('error', t('sign.choose_key'));
      return;
    }
    this.status('info', t('sign.unlocking'));
    await paint();
    const r = this.engine.unlockKey(k.key_file, slot.pass.value);
    slot.pass.value = '';
    if (!r.ok) {
      this.status('error', r[this.lang] || r.vi);
      return;
    }
    if (this.unlocked[role] && this.unlocked[role].free) this.unlocked[role].free();
    this.unlocked[role] = r.key;
    this.status('ok', t('sign.unlocked_as', { name: r.info.name, fingerprint: r.info.fingerprint }));
    this.renderKeys();
  }

  async onSign() {
    const t = this.t;
    const preparer = this.unlocked.preparer;
    if (!preparer) {
      this.status('error', t('sign.need_preparer'));
      return;
    }
    const values = JSON.stringify(await this.app.signingValues());
    const approver = this.els.approver.sel.value ? this.unlocked.approver : null;
    if (this.els.approver.sel.value && !approver) {
      this.status('error', t('sign.approver_locked'));
      return;
    }
    const allowMissing = this.els.confirmMissing.checked;
    const r = approver
      ? this.engine.signWithApprover(this.setHandle(), values, preparer, approver, allowMissing)
      : this.engine.sign(this.setHandle(), values, preparer, allowMissing);
    if (!r.ok) {
      this.status('error', r[this.lang] || r.vi);
      return;
    }
    const name = `submission-${r.unit}-${r.year}.json`;
    download(name, r.submission);
    const doc = JSON.parse(r.submission);
    this.lastSigned = doc;
    this.status('ok', t('sign.signed', { file: name }));
    await this.showVerdict(r.submission, name, doc);
  }

  /** Signers of the last signed or imported submission, for the print view. */
  signatures() {
    const doc = this.lastSigned || (this.lastImported && this.lastImported.doc);
    if (!doc || !doc.signers) return [];
    return Object.values(doc.signers).filter(Boolean).map((s) => ({ role: s.role, name: s.name, fingerprint: s.fingerprint, signedAt: doc.created_at }));
  }

  /** The last verdict shown, in words, for the print view: its summary and each check. */
  verdict() {
    return this.lastVerdict || null;
  }

  async importSubmission(doc, fileName) {
    const text = JSON.stringify(doc);
    // Verify against the submission's own set when this page ships it.
    if (doc.set && doc.set.id && !(await this.app.signingUseSet(doc.set.id, fileName))) return;
    this.lastImported = { doc, text, name: fileName };
    await this.open();
    if (!this.engine) return;
    await this.showVerdict(text, fileName, doc);
    this.host.scrollIntoView({ block: 'start' });
  }

  /** The role of the key that signs in a slot ("prepared_by" → "preparer"), as the engine says. */
  slotRole(slot) {
    const s = this.engine.signingSlots().find((x) => x.slot === slot);
    return s ? s.role : slot;
  }

  async showVerdict(text, fileName, doc) {
    const t = this.t;
    const app = this.app.signingContext();
    const r = this.engine.verify(this.setHandle(), fileName, text, this.registryText);
    if (!r.ok) {
      this.els.verdict.replaceChildren(el('p', { class: 'banner error', text: `${this.registryName}: ${r[app.lang] || r.vi}` }));
      return;
    }
    const v = r.verdict;
    const list = el('ul', { class: 'verdict' });
    const checkTexts = [];
    for (const c of v.checks) {
      const label = t(`verify.check.${c.check}`) + (c.slot ? ` (${t(`sign.role.${this.slotRole(c.slot)}`)})` : '');
      let detail = '';
      if (c.outcome === 'skipped' && c.skipped) detail = ` — ${pick(c.skipped, app.lang)}`;
      if (c.problems) detail = ` — ${c.problems.map((p) => p[app.lang] || p.vi || p.message || JSON.stringify(p)).join('; ')}`;
      checkTexts.push(`${label}: ${t(`verify.outcome.${c.outcome}`)}${detail}`);
      list.append(el('li', { class: c.outcome === 'fail' ? 'fail' : c.outcome, 'data-check': c.check, text: checkTexts[checkTexts.length - 1] }));
    }
    const signers = [];
    if (doc && doc.signers) {
      for (const [slot, s] of Object.entries(doc.signers)) {
        if (!s) continue;
        signers.push(el('li', null, `${t(`sign.role.${this.slotRole(slot)}`)}: ${s.name} — `,
          el('span', { class: 'fingerprint', text: s.fingerprint })));
      }
    }
    const word = v.proven ? t('verify.passed') : v.passed ? t('verify.unproven') : t('verify.failed');
    this.lastVerdict = { summary: t('print.verdict_summary', { verdict: word }), checks: checkTexts };
    const cont = el('button', { type: 'button', text: t('sign.continue'), 'data-testid': 'continue-submission' });
    cont.addEventListener('click', () => {
      // The values file inside the submission, as the engine reads it.
      const r = this.engine.submissionValues(text);
      if (!r.ok) {
        this.status('error', r[app.lang] || r.vi);
        return;
      }
      this.app.dispatchEvent(new CustomEvent('dti-sign-continue', { detail: { values: r.values, fileName } }));
    });
    this.els.verdict.replaceChildren(
      // Signatures valid is not a pass until the signers are proven (a registry signed by the province).
      el('h4', { text: `${fileName}: ${v.proven ? t('verify.passed') : v.passed ? t('verify.unproven') : t('verify.failed')}`, class: v.proven ? 'ok' : 'bad', 'data-testid': 'verdict-summary', 'data-passed': String(v.passed), 'data-proven': String(v.proven) }),
      el('p', { text: [doc && doc.unit ? `${doc.unit.name || ''} (${doc.unit.id})` : '', doc ? `${t('setup.year')} ${doc.year}` : '',
        v.total ? `${t('summary.total')}: ${app.num(v.total)}` : ''].filter(Boolean).join(' · ') }),
      el('ul', { class: 'signers' }, ...signers),
      list,
      doc && doc.values ? cont : null,
    );
  }
}
