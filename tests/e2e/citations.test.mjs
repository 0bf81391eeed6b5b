// Issue 11: for every shipped set, the page and its print view cite the legal document
// (number, date, appendix, indicator) and never a source text file's name
// (`NNN_<16 hex>.txt`); the set's legal status is on the picker, at the top of the form
// and in print.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { browser, ready, serve } from './lib.mjs';

const FILE_NAME = /[0-9]{3}_[0-9a-f]{16}\.txt/g;

/** All the text of the element's shadow root, closed <details> included. */
const allText = (page, selector) => page.evaluate((sel) => {
  const root = document.querySelector('dti-self-assessment').shadowRoot;
  return (sel ? root.querySelector(sel) : root).textContent;
}, selector);

const SETS = {
  'dti-province-2022.json': {
    status: 'superseded',
    cite: 'Quyết định số 922/QĐ-BTTTT ngày 20/5/2022 của Bộ Thông tin và Truyền thông, theo Phụ lục Kế hoạch số 561/KH-UBND ngày 29/9/2022 của UBND tỉnh Đắk Nông, Phụ lục, STT 1.3, trang 1/23 của phụ lục; tiếp theo ở trang 2',
  },
  'dti-province-2025.json': {
    status: 'consultation_draft',
    cite: 'Dự thảo Bộ chỉ số DTI cấp tỉnh của Bộ Khoa học và Công nghệ (lấy ý kiến tại Văn bản số 3530/CĐSQG-DVS ngày 17/12/2025), Phụ lục Công văn số …/UBND-KGVX năm 2026 của UBND tỉnh An Giang, Phụ lục, chỉ số 6.1; đối chiếu Phụ lục Kế hoạch nâng cao chỉ số DTI năm 2026 của UBND tỉnh Gia Lai, chỉ số 6.1',
  },
  'thanh-hoa-department-2021.json': {
    status: 'official',
    cite: 'Quyết định số …/QĐ-UBND năm 2021 của Chủ tịch UBND tỉnh Thanh Hóa ban hành Bộ chỉ số đánh giá Chuyển đổi số tỉnh Thanh Hóa, Phụ lục I, STT 2.4.1',
  },
  'thanh-hoa-district-2021.json': {
    status: 'official',
    cite: 'Quyết định số …/QĐ-UBND năm 2021 của Chủ tịch UBND tỉnh Thanh Hóa ban hành Bộ chỉ số đánh giá Chuyển đổi số tỉnh Thanh Hóa, Phụ lục II, mục II (Kinh tế số), STT 5.2.1',
  },
  'vinh-long-2025.json': {
    status: 'official',
    cite: 'Quyết định số 863/QĐ-UBND ngày 09/5/2025 của Chủ tịch UBND tỉnh Vĩnh Long, Phụ lục, mục II (Chỉ số đánh giá), chỉ số 3.6',
  },
  // The commune template (issue 17): each indicator cites the commune duty it comes from.
  'templates/commune-starter.json': {
    status: 'template',
    cite: 'Công văn số …/UBND-KGVX năm 2026 của UBND tỉnh An Giang về việc đôn đốc thực hiện nhiệm vụ nâng cao chỉ số đánh giá mức độ chuyển đổi số (DTI) tỉnh năm 2026, Mục I, điểm 3 (Đối với Ủy ban nhân dân các xã, phường, đặc khu), gạch đầu dòng thứ 3; đối chiếu Kế hoạch số …/KH-UBND năm 2026 của UBND tỉnh Gia Lai, Phụ lục, chỉ số 2.3 (cột “Cơ quan thực hiện”: UBND xã, phường)',
  },
};

/** The document each set's rows cite (the print view lists it once). */
const DOCS = {
  'dti-province-2022.json': 'Quyết định số 922/QĐ-BTTTT ngày 20/5/2022 của Bộ Thông tin và Truyền thông, theo Phụ lục Kế hoạch số 561/KH-UBND ngày 29/9/2022 của UBND tỉnh Đắk Nông',
  'dti-province-2025.json': 'Dự thảo Bộ chỉ số DTI cấp tỉnh của Bộ Khoa học và Công nghệ (lấy ý kiến tại Văn bản số 3530/CĐSQG-DVS ngày 17/12/2025), Phụ lục Công văn số …/UBND-KGVX năm 2026 của UBND tỉnh An Giang',
  'thanh-hoa-department-2021.json': 'Quyết định số …/QĐ-UBND năm 2021 của Chủ tịch UBND tỉnh Thanh Hóa ban hành Bộ chỉ số đánh giá Chuyển đổi số tỉnh Thanh Hóa',
  'thanh-hoa-district-2021.json': 'Quyết định số …/QĐ-UBND năm 2021 của Chủ tịch UBND tỉnh Thanh Hóa ban hành Bộ chỉ số đánh giá Chuyển đổi số tỉnh Thanh Hóa',
  'vinh-long-2025.json': 'Quyết định số 863/QĐ-UBND ngày 09/5/2025 của Chủ tịch UBND tỉnh Vĩnh Long',
  'templates/commune-starter.json': 'Công văn số …/UBND-KGVX năm 2026 của UBND tỉnh An Giang về việc đôn đốc thực hiện nhiệm vụ nâng cao chỉ số đánh giá mức độ chuyển đổi số (DTI) tỉnh năm 2026',
};

const STATUS_VI = {
  official: 'văn bản chính thức',
  consultation_draft: 'dự thảo lấy ý kiến',
  superseded: 'đã được thay thế',
  template: 'mẫu để tỉnh điều chỉnh',
};

let server;
before(async () => { server = await serve(); });
after(async () => { await server.stop(); });

test('every shipped set: citations on the page and in print, no source file name, the legal status shown', async () => {
  const b = await browser();
  try {
    const { page } = b;
    await page.goto(server.url);
    await ready(page);
    const options = await page.$$eval('select[name="set"] option', (os) => os.filter((o) => !o.hidden).map((o) => [o.value, o.textContent]));
    assert.deepEqual(options.map(([v]) => v).sort(), Object.keys(SETS).sort());
    for (const [file, label] of options) {
      const { status, cite } = SETS[file];
      // The picker says what is not official.
      assert.equal(label.includes(` — ${STATUS_VI[status]}`), status !== 'official', label);

      await page.selectOption('select[name="set"]', file);
      await page.waitForFunction((f) => {
        const root = document.querySelector('dti-self-assessment').shadowRoot;
        return root.querySelector('select[name="set"]').value === f && root.querySelector('[data-testid="set-status"]');
      }, file);
      // The form is drawn for this set once one of its rows cites its decision.
      await page.waitForFunction((c) => [...document.querySelector('dti-self-assessment').shadowRoot
        .querySelectorAll('details.source p.ref')].some((p) => p.textContent === c), cite);
      await page.waitForFunction((s) => document.querySelector('dti-self-assessment').shadowRoot
        .querySelector('[data-testid="set-status"]').dataset.status === s, status);
      const statusText = await allText(page, '[data-testid="set-status"]');
      assert.ok(statusText.startsWith(`Hiệu lực: ${STATUS_VI[status]}`), statusText);

      const text = await allText(page);
      assert.deepEqual(text.match(FILE_NAME), null, `${file}: the page names a source file`);
      // "Xem quy định gốc" gives the decision and the row.
      const refs = await page.$$eval('details.source p.ref', (ps) => ps.map((p) => p.textContent));
      assert.ok(refs.includes(cite), `${file}: ${refs.slice(0, 3).join(' | ')}`);

      await page.emulateMedia({ media: 'print' });
      await page.evaluate(() => document.querySelector('dti-self-assessment').onPrintPreview());
      const print = await allText(page, '.print-only');
      assert.deepEqual(print.match(FILE_NAME), null, `${file}: the print view names a source file`);
      assert.ok(print.includes(`Hiệu lực: ${STATUS_VI[status]}`), `${file}: no status in print`);
      const doc = DOCS[file];
      assert.ok(cite.startsWith(`${doc}, `));
      assert.ok(print.includes(`Căn cứ: ${doc}`), `${file}: print does not cite ${doc}`);
      await page.emulateMedia({ media: 'screen' });
    }
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});
