// The customer's Conversations tab fits a 1366x768 laptop whichever way the
// customer is opened (issue 20, row 6): from the Contacts app, from CRM's
// Customers menu and from an opportunity's customer, with Odoo's sidebar
// (or web_responsive's menu), in read and in edit mode: no sideways
// scrolling of the tab or of the page, and every row action inside the
// window. The objective form's measure labels ("Conversations",
// "Telephone") and its Expected column are never cut.
'use strict';
const {
  run, login, open, openMenu, settle, shot, rpc, xmlid, hasOdooSidebar, DESKTOP, BASE,
} = require('./lib');
const { screensData } = require('./data/screens');

const LOG = '.o_field_one2many.o_sp_conversation_log';
const ACTIONS = ['Follow up on this', 'Create Booking', 'Create Outlook Task'];

// What does not fit: the log's table wider than its field, the page wider
// than the window, a row action or a header cut.
async function misfits(page) {
  return page.evaluate(([log, actions]) => {
    const problems = [];
    const field = document.querySelector(log);
    const table = field.querySelector('table');
    if (table.scrollWidth > field.clientWidth + 1) {
      problems.push(`the tab scrolls sideways: ${table.scrollWidth} px in ${field.clientWidth} px`);
    }
    for (const node of document.querySelectorAll('.o_content, .o_form_view, .o_main_content')) {
      if (node.scrollWidth > node.clientWidth + 1) {
        problems.push(`${node.className.split(' ')[0]} scrolls sideways: `
          + `${node.scrollWidth} px in ${node.clientWidth} px`);
      }
    }
    const right = Math.min(window.innerWidth, field.getBoundingClientRect().right);
    const row = field.querySelector('.o_data_row');
    for (const title of actions) {
      const button = row && row.querySelector(`button[title="${title}"]`);
      if (!button) { problems.push(`no "${title}" row action`); continue; }
      const box = button.getBoundingClientRect();
      if (!box.width || box.right > right + 1) {
        problems.push(`"${title}" is cut off (right edge ${Math.round(box.right)} px of ${right})`);
      }
    }
    return problems;
  }, [LOG, ACTIONS]);
}

// The objective form's measure lines: no header or cell cut, no sideways
// scrolling, an Expected column, and the edited measure and channel shown
// whole ("Conversations logged", "Telephone", not "Conve" and "Tele").
async function objectiveFits(page, mode, problems) {
  const found = await page.evaluate(() => {
    const result = [];
    const field = document.querySelector('.o_form_view .o_field_one2many');
    const table = field.querySelector('table');
    if (table.scrollWidth > field.clientWidth + 1) {
      result.push(`the lines scroll sideways: ${table.scrollWidth} px in ${field.clientWidth} px`);
    }
    const right = field.getBoundingClientRect().right;
    for (const cell of table.querySelectorAll('thead th, tbody td')) {
      const text = cell.innerText.trim();
      if (!text) { continue; }
      // the words themselves, not the cell's sort caret or padding
      const range = document.createRange();
      range.selectNodeContents(cell);
      const words = range.getBoundingClientRect();
      const box = cell.getBoundingClientRect();
      if (words.right > box.right + 1 || box.right > right + 1) {
        result.push(`cut: "${text}"`);
      }
    }
    const headers = [...table.querySelectorAll('thead th')].map((th) => th.innerText.trim());
    if (!headers.some((text) => /Expected/.test(text))) { result.push(`no Expected column: ${headers}`); }
    const canvas = document.createElement('canvas').getContext('2d');
    const textWidth = (node, text) => {
      canvas.font = getComputedStyle(node).font;
      return canvas.measureText(text).width;
    };
    const select = table.querySelector('select[name=measure], [name=measure] select, select.o_field_widget');
    if (select) {
      const label = select.options[select.selectedIndex].text;
      // the select's own padding and its arrow
      if (textWidth(select, label) > select.clientWidth - 20) {
        result.push(`the measure reads cut: "${label}" in ${select.clientWidth} px`);
      }
    }
    const channel = table.querySelector('.o_field_widget[name=channel_id] input');
    if (channel && channel.value && channel.scrollWidth > channel.clientWidth + 1) {
      result.push(`the channel reads cut: "${channel.value}" in ${channel.clientWidth} px`);
    }
    return result;
  });
  found.forEach((problem) => problems.push(`objective form (${mode}): ${problem}`));
}

async function checkTab(page, entry, problems) {
  await page.click('.o_notebook a:has-text("Conversations")');
  await settle(page);
  await page.waitForSelector(`${LOG} .o_data_row`);
  for (const mode of ['read', 'edit']) {
    if (mode === 'edit') {
      await page.click('.o_form_button_edit');
      await settle(page);
    }
    await page.locator(`${LOG} .o_data_row`).first().scrollIntoViewIfNeeded();
    const found = await misfits(page);
    found.forEach((problem) => problems.push(`${entry} (${mode}): ${problem}`));
    await shot(page, `conversation_tab_fits_${entry}_${mode}`);
  }
  await page.click('.o_form_button_cancel');
  await settle(page);
}

async function openCustomerFromList(page, name) {
  await page.click('.o_searchview_input:visible');
  // typed as a user types (web_responsive's search box ignores a filled value)
  await page.keyboard.type(name, { delay: 20 });
  // Enter takes the first suggestion ("Search Name for: ...") once shown
  await page.waitForSelector('.o_searchview_autocomplete li', { state: 'visible' });
  await page.press('.o_searchview_input:visible', 'Enter');
  await settle(page, 700);
  const record = page.locator('.o_kanban_record, .o_data_row', { hasText: name }).first();
  await record.click();
  await page.waitForSelector('.o_form_view');
  await settle(page, 700);
}

run('conversation_tab_fits', async (page) => {
  await login(page);
  const data = await screensData(page);
  const [customer] = await rpc(page, 'res.partner', 'read', [[data.customerId], ['name']]);
  const stamp = Date.now() % 100000;
  const leadId = await rpc(page, 'crm.lead', 'create', [{
    name: `Fits Deal ${stamp}`, type: 'opportunity', partner_id: data.customerId,
    user_id: data.userId,
  }]);
  await page.goto(`${BASE}/web/session/logout`);
  await login(page, data.login, data.login);
  const problems = [];

  // 1. from the Contacts app
  await openMenu(page, 'contacts.menu_contacts');
  console.log(`sidebar: ${await hasOdooSidebar(page)}`);
  await openCustomerFromList(page, customer.name);
  await checkTab(page, 'contacts', problems);

  // 2. from CRM > Customers
  await openMenu(page, 'crm.crm_menu_root');
  await openMenu(page, 'crm.res_partner_menu_crm');
  await openCustomerFromList(page, customer.name);
  await checkTab(page, 'crm_customers', problems);

  // 3. from an opportunity: its customer
  await open(page, `action=crm.crm_lead_opportunities_tree_view&model=crm.lead&id=${leadId}`
    + '&view_type=form');
  await page.click('.o_form_view .o_field_widget[name=partner_id] a, '
    + '.o_form_view a.o_form_uri[name=partner_id]');
  await page.waitForSelector('.o_form_view .o_notebook');
  await settle(page, 700);
  await checkTab(page, 'opportunity', problems);

  // 4. the objective form: measure labels and Expected never cut, in read
  // mode and while a measure line is being edited
  await page.goto(`${BASE}/web/session/logout`);
  await login(page);
  await openMenu(page, 'crm.crm_menu_root');
  const channelId = await xmlid(page, 'smart_pipeline.crm_conversation_channel_telephone');
  const objectiveId = await rpc(page, 'crm.objective', 'create', [{
    name: `Fits Objective ${stamp}`, user_id: data.userId, period_type: 'recurring',
    recurrence: 'weekly', date_start: '2025-03-03',
    line_ids: [[0, 0, { measure: 'conversation_count', channel_id: channelId, target: 10 }],
      [0, 0, { measure: 'conversation_minutes', target: 150 }]],
  }]);
  await open(page, `action=smart_pipeline.crm_objective_action&model=crm.objective`
    + `&id=${objectiveId}&view_type=form`);
  await objectiveFits(page, 'read', problems);
  await shot(page, 'objective_form_fits');
  await page.click('.o_form_button_edit');
  await settle(page);
  await page.click('.o_form_view .o_field_one2many .o_data_row >> nth=0 >> td.o_data_cell >> nth=3');
  await settle(page);
  await objectiveFits(page, 'edit', problems);
  await shot(page, 'objective_form_fits_edit');
  await page.click('.o_form_button_cancel');
  await settle(page);
  if (problems.length) { throw new Error(problems.join('\n')); }
}, DESKTOP);
