// Prints the version of each engine the e2e suite runs in (scripts/e2e.sh calls it before
// the suites): `node tests/e2e/versions.mjs chromium firefox webkit` (webkit under xvfb-run).
import { chromium } from 'playwright-core';
import { launch } from './webdriver.mjs';

for (const engine of process.argv.slice(2)) {
  if (engine === 'chromium') {
    const b = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
    console.log(`chromium: Chromium ${b.version()} (playwright-core)`);
    await b.close();
  } else {
    const s = await launch(engine);
    console.log(`${engine}: ${s.name} ${s.browserVersion} (W3C WebDriver)`);
    await s.close();
  }
}
