// The small things a salesperson notices, at 1366x768: the CRM sidebar's
// headings do not run into each other, salespeople have the overview menu,
// the overview's tiles say what they count ("New Prospects in <month>",
// "open now"), a won or lost stage is not labelled twice ("Won Won"), and
// the Deals drill-down lists stage and expected revenue.
'use strict';
const { run, login, settle, shot, openMenu, hasOdooSidebar, DESKTOP } = require('./lib');
const { screensData } = require('./data/screens');

run('screens_labels', async (page) => {
  await login(page);
  const data = await screensData(page);
  await page.goto(`${process.env.ODOO_URL || 'http://localhost:8069'}/web/session/logout`);
  await login(page, data.login, data.login);

  // menus by XML id: Odoo's top menu, or web_responsive's app drawer
  await openMenu(page, 'crm.crm_menu_root');
  await settle(page, 1000);
  if (await hasOdooSidebar(page)) {
    const gap = await page.evaluate(() => {
      const box = (xmlid) => document.querySelector(
        `.o_sub_menu .oe_secondary_menu_section[data-menu-xmlid="${xmlid}"]`).getBoundingClientRect();
      return box('smart_pipeline.menu_conversations_root').top
        - box('crm.res_partner_menu_crm').bottom;
    });
    if (gap < 8) { throw new Error(`the sidebar headings touch (${gap} px apart)`); }
    await shot(page, 'crm_sidebar');
  } else {
    console.log('web_responsive menu: no sidebar headings to measure');
  }

  await openMenu(page, 'smart_pipeline.crm_pipeline_overview_menu');
  await page.waitForSelector('.o_pipeline_overview_tile');
  await settle(page, 1000);
  const text = await page.innerText('.o_content');
  if (!/New Prospects in \w+ \d{4}/i.test(text)) { throw new Error('New Prospects does not say which month'); }
  if (!/open now/i.test(text)) { throw new Error('the Deals tiles do not say "open now"'); }
  if (/\bWon\s+Won\b|\bLost\s+Lost\b/.test(text)) { throw new Error('a stage is labelled twice'); }
  await shot(page, 'pipeline_overview_salesman');

  await page.click('.o_pipeline_overview_deals .o_pipeline_overview_tile >> nth=0');
  await page.waitForSelector('.o_list_view');
  await settle(page);
  const headers = await page.$$eval('.o_list_view thead th', (ths) => ths.map((th) => th.innerText.trim()));
  for (const column of ['Stage', 'Expected Revenue']) {
    if (!headers.includes(column)) { throw new Error(`Deals drill-down lacks ${column}: ${headers}`); }
  }
  await shot(page, 'pipeline_overview_deals_drill_down');
}, DESKTOP);
