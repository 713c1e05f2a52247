// Printed figures (issue 20, row 11), as the salesperson and the manager:
// - the flow print (PDF) draws the funnel and the 12-month trend as charts
//   (their headings, a bar label per stage and a month label per month in
//   the PDF's text; its pages are saved as PNG next to the screenshots), and
//   a block that starts a new page (the overview's Employees, a flow block,
//   footnotes) keeps the space a page's start has under the address header;
// - the Daily Follow-up Report's header ("N overdue") and its statistics
//   ("Overdue now") agree, on a fixed day (15 March 2025), with a follow-up
//   logged before the statistics' period (20 February, due 1 March).
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { run, login, rpc, BASE, SHOTS, DESKTOP } = require('./lib');
const { screensData } = require('./data/screens');

function pdfText(file) {
  return execFileSync('pdftotext', ['-layout', file, '-']).toString();
}

// Per page of a PDF: the space (pt) between the header (the words every
// page repeats in its top half: the company's address) and the page's first
// line of its own, and that line's start.
function pageGaps(file) {
  const xml = execFileSync('pdftotext', ['-bbox', file, '-']).toString();
  const pages = xml.split('<page ').slice(1).map((page) => {
    const height = Number(/height="([\d.]+)"/.exec(page)[1]);
    const words = [];
    const re = /<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g;
    for (let m = re.exec(page); m; m = re.exec(page)) {
      words.push({ top: Number(m[1]), bottom: Number(m[2]), text: m[3] });
    }
    return { height, words };
  });
  const key = (word) => `${word.text}@${Math.round(word.top)}`;
  const everywhere = pages.map((page) => new Set(page.words.map(key)))
    .reduce((common, keys) => new Set([...common].filter((k) => keys.has(k))));
  return pages.map((page) => {
    const header = page.words.filter((w) => everywhere.has(key(w)) && w.top < page.height / 2);
    const bottom = Math.max(...header.map((w) => w.bottom));
    const own = page.words.filter((w) => !everywhere.has(key(w)) && w.top > bottom)
      .sort((a, b) => a.top - b.top);
    const line = own.filter((w) => Math.abs(w.top - own[0].top) < 2).map((w) => w.text).join(' ');
    return { gap: Math.round((own[0].top - bottom) * 10) / 10, first: line };
  });
}

run('print_figures', async (page) => {
  await login(page);
  const data = await screensData(page);
  fs.mkdirSync(SHOTS, { recursive: true });

  // 1. the flow print, as the manager (admin)
  const printId = await rpc(page, 'crm.pipeline.overview.print', 'create', [{
    period: 'custom', date_from: '2025-01-01', date_to: '2025-12-31', reference_date: '2025-12-31',
  }]);
  // wkhtmltopdf renders the whole overview: minutes on a loaded machine
  const response = await page.request.get(
    `${BASE}/report/pdf/smart_pipeline.report_crm_pipeline_overview/${printId}`,
    { timeout: 300000 });
  if (!response.ok()) { throw new Error(`the print answered ${response.status()}`); }
  const pdf = path.join(SHOTS, 'print_flow.pdf');
  fs.writeFileSync(pdf, await response.body());
  const text = pdfText(pdf);
  for (const heading of ['Funnel', 'Pipeline over the Last 12 Months']) {
    if (!text.includes(heading)) { throw new Error(`the flow print has no "${heading}" chart`); }
  }
  const months = ['Jan 25', 'Feb 25', 'Mar 25', 'Apr 25', 'May 25', 'Jun 25', 'Jul 25',
    'Aug 25', 'Sep 25', 'Oct 25', 'Nov 25', 'Dec 25'];
  const missing = months.filter((month) => !text.includes(month));
  if (missing.length) { throw new Error(`the trend chart lacks the months ${missing}`); }
  // a block that starts a new page (the overview's Employees, a block of
  // the flow, the forecast's footnotes) sits as far below the address
  // header as the print's own first line does
  const gaps = pageGaps(pdf);
  const titles = ['Sales Pipeline Overview', 'Pipeline Flow', 'Sales Forecast'];
  const starts = titles.map((title) => gaps.findIndex((page) => page.first.startsWith(title)));
  if (starts[0] !== 0 || !(starts[1] > starts[0]) || !(starts[2] > starts[1])) {
    throw new Error(`no overview, flow and forecast pages in the print: ${JSON.stringify(gaps)}`);
  }
  const moved = gaps.filter((page, index) => !starts.includes(index));
  console.log(`blocks that start a page: ${JSON.stringify(moved)}`);
  const tight = moved.filter((page) => page.gap < gaps[0].gap - 2);
  if (tight.length) {
    throw new Error(`pages tight under the header (${gaps[0].gap} pt on the print's first page): `
      + JSON.stringify(tight));
  }
  execFileSync('pdftoppm', ['-r', '50', '-png', pdf, path.join(SHOTS, 'print_flow')]);
  console.log(`pages of the flow print: ${SHOTS}/print_flow-*.png`);

  // 2. the follow-up report, as the salesperson
  const stamp = Date.now() % 100000;
  const customer = await rpc(page, 'res.partner', 'create', [{
    name: `Print Overdue Customer ${stamp}`, is_company: true, customer: true,
  }]);
  await rpc(page, 'crm.conversation', 'create', [{
    partner_id: customer, user_id: data.userId, date_begin: '2025-02-20 10:00:00',
    follow_up_date: '2025-03-01', note: `February's promise (${stamp})`,
  }]);
  await page.goto(`${BASE}/web/session/logout`);
  await login(page, data.login, data.login);
  const options = JSON.stringify({
    date: '2025-03-15', user_ids: [data.userId], team_id: false,
    date_from: '2025-03-01', date_to: '2025-03-15',
  });
  const report = await page.request.get(`${BASE}/report/html/`
    + `smart_pipeline.report_crm_followup_daily?options=${encodeURIComponent(options)}`,
  { timeout: 120000 });
  if (!report.ok()) { throw new Error(`the follow-up report answered ${report.status()}`); }
  const html = await report.text();
  const figures = await page.evaluate(([html, name]) => {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const header = [...doc.querySelectorAll('h3')]
      .find((h3) => h3.textContent.includes(name) && /to follow up/.test(h3.textContent));
    const overdue = header && header.textContent.match(/(\d+)\s+overdue/);
    const row = [...doc.querySelectorAll('tr')]
      .find((tr) => tr.cells.length === 8 && tr.cells[0].textContent.trim() === name);
    return {
      header: header ? header.textContent.replace(/\s+/g, ' ').trim() : null,
      headerOverdue: overdue ? Number(overdue[1]) : 0,
      statisticsOverdue: row ? Number(row.cells[5].textContent.trim()) : null,
    };
  }, [html, 'Sam Screens']);
  console.log(JSON.stringify(figures));
  if (!figures.header || figures.headerOverdue < 1
      || figures.headerOverdue !== figures.statisticsOverdue) {
    throw new Error(`the follow-up report disagrees: ${JSON.stringify(figures)}`);
  }
}, DESKTOP);
