// Browser journeys, accessibility checks and raw-HTML capture for the
// contest portal, driven through Debian's Chromium with playwright-core.
//
// Runs against a server that .ci/e2e started with `serve --demo` on a fresh
// database: E2E_BASE_URL=http://127.0.0.1:PORT node e2e/journeys.mjs
//
// Everything happens through the pages, as people use them: forms are typed
// into and submitted, links followed, files chosen. Each step asserts what a
// person would see and writes a full-page screenshot to
// $E2E_ARTIFACTS/screenshots/NN-lang-step.png. Every main page is also loaded
// on its own: its body as served goes to $E2E_ARTIFACTS/html/ (for the Nu HTML
// Checker, run by .ci/e2e) and axe-core runs on it in the browser; a serious
// or critical violation fails the run. The browser never leaves 127.0.0.1.

import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..');

const BASE = (process.env.E2E_BASE_URL || '').replace(/\/$/, '');
if (!/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(BASE)) {
  console.error('E2E_BASE_URL must be the local test server, e.g. http://127.0.0.1:18080');
  process.exit(2);
}
const ART = path.resolve(process.env.E2E_ARTIFACTS || path.join(REPO, 'e2e-artifacts'));
const SHOTS = path.join(ART, 'screenshots');
const HTML = path.join(ART, 'html');
for (const d of [SHOTS, HTML]) {
  fs.rmSync(d, { recursive: true, force: true });
  fs.mkdirSync(d, { recursive: true });
}

const DEMO_PASSWORD = 'demo-password-2025';
const NEW_PASSWORD = 'labour open data 2025!';
const RUN = Math.random().toString(36).slice(2, 7);
const STEP_TIMEOUT = 15_000;

// ------------------------------------------------------------------ messages
// The expected texts come from the portal's own Fluent files, so the
// assertions follow the wording in both languages.

function loadMessages(code) {
  const dir = path.join(REPO, 'locales', code);
  const out = new Map();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ftl'))) {
    let id = null;
    for (const line of fs.readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      const m = /^([a-zA-Z][\w-]*)\s*=\s?(.*)$/.exec(line);
      if (m) {
        id = m[1];
        out.set(id, m[2]);
      } else if (id && /^\s+\S/.test(line)) {
        out.set(id, `${out.get(id)}\n${line.trim()}`);
      } else {
        id = null;
      }
    }
  }
  return out;
}
const MESSAGES = { zh: loadMessages('zh-TW'), en: loadMessages('en') };
const LANG_CODE = { zh: 'zh-TW', en: 'en' };

/** A simple message (no selectors) with its variables filled in. */
function t(lang, id, vars = {}) {
  const raw = MESSAGES[lang].get(id);
  if (raw === undefined) throw new Error(`no message ${id} in ${lang}`);
  if (raw.includes('->')) throw new Error(`message ${id} has variants; pick a simple one`);
  return raw.replace(/\{\s*\$(\w+)\s*\}/g, (_, v) => {
    if (!(v in vars)) throw new Error(`message ${id} needs $${v}`);
    return String(vars[v]);
  });
}

// ------------------------------------------------------------------ files

/** A small but well-formed PDF (one page, one line of text). */
function makePdf(text) {
  const safe = text.replace(/[()\\]/g, ' ');
  const stream = `BT /F1 18 Tf 72 720 Td (${safe}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(stream)} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
/** A small PNG "student card": a grey card with a blue band, no compression library needed. */
function makePng(width = 64, height = 40) {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const i = y * (width * 3 + 1) + 1 + x * 3;
      const band = y < 10;
      raw[i] = band ? 0x1d : 0xee;
      raw[i + 1] = band ? 0x4e : 0xee;
      raw[i + 2] = band ? 0x89 : 0xee;
    }
  }
  // zlib stream of stored (uncompressed) blocks.
  const blocks = [];
  for (let off = 0; off < raw.length; off += 65535) {
    const chunk = raw.subarray(off, Math.min(off + 65535, raw.length));
    const head = Buffer.alloc(5);
    head[0] = off + 65535 >= raw.length ? 1 : 0;
    head.writeUInt16LE(chunk.length, 1);
    head.writeUInt16LE(~chunk.length & 0xffff, 3);
    blocks.push(head, chunk);
  }
  let a = 1;
  let b = 0;
  for (const v of raw) {
    a = (a + v) % 65521;
    b = (b + a) % 65521;
  }
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE(((b << 16) | a) >>> 0);
  const zlib = Buffer.concat([Buffer.from([0x78, 0x01]), ...blocks, adler]);
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ------------------------------------------------------------------ time

/** Taipei wall-clock time `minutes` from now, as a datetime-local value. */
function taipeiLocal(minutes) {
  const d = new Date(Date.now() + minutes * 60_000 + 8 * 3600_000);
  return d.toISOString().slice(0, 16);
}
/** A Taipei date `days` from today, as a date input value. */
function taipeiDate(days) {
  return new Date(Date.now() + days * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10);
}

// ------------------------------------------------------------------ steps

let stepNo = 0;
const passedSteps = [];
const axePages = [];
const axeFailures = [];
let htmlNo = 0;

function slug(s) {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

async function shoot(page, file) {
  try {
    await page.screenshot({ path: path.join(SHOTS, file), fullPage: true });
  } catch (e) {
    console.error(`  (screenshot ${file} failed: ${e.message})`);
  }
}

/** One journey step: run it, then screenshot the page it ends on. */
async function step(lang, name, actor, fn) {
  stepNo += 1;
  const file = `${String(stepNo).padStart(2, '0')}-${lang}-${slug(name)}.png`;
  const started = Date.now();
  try {
    await fn(actor.page);
  } catch (e) {
    await shoot(actor.page, file.replace('.png', '-FAILED.png'));
    let seen = '';
    try {
      seen = (await actor.page.locator('main').innerText({ timeout: 2000 })).slice(0, 1500);
    } catch {
      /* no page to read */
    }
    console.error(`✗ step ${stepNo} [${lang}] ${name} (${actor.label}) failed at ${actor.page.url()}`);
    console.error(`  ${e.stack || e}`);
    if (seen) console.error(`  The page said:\n${seen.replace(/^/gm, '    | ')}`);
    throw new JourneyFailed();
  }
  await shoot(actor.page, file);
  passedSteps.push({ no: stepNo, lang, name, screenshot: `screenshots/${file}` });
  console.log(`✓ ${String(stepNo).padStart(2, '0')} [${lang}] ${name} — ${actor.label} (${Date.now() - started} ms)`);
}

class JourneyFailed extends Error {}

function fail(message) {
  throw new Error(message);
}

/** Clicks something that submits a form or follows a link, and waits for the next page. */
async function go(page, locator, { okStatus = (s) => s < 400 } = {}) {
  const [resp] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load', timeout: STEP_TIMEOUT }),
    locator.click({ timeout: STEP_TIMEOUT }),
  ]);
  const status = resp ? resp.status() : 0;
  if (!okStatus(status)) fail(`navigation to ${page.url()} answered ${status}`);
  return resp;
}

async function visit(page, url) {
  const resp = await page.goto(BASE + url, { waitUntil: 'load', timeout: STEP_TIMEOUT });
  if (!resp || resp.status() >= 400) fail(`GET ${url} answered ${resp && resp.status()}`);
  return resp;
}

/** Asserts that a text is visible in the page's main content. */
async function sees(page, text) {
  const main = page.locator('main');
  try {
    await main.getByText(text, { exact: false }).first().waitFor({ state: 'visible', timeout: 5000 });
  } catch {
    fail(`expected to see “${text}” on ${page.url()}`);
  }
}

async function flash(page, lang, id) {
  const box = page.locator('main .flash');
  const got = (await box.count()) ? (await box.first().innerText()).trim() : '(no message)';
  if (got !== t(lang, id)) fail(`expected the message “${t(lang, id)}”, got “${got}”`);
}

// ------------------------------------------------------------------ axe + raw HTML

/**
 * Loads `url` afresh in the actor's page, keeps the body exactly as served
 * for the Nu HTML Checker, and runs axe-core on it.
 */
async function audit(actor, lang, name, url, { width } = {}) {
  const page = actor.page;
  const before = page.viewportSize();
  if (width) await page.setViewportSize({ width, height: 780 });
  try {
    const resp = await visit(page, url);
    const actual = await page.evaluate(() => document.documentElement.lang);
    if (actual !== LANG_CODE[lang]) fail(`${url} is in ${actual}, expected ${LANG_CODE[lang]}`);
    if (!width) {
      htmlNo += 1;
      const file = `${String(htmlNo).padStart(3, '0')}-${lang}-${slug(name)}.html`;
      fs.writeFileSync(path.join(HTML, file), await resp.body());
    }
    await runAxe(page, lang, name, url, width);
  } finally {
    if (width && before) await page.setViewportSize(before);
  }
}

/** Checks the page as it is now (e.g. a form shown again with its errors), with the response that brought it. */
async function auditCurrent(actor, lang, name, resp) {
  const page = actor.page;
  htmlNo += 1;
  fs.writeFileSync(path.join(HTML, `${String(htmlNo).padStart(3, '0')}-${lang}-${slug(name)}.html`), await resp.body());
  await runAxe(page, lang, name, new URL(page.url()).pathname, null);
}

async function runAxe(page, lang, name, url, width) {
  await checkWidth(page, lang, name, url);
  const where = `[${lang}] ${name}${width ? ` @${width}px` : ''}`;
  await page.addScriptTag({ path: AXE_PATH });
  // axe-core's default rule set (every rule it enables by default), nothing turned off.
  // eslint-disable-next-line no-undef
  const result = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const minor = result.violations.filter((v) => !bad.includes(v));
  axePages.push({ lang, name, url, width: width || null, serious: bad.length, other: minor.map((v) => v.id) });
  if (width) await shoot(page, `axe-${lang}-${slug(name)}-${width}px.png`);
  if (bad.length) {
    for (const v of bad) {
      const nodes = v.nodes
        .slice(0, 8)
        .map((n) => `      ${n.target.join(' ')}\n        ${n.failureSummary.replace(/\n/g, '\n        ')}`);
      axeFailures.push(`${where} ${url}\n  ${v.impact}: ${v.id} — ${v.help}\n  ${v.helpUrl}\n${nodes.join('\n')}`);
    }
    console.error(`✗ axe ${where}: ${bad.map((v) => `${v.id} (${v.impact})`).join(', ')}`);
  } else {
    const note = minor.length ? ` (minor: ${minor.map((v) => `${v.id} ${v.impact}`).join(', ')})` : '';
    console.log(`  axe ${where}: no serious or critical violations${note}`);
  }
}

// ------------------------------------------------------------------ actors

let browser;
/** Requests a page tried to make beyond the local server: each one is a failure. */
const blocked = [];

/**
 * A person in their own browser context. The browser asks for the other
 * language, so the portal's language switch is what sets theirs.
 */
async function actor(lang, label) {
  const context = await browser.newContext({
    locale: lang === 'zh' ? 'en-US' : 'zh-TW',
    viewport: { width: 1280, height: 900 },
    // axe-core is injected as a script tag; the portal's CSP rightly
    // forbids that for anything but its own files.
    bypassCSP: true,
  });
  context.setDefaultTimeout(STEP_TIMEOUT);
  // Nothing but the local server: any other request is a bug in the page.
  await context.route(/^(?!http:\/\/(127\.0\.0\.1|localhost)[:/]).*/, (route) => {
    blocked.push(`${route.request().url()} (from ${route.request().frame().url()})`);
    return route.abort();
  });
  const page = await context.newPage();
  const a = { lang, label, context, page };
  await visit(page, '/');
  const other = await page.evaluate(() => document.documentElement.lang);
  if (other === LANG_CODE[lang]) fail(`the browser's language already gave ${other}`);
  await go(page, page.locator(`nav.lang-switch a[hreflang="${LANG_CODE[lang]}"]`));
  const now = await page.evaluate(() => document.documentElement.lang);
  if (now !== LANG_CODE[lang]) fail(`the language switch gave ${now}, not ${LANG_CODE[lang]}`);
  return a;
}

async function signIn(page, lang, email, password) {
  await visit(page, '/signin');
  await page.fill('#email', email);
  await page.fill('#password', password);
  await go(page, page.locator('form[action="/signin"] button[type="submit"]'));
  await page
    .locator('form[action="/signout"] button')
    .waitFor({ state: 'visible', timeout: 5000 })
    .catch(() => fail(`sign-in of ${email} did not work`));
  const label = (await page.locator('form[action="/signout"] button').innerText()).trim();
  if (label !== t(lang, 'nav-sign-out')) fail(`the header offers “${label}”, not “${t(lang, 'nav-sign-out')}”`);
}

async function signedInActor(lang, label, email) {
  const a = await actor(lang, label);
  await signIn(a.page, lang, email, DEMO_PASSWORD);
  return a;
}

// ------------------------------------------------------------------ journey data

const DEMO = {
  organiser: 'organiser@demo.contest.tw',
  reviewer: 'reviewer@demo.contest.tw',
  judge: 'judge@demo.contest.tw',
  unit: 'unit@demo.contest.tw',
  admin: 'admin@demo.contest.tw',
};

const PLAN = {
  zh: {
    trackIndex: 0,
    advisor: 'advisor1@demo.contest.tw',
    captain: { email: `zh-captain-${RUN}@g.nthu.edu.tw`, name: '陳 怡安', school: '國立清華大學', dept: '資訊工程學系', sid: '111062301' },
    member: { email: `zh-member-${RUN}@gs.ncku.edu.tw`, name: '林 承翰', school: '國立成功大學', dept: '統計學系', sid: 'H24116055' },
    team: `勞保試算隊 ${RUN}`,
    entry: {
      title: '勞保費用一站試算',
      abstract: '結合職業災害保險費率與保險費負擔比例，讓勞工與雇主在手機上即時試算每月保費與給付。',
      problem: '勞工不了解自己與雇主各負擔多少保費，也不知道職災保險的費率如何決定。',
      solution: '依行業別費率表與負擔比例表計算保費，並以圖表呈現變化。',
      users: '受僱勞工、小型事業單位的人資承辦人。',
    },
    searches: [
      { q: '費率', pick: '職業災害保險適用行業別及費率表', fields: '行業別、費率', usage: '依使用者輸入的行業代碼查出職災保險費率，作為保費試算的基礎。', depth: '4' },
      { q: '負擔比例', pick: '保險費負擔比例一覽表', fields: '被保險人類別、負擔比例', usage: '用負擔比例把保費拆成勞工、雇主與政府各自負擔的金額並製成圖表。', depth: '3' },
    ],
    request: {
      title: `各行業投保薪資分布 ${RUN}`,
      description: '希望取得近五年勞工保險投保薪資按行業與級距的人數分布。',
      fields: '年度、行業代碼、投保薪資級距、人數',
      purpose: '試算服務要提示使用者同行業的投保薪資落點。',
    },
    answer: 'approve',
  },
  en: {
    trackIndex: 1,
    advisor: 'advisor2@demo.contest.tw',
    captain: { email: `en-captain-${RUN}@smail.nchu.edu.tw`, name: 'Alice Chen', school: '國立中興大學', dept: 'Department of Computer Science', sid: '7112056012' },
    member: { email: `en-member-${RUN}@nycu.edu.tw`, name: 'Brian Lin', school: '國立陽明交通大學', dept: 'Institute of Occupational Safety', sid: '311707009' },
    team: `Safe Shift ${RUN}`,
    entry: {
      title: 'Safe Shift: accident risk map for small factories',
      abstract: 'A map and weekly briefing that shows small factories which kinds of serious workplace accidents happen most in their industry and what prevents them.',
      problem: 'Small factories rarely read the accident statistics that would tell them where their workers are at risk.',
      solution: 'We turn the serious accident statistics into a risk map by industry with prevention tips.',
      users: 'Owners and safety officers of factories with fewer than 50 workers.',
    },
    searches: [
      { q: '重大職災統計', pick: '重大職災統計', fields: 'year, industry, accident type, deaths', usage: 'We rank industries by serious accidents per year and show the trend for the factory’s own industry on the map.', depth: '3' },
    ],
    request: {
      title: `Accident reports by factory size ${RUN}`,
      description: 'Serious occupational accidents by the size of the workplace (number of workers), for the last five years.',
      fields: 'year, workplace size band, industry code, accidents',
      purpose: 'Our risk map is for small factories and needs the accident rates for their size.',
    },
    answer: 'reject',
  },
};

// ------------------------------------------------------------------ journeys

async function readMailedLink(outbox, lang, to, pathPrefix) {
  const page = outbox.page;
  await visit(page, '/admin/outbox');
  await page.fill('#to', to);
  await go(page, page.locator('form.filters button[type="submit"]'));
  const link = page.locator('table tbody tr td a').first();
  if (!(await link.count())) fail(`no mail to ${to} in the outbox`);
  await go(page, link);
  const body = await page.locator('pre.mail-body').innerText();
  const m = new RegExp(`https?://[^\\s]+${pathPrefix.replace(/[?]/g, '\\?')}[^\\s]+`).exec(body);
  if (!m) fail(`the mail to ${to} has no ${pathPrefix} link`);
  return m[0];
}

/** Sends the sign-up form (open on `page`) as `who`, and sees "check your e-mail". */
async function signUpAs(page, lang, who) {
  await page.fill('#email', who.email);
  await page.fill('#display_name', who.name);
  await page.fill('#password', NEW_PASSWORD);
  await page.fill('#password_confirm', NEW_PASSWORD);
  await go(page, page.locator('form[action="/signup"] button[type="submit"]'));
  await sees(page, t(lang, 'check-email-title'));
}

/** A new student: signs up, confirms the address, signs in and fills in the profile with proof. */
async function newStudent(lang, who, outbox) {
  const a = await actor(lang, who.name);
  await step(lang, 'sign-up', a, async (page) => {
    await visit(page, '/');
    await go(page, page.locator('nav.main-nav a[href="/signup"]'));
    if (who === PLAN[lang].captain) {
      // A first try with a short password and a typo in the confirmation: the
      // form comes back with the errors explained and the input kept.
      await page.fill('#email', who.email);
      await page.fill('#display_name', who.name);
      await page.fill('#password', 'short');
      await page.fill('#password_confirm', 'shorter');
      const resp = await go(page, page.locator('form[action="/signup"] button[type="submit"]'), { okStatus: (st) => st === 422 });
      if ((await page.locator('[aria-invalid="true"]').count()) < 1) fail('the sign-up errors are not marked on the fields');
      if ((await page.inputValue('#email')) !== who.email) fail('the e-mail was not kept');
      await auditCurrent(a, lang, 'sign-up with errors', resp);
    }
    await signUpAs(page, lang, who);
    await sees(page, who.email);
  });
  let link;
  await step(lang, 'confirmation-mail-in-outbox', outbox, async () => {
    link = await readMailedLink(outbox, lang, who.email, '/verify?token=');
    if (!link.startsWith(BASE)) fail(`the mailed link ${link} is not this server's`);
  });
  await step(lang, 'confirm-email-and-sign-in', a, async (page) => {
    await page.goto(link, { waitUntil: 'load' });
    await flash(page, lang, 'flash-email-verified');
    await signIn(page, lang, who.email, NEW_PASSWORD);
  });
  await step(lang, 'profile-with-school', a, async (page) => {
    await go(page, page.locator('nav.main-nav a[href="/profile"]'));
    await page.fill('#real_name', who.name);
    await page.check('input[name="kind"][value="student"]');
    await page.fill('#school_name', who.school);
    await page.fill('#department', who.dept);
    await page.fill('#student_id', who.sid);
    await page.fill('#year_of_study', '3');
    // Issue 14: the school search (here without reload) keeps what was typed.
    await page.fill('#school_q', who.school.slice(-4));
    await page.click('#school-search-button');
    const result = page.locator('#school-results button', { hasText: who.school }).first();
    await result.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    await result.click();
    if ((await page.inputValue('#school_name')) !== who.school) fail('picking a school did not fill the field');
    if ((await page.inputValue('#real_name')) !== who.name) fail('the school search lost the typed name');
    await go(page, page.locator('#profile-form button[name="action"][value="save"]'));
    await visit(page, '/profile');
    if ((await page.inputValue('#school_name')) !== who.school) fail('the school was not kept');
  });
  await step(lang, 'enrolment-proof', a, async (page) => {
    const asPng = lang === 'zh';
    await page.setInputFiles('#proof', {
      name: asPng ? 'student-card.png' : 'enrolment-certificate.pdf',
      mimeType: asPng ? 'image/png' : 'application/pdf',
      buffer: asPng ? makePng() : makePdf(`Certificate of enrolment: ${who.name}`),
    });
    await go(page, page.locator('form[action^="/profile/proof"] button[type="submit"]'));
    await flash(page, lang, 'flash-proof-uploaded');
    await sees(page, t(lang, 'proof-pending'));
  });
  return a;
}

const state = { zh: {}, en: {} };

async function formTeamAndEnter(lang, outbox) {
  const plan = PLAN[lang];
  const s = state[lang];
  const captain = await newStudent(lang, plan.captain, outbox);
  s.captain = captain;

  await step(lang, 'register-team', captain, async (page) => {
    await go(page, page.locator('nav.main-nav a[href="/contests"]'));
    const contestLink = page.locator('main a[href^="/contests/"]').first();
    await go(page, contestLink);
    s.year = /\/contests\/(\d+)/.exec(page.url())[1];
    const trackLinks = page.locator('ul.track-cards h3 a');
    s.trackName = (await trackLinks.nth(plan.trackIndex).innerText()).trim();
    s.trackPath = await trackLinks.nth(plan.trackIndex).getAttribute('href');
    s.trackId = /tracks\/(\d+)/.exec(s.trackPath)[1];
    await go(page, trackLinks.nth(plan.trackIndex));
    await sees(page, t(lang, 'track-proof-yes'));
    await go(page, page.locator('main a.button-primary[href*="/register"]'));
    const u = new URL(page.url());
    await audit(captain, lang, 'team registration form', u.pathname + u.search);
    await page.fill('#name', plan.team);
    // The track page pre-ticks its own track; make sure only that one is ticked.
    const boxes = page.locator('input[name="track"]');
    for (let i = 0; i < (await boxes.count()); i++) {
      const v = await boxes.nth(i).getAttribute('value');
      if (v === s.trackId) await boxes.nth(i).check();
      else await boxes.nth(i).uncheck();
    }
    await go(page, page.locator('form[action$="/register"] button[type="submit"]'));
    const m = /\/teams\/(\d+)$/.exec(page.url());
    if (!m) fail(`registering did not lead to the team page (${page.url()})`);
    s.teamId = m[1];
    await sees(page, plan.team);
    await sees(page, t(lang, 'team-rules-not-met'));
    s.memberInvite = await page.inputValue('#invite-member');
    s.advisorInvite = await page.inputValue('#invite-advisor');
    if (!s.memberInvite.includes('/join/') || !s.advisorInvite.includes('/join/')) fail('no invite links');
  });
  await audit(captain, lang, 'team page (captain)', `/teams/${s.teamId}`);

  const member = await newStudent(lang, plan.member, outbox);
  s.member = member;
  await step(lang, 'second-school-joins-by-invite', member, async (page) => {
    await page.goto(s.memberInvite, { waitUntil: 'load' });
    await audit(member, lang, 'join by invite', new URL(s.memberInvite).pathname);
    await sees(page, plan.team);
    await sees(page, t(lang, 'team-role-student'));
    await go(page, page.locator('form[action^="/join/"] button[type="submit"]'));
    await sees(page, plan.member.name);
    await sees(page, t(lang, 'team-cross-school'));
  });

  const advisor = await signedInActor(lang, `advisor ${plan.advisor}`, plan.advisor);
  s.advisor = advisor;
  await step(lang, 'advisor-joins-rules-met', advisor, async (page) => {
    await page.goto(s.advisorInvite, { waitUntil: 'load' });
    await sees(page, t(lang, 'team-role-advisor'));
    await go(page, page.locator('form[action^="/join/"] button[type="submit"]'));
    await sees(page, t(lang, 'team-cross-school'));
    await sees(page, t(lang, 'team-rules-met'));
  });

  await step(lang, 'entry-find-datasets', captain, async (page) => {
    await visit(page, `/teams/${s.teamId}`);
    await sees(page, t(lang, 'team-rules-met'));
    await go(page, page.locator(`main a[href="/teams/${s.teamId}/entries/${s.trackId}"]`));
    s.entryPath = new URL(page.url()).pathname;
    // Issue 14: typed first, unsaved; the picker's search and add keep it.
    await page.fill('#title', plan.entry.title);
    await page.fill('#abstract', plan.entry.abstract);
    s.datasets = [];
    for (const want of plan.searches) {
      await page.fill('#dq', want.q);
      await page.click('#dq-search');
      const item = page.locator('#picker-results ul.dataset-list li', { hasText: want.pick }).first();
      try {
        await item.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      } catch {
        fail(`the catalogue search for ${want.q} did not list ${want.pick}`);
      }
      const found = (await item.locator('strong').innerText()).trim();
      await item.locator('button').click();
      await page.locator(`#ds-${found}`).waitFor({ state: 'attached', timeout: STEP_TIMEOUT });
      s.datasets.push({ ...want, id: found });
    }
    if ((await page.inputValue('#title')) !== plan.entry.title) fail('a dataset search or add lost the typed title');
    if ((await page.inputValue('#abstract')) !== plan.entry.abstract) fail('a dataset search or add lost the typed abstract');
  });
  await step(lang, 'entry-draft-with-datasets', captain, async (page) => {
    const e = plan.entry;
    await page.fill('#problem', e.problem);
    await page.fill('#solution', e.solution);
    await page.fill('#target_users', e.users);
    await page.fill('#demo_url', 'https://example.org/demo');
    await page.fill('#repo_url', 'https://example.org/source');
    for (const [n, d] of s.datasets.entries()) {
      if ((await page.inputValue(`input[name="ds_id_${n}"]`)) !== d.id) fail(`the add did not fill row ${n} with ${d.id}`);
      await page.selectOption(`select[name="ds_depth_${n}"]`, d.depth);
      await page.fill(`#ds_fields_${n}`, d.fields);
      await page.fill(`#ds_usage_${n}`, d.usage);
    }
    await go(page, page.locator('button[name="action"][value="save"]'));
    await flash(page, lang, 'flash-entry-saved');
    await sees(page, t(lang, 'entry-status-draft'));
    for (const d of s.datasets) await sees(page, d.pick);
    if ((await page.inputValue('#title')) !== e.title) fail('the saved title is not shown');
  });
  await step(lang, 'entry-submit-refused-without-proposal', captain, async (page) => {
    // Issue 14: a submit with a failing pre-check is refused with the list.
    s.typedUsers = `${plan.entry.users} (${RUN})`;
    await page.fill('#target_users', s.typedUsers);
    await go(page, page.locator('button[name="action"][value="submit"]'), { okStatus: (st) => st === 422 });
    await sees(page, t(lang, 'error-submit-blocked'));
    await sees(page, t(lang, 'entry-blocking-heading'));
    await page.locator('#precheck a[href="#proposal"]').waitFor({ state: 'visible', timeout: 5000 });
    if ((await page.inputValue('#target_users')) !== s.typedUsers) fail('the refused submit lost the typed text');
    await sees(page, t(lang, 'entry-status-draft'));
  });
  await step(lang, 'entry-proposal-pdf', captain, async (page) => {
    // Issue 14: the upload is part of saving; a corrected usage stays.
    const corrected = `${s.datasets[0].usage} (${RUN})`;
    await page.fill('#ds_usage_0', corrected);
    await page.setInputFiles('#proposal', {
      name: 'proposal.pdf',
      mimeType: 'application/pdf',
      buffer: makePdf(`Proposal: ${plan.entry.title.replace(/[^\x20-\x7e]/g, '')} (${RUN})`),
    });
    await go(page, page.locator('button[name="action"][value="save"]'));
    await flash(page, lang, 'flash-entry-saved-proposal');
    await sees(page, t(lang, 'entry-proposal-download'));
    await sees(page, t(lang, 'entry-precheck-ok'));
    if ((await page.inputValue('#ds_usage_0')) !== corrected) fail('the upload reverted the corrected usage');
    if ((await page.inputValue('#target_users')) !== s.typedUsers) fail('the upload lost the typed text');
  });
  await audit(captain, lang, 'entry edit page', s.entryPath);
  await step(lang, 'entry-submitted', captain, async (page) => {
    await visit(page, s.entryPath);
    await go(page, page.locator('button[name="action"][value="submit"]'));
    await flash(page, lang, 'flash-entry-submitted');
    await sees(page, t(lang, 'entry-status-submitted'));
  });
  await audit(captain, lang, 'profile', '/profile');
  await audit(captain, lang, 'my teams', '/teams');
}

/** The organiser moves milestones on the contest's edit form. */
async function moveTimeline(lang, organiser, fields, phaseId) {
  await step(lang, `timeline-${phaseId}`, organiser, async (page) => {
    await visit(page, '/organise');
    const link = page.locator('main table tbody td a[href^="/organise/contests/"]').first();
    await go(page, link);
    const m = /\/organise\/contests\/(\d+)$/.exec(page.url());
    if (!m) fail(`the contest link led to ${page.url()}`);
    state.contestId = m[1];
    for (const [key, value] of Object.entries(fields)) await page.fill(`#${key}`, value);
    await go(page, page.locator(`form[action="/organise/contests/${state.contestId}"] button[type="submit"]`));
    await visit(page, `/organise/contests/${state.contestId}`);
    await sees(page, `${t(lang, 'contest-phase')}: ${t(lang, phaseId)}`);
  });
}

async function review(lang, reviewer) {
  const s = state[lang];
  await step(lang, 'review-queue-open', reviewer, async (page) => {
    await go(page, page.locator('nav.main-nav a[href="/review"]'));
    await go(page, page.locator(`main a[href="/review/tracks/${s.trackId}"]`));
    await sees(page, PLAN[lang].team);
    await sees(page, t(lang, 'review-state-undecided'));
  });
  await audit(reviewer, lang, 'review overview', '/review');
  await audit(reviewer, lang, 'review queue', `/review/tracks/${s.trackId}`);
  await step(lang, 'reviewer-passes-entry', reviewer, async (page) => {
    await visit(page, `/review/tracks/${s.trackId}`);
    await go(page, page.getByRole('link', { name: PLAN[lang].entry.title }));
    s.entryId = /\/review\/entries\/(\d+)/.exec(page.url())[1];
    for (const d of s.datasets) await sees(page, d.usage);
    await page.check('input[name="outcome"][value="pass"]');
    await go(page, page.locator('button[name="next"][value="0"]'));
    await flash(page, lang, 'flash-decision-saved');
    await sees(page, t(lang, 'outcome-pass'));
  });
  await audit(reviewer, lang, 'review entry page', `/review/entries/${s.entryId}`);
  await step(lang, 'team-sees-eligibility', s.member, async (page) => {
    await visit(page, s.entryPath);
    await sees(page, `${t(lang, 'entry-eligibility')}: ${t(lang, 'outcome-pass')}`);
  });
}

async function judging(lang, organiser, judge, anonymous) {
  const s = state[lang];
  await step(lang, 'rubric-saved', organiser, async (page) => {
    await visit(page, `/organise/tracks/${s.trackId}`);
    await go(page, page.locator(`main a[href="/organise/tracks/${s.trackId}/rubric/preliminary"]`).first());
    await go(page, page.locator(`form[action="/organise/tracks/${s.trackId}/rubric/preliminary"] button[type="submit"]`));
    await flash(page, lang, 'flash-rubric-saved');
  });
  await step(lang, 'judge-invited', organiser, async (page) => {
    await visit(page, `/organise/tracks/${s.trackId}`);
    await go(page, page.locator(`main a[href="/organise/tracks/${s.trackId}/judges"]`).first());
    await page.fill('#email', DEMO.judge);
    await page.fill('#max_load', '5');
    await go(page, page.locator(`form[action="/organise/tracks/${s.trackId}/judges"] button[type="submit"]`));
    await flash(page, lang, 'flash-judge-invited');
    await sees(page, DEMO.judge);
  });
  await step(lang, 'conflict-reviewed', organiser, async (page) => {
    // The demo advisor and the demo judge share the demo's mail domain: the
    // portal flags it, and the organiser, knowing they are unrelated, dismisses it.
    const forms = page.locator(`form[action="/organise/tracks/${s.trackId}/conflicts/dismiss"]`);
    if (!(await forms.count())) fail('expected the shared mail domain to be flagged as a conflict');
    while (await forms.count()) {
      await forms.first().locator('input[name="note"]').fill(lang === 'zh' ? '示範帳號共用網域，彼此無任何關係。' : 'Demo accounts share a domain; they are not related.');
      await go(page, forms.first().locator('button[type="submit"]'));
      await flash(page, lang, 'flash-conflict-dismissed');
    }
  });
  await step(lang, 'judge-assigned', organiser, async (page) => {
    await page.fill('#k', '1');
    await go(page, page.locator(`form[action="/organise/tracks/${s.trackId}/assign"] button[type="submit"]`));
    await flash(page, lang, 'flash-assigned');
    await sees(page, PLAN[lang].entry.title);
    await sees(page, t(lang, 'assign-count', { count: 1 }));
  });
  await audit(organiser, lang, 'organiser judges page', `/organise/tracks/${s.trackId}/judges`);
  await step(lang, 'entry-judges-opened', organiser, async (page) => {
    // Judges are chosen by hand on each entry's own page, linked from the board.
    await go(page, page.locator(`main a[href^="/organise/tracks/${s.trackId}/judges/entries/${s.entryId}?"]`).first());
    await sees(page, PLAN[lang].entry.title);
    await sees(page, t(lang, 'entry-judges-assigned'));
    await visit(page, `/organise/tracks/${s.trackId}/judges`);
  });
  await audit(organiser, lang, 'organiser entry judges page', `/organise/tracks/${s.trackId}/judges/entries/${s.entryId}`);
  await audit(organiser, lang, 'organiser rubric page', `/organise/tracks/${s.trackId}/rubric/preliminary`);

  await step(lang, 'judge-list', judge, async (page) => {
    await go(page, page.locator('nav.main-nav a[href="/judge"]'));
    await sees(page, PLAN[lang].entry.title);
    if (anonymous) {
      const text = await page.locator('main').innerText();
      if (text.includes(PLAN[lang].team)) fail('the anonymous round shows the team name');
    }
  });
  await audit(judge, lang, 'judge list', '/judge');
  await step(lang, 'judge-opens-entry', judge, async (page) => {
    await visit(page, '/judge');
    await go(page, page.getByRole('link', { name: PLAN[lang].entry.title }));
    const u = new URL(page.url());
    s.judgePath = u.pathname + u.search;
    for (const d of s.datasets) await sees(page, d.usage);
  });
  await audit(judge, lang, 'judge scoring page', s.judgePath);
  await step(lang, 'judge-scores-entry', judge, async (page) => {
    await visit(page, s.judgePath);
    const inputs = page.locator('form[action$="/score"] input[type="text"][id^="c"]');
    if (!(await inputs.count())) fail('the scoring form has no criteria to type');
    for (let i = 0; i < (await inputs.count()); i++) {
      const id = await inputs.nth(i).getAttribute('id');
      const label = await page.locator(`label[for="${id}"]`).innerText();
      const nums = (label.match(/\d+(\.\d+)?/g) || []).map(Number);
      const [min, max] = nums.length >= 2 ? nums.slice(-2) : [0, 10];
      await inputs.nth(i).fill(String(Math.round(min + (max - min) * 0.8)));
    }
    const depth = page.locator('form[action$="/score"] select[id^="d"]');
    if ((await depth.count()) !== s.datasets.length) fail('expected a depth rating for every declared dataset');
    for (let i = 0; i < (await depth.count()); i++) await depth.nth(i).selectOption('4');
    await page.fill('#comment', lang === 'zh' ? '資料運用扎實，試算情境清楚。' : 'Solid use of the data; the risk map is easy to follow.');
    await go(page, page.locator('button[name="action"][value="submit"]'));
    await flash(page, lang, 'flash-score-submitted');
    await sees(page, t(lang, 'score-status-submitted'));
  });

  await step(lang, 'ranking', organiser, async (page) => {
    await visit(page, `/organise/tracks/${s.trackId}/judges`);
    await go(page, page.locator(`main a[href^="/organise/tracks/${s.trackId}/ranking"]`).first());
    await sees(page, PLAN[lang].entry.title);
  });
  await audit(organiser, lang, 'organiser ranking', `/organise/tracks/${s.trackId}/ranking`);
  await step(lang, 'awards-assigned', organiser, async (page) => {
    await go(page, page.locator(`main a[href="/organise/tracks/${s.trackId}/awards"]`).first());
    const select = page.locator(`#prize_${s.entryId}`);
    const first = await select.locator('option').nth(1).getAttribute('value');
    await select.selectOption(first);
    s.prize = (await select.locator('option:checked').innerText()).split(/（| \(/)[0].trim();
    await go(page, page.locator(`form[action="/organise/tracks/${s.trackId}/awards"] button[type="submit"]`));
    await flash(page, lang, 'flash-awards-saved');
  });
  await audit(organiser, lang, 'organiser awards', `/organise/tracks/${s.trackId}/awards`);
  await step(lang, 'results-published', organiser, async (page) => {
    await visit(page, `/organise/tracks/${s.trackId}/awards`);
    await page.check('#confirm');
    await go(page, page.locator(`form[action="/organise/tracks/${s.trackId}/results/publish"] button[type="submit"]`));
    await flash(page, lang, 'flash-results-published');
    await sees(page, t(lang, 'awards-public-page'));
  });
  const visitor = await actor(lang, 'anonymous visitor');
  state[lang].visitor = visitor;
  await step(lang, 'winner-on-public-track-page', visitor, async (page) => {
    await visit(page, `/contests/${s.year}`);
    await go(page, page.locator(`main a[href="${s.trackPath}"]`));
    const results = page.locator('section.results');
    await results.waitFor({ state: 'visible' });
    await sees(page, t(lang, 'results-title'));
    const text = await results.innerText();
    for (const want of [PLAN[lang].team, PLAN[lang].entry.title, s.prize, PLAN[lang].captain.school, PLAN[lang].member.school]) {
      if (!text.includes(want)) fail(`the public results do not show “${want}”`);
    }
  });
}

// issue 20: a unit's challenge (出題) from its draft to what came of it.
const CHALLENGE = {
  zh: `職災熱點地圖 ${RUN}`,
  en: `Workplace injury hotspots ${RUN}`,
};

/** The unit drafts a challenge for the zh team's track and sends it; the organiser publishes it; the team picks it. */
async function challengeChosen(lang, organiser, unit) {
  const s = state[lang];
  await step(lang, 'unit-drafts-challenge', unit, async (page) => {
    await visit(page, '/unit/challenges/new');
    await page.selectOption('#track_id', s.trackId);
    await page.fill('#title_zh', CHALLENGE.zh);
    await page.fill('#title_en', CHALLENGE.en);
    await page.fill('#statement_zh', '找出職業災害集中的行業與地區，協助勞動檢查排定優先順序。');
    await page.fill('#statement_en', 'Find where workplace injuries cluster so inspections can be prioritised.');
    await page.fill('#intended_users', '勞動檢查員');
    await page.fill('#contact_name', '王小明');
    await page.fill('#contact_email', 'challenge@demo.contest.tw');
    await go(page, page.locator('button[name="action"][value="save"]'));
    await flash(page, lang, 'flash-challenge-created');
    const m = /\/unit\/challenges\/(\d+)/.exec(page.url());
    if (!m) fail(`the new challenge led to ${page.url()}`);
    s.challengeId = m[1];
    await go(page, page.locator(`form[action="/unit/challenges/${s.challengeId}/submit"] button[type="submit"]`));
    await flash(page, lang, 'flash-challenge-submitted');
  });
  await step(lang, 'organiser-publishes-challenge', organiser, async (page) => {
    await visit(page, `/organise/challenges/${s.challengeId}`);
    await go(page, page.locator(`form[action="/organise/challenges/${s.challengeId}/publish"] button[type="submit"]`));
    await flash(page, lang, 'flash-challenge-published');
  });
  await step(lang, 'team-picks-challenge', s.captain, async (page) => {
    await visit(page, s.entryPath);
    await page.selectOption('#challenge', s.challengeId);
    await go(page, page.locator('button[name="action"][value="submit"]'));
    await flash(page, lang, 'flash-entry-submitted');
    await sees(page, t(lang, 'entry-challenge-heading'));
    await sees(page, CHALLENGE[lang]);
  });
  await audit(s.captain, lang, 'entry page with a challenge', s.entryPath, { width: 360 });
}

/** After the eligibility review the unit sees the entry in its outcome view. */
async function unitSeesOutcome(lang, unit) {
  const s = state[lang];
  s.outcomePath = `/unit/challenges/${s.challengeId}/outcome`;
  await step(lang, 'unit-sees-eligible-entry', unit, async (page) => {
    await visit(page, s.outcomePath);
    await sees(page, t(lang, 'outcome-eligible-heading'));
    await sees(page, PLAN[lang].team);
    await sees(page, PLAN[lang].entry.title);
  });
  await audit(unit, lang, 'challenge outcome', s.outcomePath, { width: 360 });
}

/** The judge sees the challenge beside the entry. */
async function judgeSeesChallenge(lang, judge) {
  const s = state[lang];
  await step(lang, 'judge-sees-challenge', judge, async (page) => {
    await visit(page, s.judgePath);
    await sees(page, t(lang, 'entry-challenge-heading'));
    await sees(page, CHALLENGE[lang]);
  });
}

/** Once results are published the unit is told, with a link to its outcome view. */
async function unitToldOfResults(lang, unit) {
  const s = state[lang];
  await step(lang, 'unit-told-of-results', unit, async (page) => {
    await visit(page, '/notifications');
    await sees(page, t(lang, 'mail-challenge-results-subject'));
    await visit(page, s.outcomePath);
    await sees(page, t(lang, 'outcome-won'));
  });
}

async function dataRequest(lang, organiser, unitReviewer, unitName) {
  const s = state[lang];
  const plan = PLAN[lang].request;
  const requester = s.member;
  await step(lang, 'data-request-filed', requester, async (page) => {
    await go(page, page.locator('nav.main-nav a[href="/requests"]'));
    await go(page, page.locator('main a[href="/requests/new"]').first());
    // Filing with only a title: every missing part is explained.
    await page.fill('#title', plan.title);
    const resp = await go(page, page.locator('button[name="action"][value="file"]'), { okStatus: (st) => st === 422 });
    if ((await page.locator('main .field-error').count()) < 1) fail('the missing parts of the request are not explained');
    await auditCurrent(requester, lang, 'data request form with errors', resp);
    await go(page, page.locator('button[name="action"][value="check"]'));
    await sees(page, t(lang, 'requests-similar-heading'));
    await page.fill('#description', plan.description);
    await page.fill('#fields', plan.fields);
    await page.fill('#purpose', plan.purpose);
    const entryOption = page.locator('#entry_id option').filter({ hasText: PLAN[lang].entry.title });
    if (!(await entryOption.count())) fail('the team’s entry is not offered in the request form');
    await page.selectOption('#entry_id', await entryOption.first().getAttribute('value'));
    await page.check('input[name="show_team"]');
    await page.selectOption('#format', 'CSV');
    await page.fill('#needed_by', taipeiDate(60));
    await go(page, page.locator('button[name="action"][value="file"]'));
    await flash(page, lang, 'flash-request-filed');
    s.requestPath = new URL(page.url()).pathname;
    if (!/^\/requests\/\d+$/.test(s.requestPath)) fail(`filing led to ${page.url()}`);
    await sees(page, plan.title);
    await sees(page, t(lang, 'request-state-submitted'));
  });
  await audit(requester, lang, 'new data request form', '/requests/new');
  await step(lang, 'organiser-routes-request', organiser, async (page) => {
    await visit(page, '/organise');
    await go(page, page.locator('main a[href="/organise/requests"]').first());
    await go(page, page.getByRole('link', { name: plan.title }));
    const option = page.locator('#unit_id option').filter({ hasText: unitName });
    await page.selectOption('#unit_id', await option.first().getAttribute('value'));
    await page.fill('#route-message', lang === 'zh' ? '請勞保局協助評估是否可提供。' : 'Please check whether this can be released.');
    await go(page, page.locator('form:has(input[name="action"][value="route"]) button[type="submit"]'));
    await flash(page, lang, 'flash-request-updated');
    await sees(page, t(lang, 'request-state-routed'));
    await sees(page, unitName);
  });
  await audit(organiser, lang, 'organiser request routing', '/organise/requests');
  await step(lang, `unit-${PLAN[lang].answer}s-request`, unitReviewer, async (page) => {
    await go(page, page.locator('nav.main-nav a[href="/unit/requests"]'));
    await go(page, page.getByRole('link', { name: plan.title }));
    if (PLAN[lang].answer === 'approve') {
      s.expected = taipeiDate(45);
      await page.fill('#expected_on', s.expected);
      await page.fill('#approve-message', '預計於下一季資料更新時一併上架。');
      await go(page, page.locator('form:has(input[name="action"][value="approve"]) button[type="submit"]'));
      await sees(page, t(lang, 'request-state-approved'));
    } else {
      const reason = page.locator('#reason option').nth(1);
      s.reason = (await reason.innerText()).trim();
      await page.selectOption('#reason', await reason.getAttribute('value'));
      await page.fill('#reject-message', 'Workplace size is not collected in the serious accident reports, so this cannot be produced.');
      await go(page, page.locator('form:has(input[name="action"][value="reject"]) button[type="submit"]'));
      await sees(page, t(lang, 'request-state-rejected'));
    }
    await flash(page, lang, 'flash-request-updated');
  });
  await audit(unitReviewer, lang, 'unit request queue', '/unit/requests');
  await step(lang, 'requester-sees-answer', requester, async (page) => {
    await visit(page, s.requestPath);
    if (PLAN[lang].answer === 'approve') {
      await sees(page, t(lang, 'request-state-approved'));
      await sees(page, s.expected);
      await sees(page, '預計於下一季資料更新時一併上架。');
    } else {
      await sees(page, t(lang, 'request-state-rejected'));
      await sees(page, s.reason);
      await sees(page, 'Workplace size is not collected');
    }
  });
  await audit(requester, lang, 'data request page', s.requestPath);
}

// issue 14: invitations, notifications, phones

/** Pages wider than a 360 px phone, found by every audit (see `checkWidth`). */
const widthFailures = [];

/**
 * At a 360 px viewport nothing may be wider than the viewport: checks the
 * page as it is now (every audited page goes through here), naming the
 * widest elements that stick out when it fails, then restores the viewport.
 */
async function checkWidth(page, lang, name, url) {
  const before = page.viewportSize();
  if (!before || before.width !== 360) await page.setViewportSize({ width: 360, height: 780 });
  try {
    const found = await page.evaluate(() => {
      const limit = document.documentElement.clientWidth;
      const width = document.documentElement.scrollWidth;
      const describe = (el) => {
        let d = el.tagName.toLowerCase();
        if (el.id) d += `#${el.id}`;
        if (el.classList.length) d += `.${[...el.classList].join('.')}`;
        const parent = el.parentElement;
        return parent && parent !== document.body ? `${describe(parent)} > ${d}` : d;
      };
      // Inside a box that clips or scrolls (a table in its scroller, a
      // visually hidden heading), an element does not widen the page.
      const contained = (el) => {
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
          if (getComputedStyle(a).overflowX !== 'visible' && a.getBoundingClientRect().right <= limit + 0.5) return true;
        }
        return false;
      };
      const wide = [];
      for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.width && r.right > limit + 0.5 && !contained(el)) wide.push({ el, right: Math.round(r.right), width: Math.round(r.width) });
      }
      // The outermost elements that stick out: their children are not news.
      const outer = wide.filter((w) => !wide.some((o) => o !== w && o.el.contains(w.el) && o.right >= w.right));
      outer.sort((a, b) => b.right - a.right);
      return { width, limit, widest: outer.slice(0, 3).map((w) => `${describe(w.el)} (right edge ${w.right} px, ${w.width} px wide)`) };
    });
    if (found.width > 360) {
      const msg = `[${lang}] ${name} ${url} is ${found.width} px wide at 360 px; widest: ${found.widest.join('; ') || '(none found)'}`;
      widthFailures.push(msg);
      console.error(`✗ width ${msg}`);
    }
  } finally {
    if (before && before.width !== 360) await page.setViewportSize(before);
  }
}

/**
 * Issue 15: an organiser syncs from data.gov.tw (served locally by
 * e2e/resources.mjs), which reads the demo datasets' fitness cards; the
 * sync page then counts them.
 */
async function syncReadsCards(lang, organiser) {
  await step(lang, 'catalogue-sync-reads-cards', organiser, async (page) => {
    await visit(page, '/organise/catalog');
    await page.selectOption('#source', 'datagov');
    await go(page, page.locator('form[action="/organise/catalog/sync"] button[type="submit"]'));
    await flash(page, lang, 'flash-sync-started');
    for (let i = 0; ; i++) {
      await visit(page, '/organise/catalog');
      const newest = page.locator('main table tbody tr').first();
      if (!(await newest.getByText(t(lang, 'sync-running')).count())) {
        // started, source, new, updated, unchanged, failed, cards read, not read, gone
        const cells = await newest.locator('td').allInnerTexts();
        if (!(Number(cells[6]) > 0)) fail(`the sync read no cards: ${cells.join(' | ')}`);
        break;
      }
      if (i >= 60) fail('the sync did not finish within a minute');
      await page.waitForTimeout(1000);
    }
  });
}

/** Issue 15: a student opens a dataset page and sees its real columns and sample rows, then reads it again. */
async function fitnessCard(lang, student) {
  const csv = '/catalog/6262';
  await step(lang, 'dataset-fitness-card', student, async (page) => {
    await visit(page, csv);
    await sees(page, t(lang, 'card-heading'));
    await sees(page, t(lang, 'card-columns'));
    const column = page.locator('#card .card-columns li', { hasText: '行業類別' });
    if (!(await column.count())) fail('the card does not list the column 行業類別');
    const rows = await page.locator('#card .card-sample tbody tr').count();
    if (rows !== 5) fail(`the card shows ${rows} sample rows, not 5`);
    await go(page, page.locator(`form[action="${csv}/card"] button[type="submit"]`));
    await flash(page, lang, 'flash-card-read');
    await visit(page, '/catalog/26776');
    await sees(page, t(lang, 'card-flag-compressed'));
  });
  await audit(student, lang, 'dataset fitness card', csv);
  await audit(student, lang, 'dataset fitness card', csv, { width: 360 });
  await audit(student, lang, 'compressed-only dataset card', '/catalog/26776');
}

/** Fills in and saves the profile form of a student `who` in `year` of study. */
async function fillStudentProfile(page, who, year) {
  await page.fill('#real_name', who.name);
  await page.check('input[name="kind"][value="student"]');
  await page.fill('#school_name', who.school);
  await page.fill('#department', who.dept);
  await page.fill('#student_id', who.sid);
  await page.fill('#year_of_study', year);
  await go(page, page.locator('#profile-form button[name="action"][value="save"]'));
}

/**
 * A brand-new invitee: the captain invites them by e-mail from the team
 * page; they open the mailed link without an account, see which team, track
 * and captain, sign up from there, confirm the address, sign in, and land on
 * "join <team>"; after the profile they join, the captain is told, and they
 * leave again (the captain is told that too), so the team stays as it was.
 */
async function inviteeJoinsThroughSignUp(lang, outbox) {
  const s = state[lang];
  const plan = PLAN[lang];
  const who = {
    email: `${lang}-invitee-${RUN}@ntu.edu.tw`,
    name: lang === 'zh' ? '張 雅婷' : 'Carol Wu',
    school: '國立臺灣大學', dept: lang === 'zh' ? '社會學系' : 'Department of Sociology', sid: 'B11305042',
  };
  await step(lang, 'captain-invites-by-email', s.captain, async (page) => {
    await visit(page, `/teams/${s.teamId}`);
    if (!(await page.locator('button[data-copy="invite-member"]').isVisible())) fail('no copy button for the invite link');
    await page.fill('#invite_email', 'not an address');
    await go(page, page.locator(`form[action="/teams/${s.teamId}/invites/email"] button[type="submit"]`), { okStatus: (st) => st === 422 });
    if ((await page.inputValue('#invite_email')) !== 'not an address') fail('the typed address was not kept');
    await page.fill('#invite_email', who.email);
    await go(page, page.locator(`form[action="/teams/${s.teamId}/invites/email"] button[type="submit"]`));
    await flash(page, lang, 'flash-invite-sent');
  });
  const a = await actor(lang, 'invitee');
  let invite;
  await step(lang, 'invitation-mail-in-outbox', outbox, async () => {
    invite = await readMailedLink(outbox, lang, who.email, '/join/');
  });
  await step(lang, 'invitee-opens-the-invitation', a, async (page) => {
    await page.goto(invite, { waitUntil: 'load' });
    await sees(page, t(lang, 'join-heading', { team: plan.team }));
    await sees(page, plan.captain.name);
    await sees(page, s.trackName);
    await sees(page, t(lang, 'team-role-student'));
    await go(page, page.locator('main a[href^="/signup?next="]'));
  });
  await audit(a, lang, 'sign-up from an invitation', new URL(a.page.url()).pathname + new URL(a.page.url()).search);
  await step(lang, 'invitee-signs-up', a, async (page) => {
    await signUpAs(page, lang, who);
  });
  let link;
  await step(lang, 'invitee-confirmation-mail', outbox, async () => {
    link = await readMailedLink(outbox, lang, who.email, '/verify?token=');
    if (!link.includes('next=%2Fjoin%2F')) fail(`the confirmation link ${link} does not lead back to the invitation`);
  });
  await step(lang, 'invitee-confirms-signs-in-and-lands-on-join', a, async (page) => {
    await page.goto(link, { waitUntil: 'load' });
    await flash(page, lang, 'flash-email-verified');
    await page.fill('#email', who.email);
    await page.fill('#password', NEW_PASSWORD);
    await go(page, page.locator('form[action="/signin"] button[type="submit"]'));
    if (!new URL(page.url()).pathname.startsWith('/join/')) fail(`signing in led to ${page.url()}, not the invitation`);
    await sees(page, t(lang, 'join-heading', { team: plan.team }));
  });
  await step(lang, 'invitee-profile-then-joins', a, async (page) => {
    await go(page, page.locator('form[action^="/join/"] button[type="submit"]'));
    await fillStudentProfile(page, who, '2');
    if (!new URL(page.url()).pathname.startsWith('/join/')) await page.goto(invite, { waitUntil: 'load' });
    await go(page, page.locator('form[action^="/join/"] button[type="submit"]'));
    await flash(page, lang, 'flash-joined-team');
    await sees(page, who.name);
  });
  await step(lang, 'invitee-leaves-again', a, async (page) => {
    await go(page, page.locator(`form[action="/teams/${s.teamId}/leave"] button[type="submit"]`));
    await flash(page, lang, 'flash-left-team');
  });
  await step(lang, 'captain-told-of-join-and-leave', s.captain, async (page) => {
    await visit(page, '/notifications');
    await sees(page, t(lang, 'mail-team-joined-subject'));
    await sees(page, t(lang, 'mail-team-left-subject'));
    await sees(page, who.name);
  });
  await a.context.close();
}

// issue 16: teammate finder
/**
 * A 勞動關係 student and the 資訊工程 captain find each other in the
 * teammate finder: the new student signs up, posts a card (the discipline
 * suggested from the department), the captain finds it first in the list
 * (complementary disciplines first) and asks; neither sees the other's
 * address until the student accepts; then both do, the captain invites from
 * the contacts page, and the student joins the cross-department team — and
 * leaves again, so the team stays as the later journeys expect it.
 */
async function teammatesFindEachOther(lang, outbox) {
  const s = state[lang];
  const who = {
    email: `${lang}-labour-${RUN}@ccu.edu.tw`,
    name: lang === 'zh' ? '周 佳穎' : 'Dana Chou',
    school: '國立中正大學', dept: '勞動關係學系', sid: '410135021',
  };
  const finder = `/contests/${s.year}/finder`;
  const a = await actor(lang, 'labour student');
  await step(lang, 'labour-student-signs-up', a, async (page) => {
    await visit(page, '/signup');
    await signUpAs(page, lang, who);
  });
  let link;
  await step(lang, 'labour-student-confirmation-mail', outbox, async () => {
    link = await readMailedLink(outbox, lang, who.email, '/verify?token=');
  });
  await step(lang, 'labour-student-profile', a, async (page) => {
    await page.goto(link, { waitUntil: 'load' });
    await flash(page, lang, 'flash-email-verified');
    await signIn(page, lang, who.email, NEW_PASSWORD);
    await visit(page, '/profile');
    await fillStudentProfile(page, who, '3');
  });
  await step(lang, 'labour-student-posts-a-card', a, async (page) => {
    await visit(page, '/');
    await go(page, page.locator(`main a[href="${finder}"]`).first());
    await sees(page, t(lang, 'finder-no-card'));
    await go(page, page.locator(`main a[href="${finder}/card"]`));
    if ((await page.inputValue('#discipline')) !== 'labour_social') fail('the discipline was not suggested from 勞動關係學系');
    await page.fill('#skills', lang === 'zh' ? '勞動法規、勞資爭議、訪談' : 'labour law, disputes, interviews');
    await page.fill('#idea', lang === 'zh' ? '想做勞資爭議調解的資料服務，找會寫程式的隊友。' : 'A data service for labour dispute mediation; looking for programmers.');
    await go(page, page.locator(`form[action="${finder}/card"] button[type="submit"]`));
    await flash(page, lang, 'flash-finder-card-saved');
    await sees(page, t(lang, 'finder-status-listed'));
  });
  await audit(a, lang, 'finder card form', `${finder}/card`);
  await step(lang, 'captain-finds-the-labour-student-first', s.captain, async (page) => {
    await visit(page, `/teams/${s.teamId}`);
    await go(page, page.locator(`main a[href="${finder}"]`).first());
    const first = (await page.locator('ul.track-cards li h3').first().innerText()).trim();
    if (first !== who.name) fail(`the first card is ${first}, not the 勞動關係 student's`);
    const card = page.locator('ul.track-cards li').first();
    if ((await card.innerText()).includes(who.email)) fail('the address is on the card');
    await card.locator('textarea[name="message"]').fill(lang === 'zh' ? '我們是資訊工程的團隊，想找懂勞動法規的夥伴，聊聊嗎？' : 'We build software and need someone who knows labour law. Shall we talk?');
    await go(page, card.locator('form[action$="/contact"] button[type="submit"]'));
    await flash(page, lang, 'flash-finder-asked');
  });
  await audit(s.captain, lang, 'teammate finder', finder);
  await audit(s.captain, lang, 'teammate finder', finder, { width: 360 });
  await step(lang, 'labour-student-accepts', a, async (page) => {
    await visit(page, '/notifications');
    await sees(page, t(lang, 'mail-finder-request-subject'));
    await visit(page, `${finder}/contacts`);
    if ((await page.locator('main').innerText()).includes(PLAN[lang].captain.email)) fail('the address shows before acceptance');
    await go(page, page.locator('form[action$="/accept"] button[type="submit"]').first());
    await flash(page, lang, 'flash-finder-accepted');
    await sees(page, PLAN[lang].captain.email);
  });
  await audit(a, lang, 'finder contacts', `${finder}/contacts`, { width: 360 });
  await step(lang, 'captain-sees-the-address-and-invites', s.captain, async (page) => {
    await visit(page, '/notifications');
    await sees(page, t(lang, 'mail-finder-accepted-subject'));
    await visit(page, `${finder}/contacts`);
    await sees(page, who.email);
    await go(page, page.locator(`form[action="/teams/${s.teamId}/invites/email"] button[type="submit"]`).first());
    await flash(page, lang, 'flash-invite-sent');
  });
  await audit(s.captain, lang, 'finder contacts', `${finder}/contacts`);
  let invite;
  await step(lang, 'finder-invitation-mail', outbox, async () => {
    invite = await readMailedLink(outbox, lang, who.email, '/join/');
  });
  await step(lang, 'labour-student-joins-a-cross-department-team', a, async (page) => {
    await page.goto(invite, { waitUntil: 'load' });
    await go(page, page.locator('form[action^="/join/"] button[type="submit"]'));
    await flash(page, lang, 'flash-joined-team');
    await sees(page, who.name);
    await sees(page, t(lang, 'team-cross-department'));
    await go(page, page.locator(`form[action="/teams/${s.teamId}/leave"] button[type="submit"]`));
    await flash(page, lang, 'flash-left-team');
  });
  await a.context.close();
}

// issue 14: results reach the teams
/** The published result reaches the winning team: its entry page, its
 *  notifications (in its language) and the home page's results phase. */
async function resultReachesTeam(lang) {
  const s = state[lang];
  await step(lang, 'result-on-entry-page', s.captain, async (page) => {
    await visit(page, s.entryPath);
    await sees(page, t(lang, 'entry-result-heading'));
    await sees(page, s.prize);
    const text = await page.locator('main').innerText();
    if (text.includes(t(lang, 'next-step-pass'))) fail('the winning entry still says it goes to judging');
  });
  await step(lang, 'result-notified', s.captain, async (page) => {
    await visit(page, '/notifications');
    await sees(page, t(lang, 'mail-results-subject'));
  });
  await step(lang, 'home-shows-results', s.captain, async (page) => {
    await visit(page, '/');
    await sees(page, t(lang, 'phase-results'));
    if (!(await page.locator(`main a[href^="${s.trackPath}#winners-heading"]`).count())) fail('home does not link to the winners');
  });
}

// issue 14: a home for every role
/** The signed-in home page puts `actor`'s own work first: the block of `role`. */
async function homeShowsWork(lang, actor, role) {
  await step(lang, `${role}-home-shows-work`, actor, async (page) => {
    await visit(page, '/');
    const block = page.locator(`#work-${role}`);
    if (!(await block.count())) fail(`the ${role}'s home has no block of their work`);
    await sees(page, t(lang, `home-work-${role}`));
    const work = await page.locator('#work-heading').boundingBox();
    const hero = await page.locator('#current-heading').boundingBox();
    if (work && hero && work.y > hero.y) fail('the contest comes before their own work');
  });
}

// issue 17: office closures
/** An organiser records a typhoon closure from the calendar page (first with
 *  the announcement left out, shown again with its error), sees it applied
 *  among the days off, and removes it again with a reason; the pages pass
 *  axe and fit 360 px. A day long past, so no demo request moves. */
async function officeClosures(lang, organiser) {
  const date = lang === 'zh' ? '2025-07-07' : '2025-07-08';
  const closures = '/organise/calendar/closures';
  await step(lang, 'organiser-records-an-office-closure', organiser, async (page) => {
    await visit(page, '/organise/calendar');
    await go(page, page.locator(`main a[href="${closures}"]`).first());
    await sees(page, t(lang, 'closures-title'));
    await page.fill('#date', date);
    await page.selectOption('#area', '臺北市');
    const resp = await go(page, page.locator(`form[action="${closures}"] button[type="submit"]`), { okStatus: (s) => s === 422 });
    await sees(page, t(lang, 'error-required'));
    await auditCurrent(organiser, lang, 'office closures form with its error', resp);
    await page.fill('#reference', lang === 'zh' ? '行政院人事行政總處停止上班公告' : 'DGPA closure announcement');
    await go(page, page.locator(`form[action="${closures}"] button[type="submit"]`));
    const said = (await page.locator('main .flash').first().innerText()).trim();
    if (![t(lang, 'flash-closure-recorded'), t(lang, 'flash-closure-recorded-moved')].includes(said)) fail(`unexpected message “${said}”`);
    await sees(page, t(lang, 'closures-applied'));
    await visit(page, '/organise/calendar');
    await sees(page, date);
  });
  await audit(organiser, lang, 'office closures', closures);
  await audit(organiser, lang, 'office closures', closures, { width: 360 });
  await step(lang, 'organiser-removes-a-mistaken-closure', organiser, async (page) => {
    await visit(page, closures);
    await go(page, page.locator(`main a[href$="/remove"]`).first());
    await sees(page, t(lang, 'closures-remove-reason'));
    await auditCurrent(organiser, lang, 'office closure removal', await visit(page, new URL(page.url()).pathname));
    await checkWidth(page, lang, 'office closure removal', new URL(page.url()).pathname);
    await page.fill('#reason', lang === 'zh' ? '日期登錄錯誤' : 'Recorded on the wrong day');
    await go(page, page.locator('form[action$="/remove"] button[type="submit"]'));
    const said = (await page.locator('main .flash').first().innerText()).trim();
    if (![t(lang, 'flash-closure-removed'), t(lang, 'flash-closure-removed-moved')].includes(said)) fail(`unexpected message “${said}”`);
    await sees(page, t(lang, 'closures-none'));
  });
}

// issue 17: open data
/** A visitor finds the open-data page from the footer; every file it
 *  documents answers, and the page passes axe, the HTML checker and 360 px. */
async function openData(lang, visitor) {
  await step(lang, 'open-data-from-footer', visitor, async (page) => {
    await visit(page, '/requests');
    await go(page, page.locator('footer a[href="/open-data"]'));
    await sees(page, t(lang, 'od-licence-heading'));
    if (!(await page.locator('main a[href="https://data.gov.tw/license"]').count())) fail('no link to the licence');
    for (const file of ['results.csv', 'results.json', 'requests.csv', 'requests.json', 'requests.atom']) {
      const resp = await page.request.get(`${BASE}/open-data/${file}`);
      if (resp.status() !== 200) fail(`/open-data/${file} answered ${resp.status()}`);
    }
  });
  await audit(visitor, lang, 'open data', '/open-data');
  await audit(visitor, lang, 'open data', '/open-data', { width: 360 });
}

// issue 17: winners' sharing sessions
/** The organiser schedules a sharing session, adds a slot and invites the
 *  winning team; its captain finds the invitation on the home page and confirms. */
async function sharingSession(lang, organiser) {
  const s = state[lang];
  const list = `/organise/contests/${state.contestId}/sharing`;
  await step(lang, 'sharing-session-scheduled', organiser, async (page) => {
    await visit(page, `/organise/contests/${state.contestId}`);
    await go(page, page.locator(`main a[href="${list}"]`));
    await page.fill('#held_on', taipeiDate(lang === 'zh' ? 14 : 15));
    await page.fill('#starts_at', '14:00');
    await page.fill('#place', lang === 'zh' ? '勞動部 301 會議室' : 'MOL room 301');
    await go(page, page.locator(`form[action="${list}"] button[type="submit"]`));
    await flash(page, lang, 'flash-sharing-scheduled');
    s.sharingPath = new URL(page.url()).pathname;
  });
  await step(lang, 'sharing-slot-added', organiser, async (page) => {
    await page.fill('#slot_starts', '14:00');
    await page.fill('#slot_ends', '14:20');
    await page.fill('#slot_label', lang === 'zh' ? '第一組' : 'First');
    await go(page, page.locator(`form[action="${s.sharingPath}/slots"] button[type="submit"]`));
    await flash(page, lang, 'flash-sharing-slot-added');
  });
  await step(lang, 'sharing-team-invited', organiser, async (page) => {
    const option = page.locator('#team option').filter({ hasText: PLAN[lang].team });
    if (!(await option.count())) fail('the winning team is not offered');
    await page.selectOption('#team', await option.first().getAttribute('value'));
    await go(page, page.locator(`form[action="${s.sharingPath}/invitations"] button[type="submit"]`));
    await flash(page, lang, 'flash-sharing-invited');
    await sees(page, PLAN[lang].team);
    await sees(page, t(lang, 'sharing-state-invited'));
  });
  await audit(organiser, lang, 'organiser sharing sessions', list);
  await audit(organiser, lang, 'organiser sharing session', s.sharingPath);
  await audit(organiser, lang, 'organiser sharing session', s.sharingPath, { width: 360 });
  await step(lang, 'sharing-invitation-confirmed', s.captain, async (page) => {
    await visit(page, '/');
    await go(page, page.locator(`main a[href^="/teams/${s.teamId}/sharing/"]`).first());
    s.invitationPath = new URL(page.url()).pathname;
    await sees(page, t(lang, 'sharing-invitation-title'));
    await go(page, page.locator(`form[action="${s.invitationPath}/confirm"] button[type="submit"]`));
    await flash(page, lang, 'flash-sharing-confirmed');
    await sees(page, t(lang, 'sharing-state-confirmed'));
  });
  await audit(s.captain, lang, 'sharing invitation', s.invitationPath);
  await audit(s.captain, lang, 'sharing invitation', s.invitationPath, { width: 360 });
}

/**
 * Issue 17: the organiser opens the advisory-group pack from the dashboard:
 * both years' figures side by side, charts with their tables, a print
 * stylesheet; checked by axe and the HTML checker, and at 360 px.
 */
async function advisoryPack(lang, organiser) {
  const pack = `/organise/contests/${state.contestId}/pack`;
  await step(lang, 'advisory-pack', organiser, async (page) => {
    await visit(page, `/organise/contests/${state.contestId}/dashboard`);
    await go(page, page.locator(`main a[href="${pack}"]`));
    await sees(page, t(lang, 'pack-eligibility'));
    await sees(page, t(lang, 'pack-requests'));
    const svg = page.locator('.pack-section figure.chart svg[role="img"]');
    if (!(await svg.count())) fail('the pack has no chart');
    const xlsx = await page.request.get(new URL(`${pack}.xlsx`, page.url()).href);
    if (xlsx.status() !== 200) fail(`the pack's workbook answered ${xlsx.status()}`);
  });
  await audit(organiser, lang, 'advisory-group pack', pack);
  await audit(organiser, lang, 'advisory-group pack', pack, { width: 360 });
}

// ------------------------------------------------------------------ main

async function main() {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  console.log(`Chromium ${browser.version()} against ${BASE}; artifacts in ${ART}`);

  const staff = {};
  for (const lang of ['zh', 'en']) {
    staff[lang] = {
      organiser: await signedInActor(lang, 'organiser', DEMO.organiser),
      admin: await signedInActor(lang, 'admin', DEMO.admin),
    };
  }

  // Anonymous pages first, as a visitor finds the contest.
  for (const lang of ['zh', 'en']) {
    const v = await actor(lang, 'visitor');
    await step(lang, 'public-home-and-contest', v, async (page) => {
      await visit(page, '/');
      await sees(page, t(lang, 'home-heading'));
      await go(page, page.locator('nav.main-nav a[href="/contests"]'));
      await go(page, page.locator('main a[href^="/contests/"]').first());
      await sees(page, t(lang, 'contest-tracks'));
    });
    const year = /\/contests\/(\d+)/.exec(v.page.url())[1];
    const trackHref = await v.page.locator('ul.track-cards h3 a').first().getAttribute('href');
    await audit(v, lang, 'home', '/');
    await audit(v, lang, 'contest page', `/contests/${year}`);
    await audit(v, lang, 'track page', trackHref);
    await audit(v, lang, 'catalogue', '/catalog');
    await step(lang, 'catalogue-search-and-dataset', v, async (page) => {
      await visit(page, '/catalog');
      await page.fill('#q', '職災');
      await go(page, page.locator('main form[role="search"] button[type="submit"]'));
      await go(page, page.locator('main a[href^="/catalog/"]').first());
      state[lang].datasetPath = new URL(page.url()).pathname;
      await sees(page, t(lang, 'catalog-fields'));
    });
    await audit(v, lang, 'dataset page', state[lang].datasetPath);
    await audit(v, lang, 'data requests board', '/requests');
    await audit(v, lang, 'sign-in', '/signin');
    await audit(v, lang, 'sign-up', '/signup');
    await audit(v, lang, 'home', '/', { width: 360 });
    await audit(v, lang, 'track page', trackHref, { width: 360 });
    await openData(lang, v);
    await v.context.close();
  }

  // Teams form and enter, in both languages, while registration is open.
  for (const lang of ['zh', 'en']) {
    await formTeamAndEnter(lang, staff[lang].organiser);
    // issue 14: invitations
    await inviteeJoinsThroughSignUp(lang, staff[lang].organiser);
    // issue 16: teammate finder (one language)
    if (lang === 'zh') await teammatesFindEachOther(lang, staff[lang].organiser);
  }
  await audit(state.zh.captain, 'zh', 'entry edit page', state.zh.entryPath, { width: 360 });

  // issue 15: fitness cards, read from local copies of the demo resources.
  await syncReadsCards('zh', staff.zh.organiser);
  for (const lang of ['zh', 'en']) await fitnessCard(lang, state[lang].captain);
  await audit(state.en.captain, 'en', 'entry edit page with cards', state.en.entryPath, { width: 360 });

  // issue 20: a unit's challenge, published and picked while entries are open.
  const challengeUnit = await signedInActor('zh', 'unit reviewer', DEMO.unit);
  await challengeChosen('zh', staff.zh.organiser, challengeUnit);

  // The submission deadline passes: the eligibility review opens.
  await moveTimeline('zh', staff.zh.organiser, {
    registration_closes: taipeiLocal(-1),
    submission_deadline: taipeiLocal(-1),
    review_starts: taipeiLocal(-1),
  }, 'phase-review');
  for (const lang of ['zh', 'en']) {
    const reviewer = await signedInActor(lang, 'reviewer', DEMO.reviewer);
    await review(lang, reviewer);
    await homeShowsWork(lang, reviewer, 'reviewer');
  }
  await unitSeesOutcome('zh', challengeUnit);

  // The review ends and judging starts.
  await moveTimeline('en', staff.en.organiser, {
    review_ends: taipeiLocal(-1),
    judging_starts: taipeiLocal(-1),
  }, 'phase-judging');
  for (const lang of ['zh', 'en']) {
    const judge = await signedInActor(lang, 'judge', DEMO.judge);
    await judging(lang, staff[lang].organiser, judge, true);
    if (lang === 'zh') await judgeSeesChallenge(lang, judge);
    await homeShowsWork(lang, judge, 'judge');
    await audit(judge, lang, 'judge scoring page', state[lang].judgePath, { width: 360 });
  }

  await unitToldOfResults('zh', challengeUnit);

  // Data requests: which unit does the demo unit reviewer answer for?
  const units = {};
  for (const lang of ['zh', 'en']) {
    await step(lang, 'admin-finds-unit-of-unit-reviewer', staff[lang].admin, async (page) => {
      await visit(page, '/admin/users');
      await page.fill('#q', DEMO.unit);
      await go(page, page.locator('form[role="search"] button[type="submit"]'));
      await go(page, page.locator('main table tbody a').first());
      const role = page.locator('ul.role-list li span').filter({ hasText: ' — ' }).first();
      const text = (await role.innerText()).trim();
      units[lang] = text.split(' — ')[1].trim();
      if (!units[lang]) fail('the unit reviewer has no unit');
    });
  }
  for (const lang of ['zh', 'en']) {
    const unitReviewer = await signedInActor(lang, 'unit reviewer', DEMO.unit);
    await dataRequest(lang, staff[lang].organiser, unitReviewer, units[lang]);
    await homeShowsWork(lang, unitReviewer, 'unit');
    await homeShowsWork(lang, staff[lang].organiser, 'organiser');
    await audit(unitReviewer, lang, 'data request page', state[lang].requestPath, { width: 360 });
    // issue 15: the unit's datasets in the impact ledger, on a phone.
    await audit(unitReviewer, lang, 'unit impact ledger', '/ledger', { width: 360 });
  }

  // The rest of the main pages, now that they have something to show.
  for (const lang of ['zh', 'en']) {
    const s = state[lang];
    const o = staff[lang].organiser;
    const admin = staff[lang].admin;
    await step(lang, 'team-notifications', s.captain, async (page) => {
      await go(page, page.locator('nav.main-nav a[href="/notifications"]'));
      const items = page.locator('main li');
      if (!(await items.count())) fail('the captain has no notifications');
    });
    await audit(s.captain, lang, 'notifications', '/notifications');
    await step(lang, 'organiser-dashboard', o, async (page) => {
      await visit(page, `/organise/contests/${state.contestId}`);
      await go(page, page.locator(`main a[href="/organise/contests/${state.contestId}/dashboard"]`));
      await sees(page, t(lang, 'dash-submitted-of', { submitted: 2, total: 2 }));
      await sees(page, PLAN[lang].captain.school);
      await sees(page, s.datasets[0].pick);
      const svg = page.locator('figure.chart svg[role="img"]');
      if (!(await svg.count())) fail('the registrations chart is missing');
    });
    await audit(s.captain, lang, 'team page (locked)', `/teams/${s.teamId}`);
    await audit(s.captain, lang, 'entry page (passed)', s.entryPath);
    await audit(o, lang, 'organiser home', '/organise');
    await audit(o, lang, 'organiser contest', `/organise/contests/${state.contestId}`);
    await audit(o, lang, 'organiser track', `/organise/tracks/${s.trackId}`);
    await audit(o, lang, 'organiser dashboard', `/organise/contests/${state.contestId}/dashboard`);
    await audit(o, lang, 'organiser teams', `/organise/contests/${state.contestId}/teams`);
    await audit(o, lang, 'organiser entries', `/organise/contests/${state.contestId}/entries`);
    await audit(o, lang, 'organiser eligibility', `/organise/contests/${state.contestId}/eligibility`);
    await audit(o, lang, 'request unit report', '/organise/requests/report');
    await audit(o, lang, 'dataset impact ledger', '/ledger');
    await audit(s.visitor, lang, 'dataset page with its use per year', '/catalog/6262');
    await audit(o, lang, 'mail outbox', '/admin/outbox');
    await audit(admin, lang, 'admin users', '/admin/users');
    await audit(admin, lang, 'admin audit log', '/admin/audit');
    await audit(s.visitor, lang, 'track page with winners', s.trackPath);
    await audit(s.visitor, lang, 'winner summary', `${s.trackPath}/winners/${s.entryId}`);
    await audit(s.visitor, lang, 'contest archive', '/contests');
    await audit(s.visitor, lang, 'working days help', '/help/working-days');
    await audit(s.visitor, lang, 'forgotten password', '/password/forgot');
    await audit(s.captain, lang, 'account', '/account');
    await audit(s.captain, lang, 'change password', '/account/password');
    await audit(s.captain, lang, 'notification settings', '/notifications/settings');
    await audit(s.captain, lang, 'entry versions compared', `${s.entryPath}/versions?a=1&b=2`);
    await audit(o, lang, 'organiser team page', `/organise/teams/${s.teamId}`);
    await audit(o, lang, 'organiser catalogue sync', '/organise/catalog');
    await audit(o, lang, 'office calendar', '/organise/calendar');
    await audit(o, lang, 'reason codes', '/organise/reasons');
    await audit(o, lang, 'request reasons', '/organise/request-reasons');
    await audit(o, lang, 'discipline keywords', '/organise/finder/keywords');
    await audit(o, lang, 'new contest form', '/organise/contests/new');
    await audit(admin, lang, 'admin business units', '/admin/units');
    await audit(s.visitor, lang, 'data requests board', '/requests');
    if (lang === 'en') await audit(o, lang, 'organiser dashboard', `/organise/contests/${state.contestId}/dashboard`, { width: 360 });
    if (lang === 'en') await audit(o, lang, 'dataset impact ledger', '/ledger', { width: 360 });
    if (lang === 'en') await audit(s.visitor, lang, 'dataset page with its use per year', '/catalog/6262', { width: 360 });
    // issue 14: results reach the teams
    await resultReachesTeam(lang);
    // issue 17: office closures
    await officeClosures(lang, o);
    // issue 17: winners' sharing sessions
    await sharingSession(lang, o);
    // issue 17: the advisory-group pack
    await advisoryPack(lang, o);
  }
  await browser.close();
}

function summary(ok) {
  const out = {
    ok,
    steps: passedSteps.length,
    axe_pages: axePages.length,
    axe_failures: axeFailures.length,
    html_files: fs.readdirSync(HTML).filter((f) => f.endsWith('.html')).length,
    passed_steps: passedSteps,
    axe: axePages,
  };
  fs.writeFileSync(path.join(ART, 'journeys.json'), JSON.stringify(out, null, 2));
  return out;
}

try {
  await main();
} catch (e) {
  if (!(e instanceof JourneyFailed)) console.error(e.stack || e);
  summary(false);
  console.error(`\nJOURNEYS FAILED after ${passedSteps.length} passed steps.`);
  if (browser) await browser.close().catch(() => {});
  process.exit(1);
}
if (blocked.length) {
  console.error(`\nPages tried to reach beyond the local server (blocked):\n  ${blocked.join('\n  ')}`);
  summary(false);
  process.exit(1);
}
const s = summary(axeFailures.length === 0 && widthFailures.length === 0);
if (widthFailures.length) {
  console.error(`\nPages wider than a 360 px phone (${widthFailures.length}):\n  ${widthFailures.join('\n  ')}`);
  if (!axeFailures.length) process.exit(1);
}
if (axeFailures.length) {
  console.error(`\naxe-core: ${axeFailures.length} serious or critical violation(s):\n`);
  console.error(axeFailures.join('\n\n'));
  console.error(`\n${s.steps} journey steps passed; axe checked ${s.axe_pages} pages and FAILED.`);
  process.exit(1);
}
console.log(`\n${s.steps} journey steps passed; axe checked ${s.axe_pages} pages (no serious or critical violations); ${s.html_files} pages saved for the HTML check.`);
