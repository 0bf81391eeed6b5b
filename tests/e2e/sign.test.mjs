// Sign and export: a preparer's key and an approver's key made in the page, both
// unlocked on the same device, the submission downloaded and verified by the CLI;
// a tampered submission imported back is refused with the failing check named.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BIN, FIXTURES, SETS, artifact, browser, cli, fillValues, makeKey, ready, serve } from './lib.mjs';

const SET = join(SETS, 'dti-province-2025.json');
const doc = JSON.parse(readFileSync(join(FIXTURES, 'province-2025-values.json'), 'utf8'));

let server;
before(async () => { server = await serve(); });
after(async () => { await server.stop(); });

async function unlock(page, role, passphrase) {
  await page.selectOption(`[name="sign.${role}"]`, { index: 1 });
  await page.fill(`[name="sign.${role}.passphrase"]`, passphrase);
  await page.click(`[data-testid="unlock-${role}"]`);
}

test('a submission signed in the page by preparer and approver verifies with the CLI', async () => {
  const b = await browser();
  try {
    const { page } = b;
    await page.goto(server.url);
    await ready(page);
    await page.fill('[name="year"]', '2025');
    await page.fill('[name="unit.name"]', 'Xã Tân Hòa');
    await page.fill('[name="unit.id"]', 'xa-tan-hoa');
    await page.press('[name="unit.id"]', 'Tab');
    await fillValues(page, doc);

    await page.click('[data-testid="sign-open"]');
    await page.click('details.new-key > summary');
    await makeKey(page, 'Nguyễn Văn An', 'preparer', 'mật khẩu người lập');
    await makeKey(page, 'Trần Thị Bình', 'approver', 'mật khẩu lãnh đạo');
    assert.equal(await page.$$eval('[data-testid="keys"] li', (l) => l.length), 2);

    // The enrolment file the province registers with `dti-score registry add`.
    const [enrolment] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="download-enrolment"]').first().click()]);
    assert.match(enrolment.suggestedFilename(), /^dang-ky-khoa-xa-tan-hoa-preparer-[0-9A-F]{16}\.json$/);
    const enrolmentFile = artifact(enrolment.suggestedFilename());
    await enrolment.saveAs(enrolmentFile);
    const enrolled = JSON.parse(readFileSync(enrolmentFile, 'utf8'));
    assert.equal(enrolled.format, 'dti-score/key-enrolment/v1');
    assert.deepEqual([enrolled.unit, enrolled.role, enrolled.name], ['xa-tan-hoa', 'preparer', 'Nguyễn Văn An']);
    assert.equal(enrolled.encrypted_secret_key, undefined);
    const registryFile = artifact('enrolled-keys.json');
    cli('registry', 'create', registryFile, '--force');
    cli('registry', 'add', registryFile, '--entry', enrolmentFile, '--valid-from', '2025-01-01');
    const listed = cli('registry', 'list', registryFile);
    assert.ok(listed.includes(`  ${enrolled.fingerprint} preparer Nguyễn Văn An from 2025-01-01T00:00:00Z`), listed);

    // A wrong passphrase is refused with the engine's message.
    await unlock(page, 'preparer', 'sai mật khẩu');
    await page.waitForSelector('[data-testid="sign-status"].error');
    assert.equal(await page.textContent('[data-testid="unlocked-preparer"]'), '');

    await unlock(page, 'preparer', 'mật khẩu người lập');
    await page.waitForFunction(() => document.querySelector('dti-self-assessment').shadowRoot
      .querySelector('[data-testid="unlocked-preparer"]').textContent.includes('Nguyễn Văn An'));
    await unlock(page, 'approver', 'mật khẩu lãnh đạo');
    await page.waitForFunction(() => document.querySelector('dti-self-assessment').shadowRoot
      .querySelector('[data-testid="unlocked-approver"]').textContent.includes('Trần Thị Bình'));

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="sign"]')]);
    assert.equal(download.suggestedFilename(), 'submission-xa-tan-hoa-2025.json');
    const file = artifact('submission-xa-tan-hoa-2025.json');
    await download.saveAs(file);
    // The page's own check of what it just signed.
    await page.waitForSelector('[data-testid="verdict-summary"][data-passed="true"]');
    await page.locator('section.sign').screenshot({ path: artifact('sign-section.png') });

    const submission = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(submission.unit.id, 'xa-tan-hoa');
    assert.equal(submission.year, '2025');
    assert.equal(submission.report.total, '643.71');
    assert.equal(submission.signers.prepared_by.name, 'Nguyễn Văn An');
    assert.equal(submission.signers.approved_by.name, 'Trần Thị Bình');

    // The CLI, on its own, with only the set: signatures valid but the signers not
    // proven (no registry signed by the province): exit 3, not a pass.
    const run = spawnSync(BIN, ['verify', file, '--set', SET, '--json'], { encoding: 'utf8' });
    assert.equal(run.status, 3, run.stderr);
    const verdicts = JSON.parse(run.stdout);
    const verdict = Array.isArray(verdicts) ? verdicts[0] : (verdicts.verdicts || verdicts.files)[0];
    assert.equal(verdict.passed, true);
    assert.equal(verdict.proven, false);
    assert.equal(verdict.total, '643.71');

    // A changed value with the old signatures: imported back, the page says which check failed.
    const tampered = JSON.parse(JSON.stringify(submission));
    tampered.values.values['1.5'].a = '6';
    const tamperedFile = artifact('submission-tampered.json');
    writeFileSync(tamperedFile, JSON.stringify(tampered, null, 2));
    await page.setInputFiles('#submission-file', tamperedFile);
    await page.waitForSelector('[data-testid="verdict-summary"][data-passed="false"]');
    const failed = await page.$$eval('[data-testid="verdict"] li.fail', (l) => l.map((x) => x.dataset.check));
    assert.ok(failed.includes('signature'), failed.join(','));

    // The valid file imported on a fresh draft can be continued: its values become the draft.
    await page.click('text=Bản nháp mới');
    assert.equal(await page.getAttribute('[data-testid="total"]', 'data-value'), '0');
    await page.setInputFiles('#import-file', file);
    await page.waitForSelector('[data-testid="verdict-summary"][data-passed="true"]');
    await page.click('[data-testid="continue-submission"]');
    await page.waitForFunction(() => document.querySelector('dti-self-assessment').shadowRoot
      .querySelector('[data-testid="total"]').dataset.value === '643.71');
    assert.equal(await page.inputValue('[name="unit.id"]'), 'xa-tan-hoa');
    assert.equal(await page.inputValue('[name="1.5.a"]'), '4');
  } finally {
    await b.close();
  }
});
