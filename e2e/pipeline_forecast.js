// Pipeline forecast: the Forecast view of the Sales Pipeline Overview (bars,
// months table, stage / history probability switch, stage table, overdue /
// undated / pushed boxes), one monthly figure drilled down, and the
// opportunity kanban grouped by Expected Closing month with each column's
// weighted revenue, and the Forecast page of the printed overview (PDF, last
// page, to PNG with pdftoppm). The check creates its own sales team,
// opportunities and conversations (2025, fixed dates) through RPC and filters
// on that team; deal B's Expected Closing is pushed on a fixed day of the
// quarter (its tracking message is dated 2025-05-20).
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { run, login, rpc, xmlid, settle, shot } = require('./lib');

const SHOTS = process.env.SHOTS_DIR || path.join(__dirname, '..', 'var', 'screenshots');

// [stage, revenue, probability, Expected Closing, Expected Closing before the push]
const DEALS = [
  ['qualified', 10000, 30, '2025-06-20'],
  ['proposal_sent', 20000, 70, '2025-06-25', '2025-06-05'],
  ['negotiation', 15000, 85, '2025-07-10'],
  ['demo_given', 8000, 50, '2025-08-05'],
  ['initial_contact', 5000, 10, false],
  ['qualified', 12000, 30, '2025-05-30'],
];
// customers' paths, decided in the last 365 days: the history probabilities
const PATHS = [
  ['initial_contact', 'qualified', 'won'],
  ['initial_contact', 'qualified', 'proposal_sent', 'lost'],
  ['initial_contact', 'proposal_sent', 'won'],
];

run('pipeline_forecast', async (page) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await login(page);
  await page.addStyleTag({ content: '.o_tooltip { display: none !important; }' });
  const stamp = Date.now() % 100000;
  const uid = (await rpc(page, 'res.users', 'search_read',
    [[['login', '=', 'admin']]], { fields: ['id', 'company_id'] }))[0];
  const companyId = uid.company_id[0];
  const team = await rpc(page, 'crm.team', 'create', [{ name: `Forecast E2E Team ${stamp}` }]);
  const stage = {};
  for (const name of ['initial_contact', 'qualified', 'demo_given', 'proposal_sent',
    'negotiation', 'won', 'lost']) {
    stage[name] = await xmlid(page, `smart_pipeline.crm_stage_${name}`);
  }
  const deals = [];
  for (let k = 0; k < DEALS.length; k++) {
    const [stageName, revenue, probability, deadline, before] = DEALS[k];
    const deal = await rpc(page, 'crm.lead', 'create', [{
      name: `Forecast E2E Deal ${String.fromCharCode(65 + k)} ${stamp}`, type: 'opportunity',
      stage_id: stage[stageName], user_id: uid.id, planned_revenue: revenue,
      probability, date_deadline: before || deadline,
    }]);
    if (before) {
      // pushed later; the tracking message dated on a fixed day of the quarter
      await rpc(page, 'crm.lead', 'write', [[deal], { date_deadline: deadline }]);
      const tracked = await rpc(page, 'mail.tracking.value', 'search_read',
        [[['field', '=', 'date_deadline'], ['mail_message_id.res_id', '=', deal],
          ['mail_message_id.model', '=', 'crm.lead'], ['old_value_datetime', '!=', false]]],
        { fields: ['mail_message_id'] });
      if (tracked.length !== 1) {
        throw new Error(`expected one tracked Expected Closing change, got ${tracked.length}`);
      }
      await rpc(page, 'mail.message', 'write',
        [[tracked[0].mail_message_id[0]], { date: '2025-05-20 10:00:00' }]);
    }
    deals.push(deal);
  }
  const won = await rpc(page, 'crm.lead', 'create', [{
    name: `Forecast E2E Won ${stamp}`, type: 'opportunity', stage_id: stage.won,
    user_id: uid.id, planned_revenue: 9000, probability: 100,
  }]);
  await rpc(page, 'crm.lead', 'write', [[won], { date_closed: '2025-06-10 10:00:00' }]);
  // crm gives a new opportunity its salesperson's team: set ours after
  await rpc(page, 'crm.lead', 'write', [deals.concat([won]), { team_id: team }]);
  await rpc(page, 'crm.objective', 'create', [{
    name: `Forecast E2E Objective ${stamp}`, team_id: team, period_type: 'recurring',
    recurrence: 'monthly', date_start: '2025-01-01',
    line_ids: [[0, 0, { measure: 'won_amount', target: 25000 }]],
  }]);
  const reason = await rpc(page, 'crm.lost.reason', 'search_read', [[]], { fields: ['id'], limit: 1 });
  for (let k = 0; k < PATHS.length; k++) {
    const partner = await rpc(page, 'res.partner', 'create', [{
      name: `Forecast E2E Customer ${k} ${stamp}`, is_company: true, customer: true,
    }]);
    for (let i = 0; i < PATHS[k].length; i++) {
      const values = {
        partner_id: partner, user_id: uid.id, team_id: team, company_id: companyId,
        date_begin: `2025-0${3 + i}-1${k} 09:00:00`, stage_id: stage[PATHS[k][i]],
      };
      if (PATHS[k][i] === 'lost' && reason.length) {
        values.lost_reason_id = reason[0].id;
      }
      await rpc(page, 'crm.conversation', 'create', [values]);
    }
  }

  // the Forecast view of the quarter (April-June 2025), as on 2025-06-15, for the team
  await page.evaluate(() => { odoo.__DEBUG__.services['web.web_client'].do_action({
    type: 'ir.actions.client',
    tag: 'smart_pipeline.pipeline_overview',
    name: 'Sales Forecast',
    context: {
      pipeline_overview_mode: 'forecast',
      pipeline_overview_period: 'quarter',
      pipeline_overview_reference_date: '2025-06-15',
    },
  }, { clear_breadcrumbs: true }); });
  await page.waitForSelector('.o_pipeline_forecast_months');
  await settle(page);
  await page.click('.o_search_options .o_dropdown_toggler_btn:has-text("Sales Teams")');
  await page.click(`.o_pipeline_overview_team[data-id="${team}"]`);
  await settle(page);
  await page.click('.o_pipeline_overview_content');
  await page.waitForSelector('.o_pipeline_forecast_chart .o_pipeline_forecast_bar');
  await settle(page, 600);
  await shot(page, 'pipeline_forecast');

  const rows = await page.$$('.o_pipeline_forecast_months tbody tr');
  if (rows.length !== 3) {
    throw new Error(`expected 3 months (April-June 2025), got ${rows.length}`);
  }
  const text = async (selector) => (await page.textContent(selector)).trim();
  const june = '.o_pipeline_forecast_months a[data-month="2025-06"]';
  if (await text(`${june}[data-measure="forecast_open_count"]`) !== '2') {
    throw new Error('June: expected 2 open opportunities');
  }
  if (await text('.o_pipeline_forecast_overdue .o_pipeline_overview_value') !== '1') {
    throw new Error('expected 1 overdue opportunity');
  }
  if (await text('.o_pipeline_forecast_undated .o_pipeline_overview_value') !== '1') {
    throw new Error('expected 1 opportunity without Expected Closing');
  }
  if (await text('.o_pipeline_forecast_pushed .o_pipeline_overview_value') !== '1') {
    throw new Error('expected 1 opportunity pushed in the quarter (deal B)');
  }
  // the chart: April has no weighted and no won revenue: no bar, not even a
  // sliver, for either; every value drawn stays visible beside the
  // objective and shows its value
  const bars = await page.$$eval('.o_pipeline_forecast_chart .o_pipeline_forecast_month', (months) =>
    months.map((month) => Array.from(month.querySelectorAll('.o_pipeline_forecast_slot')).map((slot) => {
      const bar = slot.querySelector('.o_pipeline_forecast_bar');
      const value = slot.querySelector('.o_pipeline_forecast_value');
      return {
        month: bar && bar.dataset.month,
        measure: bar && bar.dataset.measure,
        height: bar ? bar.getBoundingClientRect().height : 0,
        painted: Array.from(slot.querySelectorAll('*')).filter((el) =>
          el.getBoundingClientRect().height > 0 && getComputedStyle(el).backgroundColor !== 'rgba(0, 0, 0, 0)').length,
        value: value ? value.textContent.trim() : '',
      };
    })));
  if (bars.length !== 3 || bars.some((slots) => slots.length !== 3)) {
    throw new Error(`expected 3 months of 3 bar slots: ${JSON.stringify(bars)}`);
  }
  const [april, may, juneBars] = bars;
  for (const k of [0, 1]) {
    if (april[k].painted || april[k].value) {
      throw new Error(`April's ${k ? 'won' : 'weighted'} revenue is 0 but draws a bar: ${JSON.stringify(april[k])}`);
    }
  }
  if (may[1].painted) {
    throw new Error(`May's won revenue is 0 but draws a bar: ${JSON.stringify(may[1])}`);
  }
  for (const bar of [april[2], may[0], may[2], juneBars[0], juneBars[1], juneBars[2]]) {
    if (bar.height < 3 || !bar.value) {
      throw new Error(`a non-zero bar is not visible or has no value: ${JSON.stringify(bar)}`);
    }
  }
  // a value a thousandth of the highest (a bar of 0.1 %) still shows
  const tiny = await page.$eval('.o_pipeline_forecast_chart .o_pipeline_forecast_bar', (bar) => {
    const copy = bar.cloneNode();
    copy.style.height = '0.1%';
    bar.parentNode.appendChild(copy);
    const height = copy.getBoundingClientRect().height;
    copy.remove();
    return height;
  });
  if (tiny < 3) {
    throw new Error(`a bar of 0.1 % of the highest value is ${tiny} px high`);
  }
  if (april[2].value !== '25k' || juneBars[1].value !== '9k') {
    throw new Error(`bar values: April's objective ${april[2].value}, June's won ${juneBars[1].value}`);
  }
  const empty = await page.$$eval('.o_pipeline_forecast a.o_pipeline_overview_drill:not(.o_pipeline_forecast_bar)',
    (links) => links.filter((link) => !link.textContent.trim()).length);
  if (empty) {
    throw new Error(`${empty} empty figure links in the Forecast view`);
  }
  const stageWeighted = await text(`${june}[data-measure="forecast_weighted_revenue"]`);

  // the history probabilities weigh June differently: qualified 50 %,
  // proposal sent 50 % instead of 30 % and 70 %
  await page.click('.o_pipeline_forecast_probability[data-probability="history"]');
  await settle(page, 600);
  const historyWeighted = await text(`${june}[data-measure="forecast_weighted_revenue"]`);
  if (historyWeighted === stageWeighted) {
    throw new Error(`the history probability did not change June's weighted revenue (${stageWeighted})`);
  }
  const qualified = `.o_pipeline_forecast_stages a[data-measure="forecast_history_customers"][data-stage-id="${stage.qualified}"]`;
  if (await text(qualified) !== '2') {
    throw new Error('Qualified: expected 2 decided customers');
  }
  await page.$eval('.o_pipeline_forecast_stages', (el) => el.scrollIntoView());
  await settle(page);
  await shot(page, 'pipeline_forecast_stages');

  // drill-down: June's open opportunities
  await page.$eval(`${june}[data-measure="forecast_open_count"]`, (el) => el.scrollIntoView());
  await page.click(`${june}[data-measure="forecast_open_count"]`);
  await page.waitForSelector('.o_list_view');
  await settle(page);
  const listed = await page.$$('.o_list_view .o_data_row');
  if (listed.length !== 2) {
    throw new Error(`June counts 2 open opportunities but the drill-down lists ${listed.length}`);
  }
  await page.click('.o_control_panel .breadcrumb li:first-child a');
  await page.waitForSelector('.o_pipeline_forecast_months');
  await settle(page);

  // Print: the Forecast page, the last page of the overview's PDF
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 120000 }),
    page.click('.o_pipeline_overview_print'),
  ]);
  fs.mkdirSync(SHOTS, { recursive: true });
  const pdf = path.join(SHOTS, 'pipeline_forecast_report.pdf');
  await download.saveAs(pdf);
  const info = execFileSync('pdfinfo', [pdf]).toString();
  const pages = Number(/Pages:\s+(\d+)/.exec(info)[1]);
  const last = execFileSync('pdftotext', ['-layout', '-f', String(pages), '-l', String(pages), pdf, '-'])
    .toString();
  if (!last.includes('Sales Forecast') || !last.includes('Pushed in the')) {
    throw new Error(`the PDF's last page is not the Forecast page:\n${last.slice(0, 800)}`);
  }
  execFileSync('pdftoppm', ['-png', '-r', '70', '-f', String(pages), '-l', String(pages),
    '-singlefile', pdf, path.join(SHOTS, 'pipeline_forecast_pdf')]);
  fs.unlinkSync(pdf);
  console.log(`screenshot ${path.join(SHOTS, 'pipeline_forecast_pdf.png')}`);
  await settle(page);

  // Odoo's own place: the kanban grouped by Expected Closing month
  const action = await xmlid(page, 'smart_pipeline.crm_lead_action_forecast');
  await page.evaluate(([actionId, teamId]) => {
    const client = odoo.__DEBUG__.services['web.web_client'];
    return client.do_action(actionId, {
      clear_breadcrumbs: true,
      additional_context: { search_default_team_id: teamId },
    });
  }, [action, team]);
  await page.waitForSelector('.o_kanban_view .o_kanban_group');
  await settle(page, 800);
  const columns = await page.$$eval('.o_kanban_view .o_kanban_group .o_column_title',
    (titles) => titles.map((title) => title.textContent.trim()));
  if (!columns.some((title) => /June 2025/.test(title))) {
    throw new Error(`no June 2025 column in the forecast kanban: ${columns.join(', ')}`);
  }
  const sums = await page.$$eval('.o_kanban_view .o_kanban_counter_side',
    (sides) => sides.map((side) => side.textContent.trim()));
  if (!sums.length) {
    throw new Error('the forecast kanban columns show no weighted revenue');
  }
  // grouped by a date: cards cannot be dropped into another month
  const draggable = await page.$$eval('.o_kanban_view .o_kanban_group.ui-sortable',
    (groups) => groups.filter((group) => $(group).sortable('option', 'containment') !== 'parent').length);
  if (draggable) {
    throw new Error(`${draggable} forecast kanban columns accept dropped cards`);
  }
  await shot(page, 'pipeline_forecast_kanban');
});
