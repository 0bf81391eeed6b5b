// Issue 15 (first part): what a commune official meets on the self-assessment page.
// Labels without programmer ids (item 2); the print rendered to PDF and read back with
// pdftotext: no "null", no set id, no source file name, the decision in the header and,
// after signing, a signature block (item 3); Enter unlocks, one spelling of "khóa", the
// draft list by title, the sign intro without a file-name pattern, the set's own year
// (item 4); focus drawn on the file button itself (item 5); the set title in a landmark
// (item 8).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  FIXTURES, artifact, browser, fillValues, makeKey, pickSet, printedText, ready, serve, shadow,
} from './lib.mjs';

const doc = JSON.parse(readFileSync(join(FIXTURES, 'province-2025-values.json'), 'utf8'));
const FILE_NAME = /\d{3}_[0-9a-f]{16}\.txt/;
const SET_IDS = /dti-province-20\d\d|vinh-long-2025|thanh-hoa-(department|district)-2021/;

let server;
before(async () => { server = await serve(); });
after(async () => { await server.stop(); });

function assertCleanPrint(text, what) {
  assert.equal(/null/i.test(text), false, `${what}: "null" in the print`);
  assert.equal(/undefined/i.test(text), false, `${what}: "undefined" in the print`);
  assert.deepEqual(text.match(SET_IDS), null, `${what}: a set id in the print`);
  assert.deepEqual(text.match(FILE_NAME), null, `${what}: a source file name in the print`);
}

test('item 2: context fields and tier quantities are labelled by the set, letters kept for sources', async () => {
  const b = await browser();
  try {
    const { page } = b;
    await page.goto(server.url);
    await ready(page);
    // The default set's source letters stay beside their labels.
    assert.equal(await page.getByLabel('a = Số lượng hộ gia đình có truy cập Internet').count(), 1);

    await pickSet(page, 'vinh-long-2025.json');
    await page.waitForSelector('[name="context.province_name"]');
    const labels = await shadow(page, (root) => Object.fromEntries(['context.province_name', 'context.population', '1.3.articles', '1.5.broadcasts']
      .map((n) => [n, root.querySelector(`label[for="${root.querySelector(`[name="${n}"]`).id}"]`).textContent])));
    assert.deepEqual(labels, {
      'context.province_name': 'Tên Tỉnh, thành phố',
      'context.population': 'Số lượng dân số',
      '1.3.articles': 'Số tin bài/năm đưa trên chuyên mục riêng hoặc chuyên trang về chuyển đổi số (tin bài/năm)',
      '1.5.broadcasts': 'số lượng phát sóng về Chuyển đổi số (lần phát sóng/năm)',
    });
    // No programmer id anywhere a person reads on the form.
    const formText = await shadow(page, (root) => root.querySelector('.form-host').innerText);
    assert.deepEqual(formText.match(/\b(province_name|population|working_age_population|dt_budget|articles|broadcasts)\b/g), null);
    assert.equal(/\b[a-z]+_[a-z_]+ =/.test(formText), false);

    // The tier trace names the quantity by its label.
    await page.check('[name="1.3.gate"][value="true"]');
    await page.fill('[name="1.3.articles"]', '24');
    await page.press('[name="1.3.articles"]', 'Tab');
    await page.waitForFunction(() => /24/.test(document.querySelector('dti-self-assessment').shadowRoot
      .querySelector('[id="n-1.3"] p.trace').textContent));
    const trace = await page.textContent('[id="n-1.3"] p.trace');
    assert.ok(trace.startsWith('Số tin bài/năm đưa trên chuyên mục riêng hoặc chuyên trang về chuyển đổi số = 24; 24 '), trace);
    assert.equal(trace.includes('articles'), false, trace);
  } finally {
    await b.close();
  }
});

test('items 3 and 4: the print as PDF, before and after signing; Enter unlocks; wording; year', async () => {
  const b = await browser();
  try {
    const { page } = b;
    await page.goto(server.url);
    await ready(page);
    // The default set is for 2025: the year starts there, and the page says why.
    assert.equal(await page.inputValue('[name="year"]'), '2025');
    assert.equal(await page.textContent('[data-testid="year-hint"]'), 'Năm của bộ chỉ số');
    await page.fill('[name="year"]', '2024');
    await page.press('[name="year"]', 'Tab');
    await page.waitForFunction(() => document.querySelector('dti-self-assessment').shadowRoot
      .querySelector('[data-testid="year-hint"]').textContent === '');
    await page.fill('[name="year"]', '2025');
    await page.press('[name="year"]', 'Tab');
    await page.waitForFunction(() => document.querySelector('dti-self-assessment').shadowRoot
      .querySelector('[data-testid="year-hint"]').textContent === 'Năm của bộ chỉ số');

    await page.fill('[name="unit.name"]', 'Xã Tân Hòa');
    await page.fill('[name="unit.id"]', 'xa-tan-hoa');
    await page.press('[name="unit.id"]', 'Tab');
    await fillValues(page, doc);

    // The draft list names the set by its title.
    const title = await page.textContent('#set-title');
    await page.waitForFunction((t) => [...document.querySelector('dti-self-assessment').shadowRoot
      .querySelectorAll('select[name="draft"] option')].some((o) => o.textContent === `Xã Tân Hòa · ${t} · 2025`), title);

    // Unsigned print: decision and version, no ids, no "null".
    const unsigned = await printedText(page, 'print-unsigned.pdf');
    assertCleanPrint(unsigned, 'unsigned');
    const head = unsigned.replace(/\s+/g, ' ');
    assert.ok(head.includes('(lấy ý kiến tại Văn bản số 3530/CĐSQG-DVS ngày 17/12/2025), 2025-12-17 · phiên bản 2025.2'), head.slice(0, 800));
    assert.equal(unsigned.includes('Chữ ký số'), false);

    await page.click('[data-testid="sign-open"]');
    await page.waitForSelector('details.new-key > summary');
    const intro = await shadow(page, (root) => root.querySelector('section.sign').textContent);
    assert.equal(intro.includes('submission-<'), false, intro.slice(0, 400));
    assert.equal(/khoá/i.test(intro), false, 'one spelling: khóa');
    assert.ok(intro.includes('khóa'));

    await page.click('details.new-key > summary');
    await makeKey(page, 'Nguyễn Văn An', 'preparer', 'mật khẩu người lập');
    await makeKey(page, 'Trần Thị Bình', 'approver', 'mật khẩu lãnh đạo');
    // Enter in a passphrase box unlocks, as the button does.
    for (const [role, pass, name] of [['preparer', 'mật khẩu người lập', 'Nguyễn Văn An'], ['approver', 'mật khẩu lãnh đạo', 'Trần Thị Bình']]) {
      await page.selectOption(`[name="sign.${role}"]`, { index: 1 });
      await page.fill(`[name="sign.${role}.passphrase"]`, pass);
      await page.press(`[name="sign.${role}.passphrase"]`, 'Enter');
      await page.waitForFunction(([r, n]) => document.querySelector('dti-self-assessment').shadowRoot
        .querySelector(`[data-testid="unlocked-${r}"]`).textContent.includes(n), [role, name], { timeout: 30000 });
    }
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="sign"]')]);
    const file = artifact('pages-submission.json');
    await download.saveAs(file);
    const submission = JSON.parse(readFileSync(file, 'utf8'));
    await page.waitForSelector('[data-testid="verdict-summary"][data-passed="true"]');

    const signed = await printedText(page, 'print-signed.pdf');
    assertCleanPrint(signed, 'signed');
    const flat = signed.replace(/\s+/g, ' ');
    const when = await page.evaluate((iso) => new Date(iso).toLocaleString('vi-VN'), submission.created_at);
    assert.ok(flat.includes('Chữ ký số'), flat.slice(-800));
    for (const [slot, role] of [['prepared_by', 'Người lập'], ['approved_by', 'Lãnh đạo phê duyệt']]) {
      const s = submission.signers[slot];
      const line = `${role}: ${s.name} — dấu vân tay khóa ${s.fingerprint} — ký lúc ${when}`;
      assert.ok(flat.includes(line), `${line}\n${flat.slice(-800)}`);
    }
  } finally {
    await b.close();
  }
});

test('item 5: keyboard focus is drawn on the file button itself; item 8: the set title is in a landmark', async () => {
  const b = await browser();
  try {
    const { page } = b;
    await page.goto(server.url);
    await ready(page);
    await page.click('[data-testid="sign-open"]');
    await page.waitForSelector('#registry-file', { state: 'attached' });
    const outlines = [];
    for (const id of ['set-file', 'import-file', 'key-file', 'submission-file', 'registry-file']) {
      await page.focus(`#${id}`);
      outlines.push(await shadow(page, (root, i) => {
        const input = root.getElementById(i);
        const label = root.querySelector(`label[for="${i}"]`);
        const lit = [...root.querySelectorAll('button, label.button')]
          .filter((x) => getComputedStyle(x).outlineStyle !== 'none' && getComputedStyle(x).outlineWidth !== '0px')
          .map((x) => x.textContent);
        return { id: i, active: root.activeElement === input, label: label.textContent, lit };
      }, id));
    }
    for (const o of outlines) assert.deepEqual(o.lit, [o.label], JSON.stringify(o));
    assert.deepEqual(outlines.map((o) => o.active), [true, true, true, true, true]);

    const landmark = await shadow(page, (root) => {
      const LANDMARKS = 'main, header, footer, nav, aside, form[aria-label], section[aria-label], section[aria-labelledby], [role="region"], [role="main"]';
      const title = root.getElementById('set-title');
      const l = title.closest(LANDMARKS);
      return l ? { tag: l.tagName, name: l.getAttribute('aria-labelledby') } : null;
    });
    assert.deepEqual(landmark, { tag: 'SECTION', name: 'set-title' });
  } finally {
    await b.close();
  }
});
