// The Flow view's 12-month trend is drawn as bars that drill down like the
// tables (issue 20, rows 10 and 11), at 1366x768: the check's own customer,
// won on 2025-05-20 (fixed dates), the trend as it stood on 2025-12-31; a
// click on the Won bar of a month opens the customers won at that month's
// end, exactly as many as the bar counts, titled with the figure and the
// month; the In Pipeline bar of the month before the win lists the customer
// too.
'use strict';
const { run, login, rpc, xmlid, settle, shot, DESKTOP } = require('./lib');

async function flow(page) {
  await page.evaluate(() => { odoo.__DEBUG__.services['web.web_client'].do_action({
    type: 'ir.actions.client',
    tag: 'smart_pipeline.pipeline_overview',
    name: 'Sales Pipeline Overview',
    context: {
      pipeline_overview_mode: 'flow',
      pipeline_overview_period: 'year',
      pipeline_overview_reference_date: '2025-12-31',
    },
  }, { clear_breadcrumbs: true }); });
  await page.waitForSelector('.o_pipeline_flow_trend svg .nv-bar');
  await settle(page, 800);
  await page.$eval('.o_pipeline_flow_trend', (node) => node.scrollIntoView());
  await page.waitForTimeout(300);
}

// The bar of a series (0 In Pipeline, 1 Won, 2 Lost) for a month (0..11):
// its value and where to click it.
async function bar(page, series, month) {
  return page.evaluate(([series, month]) => {
    const group = document.querySelectorAll('.o_pipeline_flow_trend .nv-groups .nv-group')[series];
    const node = group.querySelectorAll('.nv-bar')[month];
    const box = node.getBoundingClientRect();
    return { value: d3.select(node).datum().y, x: box.left + box.width / 2,
      y: box.top + Math.max(box.height, 2) / 2, height: box.height };
  }, [series, month]);
}

async function clickBar(page, series, month) {
  const target = await bar(page, series, month);
  await page.mouse.click(target.x, target.y);
  await page.waitForSelector('.o_list_view');
  await settle(page);
  const title = (await page.innerText('.o_control_panel .breadcrumb li.active')).trim();
  const names = await page.locator('.o_list_view .o_data_row').allInnerTexts();
  return { value: target.value, title, names };
}

run('trend_drill', async (page) => {
  await login(page);
  const stamp = Date.now() % 100000;
  const customer = `Trend Customer ${stamp}`;
  const partnerId = await rpc(page, 'res.partner', 'create',
    [{ name: customer, customer: true, is_company: true }]);
  const stages = {};
  for (const name of ['initial_contact', 'won']) {
    stages[name] = await xmlid(page, `smart_pipeline.crm_stage_${name}`);
  }
  for (const [begin, stage] of [['2025-03-10 09:00:00', stages.initial_contact],
    ['2025-05-20 10:00:00', stages.won]]) {
    await rpc(page, 'crm.conversation', 'create', [{
      partner_id: partnerId, date_begin: begin, stage_id: stage, note: `Trend ${stamp}`,
    }]);
  }
  await flow(page);
  await shot(page, 'trend_drill_bars');

  // May 2025 is the 5th of the 12 months up to December 2025
  const won = await clickBar(page, 1, 4);
  console.log(JSON.stringify({ value: won.value, title: won.title, rows: won.names.length }));
  if (won.names.length !== won.value || !won.names.some((row) => row.includes(customer))) {
    throw new Error(`the Won bar of May 2025 counts ${won.value} but lists `
      + `${won.names.length} (customer listed: ${won.names.some((row) => row.includes(customer))})`);
  }
  if (!/Won/.test(won.title) || !/May 25/.test(won.title)) {
    throw new Error(`the Won bar's list is titled "${won.title}"`);
  }
  await shot(page, 'trend_drill_won_list');

  await flow(page);
  const open = await clickBar(page, 0, 3);
  if (open.names.length !== open.value || !open.names.some((row) => row.includes(customer))
      || !/In Pipeline/.test(open.title)) {
    throw new Error(`the In Pipeline bar of April 2025 counts ${open.value}, lists `
      + `${open.names.length}, titled "${open.title}"`);
  }
}, DESKTOP);
