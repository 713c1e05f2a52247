// The customer's Conversations tab as a salesperson lives in it, at 1366x768:
// Smart IT's columns fit the form sheet (no sideways scrolling), the note
// reads on several lines, the row actions are one click away, a click opens
// the line's form with the secondary fields, and logging a line is typing
// the note and picking from dropdowns. The line's follow-up becomes an Odoo
// activity, shown in the systray.
'use strict';
const {
  run, login, open, settle, shot, rpc, DESKTOP, pickInDialog,
} = require('./lib');
const { screensData } = require('./data/screens');

run('conversation_tab', async (page) => {
  await login(page);
  const data = await screensData(page);
  await page.goto(`${process.env.ODOO_URL || 'http://localhost:8069'}/web/session/logout`);
  await login(page, data.login, data.login);

  await open(page, `model=res.partner&id=${data.customerId}&view_type=form`);
  await page.click('.o_notebook a:has-text("Conversations")');
  await settle(page);
  const log = '.o_field_one2many.o_sp_conversation_log';
  await page.waitForSelector(`${log} .o_data_row`);
  const fit = await page.evaluate((sel) => {
    const field = document.querySelector(sel);
    const table = field.querySelector('table');
    const headers = [...table.querySelectorAll('thead th')].map((th) => th.innerText.trim());
    const note = table.querySelector('td.o_list_text');
    return {
      box: field.clientWidth, table: table.scrollWidth, headers,
      noteWidth: note.getBoundingClientRect().width,
      noteLines: Math.round(note.getBoundingClientRect().height
        / parseFloat(getComputedStyle(note).lineHeight)),
      ifTitle: [...table.querySelectorAll('thead th')]
        .find((th) => th.innerText.trim() === 'I.F.').getAttribute('title'),
    };
  }, log);
  console.log(JSON.stringify(fit));
  if (fit.table > fit.box) {
    throw new Error(`the conversation log scrolls sideways: ${fit.table} px in ${fit.box} px`);
  }
  for (const column of ['When', 'Employee', 'Follow Up', 'Note', 'With Whom', 'About', 'How',
    'Done', 'I.F.', 'Pipeline Position']) {
    if (!fit.headers.includes(column)) { throw new Error(`column ${column} missing: ${fit.headers}`); }
  }
  if (fit.noteWidth < 150 || fit.noteLines < 2) {
    throw new Error(`the note is not readable: ${fit.noteWidth} px, ${fit.noteLines} lines`);
  }
  if (!/Is Follow Up/.test(fit.ifTitle || '')) { throw new Error('I.F. has no tooltip'); }
  // the row actions are visible, inside the window
  for (const title of ['Follow up on this', 'Create Booking', 'Create Outlook Task']) {
    const box = await page.locator(`${log} .o_data_row >> nth=0 >> button[title="${title}"]`)
      .boundingBox();
    if (!box || box.x + box.width > 1366) { throw new Error(`${title} is off-screen`); }
  }
  await shot(page, 'conversation_partner_tab');

  // a click opens the line's form, with the secondary fields
  await page.click(`${log} .o_data_row:has-text("Leeds depot") td.o_list_text`);
  await page.waitForSelector('.modal .o_form_view');
  await settle(page);
  for (const field of ['date_end', 'duration', 'lead_id', 'team_id']) {
    if (!await page.$(`.modal .o_form_view [name=${field}]`)) {
      throw new Error(`${field} missing from the line's form`);
    }
  }
  await shot(page, 'conversation_partner_tab_line_form');
  await page.click('.modal .modal-footer button:has-text("Close"), .modal .close');
  await settle(page);

  // logging a line: the note, dropdowns, a follow-up date
  await page.click('.o_form_button_edit');
  await settle(page);
  const editFit = await page.evaluate((sel) => {
    const field = document.querySelector(sel);
    return { box: field.clientWidth, table: field.querySelector('table').scrollWidth };
  }, log);
  if (editFit.table > editFit.box) {
    throw new Error(`in edit mode the log scrolls sideways: ${editFit.table} px in ${editFit.box} px`);
  }
  await page.click(`${log} .o_field_x2many_list_row_add a`);
  await page.waitForSelector('.modal .o_form_view');
  await settle(page);
  const note = 'Phoned Nora: the quote is accepted in principle, she sends the PO next week.';
  await page.fill('.modal [name=note]', note);
  await pickInDialog(page, 'contact_id', 'Nora Lane');
  await pickInDialog(page, 'channel_id', 'Telephone');
  // typing the note dated the line now: date it on a fixed day, since its
  // follow-up cannot be before its own day
  await page.fill('.modal [name=date_begin] input', '03/10/2025 09:00:00');
  await page.fill('.modal [name=follow_up_date] input', '03/17/2025');
  await page.click('.modal [name=note]');
  await shot(page, 'conversation_partner_tab_new_line');
  await page.click('.modal .modal-footer button:has-text("Save & Close")');
  await settle(page);
  await page.waitForSelector('.modal', { state: 'detached' });
  await page.click('.o_form_button_save');
  await settle(page, 800);
  const [saved] = await rpc(page, 'crm.conversation', 'search_read',
    [[['note', '=', note]], ['user_id', 'follow_up_date', 'follow_up_activity_ids']]);
  if (!saved || saved.user_id[0] !== data.userId || saved.follow_up_date !== '2025-03-17') {
    throw new Error(`the new line was not logged as expected: ${JSON.stringify(saved)}`);
  }
  if (saved.follow_up_activity_ids.length !== 1) {
    throw new Error('the follow-up did not become an activity');
  }

  // the follow-ups are in Odoo's activity systray
  await page.click('.o_mail_navbar_item > a, .o_mail_systray_item > a');
  await page.waitForSelector('.o_mail_navbar_dropdown_channels .o_mail_channel_preview, .o_mail_navbar_dropdown .o_mail_channel_preview');
  await settle(page);
  await shot(page, 'followup_activity_systray');
}, DESKTOP);
