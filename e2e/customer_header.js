// A salesperson's customer with the shared customer history on (the
// default), at 1366x768 (issue 20, row 9): the header's Pipeline Position
// and Last Conversation are the customer's own, the latest line of the tab
// even when a colleague logged it; the smart button counts the lines it
// opens; "Follow-up Of" names the day the tab shows, not the day in the
// administrator's timezone (the salesperson has no timezone of their own,
// the administrator is in Auckland for the check, then restored).
'use strict';
const { run, login, open, settle, shot, rpc, DESKTOP } = require('./lib');
const { ref } = require('./data/screens');

const BASE = process.env.ODOO_URL || 'http://localhost:8069';

async function ensureUser(page, login, name, groups) {
  const ids = await rpc(page, 'res.users', 'search', [[['login', '=', login]]],
    { context: { active_test: false } });
  if (ids.length) {
    await rpc(page, 'res.users', 'write', [ids, { tz: false }]);
    return ids[0];
  }
  return rpc(page, 'res.users', 'create', [{
    name, login, password: login, email: `${login}@example.com`, tz: false, lang: 'en_US',
    groups_id: [[6, 0, groups]],
  }]);
}

run('customer_header', async (page) => {
  await login(page);
  const salesman = await ref(page, 'sales_team.group_sale_salesman');
  const partnerManager = await ref(page, 'base.group_partner_manager');
  const mine = await ensureUser(page, 'e2e_header_sales', 'Hana Header', [salesman, partnerManager]);
  const theirs = await ensureUser(page, 'e2e_header_colleague', 'Colin Colleague', [salesman]);
  const stamp = `${Date.now() % 100000}`;
  const customer = await rpc(page, 'res.partner', 'create', [{
    name: `Header Optics ${stamp}`, is_company: true, customer: true,
  }]);
  const demoGiven = await ref(page, 'smart_pipeline.crm_stage_demo_given');
  const won = await ref(page, 'smart_pipeline.crm_stage_won');
  const create = (values) => rpc(page, 'crm.conversation', 'create', [Object.assign({
    partner_id: customer, duration: 10,
  }, values)]);
  // late on 4 March (UTC: the browser's timezone here): already 5 March in Auckland
  const late = await create({ user_id: mine, date_begin: '2025-03-04 22:30:00',
    stage_id: demoGiven, note: `Demo at the shop ${stamp}` });
  await create({ user_id: mine, date_begin: '2025-03-05 08:00:00', follow_up_of_id: late,
    note: `Sent the slides ${stamp}` });
  await create({ user_id: theirs, date_begin: '2025-03-06 09:00:00', stage_id: won,
    note: `Signed with my colleague ${stamp}` });

  const [admin] = await rpc(page, 'res.users', 'search_read', [[['login', '=', 'admin']]],
    { fields: ['tz'] });
  await rpc(page, 'res.users', 'write', [[admin.id], { tz: 'Pacific/Auckland' }]);
  try {
    await page.goto(`${BASE}/web/session/logout`);
    await login(page, 'e2e_header_sales', 'e2e_header_sales');
    await open(page, `model=res.partner&id=${customer}&view_type=form`);
    await page.click('.o_notebook a:has-text("Conversations")');
    await settle(page);
    const header = await page.evaluate(() => {
      const text = (sel) => {
        const node = document.querySelector(sel);
        return node ? node.innerText.trim() : '';
      };
      return {
        position: text('.o_form_view [name=pipeline_stage_id]'),
        last: text('.o_form_view [name=last_conversation_date]'),
        rows: [...document.querySelectorAll('.o_sp_conversation_log .o_data_row')]
          .map((row) => row.innerText),
      };
    });
    header.button = ((await page.locator('.o_form_view [name=conversation_count] .o_stat_value')
      .innerText()).match(/\d+/) || [''])[0];
    console.log(JSON.stringify(header));
    await shot(page, 'customer_header');
    if (header.rows.length !== 3) {
      throw new Error(`the tab should list the 3 lines: ${header.rows.length}`);
    }
    if (header.position !== 'Won') {
      throw new Error(`the position is the colleague's latest line (Won), not "${header.position}"`);
    }
    if (!/^03\/06\/2025/.test(header.last)) {
      throw new Error(`the last conversation is the colleague's, 03/06/2025: "${header.last}"`);
    }
    if (header.button !== '3') {
      throw new Error(`the smart button counts ${header.button}, the tab shows 3`);
    }

    // "Follow-up Of" names the day the tab shows the followed line on
    await page.click('.o_sp_conversation_log .o_data_row:has-text("Sent the slides") td.o_list_text');
    await page.waitForSelector('.modal .o_form_view');
    await settle(page);
    const label = await page.innerText('.modal [name=follow_up_of_id]');
    const when = header.rows.find((row) => row.includes('Demo at the shop')).slice(0, 10);
    console.log(`follow-up of: "${label}", the line: ${when}`);
    if (when !== '03/04/2025' || !label.includes(when)) {
      throw new Error(`"Follow-up Of" reads "${label}", the line is on ${when}`);
    }
    await shot(page, 'customer_header_follow_up_of');
    await page.click('.modal .modal-footer button:has-text("Close"), .modal .close');
    await settle(page);

    // the smart button opens what it counts
    await page.click('.o_form_view button:has([name=conversation_count])');
    await settle(page, 700);
    const listed = await page.locator('.o_list_view .o_data_row').count();
    if (listed !== 3) { throw new Error(`the smart button opens ${listed} lines, counts 3`); }
  } finally {
    await page.goto(`${BASE}/web/session/logout`);
    await login(page);
    await rpc(page, 'res.users', 'write', [[admin.id], { tz: admin.tz }]);
  }
}, DESKTOP);
