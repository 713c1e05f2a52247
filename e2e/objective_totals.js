// Objective figures never add different units: a sales manager (admin)
// opens "Progress by Period" on an objective of three measures (euros, a
// count, minutes) over fixed months. In the pivot (rows by measure) the
// grand total leaves Target and Actual empty while each measure's row adds
// up; Reached (%) is an average. The graph shows Reached (%), averaged.
// 1366x768, then the same screens at 360x740.
'use strict';
const { run, login, rpc, open, settle, shot, DESKTOP } = require('./lib');
const { screensData } = require('./data/screens');

run('objective_totals', async (page) => {
  await login(page);
  const data = await screensData(page);
  const name = `Q1 mix ${Date.now() % 100000}`;
  const objectiveId = await rpc(page, 'crm.objective', 'create', [{
    name, user_id: data.userId, period_type: 'recurring', recurrence: 'monthly',
    date_start: '2025-01-01', date_end: '2025-03-31',
    line_ids: [
      [0, 0, { measure: 'won_amount', target: 20000 }],
      [0, 0, { measure: 'conversation_count', target: 40 }],
      [0, 0, { measure: 'conversation_minutes', target: 600 }],
    ],
  }]);
  const analysisId = await rpc(page, 'crm.objective.analysis', 'create', [{
    date_from: '2025-01-01', date_to: '2025-03-31', reference_date: '2025-03-31',
    objective_ids: [[6, 0, [objectiveId]]],
  }]);
  const action = await rpc(page, 'crm.objective.analysis', 'action_open_lines', [[analysisId]]);
  // what the "Show Progress" button opens (Odoo's call_button names list views "list")
  action.views = action.views.map(([id, type]) => [id, type === 'tree' ? 'list' : type]);
  await page.evaluate((act) => odoo.__DEBUG__.services['web.web_client'].do_action(act), action);
  await page.waitForSelector('.o_graph_svg_container svg, .o_graph canvas, .o_graph_container svg');
  await settle(page, 1000);
  const graphMeasure = await page.innerText('.o_control_panel');
  await shot(page, 'objective_totals_graph');

  await page.click('.o_cp_switch_buttons button[data-view-type=pivot]');
  await page.waitForSelector('.o_pivot table');
  await settle(page);
  const rows = await page.$$eval('.o_pivot table tbody tr', (trs) => trs.map((tr) => ({
    header: tr.querySelector('.o_pivot_header_cell_opened, .o_pivot_header_cell_closed')
      .innerText.trim(),
    cells: [...tr.querySelectorAll('.o_pivot_cell_value')].map((td) => td.innerText.trim()),
  })));
  const measures = await page.$$eval('.o_pivot table thead tr:last-child th',
    (ths) => ths.map((th) => th.innerText.trim()));
  const at = (label) => measures.map((m, i) => (m === label ? i : -1)).filter((i) => i >= 0);
  const [total, ...byMeasure] = rows;
  if (total.header !== 'Total') { throw new Error(`first row is not the total: ${total.header}`); }
  for (const i of [...at('Target'), ...at('Actual')]) {
    if (total.cells[i] !== '') {
      throw new Error(`the grand total adds different units: ${JSON.stringify(total.cells)}`);
    }
  }
  const won = byMeasure.find((r) => /Amount of won/.test(r.header));
  const lastTarget = at('Target').pop();
  if (!won || !/60,000/.test(won.cells[lastTarget])) {
    throw new Error(`the won amount's row should total 60,000: ${JSON.stringify(won)}`);
  }
  if (!at('Reached (%)').every((i) => total.cells[i] !== '')) {
    throw new Error(`Reached (%) should be averaged in the total: ${JSON.stringify(total.cells)}`);
  }
  await shot(page, 'objective_totals_pivot');

  await page.setViewportSize({ width: 360, height: 740 });
  await settle(page);
  await shot(page, 'objective_totals_pivot_phone');
  await page.click('.o_cp_switch_buttons button[data-view-type=graph]');
  await settle(page, 1000);
  await shot(page, 'objective_totals_graph_phone');
  // the title's dates in the user's format (admin: American English)
  if (!/Objectives from 01\/01\/2025 to 03\/31\/2025/.test(graphMeasure)) {
    throw new Error(`not the analysis, or ISO dates: ${graphMeasure}`);
  }
  await rpc(page, 'crm.objective', 'unlink', [[objectiveId]]);
}, DESKTOP);
