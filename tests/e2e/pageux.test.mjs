// Issue 15 (items 1–6 and 8), the page as a commune official meets it: three numbered
// steps on the first screen, set names read whole and saying their level, a progress line
// from the engine (answered / missing / invalid per main indicator, each a link), signing
// one click away, the phone showing the form first with the total at the bottom, a gate
// before the figure it governs and a part's inputs inside its box, the signer's key named
// in full, English mode marking the Vietnamese it has no English for, the print of a
// verified file with its verdict; axe-core on every state (no serious or critical
// violation); screenshots of each state at 1366×768 and 360×740 in tests/e2e/artifacts/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { axeCheck } from './axe.mjs';
import {
  FIXTURES, artifact, browser, fillValues, makeKey, pickSet, printedText, ready, serve, shadow,
} from './lib.mjs';

const doc = JSON.parse(readFileSync(join(FIXTURES, 'province-2025-values.json'), 'utf8'));
const WIDE = { width: 1366, height: 768 };
const PHONE = { width: 360, height: 740 };

let server;
before(async () => { server = await serve(); });
after(async () => { await server.stop(); });


/** Moderate axe findings accepted, with the reason (none on screen). */
const ACCEPT = {};
/** On paper the page's form and its <main> are hidden: the printed report is a region of its own. */
const ACCEPT_PRINT = { 'landmark-one-main': 'print media: the report printed is the one region shown; the form and its main landmark are not printed' };

async function shot(page, name) {
  await page.screenshot({ path: artifact(`${name}.png`) });
}

/** A browser at `viewport` on the page, ready; with `setFile`, that shipped set picked. */
async function open(viewport, setFile = null) {
  const b = await browser({ viewport });
  await b.page.goto(server.url);
  await ready(b.page);
  if (setFile) await pickSet(b.page, setFile, '[name="context.province_name"]');
  return b;
}

/** The progress line as the page shows it: by main indicator, its counts and where its link goes. */
const progress = (page) => shadow(page, (root) => [...root.querySelectorAll('[data-testid="progress"] a')].map((a) => ({
  id: a.dataset.testid.slice('progress-'.length),
  answered: Number(a.dataset.answered),
  missing: Number(a.dataset.missing),
  invalid: Number(a.dataset.invalid),
  href: a.getAttribute('href'),
  text: a.textContent,
})));

test('item 1: three numbered steps, whole set names with their level; item 4: progress, signing one click away', async () => {
  const b = await open(WIDE);
  try {
    const { page, errors } = b;
    await axeCheck(page, 'empty', ACCEPT);
    await shot(page, 'state-empty-1366');

    // What to do, in three numbered steps, all on the first screen.
    const steps = await shadow(page, (root) => [...root.querySelectorAll('[data-testid="steps"] li')].map((li) => ({
      n: li.querySelector('.n').textContent,
      step: li.querySelector('a').textContent,
      href: li.querySelector('a').getAttribute('href'),
      bottom: li.getBoundingClientRect().bottom,
    })));
    assert.deepEqual(steps.map(({ n, step, href }) => ({ n, step, href })), [
      { n: '1', step: 'Chọn bộ chỉ số và đơn vị', href: '#setup' },
      { n: '2', step: 'Nhập số liệu — tự động lưu khi gõ', href: '#form' },
      { n: '3', step: 'Ký số và gửi tệp hồ sơ', href: '#sign' },
    ]);
    assert.ok(steps.every((s) => s.bottom <= WIDE.height), JSON.stringify(steps));

    // The set picker shows each name whole, and each name says the level it is for.
    const picker = await shadow(page, (root) => {
      const sel = root.querySelector('select[name="set"]');
      const canvas = document.createElement('canvas').getContext('2d');
      canvas.font = getComputedStyle(sel).font;
      return {
        width: sel.clientWidth,
        options: [...sel.options].filter((o) => !o.hidden).map((o) => ({ text: o.textContent, px: canvas.measureText(o.textContent).width })),
      };
    });
    assert.deepEqual(picker.options.map((o) => o.text), [
      'Bộ chỉ số đánh giá chuyển đổi số (DTI) cấp tỉnh — dự thảo lấy ý kiến',
      'Bộ chỉ số chuyển đổi số dành cho các sở, ban, ngành cấp tỉnh – tỉnh Thanh Hóa',
      'Bộ chỉ số chuyển đổi số dành cho cấp huyện (UBND các huyện, thị xã, thành phố) – tỉnh Thanh Hóa',
      'Bộ chỉ số đánh giá chuyển đổi số (DTI) cấp tỉnh – tỉnh Vĩnh Long',
      'Bộ chỉ số đánh giá chuyển đổi số cấp tỉnh năm 2022 (Quyết định số 922/QĐ-BTTTT) — đã được thay thế (dự thảo)',
      // The template for a province to adapt (issue 17), in a group of its own.
      'Bộ chỉ số mẫu đánh giá chuyển đổi số cấp xã — mẫu để tỉnh điều chỉnh',
    ]);
    for (const o of picker.options) {
      assert.ok(o.px + 40 <= picker.width, `"${o.text}" is cut: ${o.px} px in a ${picker.width} px picker`);
      assert.match(o.text, /cấp tỉnh|cấp huyện|sở, ban, ngành|cấp xã/);
    }

    // The progress line: every main indicator, from the engine, each a link.
    const empty = await progress(page);
    assert.deepEqual(empty.map((p) => [p.id, p.answered, p.missing, p.invalid, p.text]), [
      ['1', 0, 6, 0, '1 · 0 đã nhập · 6 thiếu'],
      ['2', 0, 4, 0, '2 · 0 đã nhập · 4 thiếu'],
      ['3', 0, 2, 0, '3 · 0 đã nhập · 2 thiếu'],
      ['4', 0, 6, 0, '4 · 0 đã nhập · 6 thiếu'],
      ['5', 0, 4, 0, '5 · 0 đã nhập · 4 thiếu'],
      ['6', 0, 5, 0, '6 · 0 đã nhập · 5 thiếu'],
    ]);
    assert.equal(empty[0].href, '#n-1.1');

    await fillValues(page, { values: { '1.1': doc.values['1.1'], '1.2': { a: 'mười', b: '5' } } });
    await page.waitForFunction(() => document.querySelector('dti-self-assessment').shadowRoot
      .querySelector('[data-testid="progress-1"]').dataset.invalid === '1');
    const typed = await progress(page);
    assert.deepEqual(typed[0], { id: '1', answered: 1, missing: 4, invalid: 1, href: '#n-1.2', text: '1 · 1 đã nhập · 4 thiếu · 1 sai' });
    await axeCheck(page, 'errors', ACCEPT);
    await shot(page, 'state-errors-1366');

    // A progress link goes to the first indicator to see to, and focuses its first field.
    await page.click('[data-testid="progress-1"]');
    assert.equal(await shadow(page, (root) => root.activeElement && root.activeElement.name), '1.2.a');

    // From far down the form, signing is one click away; the progress line stays in sight.
    await page.focus('[name="6.5.a"]');
    const nav = await shadow(page, (root) => {
      const r = root.querySelector('[data-testid="to-sign"]').getBoundingClientRect();
      return { top: r.top, bottom: r.bottom };
    });
    assert.ok(nav.top >= 0 && nav.bottom <= WIDE.height, JSON.stringify(nav));
    await page.click('[data-testid="to-sign"]');
    await page.waitForSelector('details.new-key > summary');
    const sign = await shadow(page, (root) => ({
      open: root.querySelector('.sign-details').open,
      top: root.getElementById('sign').getBoundingClientRect().top,
    }));
    assert.equal(sign.open, true);
    assert.ok(sign.top >= 0 && sign.top < WIDE.height / 2, JSON.stringify(sign));
    await axeCheck(page, 'signing open', ACCEPT);
    await shot(page, 'state-signing-1366');
    // (axe's own probes set inline styles, which the page's CSP refuses: not the page's errors.)
    assert.deepEqual(errors.filter((e) => !e.startsWith('Applying inline style violates')), []);
  } finally {
    await b.close();
  }
});

test('item 4: the gate before its figure, the part box holding its inputs, the key named in full', async () => {
  const b = await open(WIDE, 'vinh-long-2025.json');
  try {
    const { page } = b;
    const order = await shadow(page, (root) => {
      const names = (sel) => [...root.querySelectorAll(`${sel} [name]`)].map((c) => c.name).filter((n, i, all) => all.indexOf(n) === i);
      const part2 = [...root.querySelectorAll('[id="n-3.5"] fieldset.part')]
        .find((f) => f.querySelector('legend').textContent.startsWith('Phần 2'));
      return {
        '1.3': names('[id="n-1.3"]'),
        part2: [...part2.querySelectorAll('[name]')].map((c) => c.name),
        outside: [...root.querySelectorAll('[id="n-3.5"] > .fields > .field [name]')].map((c) => c.name),
      };
    });
    assert.deepEqual(order['1.3'], ['1.3.gate', '1.3.articles']);
    assert.deepEqual(order.part2, ['3.5.a', '3.5.b']);
    assert.deepEqual(order.outside, []);

    await page.fill('[name="unit.name"]', 'Xã Tân Hòa');
    await page.press('[name="unit.name"]', 'Tab');
    await page.click('[data-testid="to-sign"]');
    await page.waitForSelector('details.new-key > summary');
    await page.click('details.new-key > summary');
    await makeKey(page, 'Trần Thị Bình', 'approver', 'mật khẩu lãnh đạo');
    // The approver's key picker shows the name and the whole fingerprint.
    const picker = await shadow(page, (root) => {
      const sel = root.querySelector('select[name="sign.approver"]');
      sel.selectedIndex = 1;
      const canvas = document.createElement('canvas').getContext('2d');
      canvas.font = getComputedStyle(sel).font;
      const text = sel.options[1].textContent;
      return { text, px: canvas.measureText(text).width, width: sel.clientWidth };
    });
    assert.match(picker.text, /^Trần Thị Bình \([0-9A-F]{4}(-[0-9A-F]{4})+\)$/);
    assert.ok(picker.px + 40 <= picker.width, JSON.stringify(picker));
  } finally {
    await b.close();
  }
});

test('item 4: on the phone the form comes first, the total stays at the bottom, the summary one tap away', async () => {
  const b = await open(PHONE);
  try {
    const { page } = b;
    await axeCheck(page, 'empty, phone', ACCEPT);
    await shot(page, 'state-empty-360');
    const layout = await shadow(page, (root) => {
      const firstInput = root.querySelector('.form-host [data-path]');
      const summary = root.getElementById('summary');
      const bar = root.querySelector('.mobile-bar').getBoundingClientRect();
      return {
        formFirst: Boolean(firstInput.compareDocumentPosition(summary) & Node.DOCUMENT_POSITION_FOLLOWING),
        inputTop: firstInput.getBoundingClientRect().top + window.scrollY,
        summaryTop: summary.getBoundingClientRect().top + window.scrollY,
        bar: { top: bar.top, bottom: bar.bottom },
        total: root.querySelector('[data-testid="mobile-total"]').textContent,
      };
    });
    assert.equal(layout.formFirst, true);
    assert.ok(layout.inputTop < layout.summaryTop, JSON.stringify(layout));
    assert.equal(layout.total, 'Tổng điểm: 0 / 1.000');
    assert.ok(layout.bar.bottom <= PHONE.height + 1 && layout.bar.top > PHONE.height - 120, JSON.stringify(layout.bar));
    await fillValues(page, doc);
    await page.waitForFunction(() => document.querySelector('dti-self-assessment').shadowRoot
      .querySelector('[data-testid="mobile-total"]').textContent !== 'Tổng điểm: 0 / 1.000');
    await shot(page, 'state-filled-360');
    await page.click('[data-testid="to-summary"]');
    const summaryTop = await shadow(page, (root) => root.getElementById('summary').getBoundingClientRect().top);
    assert.ok(summaryTop >= 0 && summaryTop < PHONE.height / 2, String(summaryTop));
    await shot(page, 'state-summary-360');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= PHONE.width, `page is ${width} px wide`);
  } finally {
    await b.close();
  }
});

test('item 6: English mode translates what the set gives in English and marks the rest lang="vi"', async () => {
  const b = await open(WIDE, 'vinh-long-2025.json');
  try {
    const { page } = b;
    await page.click('button.lang');
    await page.waitForFunction(() => document.querySelector('dti-self-assessment').shadowRoot
      .getElementById('set-title').textContent === 'Provincial Digital Transformation Index (DTI) – Vĩnh Long province');
    await axeCheck(page, 'English', ACCEPT);
    await shot(page, 'state-english-1366');
    const marks = await shadow(page, (root) => {
      const langOf = (node) => (node.parentElement.closest('[lang]') || { lang: '' }).lang;
      const found = {};
      for (const text of ['Hàng năm', 'tỷ đồng', 'tin bài/năm', 'Chi Cục Thống kê', 'Quyết định số 863/QĐ-UBND, 2025-05-09', 'Phụ lục, mục II (Chỉ số đánh giá), chỉ số 1.3']) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        const langs = new Set();
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          if (n.textContent.includes(text) && !n.parentElement.closest('.print-only')) langs.add(langOf(n));
        }
        found[text] = [...langs];
      }
      return found;
    });
    assert.deepEqual(marks, {
      'Hàng năm': ['vi'],
      'tỷ đồng': ['vi'],
      'tin bài/năm': ['vi'],
      'Chi Cục Thống kê': ['vi'],
      'Quyết định số 863/QĐ-UBND, 2025-05-09': ['vi'],
      'Phụ lục, mục II (Chỉ số đánh giá), chỉ số 1.3': ['vi'],
    });
    // A banner shown before the switch follows it (the offline one, once the worker is in).
    await page.waitForSelector('[data-banner="offline"]', { timeout: 15000 }).catch(() => null);
    const banners = await shadow(page, (root) => [...root.querySelectorAll('[data-banner] p')].map((p) => p.textContent));
    assert.deepEqual(banners.filter((t) => t.startsWith('Trang đã sẵn sàng')), [], JSON.stringify(banners));
    // What the set gives in English is shown in English.
    assert.equal(await page.textContent('label[for="' + await page.getAttribute('[name="context.population"]', 'id') + '"]'), 'Population');
    assert.equal(await page.textContent('[id="n-1.3"] h4'), '1.3 Web portals/sites in the province have a dedicated digital transformation section or a provincial digital transformation page');
  } finally {
    await b.close();
  }
});

/** The print's text, whitespace runs as one space; axe checked on the print media. */
async function printedFlat(page, name) {
  const text = await printedText(page, name, async () => {
    const accepted = await axeCheck(page, `print media (${name})`, ACCEPT_PRINT);
    assert.deepEqual(accepted.map((v) => v.id), ['landmark-one-main']);
  });
  return text.replace(/\s+/g, ' ');
}

test('item 3: the print is a report a commune can file; a verified file prints its verdict', async () => {
  const b = await open(WIDE);
  try {
    const { page } = b;
    await page.fill('[name="unit.name"]', 'Xã Tân Hòa');
    await page.fill('[name="unit.id"]', 'xa-tan-hoa');
    await page.press('[name="unit.id"]', 'Tab');
    await fillValues(page, doc);
    await page.waitForFunction(() => document.querySelector('dti-self-assessment').shadowRoot
      .querySelector('[data-testid="progress-1"]').dataset.missing === '0');
    await axeCheck(page, 'filled', ACCEPT);
    await shot(page, 'state-filled-1366');
    const total = await page.textContent('[data-testid="total"]');
    const text = await printedFlat(page, 'pageux-print.pdf');
    for (const part of [
      'Báo cáo tự đánh giá Chỉ số chuyển đổi số',
      'Hiệu lực: dự thảo lấy ý kiến',
      'Tên đơn vị: Xã Tân Hòa — xa-tan-hoa · Năm đánh giá: 2025',
      `Tổng điểm: ${total} / 1.000`,
      'Theo chỉ số chính',
      'Chi tiết từng chỉ số',
      'Tỷ lệ = a/b',
    ]) assert.ok(text.includes(part), `${part}\n${text.slice(0, 1500)}`);
    for (const bad of [/null/i, /undefined/i, /dti-province-2025/, /\.json/]) assert.equal(bad.test(text), false, String(bad));

    // Sign, then open the signed file as the province would: the print gives the verdict.
    await page.click('[data-testid="to-sign"]');
    await page.waitForSelector('details.new-key > summary');
    await page.click('details.new-key > summary');
    await makeKey(page, 'Nguyễn Văn An', 'preparer', 'mật khẩu người lập');
    await page.selectOption('[name="sign.preparer"]', { index: 1 });
    await page.fill('[name="sign.preparer.passphrase"]', 'mật khẩu người lập');
    await page.press('[name="sign.preparer.passphrase"]', 'Enter');
    await page.waitForFunction(() => document.querySelector('dti-self-assessment').shadowRoot
      .querySelector('[data-testid="unlocked-preparer"]').textContent.includes('Nguyễn Văn An'), null, { timeout: 30000 });
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="sign"]')]);
    const file = artifact('pageux-submission.json');
    await download.saveAs(file);
    await page.setInputFiles('#submission-file', file);
    await page.waitForSelector('[data-testid="verdict-summary"][data-passed="true"]');
    const verified = await printedFlat(page, 'pageux-print-verified.pdf');
    assert.ok(verified.includes('Kiểm tra hồ sơ đã ký'), verified.slice(-1500));
    assert.ok(verified.includes('Kết quả kiểm tra chữ ký và số liệu: chữ ký hợp lệ, người ký chưa được xác nhận'), verified.slice(-1500));
    assert.ok(verified.includes('Người lập: Nguyễn Văn An — dấu vân tay khóa'), verified.slice(-1500));
    for (const bad of [/null/i, /undefined/i, /dti-province-2025/, /pageux-submission/]) assert.equal(bad.test(verified), false, String(bad));
  } finally {
    await b.close();
  }
});
